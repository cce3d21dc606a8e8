// signin.mjs: an official signs in (with the keyboard alone at 360 px, by mouse at 1280 px,
// and with a single-use login link), makes and rotates the private calendar link (the old
// one is dead), signs out; axe finds no violation in any state; screenshots at 360 px.
// Usage: node signin.mjs BASE_URL RESULTS_DIR '{"token", "code", "code_en"}'
import { base, check, checkAxe, checkProblems, focused, launch, only401, open, run, screenshotPath, tabTo, visit } from './browser.mjs';

const ids = JSON.parse(process.argv[4]);

async function feedStatus (url) {
	const response = await fetch(url);
	return response.status;
}

async function staffPage (page, problems, width, lang) {
	const what = 'the staff page (' + lang + ', ' + width + ' px)';
	await page.waitForURL('**/staff');
	await page.waitForSelector('body[data-state="ready"]');
	check(await page.getAttribute('html', 'lang') === lang, 'html lang is ' + lang + ' on ' + what);
	const who = await page.textContent('#who');
	check(who.includes('Lê Thị B'), 'the page says who is signed in on ' + what, who);
	const meetings = await page.textContent('#meetings');
	check(meetings.includes('Nguyễn Văn A') && meetings.includes('000.00.12.H01-231122-0001'),
		'the assigned appointment shows with its dossier code on ' + what, meetings.slice(0, 300));
	check(!meetings.includes('0912345678'), 'no phone number on ' + what);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
	check(!overflow, 'nothing is wider than the screen on ' + what);
	await checkAxe(page, what);
	if (width === 360)
		await page.screenshot({ path: screenshotPath('staff-' + lang + '-360'), fullPage: true });

	// make the link, then rotate it: the old one is dead
	await page.click('#feed-make');
	await page.waitForSelector('#feed-url');
	const first = await page.inputValue('#feed-url');
	check(/\/feeds\/staff\/[A-Za-z0-9_-]+\.ics$/.test(first), 'a private feed link is shown on ' + what, first);
	const webcal = await page.getAttribute('#feed-webcal', 'href');
	check(webcal === 'webcal://' + first.replace(/^https?:\/\//, ''), 'its webcal:// link is the same feed', webcal);
	check(await feedStatus(first) === 200, 'the new link gives the feed');
	check(await page.evaluate(() => document.activeElement.id) === 'feed-url', 'the focus goes to the new link');
	await page.click('#feed-copy');
	await page.waitForFunction(() => document.getElementById('feed-status').textContent.trim() !== '');
	await checkAxe(page, what + ' with a link');
	if (width === 360)
		await page.screenshot({ path: screenshotPath('staff-link-' + lang + '-360'), fullPage: true });
	await page.click('#feed-make');
	await page.waitForFunction((old) => document.getElementById('feed-url').value !== old, first);
	const second = await page.inputValue('#feed-url');
	check(second !== first, 'rotating gives another link on ' + what);
	check(await feedStatus(second) === 200, 'the rotated link gives the feed');
	const old = await feedStatus(first);
	check(old === 404 || old === 410, 'the old link is dead after the rotation on ' + what, String(old));
	await checkAxe(page, what + ' after a rotation');
	checkProblems(problems, what);

	// sign out: the session is gone
	await page.click('#signout');
	await page.waitForURL('**/signin');
	await page.waitForSelector('body[data-state="ready"]');
	const after = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
	check(after === 401, 'after signing out the session is refused', String(after));
	only401(problems);
	checkProblems(problems, 'signing out (' + width + ' px)');
}

run(async () => {
	const { browser, close } = await launch();

	// 360 px, Vietnamese, the keyboard alone
	{
		const { context, page, problems } = await open(browser, 360);
		await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
		await visit(page, '/signin');
		check((await page.textContent('h1')).trim() === 'Đăng nhập cho cán bộ', 'the sign-in page is in Vietnamese');
		check(await page.isVisible('#token-form') && !(await page.isVisible('#link-form')), 'without a link, the token form shows');
		await checkAxe(page, 'the sign-in page (vi, 360 px)');
		await page.screenshot({ path: screenshotPath('signin-vi-360'), fullPage: true });
		await page.keyboard.press('Tab');
		let f = await focused(page);
		check(f.tag === 'a' && f.ring, 'the first Tab reaches the skip link, visibly', JSON.stringify(f));
		f = await tabTo(page, (x) => x.id === 'token');
		check(f !== null && f.ring, 'Tab reaches the token field, visibly', JSON.stringify(f));
		// Enter on an empty field: the error is said and the focus stays
		await page.keyboard.press('Enter');
		await page.waitForSelector('#status .error-message');
		check(await page.getAttribute('#token', 'aria-invalid') === 'true', 'an empty token is marked invalid');
		await checkAxe(page, 'the sign-in page with an error (vi, 360 px)');
		await page.screenshot({ path: screenshotPath('signin-error-vi-360'), fullPage: true });
		await page.keyboard.type(ids.token);
		f = await tabTo(page, (x) => x.id === 'signin-button', 3);
		check(f !== null && f.ring, 'one Tab reaches the sign-in button, visibly', JSON.stringify(f));
		await page.keyboard.press('Enter');
		checkProblems(problems, 'the sign-in page (vi, 360 px)');
		await staffPage(page, problems, 360, 'vi');
		await context.close();
	}

	// 1280 px, English: a wrong token first, then the right one
	{
		const { context, page, problems } = await open(browser, 1280);
		await visit(page, '/signin?lang=en');
		check((await page.textContent('h1')).trim() === 'Sign in for officials', 'the sign-in page is in English');
		await checkAxe(page, 'the sign-in page (en, 1280 px)');
		await page.fill('#token', 'tg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
		await page.click('#signin-button');
		await page.waitForSelector('#status .error-message');
		const said = await page.textContent('#status');
		check(said.includes('wrong or has been revoked'), 'a wrong token is refused in words', said);
		await checkAxe(page, 'the sign-in page with a wrong token (en, 1280 px)');
		only401(problems);
		await page.fill('#token', ids.token);
		await page.click('#signin-button');
		checkProblems(problems, 'the sign-in page (en, 1280 px)');
		await staffPage(page, problems, 1280, 'en');
		await context.close();
	}

	// a login link: its page shows one button; the keyboard presses it; once only
	{
		const { context, page, problems } = await open(browser, 360);
		await visit(page, '/signin#code=' + ids.code);
		check(await page.isVisible('#link-form') && !(await page.isVisible('#token-form')), 'a login link shows one button');
		const cookies = await context.cookies();
		check(cookies.every((c) => c.name !== 'thaogo_session'), 'opening the link signs no one in');
		await checkAxe(page, 'the page of a login link (vi, 360 px)');
		await page.screenshot({ path: screenshotPath('signin-link-vi-360'), fullPage: true });
		const f = await tabTo(page, (x) => x.id === 'link-button');
		check(f !== null && f.ring, 'Tab reaches the link\'s button, visibly', JSON.stringify(f));
		await page.keyboard.press('Enter');
		await page.waitForURL('**/staff');
		await page.waitForSelector('body[data-state="ready"]');
		const cookie = (await context.cookies()).find((c) => c.name === 'thaogo_session');
		check(cookie && cookie.httpOnly && cookie.sameSite === 'Strict', 'the link gives an HttpOnly, SameSite=Strict session cookie');
		checkProblems(problems, 'the login link');
		// the same link again: refused in words, the token form offered
		const { context: c2, page: p2, problems: pr2 } = await open(browser, 360);
		await visit(p2, '/signin#code=' + ids.code);
		await p2.click('#link-button');
		await p2.waitForSelector('#status .error-message');
		check(await p2.isVisible('#token-form'), 'a used link says so and offers the token form');
		check(!(await p2.url()).includes('code='), 'the address forgets the code');
		await checkAxe(p2, 'a used login link (vi, 360 px)');
		await p2.screenshot({ path: screenshotPath('signin-link-used-vi-360'), fullPage: true });
		only401(pr2);
		checkProblems(pr2, 'a used login link');
		await c2.close();
		await context.close();
	}
	await close();
});
