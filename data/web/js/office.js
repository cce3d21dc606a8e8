// office.js: what the officials' pages (report, administration) share: who may open them,
// dates as dd/mm/yyyy, and tables of counts.
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

// A table of @rows ([label, count]) under @caption, with a total row when @total
export function countTable (id, caption, head, rows, total = true) {
	const sum = rows.reduce((a, r) => a + r[1], 0);
	return el('table', { class: 'counts', id },
		el('caption', {}, caption),
		el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, head), el('th', { scope: 'col', class: 'num' }, t('report.count')))),
		el('tbody', {}, rows.map(([label, count]) =>
			el('tr', {}, el('th', { scope: 'row' }, label), el('td', { class: 'num' }, String(count))))),
		total ? el('tfoot', {}, el('tr', {}, el('th', { scope: 'row' }, t('report.total')), el('td', { class: 'num' }, String(sum)))) : null);
}
