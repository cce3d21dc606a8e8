// details.js: the steps after a slot: the person's details, the check of the answers, the
// submission, and what follows it (the email to confirm, or the ticket)
import { api, el, field, formatDate, formatTime, replace, setTitle, showErrors, t } from './lib.js';

const CATEGORIES = ['late_dossier', 'procedure', 'feedback', 'complaint', 'other'];

// "+84 912 345 678", "0912.345.678" -> "0912345678"; what is not a number is left as it is
export function normalizePhone (text) {
	let digits = text.replace(/[\s.\-()]/g, '');
	if (digits.startsWith('+84'))
		digits = '0' + digits.slice(3);
	else if (digits.startsWith('84') && digits.length === 11)
		digits = '0' + digits.slice(2);
	return digits;
}

function input (id, name, attrs) {
	return el('input', Object.assign({ id, name }, attrs));
}

// The API's field ("requester.phone") -> the id of the control that holds it
const FIELD_IDS = {
	'requester.kind': 'kind-citizen', 'requester.name': 'name', 'requester.phone': 'phone',
	'requester.email': 'email', 'requester.organization': 'organization',
	'requester.tax_code': 'tax-code', 'topic.category': 'category', 'topic.dossier_code': 'dossier',
	'topic.summary': 'summary', 'consent': 'consent', 'language': 'language',
	'slot': 'slot-form', 'occurrence': 'slot-form',
};

// What the form holds, as the API's request
function readForm (form, ctx) {
	const value = (name) => (form.elements[name] ? form.elements[name].value.trim() : '');
	const kind = form.querySelector('input[name="kind"]:checked').value;
	const nullable = (v) => (v === '' ? null : v);
	return {
		occurrence: ctx.occurrence.id,
		slot: ctx.slot,
		requester: {
			kind,
			name: value('name'),
			phone: normalizePhone(value('phone')),
			email: nullable(value('email')),
			organization: kind === 'enterprise' ? nullable(value('organization')) : null,
			tax_code: kind === 'enterprise' ? nullable(value('tax_code').replace(/\s/g, '')) : null,
		},
		topic: { category: value('category'), dossier_code: nullable(value('dossier_code')), summary: nullable(value('summary')) },
		language: value('language') || 'vi',
		consent: form.elements.consent.checked,
		waitlist: ctx.waitlist,
	};
}

// The checks the page makes before the server's own
function checkForm (request) {
	const errors = [];
	const add = (id, key) => errors.push({ id, message: t(key), text: t('field.' + id) + ': ' + t(key) });
	const r = request.requester;
	if (r.kind === 'enterprise' && !r.organization)
		add('organization', 'error.required');
	if (r.kind === 'enterprise' && !/^\d{10}(-?\d{3})?$/.test(r.tax_code || ''))
		add('tax-code', 'error.tax_code');
	if (!r.name)
		add('name', 'error.required');
	if (!/^0\d{9}$/.test(r.phone))
		add('phone', 'error.phone');
	if (!r.email)
		add('email', 'error.required');
	else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(r.email))
		add('email', 'error.email');
	if (!request.topic.category)
		add('category', 'error.required');
	if (!request.consent)
		add('consent', 'error.consent');
	return errors;
}

function detailsForm (ctx, saved) {
	const kindChoice = (value) => el('div', { class: 'choice inline' },
		el('input', { type: 'radio', name: 'kind', id: 'kind-' + value, value,
			checked: (saved ? saved.requester.kind : 'citizen') === value }),
		el('label', { for: 'kind-' + value }, t('details.kind.' + value)));
	const category = el('select', { id: 'category', name: 'category', required: true },
		el('option', { value: '' }, t('details.category.choose')),
		CATEGORIES.map((c) => el('option', { value: c }, t('category.' + c))));
	const language = el('select', { id: 'language', name: 'language', autocomplete: 'language' },
		el('option', { value: 'vi' }, 'Tiếng Việt'), el('option', { value: 'en' }, 'English'));
	const enterprise = el('div', { id: 'enterprise-fields', class: 'group' },
		field('organization', 'field.organization', input('organization', 'organization',
			{ type: 'text', autocomplete: 'organization', maxlength: 200 })),
		field('tax-code', 'field.tax-code', input('tax-code', 'tax_code',
			{ type: 'text', inputmode: 'numeric', autocomplete: 'off', maxlength: 14 }), 'details.tax.hint'));
	const form = el('form', { id: 'details-form', novalidate: true },
		el('fieldset', { class: 'kind' }, el('legend', {}, t('details.kind')),
			kindChoice('citizen'), kindChoice('enterprise')),
		enterprise,
		field('name', 'field.name', input('name', 'name', { type: 'text', autocomplete: 'name', maxlength: 200 })),
		field('phone', 'field.phone', input('phone', 'phone',
			{ type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: 20 }), 'details.phone.hint'),
		field('email', 'field.email', input('email', 'email',
			{ type: 'email', inputmode: 'email', autocomplete: 'email', maxlength: 254 }), 'details.email.hint'),
		field('category', 'field.category', category),
		field('dossier', 'field.dossier', input('dossier', 'dossier_code',
			{ type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: 40 }), 'details.dossier.hint'),
		field('summary', 'field.summary', el('textarea', { id: 'summary', name: 'summary', rows: 4, maxlength: 2000 })),
		field('language', 'field.language', language, 'details.language.hint'),
		el('div', { class: 'field consent', id: 'consent-field' },
			el('p', { class: 'hint', id: 'consent-notice' }, t('details.privacy')),
			el('p', { class: 'error-message', id: 'consent-error', hidden: true }),
			el('div', { class: 'check' },
				el('input', { type: 'checkbox', id: 'consent', name: 'consent', 'aria-describedby': 'consent-notice' }),
				el('label', { for: 'consent' }, t('field.consent')))),
		el('p', {}, el('button', { type: 'submit', id: 'details-continue' }, t('details.continue'))));
	const update = () => {
		enterprise.hidden = !form.querySelector('#kind-enterprise').checked;
	};
	for (const radio of form.querySelectorAll('input[name="kind"]'))
		radio.addEventListener('change', update);
	if (saved) {
		const r = saved.requester;
		form.elements.name.value = r.name;
		form.elements.phone.value = r.phone;
		form.elements.email.value = r.email || '';
		form.elements.organization.value = r.organization || '';
		form.elements.tax_code.value = r.tax_code || '';
		form.elements.category.value = saved.topic.category;
		form.elements.dossier_code.value = saved.topic.dossier_code || '';
		form.elements.summary.value = saved.topic.summary || '';
		form.elements.language.value = saved.language;
		form.elements.consent.checked = saved.consent;
	} else {
		form.elements.language.value = document.documentElement.lang === 'en' ? 'en' : 'vi';
	}
	update();
	// the phone as the server keeps it, once the person leaves the field
	form.elements.phone.addEventListener('change', () => {
		const normal = normalizePhone(form.elements.phone.value);
		if (/^0\d{9}$/.test(normal))
			form.elements.phone.value = normal;
	});
	return form;
}

function whenText (ctx) {
	if (ctx.waitlist)
		return t('check.waitlist', { date: formatDate(ctx.occurrence.date) });
	const slot = ctx.slots.find((s) => formatTime(s.start) === ctx.slot);
	return t('slots.chosen', { start: formatTime(slot.start), end: formatTime(slot.end), date: formatDate(ctx.occurrence.date) });
}

// the page's one heading (its h1) names the step, as does the window's title
function stepHeading (key) {
	const heading = document.getElementById('title');
	heading.tabIndex = -1;
	heading.textContent = t(key);
	setTitle(t(key));
	return heading;
}

// Step 1: the details
export function showDetails (container, ctx, saved = null, focusId = null) {
	const summaryHolder = el('div', { id: 'summary-holder' });
	const form = detailsForm(ctx, saved);
	const heading = stepHeading('details.title');
	replace(container, el('p', { class: 'step' }, t('details.step')),
		el('p', { class: 'chosen', id: 'chosen' }, whenText(ctx)),
		el('p', {}, el('a', { href: '#', id: 'change-slot' }, t('details.change.slot'))),
		summaryHolder, form);
	container.querySelector('#change-slot').addEventListener('click', (event) => {
		event.preventDefault();
		ctx.back();
	});
	form.addEventListener('submit', (event) => {
		event.preventDefault();
		const request = readForm(form, ctx);
		const errors = checkForm(request);
		if (errors.length > 0) {
			showErrors(form, summaryHolder, errors);
			return;
		}
		showCheck(container, ctx, request);
	});
	const target = focusId ? document.getElementById(focusId) : heading;
	if (target)
		target.focus();
	if (ctx.apiError)
		showApiError(form, summaryHolder, ctx.apiError);
	ctx.apiError = null;
}

function showApiError (form, summaryHolder, error) {
	const id = FIELD_IDS[error.field] || null;
	const label = id && document.getElementById(id + '-field') ? t('field.' + id) + ': ' : '';
	showErrors(form, summaryHolder, [{ id, message: error.message, text: label + error.message }]);
}

// Step 2: the answers to check, each with a link to change it
function showCheck (container, ctx, request) {
	const r = request.requester;
	const rows = [
		['check.when', whenText(ctx), null],
		['details.kind', t('details.kind.' + r.kind), 'kind-citizen'],
	];
	if (r.kind === 'enterprise') {
		rows.push(['field.organization', r.organization, 'organization']);
		rows.push(['field.tax-code', r.tax_code, 'tax-code']);
	}
	rows.push(['field.name', r.name, 'name'], ['field.phone', r.phone, 'phone'],
		['field.email', r.email, 'email'], ['field.category', t('category.' + request.topic.category), 'category'],
		['field.dossier', request.topic.dossier_code || t('check.none'), 'dossier'],
		['field.summary', request.topic.summary || t('check.none'), 'summary'],
		['field.language', request.language === 'en' ? 'English' : 'Tiếng Việt', 'language']);
	const list = el('dl', { class: 'answers' }, rows.map(([key, value, id]) => el('div', { class: 'row' },
		el('dt', {}, t(key)), el('dd', {}, value),
		el('dd', { class: 'change' }, el('a', { href: '#' + (id || 'slot'), 'data-field': id || '' },
			t('check.change'), el('span', { class: 'visually-hidden' }, ' ' + t(key)))))));
	const status = el('div', { id: 'submit-status', role: 'status' });
	const submit = el('button', { type: 'button', id: 'submit-booking' }, t(ctx.waitlist ? 'check.submit.waitlist' : 'check.submit'));
	const heading = stepHeading('check.title');
	replace(container, el('p', { class: 'step' }, t('check.step')), list,
		el('p', { class: 'hint' }, t('check.consent')), el('p', {}, submit), status);
	heading.focus();
	for (const link of list.querySelectorAll('a')) {
		link.addEventListener('click', (event) => {
			event.preventDefault();
			if (link.dataset.field === '')
				ctx.back();
			else
				showDetails(container, ctx, request, link.dataset.field);
		});
	}
	submit.addEventListener('click', async () => {
		submit.disabled = true;
		status.textContent = t('check.sending');
		try {
			const data = await api('/api/v1/bookings', { method: 'POST', body: request });
			const booking = data.booking;
			const link = '/b/' + encodeURIComponent(booking.id) + '?token=' + encodeURIComponent(data.manage_token);
			if (booking.status === 'pending')
				showCheckEmail(container, booking, data.manage_token, link);
			else
				window.location.assign(link);
		} catch (e) {
			submit.disabled = false;
			status.textContent = '';
			showRefusal(container, ctx, request, e);
		}
	});
}

// A refusal of the submission, in words, with what can be done
function showRefusal (container, ctx, request, error) {
	if (error.code === 'invalid' || error.code === 'duplicate_booking') {
		ctx.apiError = error;
		showDetails(container, ctx, request, null);
		return;
	}
	const parts = [el('h2', { id: 'refusal-title', tabindex: '-1' }, t('refusal.title')),
		el('p', {}, error.message)];
	if (error.code === 'slot_full' && error.alternatives && error.alternatives.length > 0) {
		parts.push(el('p', {}, t('refusal.alternatives')));
		parts.push(el('ul', { class: 'alternatives' }, error.alternatives.map((a) => el('li', {},
			el('button', { type: 'button', class: 'secondary', 'data-occurrence': a.occurrence, 'data-slot': a.slot },
				formatDate(a.date) + ', ' + a.slot)))));
	} else if (error.code === 'rate_limited') {
		parts.push(el('p', {}, t('refusal.retry', { minutes: Math.max(1, Math.ceil((error.retryAfter || 60) / 60)) })));
	} else if (error.code === 'occurrence_cancelled') {
		parts.push(el('p', {}, t('refusal.cancelled')));
	}
	parts.push(el('p', {}, el('a', { href: '#', id: 'refusal-back' }, t('refusal.back'))));
	const box = el('div', { class: 'error-summary', role: 'alert' }, parts);
	replace(container, box);
	box.querySelector('h2').focus();
	box.querySelector('#refusal-back').addEventListener('click', (event) => {
		event.preventDefault();
		ctx.back();
	});
	for (const button of box.querySelectorAll('button[data-slot]')) {
		button.addEventListener('click', () => {
			if (button.dataset.occurrence === ctx.occurrence.id) {
				ctx.slot = button.dataset.slot;
				request.slot = button.dataset.slot;
				showCheck(container, ctx, request);
			} else {
				window.location.assign('/u/' + encodeURIComponent(ctx.unit.code) + '/' + encodeURIComponent(button.dataset.occurrence));
			}
		});
	}
}

// Step 3 with email confirmation: the address, the hold's deadline, a button to send again
function showCheckEmail (container, booking, token, link) {
	const deadline = booking.hold_expires_at ? formatTime(booking.hold_expires_at) : null;
	const status = el('p', { id: 'resend-status', role: 'status' });
	const resend = el('button', { type: 'button', class: 'secondary', id: 'resend' }, t('email.resend'));
	const heading = stepHeading('email.title');
	replace(container,
		el('p', {}, t('email.sent', { email: booking.requester.email })),
		deadline ? el('p', { class: 'deadline' }, t('email.deadline', { time: deadline, date: formatDate(booking.hold_expires_at) })) : null,
		el('p', {}, t('email.spam')),
		el('p', {}, resend), status,
		el('p', {}, el('a', { href: link, id: 'booking-link' }, t('email.page'))));
	heading.focus();
	resend.addEventListener('click', async () => {
		resend.disabled = true;
		try {
			await api('/api/v1/bookings/' + encodeURIComponent(booking.id) + '/resend?token=' + encodeURIComponent(token), { method: 'POST', body: {} });
			status.textContent = t('email.resent', { email: booking.requester.email });
		} catch (e) {
			status.textContent = e.code === 'rate_limited'
				? t('refusal.retry', { minutes: Math.max(1, Math.ceil((e.retryAfter || 60) / 60)) }) : e.message;
		}
		resend.disabled = false;
	});
}
