// secretary-common.js: what the secretary's pages share: who is signed in (a secretary or
// an administrator, else a word and a link), the units their token covers, the error
// summary that names each field in error and links to it, and the words of the vocabularies.
import { el, replace, t } from './lib.js';
import { currentSession, read, signInPath, signOut } from './session.js';

export const STATUSES = ['confirmed', 'pending', 'waitlisted', 'attended', 'no_show', 'cancelled',
	'cancelled_by_unit', 'expired'];
export const CATEGORIES = ['late_dossier', 'procedure', 'feedback', 'complaint', 'other'];
export const OUTCOMES = ['resolved', 'guided', 'transferred', 'rejected', 'pending'];
export const CAUSES = ['missing_documents', 'coordination', 'it_system', 'workload', 'legal_land',
	'citizen_side', 'other'];
export const ACTIVE = ['pending', 'confirmed', 'waitlisted'];

export function statusText (status) {
	return t('sec.status.' + (STATUSES.includes(status) ? status : 'pending'));
}

export function categoryText (category) {
	return t('staff.category.' + (CATEGORIES.includes(category) ? category : 'other'));
}

export function modeText (mode) {
	return t('sec.mode.' + (['in_person', 'online', 'hybrid'].includes(mode) ? mode : 'in_person'));
}

// The unit's name as the catalogue writes it ("Thành phố Thủ Dầu Một": the type is in it)
export function unitName (unit) {
	return unit.name || unit.code;
}

// The session of a secretary or an administrator; otherwise the page says so and null
export async function requireSecretary () {
	const session = await currentSession();
	if (!session) {
		window.location.replace(signInPath());
		return null;
	}
	const role = session.token.role;
	const button = el('button', { type: 'button', class: 'secondary', id: 'signout' }, t('staff.signout'));
	button.addEventListener('click', async () => {
		try {
			await signOut();
		} finally {
			window.location.assign('/signin');
		}
	});
	replace(document.getElementById('who'),
		el('p', {}, t('staff.who', { name: session.token.name || session.token.id,
			role: t('staff.role.' + (['admin', 'secretary', 'staff'].includes(role) ? role : 'staff')) })),
		el('p', { class: 'actions' }, el('a', { href: '/staff', class: 'button secondary-link', id: 'to-staff' },
			t('sec.to.staff')), button));
	if (role !== 'secretary' && role !== 'admin') {
		replace(document.getElementById('content'), el('p', { class: 'notice', id: 'not-secretary' },
			t('sec.only')));
		return null;
	}
	return session;
}

// The units of the token: its own and those below it, two levels down (an administrator
// without a unit: every province and what is below it), in the order of the hierarchy
export async function coveredUnits (session) {
	const out = [];
	let roots;
	if (session.token.unit) {
		const data = await read('/api/v1/units/' + encodeURIComponent(session.token.unit));
		roots = [data.unit];
	} else {
		roots = (await read('/api/v1/units?level=province')).units;
	}
	for (const root of roots) {
		out.push({ unit: root, depth: 0 });
		const children = (await read('/api/v1/units?parent=' + encodeURIComponent(root.code))).units;
		const grand = await Promise.all(children.map((c) =>
			read('/api/v1/units?parent=' + encodeURIComponent(c.code))));
		children.forEach((c, i) => {
			out.push({ unit: c, depth: 1 });
			for (const g of grand[i].units)
				out.push({ unit: g, depth: 2 });
		});
	}
	return out;
}

// An error summary (each error: {id of the field or null, label, message}); the focus goes
// to it, each field is marked invalid and its link moves the focus to it
export function showErrors (holder, errors) {
	for (const node of document.querySelectorAll('[aria-invalid="true"]'))
		node.removeAttribute('aria-invalid');
	const box = el('div', { class: 'error-summary', id: 'error-summary', role: 'alert', tabindex: '-1',
		'aria-labelledby': 'error-summary-title' },
	el('h2', { id: 'error-summary-title' }, t('form.error.title')),
	el('ul', {}, errors.map((e) => {
		const text = e.label ? e.label + ': ' + e.message : e.message;
		const item = el('li', {}, e.id ? el('a', { href: '#' + e.id }, text) : text);
		if (e.more)
			item.append(e.more);
		return item;
	})));
	for (const e of errors) {
		const control = e.id ? document.getElementById(e.id) : null;
		if (control)
			control.setAttribute('aria-invalid', 'true');
	}
	for (const link of box.querySelectorAll('a[href^="#"]')) {
		link.addEventListener('click', (event) => {
			event.preventDefault();
			const target = document.getElementById(link.getAttribute('href').slice(1));
			if (target)
				target.focus();
		});
	}
	replace(holder, box);
	box.focus();
}

export function clearErrors (holder) {
	replace(holder);
	for (const node of document.querySelectorAll('[aria-invalid="true"]'))
		node.removeAttribute('aria-invalid');
}

// The text of a label (for the error summary)
export function labelOf (id) {
	const label = document.querySelector('label[for="' + id + '"]');
	return label ? label.textContent.trim() : '';
}

// A message in a live region, with an optional class
export function say (node, text, kind = '') {
	replace(node, el('p', { class: kind }, text));
}
