// pages-budget.mjs: the web pages' budgets, measured in Debian's chromium (printed, not
// timed): for a first visit (an empty cache) of each citizen page, the requests and the
// bytes transferred (headers and compressed bodies) until the page is usable
// (body[data-state="ready"]); then a citizen goes from / to a held seat, counting the pages
// loaded and the screens shown.
// Usage: node pages-budget.mjs BASE_URL RESULTS_DIR UNIT
import { base, launch, open } from '../web/browser.mjs';

const unit = process.argv[4] || '25747';
const KIB = 1024;

// the requests of one first visit of @path, until the page is usable
async function firstVisit (browser, path) {
	const { context, page } = await open(browser, 360);
	const finished = [];
	let ready = false;
	page.on('requestfinished', (request) => {
		if (!ready)
			finished.push(request);
	});
	await page.goto(base + path, { waitUntil: 'load' });
	await page.waitForSelector('body[data-state="ready"]', { timeout: 15000 });
	ready = true;
	let bytes = 0;
	const paths = [];
	for (const request of finished) {
		const sizes = await request.sizes();
		bytes += sizes.responseHeadersSize + sizes.responseBodySize;
		const encoding = (await request.response()).headers()['content-encoding'] || 'identity';
		paths.push(new URL(request.url()).pathname + ' (' + encoding + ')');
	}
	const href = page.url();
	await context.close();
	return { requests: finished.length, bytes, paths, href };
}

// the links a citizen follows: the start page's unit, the unit's first open session
async function linkOf (browser, path, selector) {
	const { context, page } = await open(browser, 360);
	await page.goto(base + path, { waitUntil: 'load' });
	await page.waitForSelector('body[data-state="ready"]', { timeout: 15000 });
	const href = await page.getAttribute(selector, 'href');
	await context.close();
	return href;
}

async function flow (browser) {
	const { context, page } = await open(browser, 360);
	let loads = 0;
	page.on('load', () => loads++);
	let screens = 0;
	const screen = async (selector) => {
		await page.waitForSelector(selector, { timeout: 15000 });
		screens++;
	};
	await page.goto(base + '/', { waitUntil: 'load' });
	await screen('body[data-state="ready"]');
	await page.fill('#search', 'phu cuong');
	await page.click('a[href="/u/' + unit + '"]');
	await page.waitForURL('**/u/' + unit);
	await screen('body[data-state="ready"]');
	await page.locator('li.occurrence a.button').first().click();
	await page.waitForURL('**/u/' + unit + '/*');
	await screen('body[data-state="ready"]');
	await page.locator('input[name="slot"]:not([disabled])').first().check();
	await page.click('#slot-form button[type="submit"]');
	await screen('#details-form');
	await page.fill('#name', 'Nguyễn Văn Đo');
	await page.fill('#phone', '0912 345 678');
	await page.fill('#email', 'do@example.vn');
	await page.selectOption('#category', 'late_dossier');
	await page.check('#consent');
	await page.click('#details-continue');
	await screen('#submit-booking');
	await page.click('#submit-booking');
	await screen('#resend, .ticket');
	const held = await page.textContent('main');
	await context.close();
	return { loads, screens, held: held.includes('do@example.vn') };
}

const { browser, close } = await launch();
try {
	const unitPath = '/u/' + unit;
	const sessionPath = await linkOf(browser, unitPath, 'li.occurrence a.button');
	let failed = false;
	console.log('first visit at 360 px, empty cache (budget: <= 60 KiB, <= 4 requests):');
	for (const path of ['/', unitPath, sessionPath]) {
		const v = await firstVisit(browser, path);
		const within = v.bytes <= 60 * KIB && v.requests <= 4;
		failed ||= !within;
		console.log('  ' + path.padEnd(24) + String(v.requests).padStart(3) + ' requests ' +
			(v.bytes / KIB).toFixed(1).padStart(6) + ' KiB  ' + (within ? 'within' : 'OVER') +
			'\n    ' + v.paths.join('\n    '));
	}
	const f = await flow(browser);
	console.log('from / to a held seat (budget: <= 5 pages): ' + f.loads + ' pages loaded, ' +
		f.screens + ' screens' + (f.held ? '' : ' (NO SEAT HELD)'));
	failed ||= !f.held || f.loads > 5;
	process.exitCode = failed ? 1 : 0;
} finally {
	await close();
}
