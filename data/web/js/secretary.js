// secretary.js: the secretary's Mondays (/secretary[?unit=CODE]): the units their token
// covers, the coming occurrences of one with their status; cancel or move one with a reason
// after a confirm step that says how many booked people will be told; the agenda,
// participants, mode, venue and online link of one; the series' settings, with the sessions
// that stand in the way when a change is refused (409 conflict) named in words.
import { el, formatDate, formatTime, replace, setTitle, setup, t } from './lib.js';
import { change, read } from './session.js';
import { clearErrors, coveredUnits, labelOf, modeText, requireSecretary, say, showErrors, unitName } from './secretary-common.js';

const status = document.getElementById('status');
const summary = document.getElementById('summary-holder');
const panel = document.getElementById('panel');
// the panel opens inside the session it acts on, and goes back to its place when closed
const panelHome = panel.nextElementSibling;
const unitSelect = document.getElementById('unit');
let unit = null;
let occurrences = [];

function occStatusText (o) {
	if (o.status === 'cancelled')
		return t('sec.occ.cancelled');
	if (o.status === 'moved')
		return t('sec.occ.moved', { date: formatDate(o.original_date) });
	return t('sec.occ.scheduled');
}

// The error of the API @e as an entry of the error summary; @fields maps the API's field
// names to the ids of the form's controls
function apiError (e, fields) {
	const id = e.field && fields[e.field] ? fields[e.field] : null;
	return { id, label: id ? labelOf(id) : '', message: e.message };
}

function field (id, labelKey, control, hintKey = null) {
	const children = [el('label', { for: id }, t(labelKey))];
	if (hintKey) {
		children.push(el('p', { class: 'hint', id: id + '-hint' }, t(hintKey)));
		control.setAttribute('aria-describedby', id + '-hint');
	}
	children.push(control);
	return el('div', { class: 'field' }, children);
}

function closePanel (focusId) {
	panel.hidden = true;
	replace(panel);
	panelHome.before(panel);
	clearErrors(summary);
	const target = document.getElementById(focusId);
	if (target)
		target.focus();
}

function openPanel (o, titleText, ...children) {
	clearErrors(summary);
	const item = document.getElementById('occ-' + o.id + '-title');
	if (item)
		item.closest('li').append(panel);
	replace(panel, el('h2', { id: 'panel-title', tabindex: '-1' }, titleText), children);
	panel.hidden = false;
	document.getElementById('panel-title').focus();
}

function backButton (o, id = 'panel-back') {
	const button = el('button', { type: 'button', class: 'secondary', id }, t('sec.back'));
	button.addEventListener('click', () => closePanel('occ-' + o.id + '-title'));
	return button;
}

// The people a change of @o will tell: its active bookings (counted by the daemon)
async function toTell (o) {
	const data = await read('/api/v1/occurrences/' + encodeURIComponent(o.id) + '/bookings');
	return data.active !== undefined ? data.active : 0;
}

function tellText (n) {
	return n === 0 ? t('sec.tell.none') : n === 1 ? t('sec.tell.one') : t('sec.tell.many', { count: n });
}

// The two steps of a cancel or a move: the form, then the confirm step with the count
function twoSteps (o, kind, formChildren, collect, perform, fields) {
	const form = el('form', { id: kind + '-form', novalidate: true }, formChildren,
		el('p', { class: 'actions' }, el('button', { type: 'submit', id: kind + '-next' }, t('sec.next')), backButton(o)));
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		const { body, errors } = collect();
		if (errors.length > 0) {
			showErrors(summary, errors);
			return;
		}
		clearErrors(summary);
		say(status, t('site.loading'));
		let count;
		try {
			count = await toTell(o);
		} catch (e) {
			say(status, t('site.error', { message: e.message }), 'error-message');
			return;
		}
		say(status, '');
		const confirmButton = el('button', { type: 'button', class: kind === 'cancel' ? 'danger' : '', id: kind + '-confirm' },
			t('sec.' + kind + '.confirm'));
		const again = el('button', { type: 'button', class: 'secondary', id: kind + '-change' }, t('sec.change'));
		const step = el('div', { class: 'confirm-step', id: kind + '-step' },
			el('p', { class: 'tell', id: kind + '-tell' }, tellText(count)),
			el('p', { class: 'actions' }, confirmButton, again));
		again.addEventListener('click', () => {
			step.remove();
			form.hidden = false;
			form.querySelector('textarea, input').focus();
		});
		confirmButton.addEventListener('click', async () => {
			confirmButton.disabled = true;
			try {
				await perform(body);
			} catch (e) {
				confirmButton.disabled = false;
				step.remove();
				form.hidden = false;
				showErrors(summary, [apiError(e, fields)]);
				return;
			}
			closePanel('occ-title');
			await loadOccurrences();
			say(status, t('sec.' + kind + '.done', { date: formatDate(o.date), told: tellText(count) }), 'done');
		});
		form.hidden = true;
		form.after(step);
		confirmButton.focus();
	});
	return form;
}

function reasonField (kind) {
	const area = el('textarea', { id: kind + '-reason', name: 'reason', rows: '3', maxlength: '500', required: true,
		'aria-required': 'true' });
	return field(kind + '-reason', 'sec.field.reason', area, 'sec.reason.hint');
}

function reasonOf (kind, errors) {
	const reason = document.getElementById(kind + '-reason').value.trim().replace(/\s+/g, ' ');
	if (reason === '')
		errors.push({ id: kind + '-reason', label: labelOf(kind + '-reason'), message: t('sec.error.required') });
	return reason;
}

function cancelPanel (o) {
	const form = twoSteps(o, 'cancel', [reasonField('cancel')],
		() => {
			const errors = [];
			const reason = reasonOf('cancel', errors);
			return { body: { reason }, errors };
		},
		(body) => change('/api/v1/occurrences/' + encodeURIComponent(o.id) + '/cancel', 'POST', body),
		{ reason: 'cancel-reason' });
	openPanel(o, t('sec.cancel.title', { date: formatDate(o.date) }), el('p', {}, t('sec.cancel.intro')), form);
}

function movePanel (o) {
	const date = el('input', { type: 'date', id: 'move-date', name: 'date', required: true, 'aria-required': 'true' });
	const meeting = el('input', { type: 'time', id: 'move-meeting', name: 'meeting_start' });
	const reception = el('input', { type: 'time', id: 'move-reception', name: 'reception_start' });
	const form = twoSteps(o, 'move', [
		field('move-date', 'sec.field.date', date, 'sec.move.date.hint'),
		field('move-meeting', 'sec.field.meeting_start', meeting, 'sec.move.keep'),
		field('move-reception', 'sec.field.reception_start', reception, 'sec.move.keep'),
		reasonField('move')],
	() => {
		const errors = [];
		const body = {};
		if (!/^\d{4}-\d{2}-\d{2}$/.test(date.value))
			errors.push({ id: 'move-date', label: labelOf('move-date'), message: t('sec.error.date') });
		body.date = date.value;
		if (meeting.value)
			body.meeting_start = meeting.value.slice(0, 5);
		if (reception.value)
			body.reception_start = reception.value.slice(0, 5);
		body.reason = reasonOf('move', errors);
		return { body, errors };
	},
	(body) => change('/api/v1/occurrences/' + encodeURIComponent(o.id) + '/move', 'POST', body),
	{ date: 'move-date', meeting_start: 'move-meeting', reception_start: 'move-reception', reason: 'move-reason' });
	openPanel(o, t('sec.move.title', { date: formatDate(o.date) }), el('p', {}, t('sec.move.intro')), form);
}

function participantRow (list, p, n) {
	const id = 'part-' + n;
	const remove = el('button', { type: 'button', class: 'secondary', id: id + '-remove' },
		t('sec.part.remove'), el('span', { class: 'visually-hidden' }, ' ' + t('sec.part.n', { n })));
	const row = el('fieldset', { class: 'participant', id },
		el('legend', {}, t('sec.part.n', { n })),
		field(id + '-name', 'sec.part.name', el('input', { type: 'text', id: id + '-name', class: 'p-name', value: p.name || '', maxlength: '200', autocomplete: 'off' })),
		field(id + '-email', 'sec.part.email', el('input', { type: 'email', id: id + '-email', class: 'p-email', value: p.email || '', autocomplete: 'off', spellcheck: 'false' })),
		field(id + '-role', 'sec.part.role', el('input', { type: 'text', id: id + '-role', class: 'p-role', value: p.role || '', maxlength: '200', autocomplete: 'off' })),
		remove);
	remove.addEventListener('click', () => {
		row.remove();
		document.getElementById('part-add').focus();
	});
	list.append(row);
}

async function editPanel (o) {
	say(status, t('site.loading'));
	let occ;
	try {
		occ = (await read('/api/v1/occurrences/' + encodeURIComponent(o.id))).occurrence;
	} catch (e) {
		say(status, t('site.error', { message: e.message }), 'error-message');
		return;
	}
	say(status, '');
	const m = occ.meeting;
	const agenda = el('textarea', { id: 'edit-agenda', name: 'agenda', rows: '5', maxlength: '5000' });
	agenda.value = m.agenda || '';
	const mode = el('select', { id: 'edit-mode', name: 'mode' },
		['in_person', 'online', 'hybrid'].map((v) => el('option', { value: v, selected: v === m.mode }, modeText(v))));
	const venue = el('input', { type: 'text', id: 'edit-venue', name: 'venue', maxlength: '200', value: m.venue || '' });
	const online = el('input', { type: 'url', id: 'edit-online', name: 'online_url', value: m.online_url || '', inputmode: 'url', spellcheck: 'false' });
	const list = el('div', { id: 'part-list' });
	let n = 0;
	for (const p of m.participants || [])
		participantRow(list, p, ++n);
	const add = el('button', { type: 'button', class: 'secondary', id: 'part-add' }, t('sec.part.add'));
	add.addEventListener('click', () => {
		participantRow(list, {}, ++n);
		document.getElementById('part-' + n + '-name').focus();
	});
	const form = el('form', { id: 'edit-form', novalidate: true },
		field('edit-agenda', 'sec.field.agenda', agenda),
		field('edit-mode', 'sec.field.mode', mode),
		field('edit-venue', 'sec.field.venue', venue, 'sec.venue.hint'),
		field('edit-online', 'sec.field.online_url', online, 'sec.online.hint'),
		el('fieldset', { class: 'participants' }, el('legend', {}, t('sec.field.participants')), list, el('p', {}, add)),
		el('p', { class: 'actions' }, el('button', { type: 'submit', id: 'edit-save' }, t('sec.edit.save')), backButton(o)));
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		const errors = [];
		const participants = [];
		for (const row of list.querySelectorAll('fieldset.participant')) {
			const name = row.querySelector('.p-name');
			const email = row.querySelector('.p-email');
			const role = row.querySelector('.p-role');
			if (name.value.trim() === '' && email.value.trim() === '' && role.value.trim() === '')
				continue;
			if (name.value.trim() === '')
				errors.push({ id: name.id, label: row.querySelector('legend').textContent + ', ' + labelOf(name.id), message: t('sec.error.required') });
			if (email.value.trim() !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.value.trim()))
				errors.push({ id: email.id, label: row.querySelector('legend').textContent + ', ' + labelOf(email.id), message: t('sec.error.email') });
			participants.push({ name: name.value.trim(), email: email.value.trim() || null, role: role.value.trim() || null });
		}
		if (online.value.trim() !== '' && !/^https?:\/\/\S+$/.test(online.value.trim()))
			errors.push({ id: 'edit-online', label: labelOf('edit-online'), message: t('sec.error.url') });
		if (errors.length > 0) {
			showErrors(summary, errors);
			return;
		}
		// an empty venue gives back the series' one; an empty link means none for this day
		const body = { agenda: agenda.value, mode: mode.value, participants,
			venue: venue.value.trim(), online_url: online.value.trim() };
		try {
			await change('/api/v1/occurrences/' + encodeURIComponent(o.id), 'PATCH', body);
		} catch (e) {
			showErrors(summary, [apiError(e, { agenda: 'edit-agenda', mode: 'edit-mode', venue: 'edit-venue', online_url: 'edit-online' })]);
			return;
		}
		closePanel('occ-title');
		await loadOccurrences();
		say(status, t('sec.edit.done', { date: formatDate(o.date) }), 'done');
	});
	openPanel(o, t('sec.edit.title', { date: formatDate(o.date) }), form);
}

function occurrenceItem (o) {
	const headingId = 'occ-' + o.id + '-title';
	const dateText = formatDate(o.date);
	const item = el('li', { class: 'occurrence state-' + (o.status === 'cancelled' ? 'cancelled' : 'open') },
		el('h3', { id: headingId, tabindex: '-1' }, dateText),
		el('p', { class: 'status' }, occStatusText(o)));
	if (o.reason)
		item.append(el('p', { class: 'reason' }, t('sec.occ.reason', { reason: o.reason })));
	if (o.status !== 'cancelled') {
		item.append(el('p', {}, t('sec.occ.meeting', { start: formatTime(o.meeting.start), end: formatTime(o.meeting.end), mode: modeText(o.meeting.mode) })));
		if (o.meeting.venue)
			item.append(el('p', {}, t('sec.occ.venue', { venue: o.meeting.venue })));
		if (o.reception)
			item.append(el('p', {}, t('sec.occ.reception', { start: formatTime(o.reception.start), end: formatTime(o.reception.end) })));
	}
	if (o.bridge_of) {
		item.append(el('p', { class: 'hint' }, t('sec.occ.bridge')));
		return item;
	}
	const hidden = () => el('span', { class: 'visually-hidden' }, ' ' + dateText);
	const actions = el('p', { class: 'actions' },
		el('a', { class: 'button secondary-link', id: 'occ-' + o.id + '-bookings', href: '/secretary/' + encodeURIComponent(o.id) },
			t('sec.occ.bookings'), hidden()));
	if (o.status !== 'cancelled') {
		const buttons = [['edit', editPanel], ['move', movePanel], ['cancel', cancelPanel]];
		for (const [kind, open] of buttons) {
			const b = el('button', { type: 'button', class: kind === 'cancel' ? 'danger' : 'secondary', id: 'occ-' + o.id + '-' + kind },
				t('sec.occ.' + kind), hidden());
			b.addEventListener('click', () => open(o));
			actions.append(b);
		}
	}
	item.append(actions);
	return item;
}

async function loadOccurrences () {
	const container = document.getElementById('occurrences');
	const data = await read('/api/v1/units/' + encodeURIComponent(unit) + '/occurrences');
	occurrences = data.occurrences.slice(0, 13);
	replace(container, occurrences.length > 0
		? el('ol', { class: 'occurrences' }, occurrences.map(occurrenceItem))
		: el('p', { class: 'none' }, t('sec.occ.none')));
}

// ---- the series ----

const seriesFields = {
	'meeting.start': 's-meeting-start', 'meeting.end': 's-meeting-end', 'meeting.mode': 's-mode',
	'meeting.venue': 's-venue', 'meeting.online_url': 's-online', 'reception.start': 's-reception-start',
	'reception.end': 's-reception-end', 'reception.venue': 's-reception-venue',
	'reception.slot_minutes': 's-slot', 'reception.desks': 's-desks',
	'booking.opens_days_before': 's-opens', 'booking.closes_hours_before': 's-closes',
	'holiday_policy': 's-policy', 'reception': 's-reception-start',
};

function get (path, obj) {
	return path.split('.').reduce((o, k) => (o === null || o === undefined ? o : o[k]), obj);
}

async function loadSeries () {
	const data = await read('/api/v1/units/' + encodeURIComponent(unit) + '/series');
	for (const [path, id] of Object.entries(seriesFields)) {
		if (path === 'reception')
			continue;
		const v = get(path, data.series);
		document.getElementById(id).value = v === null || v === undefined ? '' : String(v);
	}
}

// The sessions in the way of a refused change, in words, each linked to its bookings
function conflictList (ids) {
	return el('ul', { class: 'conflicts', id: 'conflicts' }, ids.map((id) => {
		const o = occurrences.find((x) => x.id === id);
		const m = /-(\d{4})(\d{2})(\d{2})$/.exec(id);
		const date = o ? o.date : m ? m[1] + '-' + m[2] + '-' + m[3] : null;
		const text = date ? t('sec.conflict.session', { date: formatDate(date) }) : id;
		return el('li', {}, el('a', { href: '/secretary/' + encodeURIComponent(id) }, text));
	}));
}

async function saveSeries (event) {
	event.preventDefault();
	const holder = document.getElementById('series-summary');
	const value = (id) => document.getElementById(id).value.trim();
	const errors = [];
	for (const id of ['s-meeting-start', 's-meeting-end', 's-reception-start', 's-reception-end']) {
		if (!/^\d{2}:\d{2}/.test(value(id)))
			errors.push({ id, label: labelOf(id), message: t('sec.error.time') });
	}
	for (const id of ['s-slot', 's-desks', 's-opens', 's-closes']) {
		if (!/^\d+$/.test(value(id)))
			errors.push({ id, label: labelOf(id), message: t('sec.error.number') });
	}
	if (value('s-online') !== '' && !/^https?:\/\/\S+$/.test(value('s-online')))
		errors.push({ id: 's-online', label: labelOf('s-online'), message: t('sec.error.url') });
	if (errors.length > 0) {
		showErrors(holder, errors);
		return;
	}
	const body = {
		meeting: { start: value('s-meeting-start').slice(0, 5), end: value('s-meeting-end').slice(0, 5), mode: value('s-mode'),
			venue: value('s-venue') || null, online_url: value('s-online') || null },
		reception: { start: value('s-reception-start').slice(0, 5), end: value('s-reception-end').slice(0, 5),
			venue: value('s-reception-venue') || null, slot_minutes: Number(value('s-slot')), desks: Number(value('s-desks')) },
		booking: { opens_days_before: Number(value('s-opens')), closes_hours_before: Number(value('s-closes')) },
		holiday_policy: value('s-policy'),
	};
	try {
		await change('/api/v1/units/' + encodeURIComponent(unit) + '/series', 'PUT', body);
	} catch (e) {
		const entry = apiError(e, seriesFields);
		if (e.code === 'conflict' && e.sessions && e.sessions.length > 0) {
			entry.message = e.message + ' ' + t('sec.conflict.intro', { count: e.sessions.length });
			entry.more = conflictList(e.sessions);
		}
		showErrors(holder, [entry]);
		return;
	}
	clearErrors(holder);
	await loadOccurrences();
	say(status, t('sec.series.saved'), 'done');
	status.scrollIntoView({ block: 'nearest' });
}

async function main () {
	await setup('sec.title');
	const session = await requireSecretary();
	if (!session) {
		document.body.dataset.state = 'ready';
		return;
	}
	const units = await coveredUnits(session);
	const asked = new URLSearchParams(window.location.search).get('unit');
	unit = units.some((u) => u.unit.code === asked) ? asked : units[0].unit.code;
	replace(unitSelect, units.map((u) => el('option', { value: u.unit.code, selected: u.unit.code === unit },
		'\u00a0\u00a0'.repeat(u.depth) + unitName(u.unit) + ' (' + u.unit.code + ')')));
	const chosen = units.find((u) => u.unit.code === unit);
	setTitle(t('sec.title.unit', { unit: unitName(chosen.unit) }));
	document.getElementById('unit-form').addEventListener('submit', (event) => {
		event.preventDefault();
		const url = new URL(window.location.href);
		url.searchParams.set('unit', unitSelect.value);
		url.searchParams.delete('lang');
		window.location.assign(url.pathname + url.search);
	});
	document.getElementById('series-form').addEventListener('submit', saveSeries);
	try {
		await Promise.all([loadOccurrences(), loadSeries()]);
	} catch (e) {
		say(status, t('site.error', { message: e.message }), 'error-message');
	}
	// the tests wait for this
	document.body.dataset.state = 'ready';
}

main();
