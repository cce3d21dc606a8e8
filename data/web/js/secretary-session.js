// secretary-session.js: a session's bookings for its secretary (/secretary/UNIT-YYYYMMDD):
// the table by time, filters, check-in by ticket, attended or no-show, the assignee, the
// outcome and the late dossier's cause group with a note; a print view for the desk (A4)
// and the CSV (made by the daemon: UTF-8 with a byte order mark, for Excel).
import { el, formatDate, formatTime, fold, lang, pathSegments, replace, setTitle, setup, t } from './lib.js';
import { change, read } from './session.js';
import { ACTIVE, CATEGORIES, CAUSES, OUTCOMES, STATUSES, categoryText, clearErrors, labelOf, modeText, requireSecretary, say, showErrors, statusText } from './secretary-common.js';

const id = pathSegments()[1];
const status = document.getElementById('status');
const summary = document.getElementById('summary-holder');
const rows = document.getElementById('rows');
const record = document.getElementById('record');
let bookings = [];
let assignees = [];
let current = null;

function assigneeName (tokenId) {
	if (!tokenId)
		return '';
	const a = assignees.find((x) => x.id === tokenId);
	return a ? (a.name || a.id) : tokenId;
}

function outcomeText (b) {
	const parts = [];
	if (b.outcome)
		parts.push(t('desk.outcome.' + (OUTCOMES.includes(b.outcome) ? b.outcome : 'pending')));
	if (b.cause)
		parts.push(t('desk.cause.' + (CAUSES.includes(b.cause) ? b.cause : 'other')));
	return parts.join(' · ');
}

// "Hồ sơ trễ hạn 23 ngày · procedure · agency · Nguyên nhân: …" when the booking is about a
// dossier on the unit's late-dossier list (the daemon links them for secretaries)
function lateLine (b) {
	const d = b.late_dossier;
	if (!d)
		return null;
	const parts = [t('desk.late.days', { days: d.days_late })];
	if (d.procedure)
		parts.push(d.procedure);
	if (d.responsible_agency || d.agency)
		parts.push(d.responsible_agency || d.agency);
	parts.push(t('desk.late.cause', { cause: d.cause ? t('desk.cause.' + (CAUSES.includes(d.cause) ? d.cause : 'other')) : t('desk.late.unclassified') }));
	if (d.deadline)
		parts.push(t('desk.late.deadline', { date: formatDate(d.deadline) }));
	return el('p', { class: 'late-dossier', id: 'b-' + b.id + '-late' }, parts.join(' · '));
}

function who (b) {
	return (b.requester && b.requester.name) || '';
}

function matches (b) {
	const s = document.getElementById('filter-status').value;
	const c = document.getElementById('filter-category').value;
	const q = fold(document.getElementById('filter-text').value.trim());
	if (s === 'active' ? !ACTIVE.includes(b.status) && b.status !== 'attended' && b.status !== 'no_show'
		: s !== '' && b.status !== s)
		return false;
	if (c !== '' && b.topic.category !== c)
		return false;
	if (q !== '') {
		const r = b.requester || {};
		const text = fold([r.name, r.organization, r.phone, r.email, b.topic.dossier_code, b.ticket ? String(b.ticket) : '']
			.filter(Boolean).join(' '));
		if (!text.includes(q) && !text.replace(/\s/g, '').includes(q.replace(/\s/g, '')))
			return false;
	}
	return true;
}

async function mark (b, newStatus) {
	try {
		const data = await change('/api/v1/bookings/' + encodeURIComponent(b.id), 'PATCH', { status: newStatus });
		Object.assign(b, data.booking);
	} catch (e) {
		say(status, t('site.error', { message: e.message }), 'error-message');
		return false;
	}
	render();
	say(status, t('desk.marked.' + newStatus, { ticket: b.ticket, name: who(b) }), 'done');
	return true;
}

function row (b) {
	const r = b.requester || {};
	const label = b.ticket ? t('desk.row', { ticket: b.ticket, name: who(b) }) : who(b);
	const hidden = () => el('span', { class: 'visually-hidden' }, ' ' + label);
	const actions = el('td', { class: 'no-print actions-cell' });
	if (b.status === 'confirmed') {
		const attended = el('button', { type: 'button', class: 'small', id: 'b-' + b.id + '-attended' }, t('desk.attended'), hidden());
		const missed = el('button', { type: 'button', class: 'small secondary', id: 'b-' + b.id + '-noshow' }, t('desk.noshow'), hidden());
		attended.addEventListener('click', () => mark(b, 'attended'));
		missed.addEventListener('click', () => mark(b, 'no_show'));
		actions.append(attended, missed);
	}
	if (!['cancelled', 'cancelled_by_unit', 'expired'].includes(b.status)) {
		const rec = el('button', { type: 'button', class: 'small secondary', id: 'b-' + b.id + '-record' }, t('desk.record'), hidden());
		rec.addEventListener('click', () => openRecord(b));
		actions.append(rec);
	}
	return el('tr', { id: 'b-' + b.id, class: 'row-' + b.status },
		el('td', { class: 'time' }, b.slot ? formatTime(b.slot.start) : t('desk.waitlist')),
		el('td', { class: 'ticket-cell' }, b.ticket ? String(b.ticket) : ''),
		el('th', { scope: 'row' }, who(b), r.kind === 'enterprise' ? el('span', { class: 'kind' }, ' ' + t('desk.enterprise')) : null),
		el('td', {}, r.organization || ''),
		el('td', { class: 'phone' }, r.phone || ''),
		el('td', {}, categoryText(b.topic.category)),
		el('td', { class: 'dossier' }, b.topic.dossier_code || '', lateLine(b)),
		el('td', { class: 'status status-' + b.status }, statusText(b.status)),
		el('td', {}, assigneeName(b.assignee)),
		el('td', {}, outcomeText(b)),
		actions);
}

function render () {
	const shown = bookings.filter(matches);
	replace(rows, shown.length > 0 ? shown.map(row)
		: el('tr', {}, el('td', { colspan: '11' }, t('desk.none'))));
	document.getElementById('count').textContent = t('desk.count', { shown: shown.length, total: bookings.length });
}

function options (select, values, textOf, blankKey) {
	replace(select, blankKey ? el('option', { value: '' }, t(blankKey)) : null,
		values.map((v) => el('option', { value: v }, textOf(v))));
}

function openRecord (b) {
	current = b;
	clearErrors(summary);
	document.getElementById('record-title').textContent = t('desk.record.title', { who: b.ticket ? t('desk.row', { ticket: b.ticket, name: who(b) }) : who(b) });
	options(document.getElementById('record-assignee'), assignees.map((a) => a.id),
		(v) => { const a = assignees.find((x) => x.id === v); return (a.name || a.id) + ' (' + t('staff.role.' + (a.role === 'secretary' ? 'secretary' : 'staff')) + ')'; },
		'desk.record.none');
	options(document.getElementById('record-outcome'), OUTCOMES, (v) => t('desk.outcome.' + v), 'desk.record.none');
	options(document.getElementById('record-cause'), CAUSES, (v) => t('desk.cause.' + v), 'desk.record.none');
	document.getElementById('record-assignee').value = b.assignee || '';
	document.getElementById('record-outcome').value = b.outcome || '';
	document.getElementById('record-cause').value = b.cause || '';
	document.getElementById('record-note').value = b.note || '';
	record.hidden = false;
	document.getElementById('record-title').focus();
}

function closeRecord () {
	record.hidden = true;
	const back = current ? document.getElementById('b-' + current.id + '-record') : null;
	current = null;
	if (back)
		back.focus();
	else
		document.getElementById('list-title').focus();
}

async function saveRecord (event) {
	event.preventDefault();
	const b = current;
	const body = {};
	const value = (x) => document.getElementById(x).value;
	if (value('record-assignee'))
		body.assignee = value('record-assignee');
	if (value('record-outcome'))
		body.outcome = value('record-outcome');
	if (value('record-cause'))
		body.cause = value('record-cause');
	if (value('record-note').trim() !== '')
		body.note = value('record-note').trim();
	const errors = [];
	if (body.cause && b.topic.category !== 'late_dossier')
		errors.push({ id: 'record-cause', label: labelOf('record-cause'), message: t('desk.error.cause') });
	if (Object.keys(body).length === 0)
		errors.push({ id: 'record-outcome', label: labelOf('record-outcome'), message: t('desk.error.empty') });
	if (errors.length > 0) {
		showErrors(summary, errors);
		return;
	}
	try {
		const data = await change('/api/v1/bookings/' + encodeURIComponent(b.id), 'PATCH', body);
		Object.assign(b, data.booking);
	} catch (e) {
		const fields = { assignee: 'record-assignee', outcome: 'record-outcome', cause: 'record-cause', note: 'record-note' };
		const fid = fields[e.field] || null;
		showErrors(summary, [{ id: fid, label: fid ? labelOf(fid) : '', message: e.message }]);
		return;
	}
	clearErrors(summary);
	render();
	say(status, t('desk.record.done', { who: who(b) }), 'done');
	closeRecord();
}

async function checkIn (event) {
	event.preventDefault();
	const input = document.getElementById('ticket');
	const text = input.value.trim();
	const error = (message) => showErrors(summary, [{ id: 'ticket', label: labelOf('ticket'), message }]);
	if (!/^\d{1,6}$/.test(text)) {
		error(t('desk.error.ticket'));
		return;
	}
	const b = bookings.find((x) => x.ticket === Number(text));
	if (!b) {
		error(t('desk.error.noticket', { ticket: text }));
		return;
	}
	if (b.status === 'attended') {
		clearErrors(summary);
		say(status, t('desk.checkin.already', { ticket: b.ticket, name: who(b) }), 'done');
		return;
	}
	if (b.status !== 'confirmed') {
		error(t('desk.error.state', { ticket: text, status: statusText(b.status) }));
		return;
	}
	clearErrors(summary);
	if (await mark(b, 'attended')) {
		input.value = '';
		input.focus();
	}
}

function fact (key, value) {
	return el('div', { class: 'row' }, el('dt', {}, t(key)), el('dd', {}, value));
}

async function main () {
	await setup('desk.title');
	const session = await requireSecretary();
	if (!session) {
		document.body.dataset.state = 'ready';
		return;
	}
	let occ;
	try {
		occ = (await read('/api/v1/occurrences/' + encodeURIComponent(id))).occurrence;
	} catch (e) {
		say(status, e.status === 404 ? t('desk.notfound') : t('site.error', { message: e.message }), 'error-message');
		document.body.dataset.state = 'ready';
		return;
	}
	let unitName = occ.unit;
	try {
		const [u, list, people] = await Promise.all([
			read('/api/v1/units/' + encodeURIComponent(occ.unit)),
			read('/api/v1/occurrences/' + encodeURIComponent(id) + '/bookings'),
			read('/api/v1/units/' + encodeURIComponent(occ.unit) + '/assignees')]);
		unitName = u.unit.name || u.unit.code;
		bookings = list.bookings;
		assignees = people.assignees;
	} catch (e) {
		say(status, e.status === 403 ? t('desk.forbidden') : t('site.error', { message: e.message }), 'error-message');
		document.body.dataset.state = 'ready';
		return;
	}
	bookings.sort((a, b) => (a.slot ? a.slot.start : '~').localeCompare(b.slot ? b.slot.start : '~') ||
		(a.ticket || 1e9) - (b.ticket || 1e9));
	const title = t('desk.title.session', { date: formatDate(occ.date) });
	document.getElementById('title').textContent = title;
	setTitle(title);
	document.getElementById('back').href = '/secretary?unit=' + encodeURIComponent(occ.unit);
	const facts = [fact('desk.unit', unitName), fact('desk.date', formatDate(occ.date))];
	if (occ.reception) {
		facts.push(fact('desk.reception', formatTime(occ.reception.start) + '–' + formatTime(occ.reception.end) + ' (' + t('desk.zone') + ')'));
		if (occ.reception.venue)
			facts.push(fact('desk.venue', occ.reception.venue));
	}
	facts.push(fact('desk.meeting', formatTime(occ.meeting.start) + '–' + formatTime(occ.meeting.end) + ', ' + modeText(occ.meeting.mode)));
	facts.push(fact('desk.state', occ.status === 'cancelled' ? t('sec.occ.cancelled') + (occ.reason ? ' — ' + occ.reason : '')
		: occ.status === 'moved' ? t('sec.occ.moved', { date: formatDate(occ.original_date) }) : t('sec.occ.scheduled')));
	replace(document.getElementById('facts'), facts);
	document.getElementById('printed').textContent = t('desk.printed', { when: new Date().toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }) });
	const csv = document.getElementById('csv');
	csv.href = '/api/v1/occurrences/' + encodeURIComponent(id) + '/bookings?format=csv&lang=' + lang;
	csv.setAttribute('download', 'thaogo-' + id + '.csv');
	options(document.getElementById('filter-status'), ['active', ...STATUSES], (v) => v === 'active' ? t('desk.filter.active') : statusText(v), 'desk.filter.all');
	options(document.getElementById('filter-category'), CATEGORIES, categoryText, 'desk.filter.all');
	for (const x of ['filter-status', 'filter-category'])
		document.getElementById(x).addEventListener('change', render);
	document.getElementById('filter-text').addEventListener('input', render);
	document.getElementById('filters').addEventListener('submit', (event) => event.preventDefault());
	document.getElementById('checkin-form').addEventListener('submit', checkIn);
	document.getElementById('record-form').addEventListener('submit', saveRecord);
	document.getElementById('record-close').addEventListener('click', closeRecord);
	document.getElementById('print').addEventListener('click', () => window.print());
	render();
	// the tests wait for this
	document.body.dataset.state = 'ready';
}

main();
