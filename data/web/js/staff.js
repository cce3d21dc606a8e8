// staff.js: the staff's page (/staff): their private calendar link (made or replaced: the
// server keeps only its hash, so an old link can never be shown again), how to subscribe,
// and the coming meetings of their unit with the appointments assigned to them.
import { el, formatDate, formatTime, replace, setup, showStatus, t } from './lib.js';
import { change, currentSession, read, signOut } from './session.js';

const feed = document.getElementById('feed');
const feedStatus = document.getElementById('feed-status');

function roleText (role) {
	return t('staff.role.' + (['admin', 'secretary', 'staff'].includes(role) ? role : 'staff'));
}

function renderWho (session) {
	const token = session.token;
	const button = el('button', { type: 'button', class: 'secondary', id: 'signout' }, t('staff.signout'));
	button.addEventListener('click', async () => {
		try {
			await signOut();
		} finally {
			window.location.assign('/signin');
		}
	});
	replace(document.getElementById('who'),
		el('p', {}, t('staff.who', { name: token.name || token.id, role: roleText(token.role) })),
		token.unit ? el('p', {}, t('staff.unit', { unit: token.unit })) : null,
		token.role === 'secretary' || token.role === 'admin'
			? el('p', {}, el('a', { href: '/secretary', id: 'to-secretary' }, t('sec.link'))) : null,
		el('p', {}, button));
}

// The pages of the secretaries (the report) and of the administrator, by role
function renderTools (session) {
	const role = session.token.role;
	document.getElementById('tool-report').hidden = !['admin', 'secretary'].includes(role);
	document.getElementById('tool-review').hidden = !['admin', 'secretary'].includes(role);
	document.getElementById('tool-admin').hidden = role !== 'admin';
	document.getElementById('tools').hidden = !['admin', 'secretary'].includes(role);
}

async function copy (input) {
	try {
		await navigator.clipboard.writeText(input.value);
	} catch (e) {
		// without the clipboard's permission: the text is selected for Ctrl+C
		input.focus();
		input.select();
		replace(feedStatus, el('p', {}, t('staff.feed.select')));
		return;
	}
	replace(feedStatus, el('p', {}, t('staff.feed.copied')));
}

function renderFeed (link) {
	const children = [];
	if (link) {
		const input = el('input', { type: 'text', id: 'feed-url', readonly: true, value: link.url,
			'aria-describedby': 'feed-url-hint', spellcheck: 'false' });
		const copyButton = el('button', { type: 'button', id: 'feed-copy' }, t('staff.feed.copy'));
		copyButton.addEventListener('click', () => copy(input));
		children.push(el('div', { class: 'field' },
			el('label', { for: 'feed-url' }, t('staff.feed.url')),
			el('p', { class: 'hint', id: 'feed-url-hint' }, t('staff.feed.once')),
			input),
		el('p', { class: 'actions' }, copyButton, ' ',
			el('a', { class: 'button secondary-link', id: 'feed-webcal', href: link.webcal }, t('staff.feed.webcal'))));
	} else {
		children.push(el('p', { class: 'hint' }, t('staff.feed.none')));
	}
	const make = el('button', { type: 'button', class: link ? 'secondary' : '', id: 'feed-make' },
		link ? t('staff.feed.rotate') : t('staff.feed.make'));
	make.addEventListener('click', async () => {
		replace(feedStatus, el('p', {}, t('site.loading')));
		try {
			const rotated = link !== null;
			const data = await change('/api/v1/feeds');
			renderFeed(data);
			replace(feedStatus, el('p', {}, rotated ? t('staff.feed.rotated') : t('staff.feed.made')));
			document.getElementById('feed-url').focus();
		} catch (e) {
			replace(feedStatus, el('p', { class: 'error-message' }, t('site.error', { message: e.message })));
		}
	});
	children.push(el('p', {}, make));
	if (link)
		children.push(el('p', { class: 'hint' }, t('staff.feed.rotate.hint')));
	replace(feed, children);
}

function modeText (meeting) {
	const mode = ['in_person', 'online', 'hybrid'].includes(meeting.mode) ? meeting.mode : 'in_person';
	return t('staff.mode.' + mode);
}

function bookingItem (b) {
	const parts = [formatTime(b.slot.start)];
	if (b.ticket)
		parts.push(t('staff.ticket', { ticket: b.ticket }));
	const topic = t('staff.category.' + (['late_dossier', 'procedure', 'feedback', 'complaint', 'other']
		.includes(b.topic.category) ? b.topic.category : 'other'));
	return el('li', {},
		el('span', { class: 'when' }, parts.join(' · ')), ' ',
		el('span', {}, (b.requester && b.requester.name) || ''), ' — ', topic,
		b.topic.dossier_code ? ' (' + t('staff.dossier', { code: b.topic.dossier_code }) + ')' : '');
}

async function renderMeetings (session) {
	const container = document.getElementById('meetings');
	const unit = session.token.unit;
	if (!unit) {
		replace(container, el('p', { class: 'none' }, t('staff.meetings.nounit')));
		return;
	}
	const data = await read('/api/v1/units/' + encodeURIComponent(unit) + '/occurrences');
	const occurrences = data.occurrences.slice(0, 12);
	// the appointments of each of the unit's own sessions (staff see those assigned to them)
	const lists = await Promise.all(occurrences.map((o) =>
		o.bridge_of || o.status === 'cancelled' ? Promise.resolve({ bookings: [] })
			: read('/api/v1/occurrences/' + encodeURIComponent(o.id) + '/bookings')));
	const items = occurrences.map((o, i) => {
		const headingId = 'meeting-' + o.id;
		const item = el('li', { class: 'occurrence state-' + (o.status === 'cancelled' ? 'cancelled' : 'open'),
			'aria-labelledby': headingId }, el('h3', { id: headingId }, formatDate(o.date)));
		if (o.status === 'cancelled') {
			item.append(el('p', { class: 'status' }, t('staff.cancelled')));
			if (o.reason)
				item.append(el('p', { class: 'reason' }, t('staff.reason', { reason: o.reason })));
			return item;
		}
		item.append(el('p', {}, t('staff.meeting', {
			start: formatTime(o.meeting.start), end: formatTime(o.meeting.end), mode: modeText(o.meeting),
		})));
		if (o.meeting.venue)
			item.append(el('p', {}, t('staff.venue', { venue: o.meeting.venue })));
		if (o.bridge_of)
			item.append(el('p', { class: 'hint' }, t('staff.bridge')));
		const bookings = lists[i].bookings.filter((b) => !['cancelled', 'cancelled_by_unit', 'expired'].includes(b.status));
		if (!o.bridge_of) {
			item.append(bookings.length > 0
				? el('ul', { class: 'assigned', 'aria-label': t('staff.assigned') }, bookings.map(bookingItem))
				: el('p', { class: 'hint' }, t('staff.assigned.none')));
		}
		return item;
	});
	replace(container, items.length > 0 ? el('ol', { class: 'occurrences' }, items)
		: el('p', { class: 'none' }, t('staff.meetings.none')));
}

async function main () {
	await setup('staff.title');
	const session = await currentSession();
	if (!session) {
		window.location.replace('/signin');
		return;
	}
	renderWho(session);
	renderTools(session);
	renderFeed(null);
	const container = document.getElementById('meetings');
	const load = async () => {
		showStatus(container, t('site.loading'));
		try {
			await renderMeetings(session);
		} catch (e) {
			showStatus(container, t('site.error', { message: e.message }), load);
		}
	};
	await load();
	// the tests wait for this
	document.body.dataset.state = 'ready';
}

main();
