// unit.js: the coming sessions of a unit (/u/CODE), each with its status and places left
import {
	api, el, formatDate, formatTime, occurrenceState, pathSegments, replace, setTitle, setup,
	showStatus, t, vietnamDay,
} from './lib.js';

function stateText (state) {
	switch (state.state) {
	case 'open':
		return t('occ.open') + ', ' + t('occ.seats', state);
	case 'full':
		return t('occ.full');
	case 'notyet':
		return t('occ.notyet', { date: formatDate(vietnamDay(state.opens)) });
	case 'closed':
		return t('occ.closed');
	default:
		return t('occ.cancelled');
	}
}

function occurrenceItem (unit, occurrence, state) {
	const date = formatDate(occurrence.date);
	const headingId = 'occ-' + occurrence.id;
	const item = el('li', { class: 'occurrence state-' + state.state, 'aria-labelledby': headingId },
		el('h2', { id: headingId }, date));
	if (occurrence.status !== 'cancelled') {
		item.append(el('p', { class: 'time' }, t('occ.time', {
			start: formatTime(occurrence.reception.start), end: formatTime(occurrence.reception.end),
		})));
	}
	if (occurrence.status === 'moved' && occurrence.original_date !== occurrence.date)
		item.append(el('p', { class: 'moved' }, t('occ.moved', { date: formatDate(occurrence.original_date) })));
	item.append(el('p', { class: 'status' }, stateText(state)));
	if (occurrence.reason && occurrence.status !== 'scheduled')
		item.append(el('p', { class: 'reason' }, t('occ.reason', { reason: occurrence.reason })));
	if (state.state === 'open' || state.state === 'full') {
		const href = '/u/' + encodeURIComponent(unit.code) + '/' + encodeURIComponent(occurrence.id);
		item.append(el('p', { class: 'action' },
			el('a', { class: 'button', href, 'aria-label': t('occ.choose.label', { date }) },
				state.state === 'open' ? t('occ.choose') : t('occ.waitlist'))));
	}
	return item;
}

async function render (container, code) {
	const [unitData, occurrenceData] = await Promise.all([
		api('/api/v1/units/' + encodeURIComponent(code)),
		api('/api/v1/units/' + encodeURIComponent(code) + '/occurrences'),
	]);
	const unit = unitData.unit;
	const title = document.getElementById('title');
	title.textContent = unit.name;
	setTitle(unit.name);
	// the unit's own receptions: a bridge point of an ancestor's meeting takes no booking
	const occurrences = occurrenceData.occurrences.filter((o) => !o.bridge_of);
	const states = await Promise.all(occurrences.map((o) => occurrenceState(o, unit.series.booking)));
	const venue = unit.series.reception.venue || t('unit.venue.default');
	const list = el('ol', { class: 'occurrences' },
		occurrences.map((o, i) => occurrenceItem(unit, o, states[i])));
	replace(container,
		el('p', { class: 'subtitle' }, t('unit.title')),
		el('p', { class: 'venue' }, t('unit.venue', { venue: occurrences.length > 0 ? occurrences[0].reception.venue || venue : venue })),
		el('p', { class: 'zone' }, t('site.zone')),
		occurrences.length > 0 ? list : el('p', { class: 'none' }, t('unit.none')));
}

async function main () {
	await setup('unit.title');
	const container = document.getElementById('content');
	const code = pathSegments()[1];
	const load = async () => {
		showStatus(container, t('site.loading'));
		try {
			await render(container, code);
		} catch (e) {
			if (e.status === 404)
				showStatus(container, t('unit.notfound'));
			else
				showStatus(container, t('site.error', { message: e.message }), load);
		}
	};
	await load();
	// the tests wait for this
	document.body.dataset.state = 'ready';
}

main();
