// booking.js: the one page of a booking's whole life (/b/ID?token=T, the link of every
// message): confirm it, see the ticket, add it to a calendar, print it, change its time,
// cancel it. Opening the page changes nothing: every change is a button that POSTs.
import {
	api, el, formatDate, formatTime, pathSegments, replace, setTitle, setup, showStatus, t,
} from './lib.js';

const params = new URLSearchParams(window.location.search);
const token = params.get('token') || '';
const [, id] = pathSegments();
const base = '/api/v1/bookings/' + encodeURIComponent(id || '');
const withToken = (path) => path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token);

function facts (booking, occurrence, unit) {
	const rows = [['book.unit', unit.name], ['book.date', formatDate(booking.date)]];
	if (booking.slot)
		rows.push(['book.time', formatTime(booking.slot.start) + '–' + formatTime(booking.slot.end)]);
	rows.push(['book.venue', occurrence.reception.venue || t('unit.venue.default')]);
	if (booking.requester)
		rows.push(['book.name', booking.requester.organization
			? booking.requester.name + ' (' + booking.requester.organization + ')' : booking.requester.name]);
	rows.push(['book.topic', t('category.' + booking.topic.category)]);
	if (booking.topic.dossier_code)
		rows.push(['field.dossier', booking.topic.dossier_code]);
	return el('dl', { class: 'facts' }, rows.map(([key, value]) => el('div', { class: 'row' }, el('dt', {}, t(key)), el('dd', {}, value))));
}

function ticket (booking) {
	return el('div', { class: 'ticket', id: 'ticket' },
		el('p', { class: 'ticket-label' }, t('book.ticket')),
		el('p', { class: 'ticket-number' }, String(booking.ticket)));
}

async function act (container, path, body, status) {
	status.textContent = t('check.sending');
	try {
		await api(withToken(base + path), { method: 'POST', body });
		await render(container, true);
	} catch (e) {
		if (e.code === 'booking_expired' || e.code === 'conflict') {
			await render(container, true);
			return;
		}
		status.textContent = e.message;
	}
}

// cancel: a first button opens the second step, a reason and the real button
function cancelSection (container) {
	const status = el('p', { role: 'status', id: 'cancel-status' });
	const open = el('button', { type: 'button', class: 'secondary', id: 'cancel-open' }, t('book.cancel.title'));
	const step = el('div', { id: 'cancel-step', hidden: true },
		el('p', {}, t('book.cancel.sure')),
		el('div', { class: 'field' }, el('label', { for: 'cancel-reason' }, t('book.cancel.reason')),
			el('textarea', { id: 'cancel-reason', name: 'reason', rows: 3, maxlength: 500 })),
		el('p', { class: 'buttons' },
			el('button', { type: 'button', class: 'danger', id: 'cancel-do' }, t('book.cancel.button')),
			el('button', { type: 'button', class: 'secondary', id: 'cancel-keep' }, t('book.cancel.keep'))));
	open.addEventListener('click', () => {
		step.hidden = false;
		open.hidden = true;
		step.querySelector('textarea').focus();
	});
	step.querySelector('#cancel-keep').addEventListener('click', () => {
		step.hidden = true;
		open.hidden = false;
		open.focus();
	});
	step.querySelector('#cancel-do').addEventListener('click', () =>
		act(container, '/cancel', { reason: step.querySelector('textarea').value }, status));
	return el('section', { class: 'cancel', 'aria-labelledby': 'cancel-title' },
		el('h2', { id: 'cancel-title' }, t('book.cancel.title')), open, step, status);
}

// reschedule: another session of the unit and a slot of it
function rescheduleSection (container, booking, unit) {
	const status = el('p', { role: 'status', id: 'reschedule-status' });
	const open = el('button', { type: 'button', class: 'secondary', id: 'reschedule-open' }, t('book.reschedule.title'));
	const sessions = el('select', { id: 'reschedule-session', name: 'session' });
	const slots = el('div', { id: 'reschedule-slots' });
	const go = el('button', { type: 'button', id: 'reschedule-do' }, t('book.reschedule.button'));
	const step = el('div', { id: 'reschedule-step', hidden: true },
		el('div', { class: 'field' }, el('label', { for: 'reschedule-session' }, t('book.reschedule.session')), sessions),
		el('fieldset', { class: 'slots' }, el('legend', {}, t('slots.legend')), slots),
		el('p', {}, go));
	const loadSlots = async () => {
		const data = await api('/api/v1/occurrences/' + encodeURIComponent(sessions.value) + '/slots');
		replace(slots, data.slots.map((s) => {
			const time = formatTime(s.start);
			const mine = sessions.value === booking.occurrence && booking.slot && formatTime(booking.slot.start) === time;
			const full = s.available <= 0 || mine;
			const inputId = 'move-' + time.replace(':', '');
			return el('div', { class: 'choice' + (full ? ' full' : '') },
				el('input', { type: 'radio', name: 'move-slot', id: inputId, value: time, disabled: full }),
				el('label', { for: inputId }, el('span', { class: 'when' }, time + '–' + formatTime(s.end)),
					el('span', { class: 'seats' }, mine ? t('book.reschedule.current')
						: full ? t('slots.full') : t('slots.seats', { available: s.available, capacity: s.capacity }))));
		}));
	};
	open.addEventListener('click', async () => {
		open.hidden = true;
		step.hidden = false;
		const data = await api('/api/v1/units/' + encodeURIComponent(unit.code) + '/occurrences');
		const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
		replace(sessions, data.occurrences.filter((o) => !o.bridge_of && o.status !== 'cancelled' && o.date >= today)
			.map((o) => el('option', { value: o.id, selected: o.id === booking.occurrence }, formatDate(o.date))));
		sessions.value = booking.occurrence;
		await loadSlots();
		sessions.focus();
	});
	sessions.addEventListener('change', loadSlots);
	go.addEventListener('click', async () => {
		const chosen = slots.querySelector('input:checked');
		if (!chosen) {
			status.textContent = t('slots.pick');
			return;
		}
		status.textContent = t('check.sending');
		try {
			await api(withToken(base + '/reschedule'), { method: 'POST', body: { occurrence: sessions.value, slot: chosen.value } });
			await render(container, true);
			const done = document.getElementById('done');
			done.textContent = t('book.reschedule.done');
		} catch (e) {
			const alternatives = (e.alternatives || []).map((a) => formatDate(a.date) + ' ' + a.slot).join(', ');
			status.textContent = e.message + (alternatives ? ' ' + t('refusal.nearest', { list: alternatives }) : '');
			await loadSlots();
		}
	});
	return el('section', { class: 'reschedule', 'aria-labelledby': 'reschedule-title' },
		el('h2', { id: 'reschedule-title' }, t('book.reschedule.title')), open, step, status);
}

async function render (container, afterChange = false) {
	const data = await api(withToken(base));
	const booking = data.booking;
	const [occurrenceData, unitData] = await Promise.all([
		api('/api/v1/occurrences/' + encodeURIComponent(booking.occurrence)),
		api('/api/v1/units/' + encodeURIComponent(booking.unit)),
	]);
	const occurrence = occurrenceData.occurrence;
	const unit = unitData.unit;
	const status = el('p', { class: 'status status-' + booking.status, id: 'booking-status' }, t('book.status.' + booking.status));
	const parts = [el('p', { id: 'done', role: 'status', class: 'done' }), status];
	const again = el('p', {}, el('a', { href: '/u/' + encodeURIComponent(unit.code) }, t('book.again')));
	let title = 'book.title';
	switch (booking.status) {
	case 'pending': {
		title = 'book.confirm.title';
		const result = el('p', { role: 'status', id: 'confirm-status' });
		const button = el('button', { type: 'button', id: 'confirm' }, t('book.confirm.button'));
		button.addEventListener('click', () => act(container, '/confirm', {}, result));
		parts.push(el('p', {}, t('book.confirm.text')), facts(booking, occurrence, unit),
			booking.hold_expires_at ? el('p', { class: 'deadline' }, t('email.deadline', {
				time: formatTime(booking.hold_expires_at), date: formatDate(booking.hold_expires_at) })) : null,
			el('p', {}, button), result, cancelSection(container));
		break;
	}
	case 'confirmed':
		title = 'book.ticket.title';
		parts.push(ticket(booking), facts(booking, occurrence, unit),
			el('h2', {}, t('book.bring.title')),
			el('ul', { class: 'bring' }, ['book.bring.id', 'book.bring.dossier', 'book.bring.ticket'].map((k) => el('li', {}, t(k)))),
			el('p', { class: 'actions' },
				el('a', { class: 'button secondary', id: 'ics', href: withToken(base + '.ics'), download: 'lich-hen.ics' }, t('book.ics')),
				el('button', { type: 'button', class: 'secondary', id: 'print' }, t('book.print'))),
			rescheduleSection(container, booking, unit), cancelSection(container));
		break;
	case 'waitlisted':
		title = 'book.waitlist.title';
		parts.push(el('p', {}, t('book.waitlist.text')),
			booking.waitlist_position ? el('p', { class: 'position', id: 'waitlist-position' },
				t('book.waitlist.position', { position: String(booking.waitlist_position) })) : null,
			facts(booking, occurrence, unit), cancelSection(container));
		break;
	case 'cancelled_by_unit':
		parts.push(facts(booking, occurrence, unit),
			occurrence.reason ? el('p', { class: 'reason' }, t('occ.reason', { reason: occurrence.reason })) : null, again);
		break;
	default:
		parts.push(el('p', {}, t('book.ended.' + booking.status)),
			booking.cancel_reason ? el('p', { class: 'reason', id: 'cancel-reason-given' },
				t('book.cancel.given', { reason: booking.cancel_reason })) : null,
			facts(booking, occurrence, unit), again);
	}
	document.getElementById('title').textContent = t(title);
	setTitle(t(title));
	replace(container, parts);
	const print = container.querySelector('#print');
	if (print)
		print.addEventListener('click', () => window.print());
	if (afterChange)
		document.getElementById('title').focus();
}

async function main () {
	await setup('book.title');
	const container = document.getElementById('content');
	// the token stays out of other sites' logs: the page is served with no-referrer
	try {
		await render(container);
	} catch (e) {
		if (e.status === 404)
			replace(container, el('p', { class: 'notice', id: 'notfound' }, t('book.notfound')));
		else
			showStatus(container, t('site.error', { message: e.message }), () => window.location.reload());
	}
	document.body.dataset.state = 'ready';
}

main();
