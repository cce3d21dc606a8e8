// browser.mjs: what the page tests share: Debian's chromium driven by playwright-core, the
// checks every page gets (no console error, no failed request, axe's WCAG 2.2 A and AA rules)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const base = process.argv[2];
export const results = process.argv[3] || 'results';
if (!base) {
	console.error('usage: node SCRIPT BASE_URL [RESULTS_DIR]');
	process.exit(2);
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
let failures = 0;
let passes = 0;

export function check (ok, what, detail = '') {
	if (ok) {
		passes++;
		console.log('ok - ' + what);
	} else {
		failures++;
		console.log('not ok - ' + what + (detail ? ': ' + detail : ''));
	}
	return ok;
}

export async function launch () {
	// playwright gives every launch a fresh profile (user-data dir) of its own, removed after
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	return {
		browser,
		async close () {
			await browser.close();
		},
	};
}

// A new context (cookies of its own) and page at @width, with its problems recorded
export async function open (browser, width, options = {}) {
	const context = await browser.newContext({
		viewport: { width, height: width <= 400 ? 740 : 900 },
		deviceScaleFactor: 1,
		locale: options.locale || 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		javaScriptEnabled: options.javaScript !== false,
	});
	const page = await context.newPage();
	const problems = [];
	page.on('console', (msg) => {
		if (msg.type() === 'error')
			problems.push('console error: ' + msg.text());
	});
	page.on('pageerror', (error) => problems.push('page error: ' + error.message));
	page.on('requestfailed', (request) =>
		problems.push('failed request: ' + request.url() + ' ' + (request.failure() || {}).errorText));
	page.on('response', (response) => {
		if (response.status() >= 400 && !options.allow404)
			problems.push('HTTP ' + response.status() + ': ' + response.url());
	});
	return { context, page, problems };
}

// Goes to @path and waits until the page's script says it is ready
export async function visit (page, path) {
	await page.goto(base + path, { waitUntil: 'load' });
	await page.waitForSelector('body[data-state="ready"]', { timeout: 15000 });
}

// axe on the page as it is now: no violation of WCAG 2.2 A and AA
export async function checkAxe (page, what) {
	const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
	const list = result.violations.map((v) =>
		v.id + ' (' + v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ') + ')');
	return check(list.length === 0, 'axe finds no violation on ' + what, list.join('; '));
}

// axe on @path as a browser without JavaScript shows it: axe needs scripts, so the page is
// loaded in a context of @browser that runs them, with the page's own scripts taken out
// and its <noscript> shown
export async function checkAxeWithoutScript (browser, width, path, what) {
	const { context, page } = await open(browser, width);
	await page.route('**/*', async (route) => {
		const request = route.request();
		if (request.resourceType() === 'script')
			return route.abort();
		if (request.resourceType() !== 'document')
			return route.continue();
		const response = await route.fetch();
		const html = (await response.text()).replace(/<\/?noscript>/g, '');
		return route.fulfill({ response, body: html });
	});
	await page.goto(base + path, { waitUntil: 'load' });
	const ok = await checkAxe(page, what);
	await context.close();
	return ok;
}

// the expected refusals of a state (a wrong token, a check after sign-out, a page opened
// signed out) are not problems
export function only401 (problems) {
	const rest = problems.filter((p) => !/HTTP 401|status of 401/.test(p));
	problems.length = 0;
	problems.push(...rest);
}

export function checkProblems (problems, what) {
	const ok = check(problems.length === 0, 'no console error or failed request on ' + what,
		problems.join('; '));
	problems.length = 0;
	return ok;
}

export function screenshotPath (name) {
	const dir = join(results, 'screenshots');
	mkdirSync(dir, { recursive: true });
	return join(dir, name + '.png');
}

// The element that has the focus: its tag, id, and whether its focus ring shows
export async function focused (page) {
	return page.evaluate(() => {
		const e = document.activeElement;
		const style = getComputedStyle(e);
		return { tag: e.tagName.toLowerCase(), id: e.id, ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 };
	});
}

// Tabs until @test holds for the focused element (null after @limit presses)
export async function tabTo (page, test, limit = 30) {
	for (let i = 0; i < limit; i++) {
		await page.keyboard.press('Tab');
		const f = await focused(page);
		if (test(f))
			return f;
	}
	return null;
}

// Ends the script: a line the C++ side reads, and the exit status
export function finish () {
	console.log(passes + ' passed, ' + failures + ' failed');
	process.exit(failures === 0 ? 0 : 1);
}

// Runs @body, turning an exception into a failure
export async function run (body) {
	try {
		await body();
	} catch (e) {
		check(false, 'the script ran to its end', e.stack || String(e));
	}
	finish();
}
