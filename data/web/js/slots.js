// slots.js: the slots of one session (/u/CODE/OCCURRENCE) as a radio list grouped by hour
import {
	api, el, formatDate, formatTime, occurrenceState, pathSegments, replace, setTitle, setup,
	showStatus, t, vietnamDay,
} from './lib.js';

function slotChoice (slot) {
	const time = formatTime(slot.start);
	const id = 'slot-' + time.replace(':', '');
	const full = slot.available <= 0;
	const seats = full ? t('slots.full')
		: t('slots.seats', { available: slot.available, capacity: slot.capacity });
	return el('div', { class: 'choice' + (full ? ' full' : '') },
		el('input', { type: 'radio', name: 'slot', id, value: time, disabled: full }),
		el('label', { for: id },
			el('span', { class: 'when' }, time + '–' + formatTime(slot.end)),
			el('span', { class: 'seats' }, seats)));
}

function slotForm (occurrence, slots, onChosen) {
	const hours = new Map();
	for (const slot of slots) {
		const hour = formatTime(slot.start).slice(0, 2);
		if (!hours.has(hour))
			hours.set(hour, []);
		hours.get(hour).push(slot);
	}
	const groups = [];
	for (const [hour, members] of hours) {
		groups.push(el('fieldset', { class: 'hour' },
			el('legend', {}, t('slots.hour', { hour: String(Number(hour)) })),
			members.map(slotChoice)));
	}
	const error = el('p', { id: 'slot-error', class: 'error-message', hidden: true }, t('slots.pick'));
	const chosen = el('p', { id: 'chosen', class: 'chosen', role: 'status' });
	const form = el('form', { id: 'slot-form', novalidate: true },
		el('fieldset', { class: 'slots', 'aria-describedby': 'slot-error' },
			el('legend', {}, t('slots.legend')), error, groups),
		el('p', {}, el('button', { type: 'submit' }, t('slots.continue'))),
		chosen);
	form.addEventListener('submit', (event) => {
		event.preventDefault();
		const checked = form.querySelector('input[name="slot"]:checked');
		if (!checked) {
			error.hidden = false;
			const first = form.querySelector('input[name="slot"]:not(:disabled)');
			if (first)
				first.focus();
			return;
		}
		error.hidden = true;
		const slot = slots.find((s) => formatTime(s.start) === checked.value);
		chosen.textContent = t('slots.chosen', {
			start: formatTime(slot.start), end: formatTime(slot.end), date: formatDate(occurrence.date),
		});
		onChosen(checked.value, false);
	});
	return form;
}

// The first session after @occurrence that still has places
async function nextOpen (unit, occurrence) {
	const data = await api('/api/v1/units/' + encodeURIComponent(unit.code) + '/occurrences');
	for (const other of data.occurrences) {
		if (other.bridge_of || other.date <= occurrence.date)
			continue;
		const state = await occurrenceState(other, unit.series.booking);
		if (state.state === 'open')
			return other;
		if (state.state === 'notyet')
			return null;
	}
	return null;
}

async function fullSession (unit, occurrence, onChosen) {
	const next = await nextOpen(unit, occurrence);
	const href = (o) => '/u/' + encodeURIComponent(unit.code) + '/' + encodeURIComponent(o.id);
	const section = el('section', { class: 'full-session', 'aria-labelledby': 'full-title' },
		el('h2', { id: 'full-title' }, t('slots.session.full')),
		el('p', {}, t('slots.waitlist')),
		el('p', {}, el('button', { type: 'button', id: 'waitlist' }, t('slots.waitlist.button'))),
		next ? el('p', {}, el('a', { href: href(next) }, t('slots.next', { date: formatDate(next.date) })))
			: el('p', {}, t('slots.next.none')));
	section.querySelector('#waitlist').addEventListener('click', () => onChosen(null, true));
	return section;
}

async function render (container, code, id) {
	const [unitData, occurrenceData] = await Promise.all([
		api('/api/v1/units/' + encodeURIComponent(code)),
		api('/api/v1/occurrences/' + encodeURIComponent(id)),
	]);
	const unit = unitData.unit;
	const occurrence = occurrenceData.occurrence;
	if (occurrence.unit !== unit.code) {
		showStatus(container, t('slots.notfound'));
		return;
	}
	const date = formatDate(occurrence.date);
	document.getElementById('title').textContent = t('slots.title') + ': ' + date;
	document.getElementById('back').href = '/u/' + encodeURIComponent(unit.code);
	setTitle(t('slots.title') + ', ' + date + ', ' + unit.name);
	const head = [
		el('p', { class: 'subtitle' }, unit.name),
		el('p', { class: 'venue' }, t('unit.venue', { venue: occurrence.reception.venue || t('unit.venue.default') })),
		el('p', { class: 'zone' }, t('site.zone')),
	];
	const state = await occurrenceState(occurrence, unit.series.booking);
	if (state.state === 'cancelled') {
		replace(container, head, el('p', { class: 'notice' }, t('slots.cancelled')),
			occurrence.reason ? el('p', { class: 'reason' }, t('occ.reason', { reason: occurrence.reason })) : null);
		return;
	}
	if (state.state === 'closed' || state.state === 'notyet') {
		replace(container, head, el('p', { class: 'notice' }, state.state === 'closed' ? t('slots.closed')
			: t('occ.notyet', { date: formatDate(vietnamDay(state.opens)) })));
		return;
	}
	const ctx = { unit, occurrence, slots: state.slots, slot: null, waitlist: false };
	// the details' steps load when a slot is chosen: the slots are usable without them
	let details = null;
	const loadDetails = () => (details ??= import('./details.js'));
	const onChosen = async (slot, waitlist) => {
		ctx.slot = slot;
		ctx.waitlist = waitlist;
		const { showDetails } = await loadDetails();
		showDetails(container, ctx);
	};
	ctx.back = () => {
		replace(container, head, state.state === 'full' ? full : null, form);
		document.getElementById('title').textContent = t('slots.title') + ': ' + date;
		setTitle(t('slots.title') + ', ' + date + ', ' + unit.name);
		const checked = form.querySelector('input[name="slot"]:checked') || form.querySelector('input[name="slot"]:not(:disabled)');
		if (checked)
			checked.focus();
	};
	const full = state.state === 'full' ? await fullSession(unit, occurrence, onChosen) : null;
	const form = slotForm(occurrence, state.slots, onChosen);
	form.addEventListener('change', loadDetails, { once: true });
	replace(container, head, full, form);
}

async function main () {
	await setup('slots.title');
	const container = document.getElementById('content');
	const [, code, id] = pathSegments();
	const load = async () => {
		showStatus(container, t('site.loading'));
		try {
			await render(container, code, id);
		} catch (e) {
			if (e.status === 404)
				showStatus(container, t('slots.notfound'));
			else
				showStatus(container, t('site.error', { message: e.message }), load);
		}
	};
	await load();
	// the tests wait for this
	document.body.dataset.state = 'ready';
}

main();
