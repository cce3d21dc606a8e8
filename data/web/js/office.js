// office.js: what the officials' pages (report, review, administration) share: who may open
// them, dates as dd/mm/yyyy, the unit picker, and tables of counts beside their charts.
import { el, replace, t } from './lib.js';
import { currentSession, signInPath } from './session.js';

// The session when its role is one of @roles; otherwise null, after sending a visitor to
// /signin or telling a signed-in official that the page is not theirs (in @status)
export async function officeSession (roles, status) {
	const session = await currentSession();
	if (!session) {
		window.location.replace(signInPath());
		return null;
	}
	if (!roles.includes(session.token.role)) {
		replace(status, el('p', { class: 'notice' }, t('office.forbidden'), ' ',
			el('a', { href: '/staff' }, t('office.back'))));
		return null;
	}
	return session;
}

// "2026-12-14" -> "14/12/2026"
export function shortDate (iso) {
	const [y, m, d] = iso.slice(0, 10).split('-');
	return d + '/' + m + '/' + y;
}

// "2026-12-14T10:15:00+07:00" -> "14/12/2026 10:15"
export function shortDateTime (rfc3339) {
	return rfc3339 ? shortDate(rfc3339) + ' ' + rfc3339.slice(11, 16) : '';
}

// A table of @rows ([label, count]) under @caption, with a total row when @total; @what
// heads the counts' column
export function countTable (id, caption, head, rows, total = true, what = t('report.count')) {
	const sum = rows.reduce((a, r) => a + r[1], 0);
	return el('table', { class: 'counts', id },
		el('caption', {}, caption),
		el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, head), el('th', { scope: 'col', class: 'num' }, what))),
		el('tbody', {}, rows.map(([label, count]) =>
			el('tr', {}, el('th', { scope: 'row' }, label), el('td', { class: 'num' }, String(count))))),
		total ? el('tfoot', {}, el('tr', {}, el('th', { scope: 'row' }, t('report.total')), el('td', { class: 'num' }, String(sum)))) : null);
}

// The units' names by code, as the last fillUnits() read them
export const unitNames = new Map();

// "YYYY-MM-DD" of a Date
export function isoOf (date) {
	return date.toISOString().slice(0, 10);
}

// Vietnam's today, moved by @days
export function vietnamDate (days) {
	const d = new Date(Date.now() + 7 * 3600 * 1000);
	d.setUTCDate(d.getUTCDate() + days);
	return d;
}

// The units the caller may report on, as a tree in order: the unit first, then below it
function unitOptions (units, root) {
	const children = new Map();
	for (const u of units) {
		const key = u.parent || '';
		if (!children.has(key))
			children.set(key, []);
		children.get(key).push(u);
	}
	const out = [];
	const walk = (u, depth) => {
		out.push({ unit: u, depth });
		for (const c of (children.get(u.code) || []).sort((a, b) => a.name.localeCompare(b.name, 'vi')))
			walk(c, depth + 1);
	};
	const codes = new Set(units.map((u) => u.code));
	const tops = root ? units.filter((u) => u.code === root)
		: units.filter((u) => !u.parent || !codes.has(u.parent));
	for (const u of tops)
		walk(u, 0);
	return out;
}

// Fills @select with the units of @session's caller (an administrator: all); FALSE when none
export function fillUnits (select, units, session) {
	const root = session.token.role === 'admin' ? null : session.token.unit;
	const options = unitOptions(units, root);
	unitNames.clear();
	for (const u of units)
		unitNames.set(u.code, u.name);
	replace(select, options.map(({ unit, depth }) =>
		el('option', { value: unit.code }, '\u00a0\u00a0'.repeat(depth) + unit.name + ' (' + unit.code + ')')));
	return options.length > 0;
}

// A chart and its table side by side, under one heading
export function pair (id, heading, chart, table) {
	return el('section', { class: 'pair-section', 'aria-labelledby': id + '-title' },
		el('h3', { id: id + '-title' }, heading),
		el('div', { class: 'pair' }, el('figure', { class: 'chart-box', id: id + '-chart' }, chart), table));
}
