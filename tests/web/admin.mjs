// admin.mjs: the administrator's page: makes a token (the secret shown once, copied) and
// revokes it after the second step (the token then fails), adds and deletes a holiday
// decision, sends a failed message of the outbox again, imports units (a file with a bad
// row is refused with its line named, then a good one); with the keyboard alone at 360 px;
// axe finds no violation at 360 and 1280 px in vi and en.
// Usage: node admin.mjs BASE_URL RESULTS_DIR '{"admin", "secretary", "failed", "files"}'
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { base, check, checkAxe, checkProblems, launch, open, run, screenshotPath, tabTo, visit } from './browser.mjs';

const ids = JSON.parse(process.argv[4]);
mkdirSync(ids.files, { recursive: true });

async function signIn (page, token) {
	const r = await page.request.post(base + '/api/v1/session', { data: { token } });
	check(r.status() === 201, 'the official is signed in', String(r.status()));
}

async function bearer (method, path, token, body) {
	const r = await fetch(base + path, {
		method,
		headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
		body: body ? JSON.stringify(body) : undefined,
	});
	let data = null;
	try {
		data = await r.json();
	} catch (e) {
		data = null;
	}
	return { status: r.status, data };
}

// the expected refusals of a state are not problems
function allow (problems, pattern) {
	const rest = problems.filter((p) => !pattern.test(p));
	problems.length = 0;
	problems.push(...rest);
}

function file (name, text) {
	const path = join(ids.files, name);
	writeFileSync(path, text);
	return path;
}

const HEADER = 'code\tname\ttype\tlevel\tparent\tvalid_from\tvalid_to\tpredecessors\n';

async function overview (page, problems, width, lang) {
	const what = 'the administration page (' + lang + ', ' + width + ' px)';
	check(await page.getAttribute('html', 'lang') === lang, 'html lang is ' + lang + ' on ' + what);
	await page.waitForSelector('#tokens-table');
	await page.waitForSelector('#holidays-table');
	check(await page.locator('#tokens-table tbody tr').count() >= 2, 'the tokens are listed on ' + what);
	check(await page.locator('#message-' + ids.failed).count() === 1, 'the failed message is listed on ' + what);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
	check(!overflow, 'the page is no wider than the screen on ' + what);
	await checkAxe(page, what);
	await page.screenshot({ path: screenshotPath('admin-' + lang + '-' + width), fullPage: true });
	checkProblems(problems, what);
}

run(async () => {
	const { browser, close } = await launch();

	// 360 px, Vietnamese, the keyboard alone: a token made and revoked
	{
		const { context, page, problems } = await open(browser, 360);
		await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
		await signIn(page, ids.admin);
		await visit(page, '/staff');
		check(await page.isVisible('#tool-admin a') && await page.isVisible('#tool-report a'), 'the administrator\'s page links to both pages');
		await visit(page, '/admin');
		check((await page.textContent('h1')).trim() === 'Quản trị hệ thống', 'the administration page is in Vietnamese');
		await overview(page, problems, 360, 'vi');

		// an empty form: the error summary names the fields
		await page.focus('#token-role');
		await page.keyboard.press('ArrowDown'); // staff
		let f = await tabTo(page, (x) => x.id === 'token-create', 6);
		check(f !== null && f.ring, 'Tab reaches the button that makes a token, visibly', JSON.stringify(f));
		await page.keyboard.press('Enter');
		await page.waitForSelector('#token-summary .error-summary');
		const summary = await page.textContent('#token-summary');
		check(summary.includes('Mã đơn vị') && summary.includes('Họ và tên'), 'the missing unit and name are named in the summary', summary);
		check(await page.getAttribute('#token-unit', 'aria-invalid') === 'true', 'the unit field is marked invalid');
		await checkAxe(page, 'the token form with errors (vi, 360 px)');
		await page.screenshot({ path: screenshotPath('admin-token-error-vi-360'), fullPage: true });
		// the keyboard fills it in
		f = await tabTo(page, (x) => x.id === 'token-unit', 8);
		check(f !== null, 'Tab reaches the unit field');
		await page.keyboard.type('718');
		await page.keyboard.press('Tab');
		await page.keyboard.type('Phạm Văn Mới');
		f = await tabTo(page, (x) => x.id === 'token-create', 3);
		await page.keyboard.press('Enter');
		await page.waitForSelector('#token-secret-value');
		const secret = await page.inputValue('#token-secret-value');
		check(/^tg_/.test(secret), 'the new token\'s secret is shown', secret.slice(0, 4));
		check(await page.evaluate(() => document.activeElement.id) === 'token-secret-value', 'the focus goes to the secret');
		check((await bearer('POST', '/api/v1/feeds', secret)).status === 201, 'the new token works');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Enter'); // copy
		await page.waitForFunction(() => document.getElementById('token-status').textContent.trim() !== '');
		const copied = await page.evaluate(() => navigator.clipboard.readText());
		check(copied === secret, 'the copy button copies the secret');
		await checkAxe(page, 'a token made (vi, 360 px)');
		await page.screenshot({ path: screenshotPath('admin-token-made-vi-360'), fullPage: true });
		// revoke: the second step, then it fails
		const row = page.locator('#tokens-table tr', { hasText: 'Phạm Văn Mới' });
		await row.locator('button').focus();
		await page.keyboard.press('Enter');
		await page.waitForSelector('#revoke-yes');
		check(await page.evaluate(() => document.activeElement.id) === 'revoke-confirm', 'the question takes the focus');
		check((await page.textContent('#revoke-confirm')).includes('Phạm Văn Mới'), 'the question names the token');
		await checkAxe(page, 'the question before a revocation (vi, 360 px)');
		await page.screenshot({ path: screenshotPath('admin-revoke-vi-360'), fullPage: true });
		check((await bearer('POST', '/api/v1/feeds', secret)).status === 201, 'nothing is revoked before the second step');
		f = await tabTo(page, (x) => x.id === 'revoke-yes', 2);
		check(f !== null && f.ring, 'Tab reaches the revoke button, visibly', JSON.stringify(f));
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => document.getElementById('token-status').textContent.includes('Đã thu hồi'));
		check((await row.textContent()).includes('Đã thu hồi'), 'the list says the token is revoked');
		const after = await bearer('POST', '/api/v1/feeds', secret);
		check(after.status === 401, 'the revoked token fails', String(after.status));
		checkProblems(problems, 'tokens (vi, 360 px)');

		// the outbox, with the keyboard: send the failed message again
		await page.locator('#retry-' + ids.failed).focus();
		const [answer] = await Promise.all([
			page.waitForResponse((r) => r.url().endsWith('/api/v1/outbox/' + ids.failed + '/retry')),
			page.keyboard.press('Enter'),
		]);
		check(answer.status() === 200, 'the retry is accepted', String(answer.status()));
		check(answer.request().headers()['x-csrf-token'] !== undefined, 'the retry carries the CSRF token');
		await page.waitForFunction(() => document.getElementById('outbox-status-line').textContent.trim() !== '');
		const said = await page.textContent('#outbox-status-line');
		check(said.includes('số ' + ids.failed), 'the page says the message is queued again', said);
		const listed = await bearer('GET', '/api/v1/outbox', ids.admin);
		const message = listed.data.messages.find((m) => m.id === ids.failed);
		check(message && message.status !== 'failed' || (message && message.attempts <= 1), 'the message was queued again', JSON.stringify(message));
		await checkAxe(page, 'the outbox after a retry (vi, 360 px)');
		await page.screenshot({ path: screenshotPath('admin-outbox-vi-360'), fullPage: true });
		checkProblems(problems, 'the outbox (vi, 360 px)');
		await context.close();
	}

	// 1280 px, English, the mouse: holidays and units
	{
		const { context, page, problems } = await open(browser, 1280, { locale: 'en-GB' });
		await signIn(page, ids.admin);
		await visit(page, '/admin?lang=en');
		check((await page.textContent('h1')).trim() === 'Administration', 'the administration page is in English');
		await overview(page, problems, 1280, 'en');

		// a holiday decision: a Saturday worked, two years on
		const year = new Date().getUTCFullYear() + 2;
		const march = new Date(Date.UTC(year, 2, 1));
		march.setUTCDate(1 + (6 - march.getUTCDay() + 7) % 7);
		const saturday = march.toISOString().slice(0, 10);
		await page.click('#holiday-save');
		await page.waitForSelector('#holiday-summary .error-summary');
		check((await page.textContent('#holiday-summary')).includes('Date'), 'a decision without a date is refused in words');
		await checkAxe(page, 'the holiday form with errors (en, 1280 px)');
		await page.fill('#holiday-date', saturday);
		await page.check('#holiday-working');
		await page.fill('#holiday-name', 'Working day for 2 January');
		await page.click('#holiday-save');
		await page.waitForSelector('#holiday-' + saturday);
		check((await page.textContent('#holiday-' + saturday)).includes('Working day for 2 January'), 'the decision is in the year\'s list');
		const holidays = await bearer('GET', '/api/v1/holidays?year=' + year, ids.admin);
		check(holidays.data.working_days.some((d) => d.date === saturday), 'the server has the working day', JSON.stringify(holidays.data.working_days));
		await checkAxe(page, 'a holiday decision added (en, 1280 px)');
		await page.locator('#holiday-' + saturday).scrollIntoViewIfNeeded();
		await page.screenshot({ path: screenshotPath('admin-holiday-en-1280'), fullPage: true });
		await page.click('#holiday-' + saturday + ' button');
		await page.waitForFunction((d) => !document.getElementById('holiday-' + d), saturday);
		const gone = await bearer('GET', '/api/v1/holidays?year=' + year, ids.admin);
		check(!gone.data.working_days.some((d) => d.date === saturday), 'the deleted decision is gone');
		checkProblems(problems, 'holidays (en, 1280 px)');

		// units: a file with a bad row, then one the server refuses, then a good one
		await page.setInputFiles('#units-file', file('bad-level.tsv', '# units\n' + HEADER +
			'9990001\tXã Thử Một\tXã\tcommune\t718\t2026-01-01\t\t\n' +
			'9990002\tXã Thử Hai\tXã\tvillage\t718\t2026-01-01\t\t\n'));
		await page.click('#units-import');
		await page.waitForSelector('#units-summary .error-summary');
		let errors = await page.textContent('#units-summary');
		check(errors.includes('Line 4') && errors.includes('level'), 'the bad row is named by its line', errors);
		await checkAxe(page, 'an import refused by the page (en, 1280 px)');
		await page.screenshot({ path: screenshotPath('admin-import-error-en-1280'), fullPage: true });
		check((await bearer('GET', '/api/v1/units/9990001', ids.admin)).status === 404, 'nothing was imported');
		allow(problems, /HTTP 404|status of 404/);
		await page.setInputFiles('#units-file', file('bad-parent.csv', HEADER.replace(/\t/g, ',') +
			'9990001,Xã Thử Một,Xã,commune,718,2026-01-01,,\n' +
			'9990002,"Xã Thử Hai, mới",Xã,commune,8888888,2026-01-01,,\n'));
		const [refusal] = await Promise.all([
			page.waitForResponse((r) => r.url().endsWith('/api/v1/units/import')),
			page.click('#units-import'),
		]);
		check(refusal.status() === 422, 'the server refuses a unit under no parent', String(refusal.status()));
		await page.waitForFunction(() => document.getElementById('units-summary').textContent.includes('Line'));
		errors = await page.textContent('#units-summary');
		check(errors.includes('Line 3') && errors.includes('parent'), 'the server\'s refusal is named by its line', errors);
		allow(problems, /HTTP 422|status of 422/);
		await page.setInputFiles('#units-file', file('good.json', JSON.stringify({ units: [
			{ code: '9990001', name: 'Xã Thử Một', type: 'Xã', level: 'commune', parent: '718', valid_from: '2026-01-01' },
			{ code: '9990002', name: 'Xã Thử Hai', type: 'Xã', level: 'commune', parent: '718', valid_from: '2026-01-01' },
		] })));
		await page.click('#units-import');
		await page.waitForFunction(() => document.getElementById('units-status').textContent.includes('imported'));
		check((await page.textContent('#units-status')).includes('2 units'), 'the import says how many units');
		check((await bearer('GET', '/api/v1/units/9990002', ids.admin)).status === 200, 'the units are there');
		await checkAxe(page, 'units imported (en, 1280 px)');
		checkProblems(problems, 'units (en, 1280 px)');
		await context.close();
	}

	// the other two: 1280 px in Vietnamese, 360 px in English
	for (const [width, lang] of [[1280, 'vi'], [360, 'en']]) {
		const { context, page, problems } = await open(browser, width);
		await signIn(page, ids.admin);
		await visit(page, '/admin?lang=' + lang);
		await overview(page, problems, width, lang);
		await context.close();
	}

	// a secretary may not use it
	{
		const { context, page, problems } = await open(browser, 360);
		await signIn(page, ids.secretary);
		await visit(page, '/admin');
		check(await page.isHidden('#admin'), 'a secretary sees no administration');
		check((await page.textContent('#status')).includes('chỉ dành cho'), 'and is told why');
		await checkAxe(page, 'the administration refused to a secretary');
		checkProblems(problems, 'the administration refused to a secretary');
		await context.close();
	}
	await close();
});
