// review.js: the weekly review of the late dossiers (/review) for a secretary (their unit
// and the units below it) or an administrator: as of a Monday, the dossiers late now, newly
// late since the week before, resolved since and not yet classified; by group of causes, by
// agency, the ten procedures with the most, and the twelve weeks' trend, each chart beside a
// table of its numbers; the CSV and XLSX downloads.
import { clearErrors, el, replace, setup, showErrors, t } from './lib.js';
import { read } from './session.js';
import { barChart, chartWidth, columnChart } from './chart.js';
import { countTable, fillUnits, isoOf, officeSession, pair, shortDate, unitNames, vietnamDate } from './office.js';

const CAUSES = ['missing_documents', 'coordination', 'it_system', 'workload', 'legal_land', 'citizen_side', 'other', 'unclassified'];
const FIGURES = ['late', 'new', 'resolved', 'unclassified'];

const form = document.getElementById('review-form');
const status = document.getElementById('status');
const holder = document.getElementById('summary-holder');
const output = document.getElementById('review');

function readForm () {
	return { unit: form.elements.unit.value, as_of: form.elements.as_of.value };
}

function check (q) {
	const errors = [];
	const add = (id, key) => errors.push({ id, message: t(key), text: t('review.field.' + id) + ': ' + t(key) });
	if (!q.unit)
		add('unit', 'report.error.unit');
	if (!/^\d{4}-\d{2}-\d{2}$/.test(q.as_of))
		add('as_of', 'report.error.date');
	return errors;
}

function query (q, format = null) {
	const p = new URLSearchParams({ as_of: q.as_of });
	if (format)
		p.set('format', format);
	return '/api/v1/units/' + encodeURIComponent(q.unit) + '/late-review?' + p.toString();
}

// A chart of @rows ([label, count]) as bars beside their table
function bars (id, rows, head) {
	const chart = barChart(t('review.' + id + '.chart'), t('report.chart.desc'),
		rows.map(([label, value]) => ({ label, value })), chartWidth());
	return pair(id, t('review.' + id), chart,
		countTable('table-' + id, t('review.' + id + '.table'), head, rows, true, t('review.count')));
}

function render (q, data) {
	const name = unitNames.get(q.unit) || q.unit;
	const download = (format) => el('a', { class: 'button', id: 'review-' + format, href: query(q, format),
		download: 'thaogo-late-review-' + q.unit + '-' + q.as_of + '.' + format }, t('review.' + format));
	const causes = CAUSES.map((c) => [t(c === 'unclassified' ? 'review.unclassified' : 'report.cause.' + c),
		Number((data.by_cause || {})[c] || 0)]);
	const agencies = (data.by_agency || []).map((a) => [a.agency || t('review.agency.none'), a.count]);
	const procedures = (data.by_procedure || []).map((p) => [p.procedure, p.count]);
	const weeks = (data.trend || []).map((w) => [w.week, w.late]);
	const trend = columnChart(t('review.trend.chart'), t('report.chart.desc'),
		weeks.map(([monday, value]) => ({ label: shortDate(monday).slice(0, 5), value })));
	replace(output,
		el('h2', { id: 'review-title', tabindex: '-1' }, t('review.heading', { unit: name, date: shortDate(q.as_of) })),
		el('p', { class: 'hint' }, t('review.units', { n: data.units_listed })),
		el('ul', { class: 'figures', id: 'figures', 'aria-label': t('review.figures') },
			FIGURES.map((f) => el('li', { class: 'figure' },
				el('span', { class: 'figure-value', id: 'figure-' + f }, String(data[f])),
				el('span', { class: 'figure-label' }, t('review.figure.' + f))))),
		el('p', { class: 'actions' }, download('csv'), download('xlsx')),
		el('p', { class: 'hint' }, t('review.download.hint')),
		bars('cause', causes, t('report.cause.head')),
		bars('agency', agencies, t('review.agency.head')),
		bars('procedure', procedures, t('review.procedure.head')),
		pair('trend', t('review.trend'), trend,
			countTable('table-trend', t('review.trend.table'), t('report.week.head'),
				weeks.map(([monday, n]) => [t('report.week.of', { date: shortDate(monday) }), n]), false, t('review.count'))));
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
		for (const k of ['unit', 'as_of'])
			url.searchParams.set(k, q[k]);
		history.replaceState(null, '', url.pathname + url.search);
		render(q, data);
		replace(status, el('p', {}, t('report.ready')));
		if (focus)
			document.getElementById('review-title').focus();
	} catch (e) {
		const id = ['unit', 'as_of'].includes(e.field) ? e.field : null;
		replace(status);
		showErrors(form, holder, [{ id, message: e.message, text: (id ? t('review.field.' + id) + ': ' : '') + e.message }]);
	}
}

async function main () {
	await setup('review.title');
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
	// this week's Monday (Vietnam's), unless the address says
	const today = vietnamDate(0);
	const params = new URL(window.location.href).searchParams;
	form.elements.as_of.value = params.get('as_of') || isoOf(vietnamDate(-((today.getUTCDay() + 6) % 7)));
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
