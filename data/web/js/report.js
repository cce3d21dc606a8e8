// report.js: the report page (/report) of a secretary (their unit and the units below it)
// or an administrator (any unit): for a range of dates, the bookings counted by category,
// outcome and cause of a late dossier, and by week; the causes and the weeks as charts,
// each beside a table of its numbers; a CSV download and a print layout.
import { clearErrors, el, replace, setup, showErrors, t } from './lib.js';
import { read } from './session.js';
import { barChart, chartWidth, columnChart } from './chart.js';
import { countTable, fillUnits, isoOf, officeSession, pair, shortDate, unitNames, vietnamDate } from './office.js';

const CATEGORIES = ['late_dossier', 'procedure', 'feedback', 'complaint', 'other'];
const OUTCOMES = ['resolved', 'guided', 'transferred', 'rejected', 'pending'];
const CAUSES = ['missing_documents', 'coordination', 'it_system', 'workload', 'legal_land', 'citizen_side', 'other'];
const MAX_DAYS = 400;

const form = document.getElementById('report-form');
const status = document.getElementById('status');
const holder = document.getElementById('summary-holder');
const output = document.getElementById('report');

function days (from, to) {
	return Math.round((Date.parse(to + 'T00:00:00Z') - Date.parse(from + 'T00:00:00Z')) / 86400000);
}

function readForm () {
	return {
		unit: form.elements.unit.value,
		from: form.elements.from.value,
		to: form.elements.to.value,
	};
}

function check (q) {
	const errors = [];
	const add = (id, key) => errors.push({ id, message: t(key), text: t('report.field.' + id) + ': ' + t(key) });
	if (!q.unit)
		add('unit', 'report.error.unit');
	if (!/^\d{4}-\d{2}-\d{2}$/.test(q.from))
		add('from', 'report.error.date');
	if (!/^\d{4}-\d{2}-\d{2}$/.test(q.to))
		add('to', 'report.error.date');
	if (errors.length === 0 && q.to < q.from)
		add('to', 'report.error.order');
	else if (errors.length === 0 && days(q.from, q.to) >= MAX_DAYS)
		add('to', 'report.error.range');
	return errors;
}

function query (q, csv = false) {
	const p = new URLSearchParams({ unit: q.unit, from: q.from, to: q.to });
	if (csv)
		p.set('format', 'csv');
	return '/api/v1/reports/summary?' + p.toString();
}

function counts (data, dimension, keys, prefix) {
	const got = data[dimension] || {};
	return keys.map((k) => [t(prefix + k), Number(got[k] || 0)]);
}

function render (q, data) {
	const name = unitNames.get(q.unit) || q.unit;
	const causes = counts(data, 'cause', CAUSES, 'report.cause.');
	const weeks = Object.entries(data.week || {}).map(([monday, n]) => [monday, Number(n)]);
	const csv = el('a', { class: 'button', id: 'report-csv', href: query(q, true),
		download: 'thaogo-' + q.unit + '-' + q.from + '-' + q.to + '.csv' }, t('report.csv'));
	const print = el('button', { type: 'button', class: 'secondary', id: 'report-print' }, t('report.print'));
	print.addEventListener('click', () => window.print());
	const causeChart = barChart(t('report.cause.chart'), t('report.chart.desc'),
		causes.map(([label, value]) => ({ label, value })), chartWidth());
	const weekChart = columnChart(t('report.week.chart'), t('report.chart.desc'),
		weeks.map(([monday, value]) => ({ label: shortDate(monday).slice(0, 5), value })));
	replace(output,
		el('h2', { id: 'report-title', tabindex: '-1' }, t('report.heading', { unit: name, from: shortDate(q.from), to: shortDate(q.to) })),
		el('p', { class: 'actions' }, csv, print),
		el('p', { class: 'hint' }, t('report.csv.hint')),
		el('div', { class: 'tables' },
			countTable('table-category', t('report.category'), t('report.category.head'),
				counts(data, 'category', CATEGORIES, 'category.')),
			countTable('table-outcome', t('report.outcome'), t('report.outcome.head'),
				counts(data, 'outcome', OUTCOMES, 'report.outcome.'))),
		pair('cause', t('report.cause'), causeChart,
			countTable('table-cause', t('report.cause.table'), t('report.cause.head'), causes)),
		pair('week', t('report.week'), weekChart,
			countTable('table-week', t('report.week.table'), t('report.week.head'),
				weeks.map(([monday, n]) => [t('report.week.of', { date: shortDate(monday) }), n]))));
}

async function show (q, focus) {
	const errors = check(q);
	if (errors.length > 0) {
		replace(output);
		showErrors(form, holder, errors);
		return;
	}
	clearErrors(form);
	replace(holder);
	replace(status, el('p', {}, t('site.loading')));
	try {
		const data = await read(query(q));
		const url = new URL(window.location.href);
		for (const k of ['unit', 'from', 'to'])
			url.searchParams.set(k, q[k]);
		history.replaceState(null, '', url.pathname + url.search);
		render(q, data);
		replace(status, el('p', {}, t('report.ready')));
		if (focus)
			document.getElementById('report-title').focus();
	} catch (e) {
		const id = ['unit', 'from', 'to'].includes(e.field) ? e.field : null;
		replace(status);
		showErrors(form, holder, [{ id, message: e.message, text: (id ? t('report.field.' + id) + ': ' : '') + e.message }]);
	}
}

async function main () {
	await setup('report.title');
	const session = await officeSession(['admin', 'secretary'], status);
	if (!session) {
		document.body.dataset.state = 'ready';
		return;
	}
	const data = await read('/api/v1/units');
	if (!fillUnits(document.getElementById('unit'), data.units, session)) {
		replace(status, el('p', { class: 'notice' }, t('report.nounit')));
		document.body.dataset.state = 'ready';
		return;
	}
	// from the Monday eight weeks back to the Sunday four weeks on, unless the address says
	const today = vietnamDate(0);
	const monday = vietnamDate(-((today.getUTCDay() + 6) % 7) - 56);
	const params = new URL(window.location.href).searchParams;
	form.elements.from.value = params.get('from') || isoOf(monday);
	form.elements.to.value = params.get('to') || isoOf(new Date(monday.getTime() + (12 * 7 - 1) * 86400000));
	if (params.get('unit') && unitNames.has(params.get('unit')))
		form.elements.unit.value = params.get('unit');
	form.hidden = false;
	form.addEventListener('submit', (event) => {
		event.preventDefault();
		show(readForm(), true);
	});
	await show(readForm(), false);
	// the tests wait for this
	document.body.dataset.state = 'ready';
}

main();
