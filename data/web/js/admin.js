// admin.js: the administrator's page (/admin): access tokens (made with the secret shown
// once, revoked after a second step), the year's holiday decisions, the outbox with the
// retry of a failed message, and the import of units from a JSON, CSV or TSV file.
import { clearErrors, el, formatDate, replace, setup, showErrors, t } from './lib.js';
import { change, read } from './session.js';
import { officeSession, shortDate, shortDateTime } from './office.js';

const $ = (id) => document.getElementById(id);

function say (node, text, isError = false) {
	replace(node, el('p', { class: isError ? 'error-message' : 'done' }, text));
}

// The errors of a form as its summary: @errors are [{id, key or message}]; @prefix the
// label of the field
function formErrors (form, holder, errors) {
	showErrors(form, holder, errors.map((e) => {
		const message = e.message || t(e.key);
		const label = e.id ? document.querySelector('label[for="' + e.id + '"], #' + e.id + ' > legend') : null;
		return { id: e.id, message, text: (label ? label.textContent + ': ' : '') + message };
	}));
}

// An API error on a form: on its field when it names one of @fields (API name -> id)
function apiErrors (form, holder, error, fields) {
	const id = fields[error.field] || null;
	formErrors(form, holder, [{ id, message: error.message }]);
}

function table (id, caption, heads, rows) {
	return el('table', { id, class: 'list' },
		el('caption', {}, caption),
		el('thead', {}, el('tr', {}, heads.map((h) => el('th', { scope: 'col' }, h)))),
		el('tbody', {}, rows));
}

// ---- tokens ----

async function copySecret (input, status) {
	try {
		await navigator.clipboard.writeText(input.value);
		say(status, t('admin.tokens.copied'));
	} catch (e) {
		input.focus();
		input.select();
		say(status, t('staff.feed.select'));
	}
}

function showSecret (token) {
	const input = el('input', { type: 'text', id: 'token-secret-value', readonly: true, value: token.token,
		spellcheck: 'false', 'aria-describedby': 'token-secret-hint' });
	const status = $('token-status');
	const copy = el('button', { type: 'button', id: 'token-copy' }, t('admin.tokens.copy'));
	copy.addEventListener('click', () => copySecret(input, status));
	replace($('token-secret'), el('div', { class: 'secret' },
		el('h3', {}, t('admin.tokens.made', { name: token.name || token.id })),
		el('div', { class: 'field' },
			el('label', { for: 'token-secret-value' }, t('admin.tokens.secret')),
			el('p', { class: 'hint', id: 'token-secret-hint' }, t('admin.tokens.once')),
			input),
		el('p', { class: 'actions' }, copy)));
	input.focus();
}

function askRevoke (token, row) {
	const box = $('revoke-confirm');
	const yes = el('button', { type: 'button', class: 'danger', id: 'revoke-yes' }, t('admin.tokens.revoke.yes'));
	const no = el('button', { type: 'button', class: 'secondary', id: 'revoke-no' }, t('admin.tokens.revoke.no'));
	const back = () => {
		replace(box);
		box.hidden = true;
		row.querySelector('button').focus();
	};
	no.addEventListener('click', back);
	yes.addEventListener('click', async () => {
		try {
			await change('/api/v1/tokens/' + encodeURIComponent(token.id), 'DELETE');
			replace(box);
			box.hidden = true;
			await loadTokens();
			say($('token-status'), t('admin.tokens.revoked', { name: token.name || token.id }));
			$('tokens-table').focus();
		} catch (e) {
			say($('token-status'), t('site.error', { message: e.message }), true);
		}
	});
	replace(box, el('p', { id: 'revoke-question' }, t('admin.tokens.revoke.sure', { name: token.name || token.id })),
		el('p', { class: 'actions' }, yes, no));
	box.hidden = false;
	box.focus();
}

async function loadTokens () {
	const data = await read('/api/v1/tokens');
	const rows = data.tokens.map((token) => {
		const row = el('tr', { id: 'token-' + token.id });
		const revoke = token.revoked_at ? null
			: el('button', { type: 'button', class: 'secondary small' }, t('admin.tokens.revoke'),
				el('span', { class: 'visually-hidden' }, ' ' + (token.name || token.id)));
		if (revoke)
			revoke.addEventListener('click', () => askRevoke(token, row));
		row.append(el('td', {}, token.name || '—'),
			el('td', {}, t('staff.role.' + (['admin', 'secretary', 'staff'].includes(token.role) ? token.role : 'staff'))),
			el('td', {}, token.unit || '—'),
			el('td', {}, el('code', {}, token.id.slice(0, 8))),
			el('td', {}, shortDateTime(token.created_at)),
			el('td', { class: token.revoked_at ? 'state-revoked' : 'state-active' },
				token.revoked_at ? t('admin.tokens.state.revoked', { date: shortDateTime(token.revoked_at) })
					: t('admin.tokens.state.active')),
			el('td', {}, revoke));
		return row;
	});
	const list = table('tokens-table', t('admin.tokens.list'),
		[t('admin.tokens.name'), t('admin.tokens.role'), t('admin.tokens.unit'), t('admin.tokens.id'),
			t('admin.tokens.created'), t('admin.tokens.state'), t('admin.tokens.action')], rows);
	list.setAttribute('tabindex', '-1');
	replace($('tokens'), list, el('div', { id: 'revoke-confirm', class: 'confirm', tabindex: '-1', role: 'group',
		'aria-labelledby': 'revoke-question', hidden: true }));
}

function setupTokens () {
	const form = $('token-form');
	const holder = $('token-summary');
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		const role = form.elements.role.value;
		const body = { role };
		const unit = form.elements.unit.value.trim();
		const name = form.elements.name.value.trim();
		const email = form.elements.email.value.trim();
		const errors = [];
		if (role === 'admin' && unit !== '')
			errors.push({ id: 'token-unit', key: 'admin.tokens.error.admin_unit' });
		if (role !== 'admin' && !/^\d{1,10}$/.test(unit))
			errors.push({ id: 'token-unit', key: 'admin.tokens.error.unit' });
		if (name === '')
			errors.push({ id: 'token-name', key: 'admin.tokens.error.name' });
		if (email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
			errors.push({ id: 'token-email', key: 'error.email' });
		if (errors.length > 0) {
			formErrors(form, holder, errors);
			return;
		}
		if (unit !== '')
			body.unit = unit;
		body.name = name;
		if (email !== '')
			body.email = email;
		clearErrors(form);
		replace(holder);
		try {
			const token = await change('/api/v1/tokens', 'POST', body);
			form.reset();
			await loadTokens();
			showSecret(token);
		} catch (e) {
			apiErrors(form, holder, e, { role: 'token-role', unit: 'token-unit', name: 'token-name', email: 'token-email' });
		}
	});
}

// ---- holidays ----

function holidayKind (day) {
	const kind = ['statutory', 'compensatory', 'decided'].includes(day.kind) ? day.kind : 'decided';
	return t('admin.holidays.kind.' + kind) + (day.estimated ? ' (' + t('admin.holidays.estimated') + ')' : '');
}

async function deleteHoliday (date) {
	try {
		await change('/api/v1/holidays/' + encodeURIComponent(date), 'DELETE');
		await loadHolidays(Number(date.slice(0, 4)));
		say($('holiday-status'), t('admin.holidays.deleted', { date: shortDate(date) }));
		$('holidays-table').focus();
	} catch (e) {
		say($('holiday-status'), t('site.error', { message: e.message }), true);
	}
}

async function loadHolidays (year) {
	$('holiday-year').value = String(year);
	const data = await read('/api/v1/holidays?year=' + year);
	const days = data.days_off.map((d) => Object.assign({ off: true }, d))
		.concat(data.working_days.map((d) => Object.assign({ off: false, kind: 'decided' }, d)))
		.sort((a, b) => a.date.localeCompare(b.date));
	const rows = days.map((d) => {
		let action = null;
		if (d.kind === 'decided') {
			action = el('button', { type: 'button', class: 'secondary small' }, t('admin.holidays.delete'),
				el('span', { class: 'visually-hidden' }, ' ' + shortDate(d.date)));
			action.addEventListener('click', () => deleteHoliday(d.date));
		}
		return el('tr', { id: 'holiday-' + d.date },
			el('td', {}, formatDate(d.date)),
			el('td', {}, d.name || ''),
			el('td', {}, d.off ? t('admin.holidays.day_off.short') : t('admin.holidays.working_day.short')),
			el('td', {}, holidayKind(d)),
			el('td', {}, action));
	});
	const list = table('holidays-table', t('admin.holidays.list', { year }),
		[t('admin.holidays.date'), t('admin.holidays.name'), t('admin.holidays.kind'), t('admin.holidays.source'),
			t('admin.tokens.action')], rows);
	list.setAttribute('tabindex', '-1');
	replace($('holidays'), list);
}

function setupHolidays () {
	const yearForm = $('year-form');
	yearForm.addEventListener('submit', async (event) => {
		event.preventDefault();
		const year = Number(yearForm.elements.year.value);
		if (!Number.isInteger(year) || year < 1901 || year > 2099) {
			formErrors(yearForm, $('holiday-status'), [{ id: 'holiday-year', key: 'admin.holidays.error.year' }]);
			return;
		}
		clearErrors(yearForm);
		replace($('holiday-status'));
		try {
			await loadHolidays(year);
		} catch (e) {
			say($('holiday-status'), t('site.error', { message: e.message }), true);
		}
	});
	const form = $('holiday-form');
	const holder = $('holiday-summary');
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		const date = form.elements.date.value;
		const kind = form.querySelector('input[name="kind"]:checked').value;
		const name = form.elements.name.value.trim();
		const errors = [];
		if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
			errors.push({ id: 'holiday-date', key: 'admin.holidays.error.date' });
		if (name === '')
			errors.push({ id: 'holiday-name', key: 'admin.holidays.error.name' });
		if (errors.length > 0) {
			formErrors(form, holder, errors);
			return;
		}
		clearErrors(form);
		replace(holder);
		try {
			await change('/api/v1/holidays/' + encodeURIComponent(date), 'PUT', { kind, name });
			form.reset();
			await loadHolidays(Number(date.slice(0, 4)));
			say($('holiday-status'), t('admin.holidays.saved', { date: shortDate(date) }));
			$('holidays-table').focus();
		} catch (e) {
			apiErrors(form, holder, e, { date: 'holiday-date', kind: 'holiday-day-off', name: 'holiday-name' });
		}
	});
}

// ---- the outbox ----

const OUTBOX_STATES = ['queued', 'sending', 'sent', 'failed', 'dead', 'superseded'];

async function retry (message) {
	try {
		await change('/api/v1/outbox/' + encodeURIComponent(message.id) + '/retry', 'POST');
		await loadOutbox();
		say($('outbox-status-line'), t('admin.outbox.retried', { id: message.id }));
		$('outbox-table').focus();
	} catch (e) {
		say($('outbox-status-line'), t('site.error', { message: e.message }), true);
	}
}

async function loadOutbox () {
	const status = $('outbox-status').value;
	const data = await read('/api/v1/outbox' + (status ? '?status=' + encodeURIComponent(status) : ''));
	const rows = data.messages.map((m) => {
		let action = null;
		if (m.status === 'failed' || m.status === 'dead') {
			action = el('button', { type: 'button', class: 'secondary small', id: 'retry-' + m.id }, t('admin.outbox.retry'),
				el('span', { class: 'visually-hidden' }, ' ' + t('admin.outbox.number', { id: m.id })));
			action.addEventListener('click', () => retry(m));
		}
		const state = OUTBOX_STATES.includes(m.status) ? m.status : 'queued';
		return el('tr', { id: 'message-' + m.id },
			el('td', {}, String(m.id)),
			el('td', {}, el('code', {}, m.kind || '')),
			el('td', { class: 'state-' + state }, t('admin.outbox.status.' + state)),
			el('td', { class: 'num' }, String(m.attempts)),
			el('td', {}, shortDateTime(m.due_at)),
			el('td', {}, m.recipient_domain || ''),
			el('td', { class: 'wrap' }, m.last_error || ''),
			el('td', {}, action));
	});
	const list = rows.length > 0
		? table('outbox-table', t('admin.outbox.list', { count: rows.length }),
			[t('admin.outbox.id'), t('admin.outbox.kind'), t('admin.outbox.status'), t('admin.outbox.attempts'),
				t('admin.outbox.due'), t('admin.outbox.domain'), t('admin.outbox.error'), t('admin.tokens.action')], rows)
		: el('p', { id: 'outbox-table', class: 'none' }, t('admin.outbox.none'));
	list.setAttribute('tabindex', '-1');
	replace($('outbox'), list);
}

function setupOutbox () {
	$('outbox-status').value = 'failed';
	$('outbox-form').addEventListener('submit', async (event) => {
		event.preventDefault();
		replace($('outbox-status-line'));
		try {
			await loadOutbox();
		} catch (e) {
			say($('outbox-status-line'), t('site.error', { message: e.message }), true);
		}
	});
}

// ---- units import ----

const COLUMNS = ['code', 'name', 'type', 'level', 'parent', 'valid_from', 'valid_to', 'predecessors'];
const LEVELS = ['province', 'district', 'commune'];

// The cells of one line of CSV (quotes as RFC 4180, within the line) or TSV
function cells (line, separator) {
	if (separator === '\t')
		return line.split('\t');
	const out = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (quoted) {
			if (c === '"' && line[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') {
				quoted = false;
			} else {
				cell += c;
			}
		} else if (c === '"') {
			quoted = true;
		} else if (c === separator) {
			out.push(cell);
			cell = '';
		} else {
			cell += c;
		}
	}
	out.push(cell);
	return out;
}

// A table file as the API's units, each with its line: {units, lines, errors}
function parseTable (text) {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	const units = [];
	const where = [];
	const errors = [];
	let header = null;
	let separator = '\t';
	lines.forEach((line, i) => {
		const number = i + 1;
		if (line.trim() === '' || line.startsWith('#'))
			return;
		if (!header) {
			separator = line.includes('\t') ? '\t' : (line.includes(';') && !line.includes(',') ? ';' : ',');
			header = cells(line, separator).map((h) => h.trim().toLowerCase());
			for (const need of ['code', 'name', 'level', 'valid_from'])
				if (!header.includes(need))
					errors.push({ line: number, text: t('admin.units.error.column', { column: need }) });
			return;
		}
		const row = cells(line, separator);
		if (row.length !== header.length) {
			errors.push({ line: number, text: t('admin.units.error.cells', { count: row.length, expected: header.length }) });
			return;
		}
		const unit = {};
		header.forEach((name, k) => {
			const value = row[k].trim();
			if (!COLUMNS.includes(name) || value === '')
				return;
			unit[name] = name === 'predecessors' ? value.split(/[;|]/).map((p) => p.trim()).filter((p) => p) : value;
		});
		units.push(unit);
		where.push(number);
	});
	if (!header)
		errors.push({ line: 1, text: t('admin.units.error.empty') });
	return { units, lines: where, errors };
}

// What the page can see wrong in one unit before the server does
function checkUnit (unit) {
	const errors = [];
	if (!/^\d{1,10}$/.test(unit.code || ''))
		errors.push(t('admin.units.error.code'));
	if (!unit.name)
		errors.push(t('admin.units.error.name'));
	if (!LEVELS.includes(unit.level))
		errors.push(t('admin.units.error.level'));
	if (unit.parent && !/^\d{1,10}$/.test(unit.parent))
		errors.push(t('admin.units.error.parent'));
	for (const k of ['valid_from', 'valid_to'])
		if (unit[k] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(unit[k]))
			errors.push(t('admin.units.error.date', { column: k }));
	return errors;
}

function parseFile (name, text) {
	if (/\.json$/i.test(name) || /^\s*[[{]/.test(text)) {
		let data;
		try {
			data = JSON.parse(text);
		} catch (e) {
			return { units: [], lines: [], errors: [{ line: null, text: t('admin.units.error.json') }], json: true };
		}
		const units = Array.isArray(data) ? data : (data && Array.isArray(data.units) ? data.units : null);
		if (!units)
			return { units: [], lines: [], errors: [{ line: null, text: t('admin.units.error.json') }], json: true };
		return { units, lines: units.map((u, i) => i + 1), errors: [], json: true };
	}
	return parseTable(text);
}

function where (parsed, index) {
	if (index === null || index === undefined)
		return '';
	return parsed.json ? t('admin.units.item', { number: index }) : t('admin.units.line', { number: index });
}

function setupUnits () {
	const form = $('units-form');
	const holder = $('units-summary');
	const status = $('units-status');
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		replace(status);
		const file = form.elements.file.files[0];
		if (!file) {
			formErrors(form, holder, [{ id: 'units-file', key: 'admin.units.error.nofile' }]);
			return;
		}
		const parsed = parseFile(file.name, await file.text());
		const errors = parsed.errors.map((e) => ({ id: 'units-file', message: (e.line ? where(parsed, e.line) + ': ' : '') + e.text }));
		parsed.units.forEach((unit, i) => {
			for (const text of checkUnit(unit))
				errors.push({ id: 'units-file', message: where(parsed, parsed.lines[i]) + ': ' + text });
		});
		if (errors.length === 0 && parsed.units.length === 0)
			errors.push({ id: 'units-file', key: 'admin.units.error.none' });
		if (errors.length > 0) {
			formErrors(form, holder, errors);
			return;
		}
		clearErrors(form);
		replace(holder);
		say(status, t('admin.units.sending', { count: parsed.units.length }));
		try {
			const result = await change('/api/v1/units/import', 'POST', { units: parsed.units });
			say(status, t('admin.units.imported', { count: result.imported }));
			form.reset();
		} catch (e) {
			// "units[3].parent": the fourth unit, on its line of the file
			const match = /^units\[(\d+)\](?:\.(.+))?$/.exec(e.field || '');
			const index = match ? parsed.lines[Number(match[1])] : null;
			const text = (index ? where(parsed, index) + ': ' : '') + (match && match[2] ? match[2] + ': ' : '') + e.message;
			replace(status);
			formErrors(form, holder, [{ id: 'units-file', message: text }, { id: null, message: t('admin.units.nothing') }]);
		}
	});
}

async function main () {
	await setup('admin.title');
	const session = await officeSession(['admin'], $('status'));
	if (!session) {
		document.body.dataset.state = 'ready';
		return;
	}
	$('admin').hidden = false;
	setupTokens();
	setupHolidays();
	setupOutbox();
	setupUnits();
	try {
		await Promise.all([loadTokens(), loadHolidays(Number(new Date().toISOString().slice(0, 4))), loadOutbox()]);
	} catch (e) {
		say($('status'), t('site.error', { message: e.message }), true);
	}
	// the tests wait for this
	document.body.dataset.state = 'ready';
}

main();
