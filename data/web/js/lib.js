// lib.js: what every page shares: the catalogue, the DOM helpers, the API, dates and times.
// Data is only ever put into the page as text (textContent, attributes), never as HTML.

export const lang = document.documentElement.lang === 'en' ? 'en' : 'vi';
let catalogue = {};

// The text of @key in the page's language, {name} replaced by @params.name
export function t (key, params = {}) {
	const text = Object.prototype.hasOwnProperty.call(catalogue, key) ? catalogue[key] : key;
	return text.replace(/\{(\w+)\}/g, (all, name) =>
		Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : all);
}

// An element with attributes and children (strings become text nodes)
export function el (tag, attrs = {}, ...children) {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(attrs)) {
		if (value === null || value === undefined || value === false)
			continue;
		if (name === 'class')
			node.className = value;
		else
			node.setAttribute(name, value === true ? '' : String(value));
	}
	for (const child of children.flat()) {
		if (child === null || child === undefined || child === false)
			continue;
		node.append(typeof child === 'string' || typeof child === 'number'
			? document.createTextNode(String(child)) : child);
	}
	return node;
}

export class ApiError extends Error {
	constructor (status, code, message, field) {
		super(message);
		this.status = status;
		this.code = code;
		this.field = field;
	}
}

// What the daemon wrote into the page for its first reads ({"PATH": body}): each is used
// once, by the first GET of its path; later reads ask the API again
let pageData = null;

function takePageData (path) {
	if (pageData === null) {
		const block = document.getElementById('tg-data');
		pageData = block ? JSON.parse(block.textContent) : {};
	}
	if (!Object.hasOwn(pageData, path))
		return undefined;
	const data = pageData[path];
	delete pageData[path];
	return data;
}

// GET (or @options.method) of the JSON API; an error answer throws an ApiError
export async function api (path, options = {}) {
	if ((options.method || 'GET') === 'GET') {
		const written = takePageData(path);
		if (written !== undefined)
			return written;
	}
	const headers = { 'Accept': 'application/json', 'Accept-Language': lang };
	if (options.body !== undefined)
		headers['Content-Type'] = 'application/json';
	const response = await fetch(path, {
		method: options.method || 'GET',
		headers,
		body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
		credentials: 'same-origin',
	});
	let data = null;
	try {
		data = await response.json();
	} catch (e) {
		data = null;
	}
	if (!response.ok) {
		const error = data && data.error ? data.error : {};
		const failure = new ApiError(response.status, error.code || 'http_' + response.status,
			error.message || response.statusText, error.field || null);
		failure.alternatives = error.alternatives || [];
		failure.retryAfter = Number(response.headers.get('Retry-After')) || null;
		throw failure;
	}
	return data;
}

// "2026-12-14" -> "Thứ Hai, 14/12/2026" (dd/mm/yyyy in both languages, as in Vietnam)
export function formatDate (iso) {
	const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
	const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
	const dd = String(d).padStart(2, '0');
	const mm = String(m).padStart(2, '0');
	return t('weekday.' + weekday) + ', ' + dd + '/' + mm + '/' + y;
}

// "2026-12-14T10:15:00+07:00" -> "10:15": every time of the API is already Vietnam time
export function formatTime (rfc3339) {
	return rfc3339.slice(11, 16);
}

// The path's segments after a prefix: "/u/25747/25747-20261214" -> ["u", "25747", ...]
export function pathSegments () {
	return window.location.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
}

// Removes the children of @node and puts @children in
export function replace (node, ...children) {
	node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
}

// Fills the page's fixed texts ([data-i18n]) and the language switch
export async function setup (titleKey) {
	// the daemon writes the page's catalogue into it; a page without one asks for it
	const embedded = document.getElementById('tg-catalogue');
	if (embedded) {
		catalogue = JSON.parse(embedded.textContent);
	} else {
		const response = await fetch('/i18n/' + lang + '.json', { credentials: 'same-origin' });
		catalogue = await response.json();
	}
	for (const node of document.querySelectorAll('[data-i18n]'))
		node.textContent = t(node.dataset.i18n);
	const other = lang === 'vi' ? 'en' : 'vi';
	const toggle = document.getElementById('lang-switch');
	if (toggle) {
		const url = new URL(window.location.href);
		url.searchParams.set('lang', other);
		toggle.href = url.pathname + url.search;
		toggle.lang = other;
		toggle.hreflang = other;
	}
	setTitle(t(titleKey));
}

export function setTitle (text) {
	document.title = text + ' · ' + t('site.name');
}

// A message in the page's live region (loading, errors), with an optional retry button
export function showStatus (container, text, retry = null) {
	const children = [el('p', {}, text)];
	if (retry)
		children.push(el('button', { type: 'button', class: 'secondary' }, t('site.retry')));
	replace(container, children);
	if (retry)
		container.querySelector('button').addEventListener('click', retry);
}

// Whether the booking window of an occurrence is open now: "notyet", "open" or "closed"
export function bookingWindow (occurrence, booking, now = Date.now()) {
	const start = Date.parse(occurrence.reception.start);
	const opens = start - booking.opens_days_before * 24 * 3600 * 1000;
	const closes = start - booking.closes_hours_before * 3600 * 1000;
	if (now < opens)
		return { state: 'notyet', opens: new Date(opens) };
	if (now >= closes)
		return { state: 'closed' };
	return { state: 'open' };
}

// A Date as the "YYYY-MM-DD" of its day in Vietnam (UTC+7)
export function vietnamDay (date) {
	return new Date(date.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

// Lower case without diacritics, for searching names ("Phú Cường" ~ "phu cuong")
export function fold (text) {
	return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd')
		.replace(/Đ/g, 'D').toLowerCase();
}

// What a citizen can do with @occurrence: its state, and the places left when it is open
export async function occurrenceState (occurrence, booking) {
	if (occurrence.status === 'cancelled')
		return { state: 'cancelled' };
	const span = bookingWindow(occurrence, booking);
	if (span.state !== 'open')
		return span;
	const data = await api('/api/v1/occurrences/' + encodeURIComponent(occurrence.id) + '/slots');
	let available = 0;
	let capacity = 0;
	for (const slot of data.slots) {
		available += slot.available;
		capacity += slot.capacity;
	}
	return { state: available > 0 ? 'open' : 'full', available, capacity, slots: data.slots };
}

// One labelled field; @attrs go to the input
export function field (id, labelKey, control, hintKey = null) {
	const hint = hintKey ? el('p', { class: 'hint', id: id + '-hint' }, t(hintKey)) : null;
	if (hint)
		control.setAttribute('aria-describedby', id + '-hint');
	return el('div', { class: 'field', id: id + '-field' },
		el('label', { for: id }, t(labelKey)), hint,
		el('p', { class: 'error-message', id: id + '-error', hidden: true }), control);
}

// An error summary at the top that names each field in error and links to it
export function errorSummary (errors) {
	const box = el('div', { class: 'error-summary', id: 'error-summary', role: 'alert', tabindex: '-1',
		'aria-labelledby': 'error-summary-title' },
	el('h2', { id: 'error-summary-title' }, t('form.error.title')),
	el('ul', {}, errors.map((e) => el('li', {},
		e.id ? el('a', { href: '#' + e.id }, e.text) : e.text))));
	for (const link of box.querySelectorAll('a')) {
		link.addEventListener('click', (event) => {
			event.preventDefault();
			const target = document.getElementById(link.getAttribute('href').slice(1));
			if (target)
				target.focus();
		});
	}
	return box;
}

// Takes the marks of earlier errors off @form's fields
export function clearErrors (form) {
	for (const node of form.querySelectorAll('.error-message'))
		node.hidden = true;
	for (const node of form.querySelectorAll('[aria-invalid]'))
		node.removeAttribute('aria-invalid');
}

export function showErrors (form, summaryHolder, errors) {
	clearErrors(form);
	for (const e of errors) {
		const message = document.getElementById(e.id + '-error');
		const control = document.getElementById(e.id);
		if (message) {
			message.textContent = e.message;
			message.hidden = false;
		}
		if (control) {
			control.setAttribute('aria-invalid', 'true');
			const described = (control.getAttribute('aria-describedby') || '').split(' ')
				.filter((x) => x && x !== e.id + '-error');
			control.setAttribute('aria-describedby', [e.id + '-error', ...described].join(' '));
		}
	}
	const summary = errorSummary(errors);
	replace(summaryHolder, summary);
	summary.focus();
}
