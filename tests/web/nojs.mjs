// nojs.mjs: with JavaScript off, the booking's page shows its state and confirms and
// cancels it with plain forms (form-encoded POST, 303 back to the page)
// Usage: node nojs.mjs BASE_URL RESULTS_DIR '{"unit", "open", ...}'
import { base, check, checkAxeWithoutScript, checkProblems, launch, open, run, screenshotPath } from './browser.mjs';

const ids = JSON.parse(process.argv[4]);

async function book (i) {
	const r = await fetch(base + '/api/v1/bookings', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ occurrence: ids.open, slot: '11:15', requester: { kind: 'citizen', name: 'Lê Văn Tắt', phone: '0977 000 00' + i, email: 'tat' + i + '@example.vn' },
			topic: { category: 'procedure' }, language: 'vi', consent: true }),
	});
	const data = await r.json();
	return { id: data.booking.id, token: data.manage_token };
}

async function status (b) {
	return (await (await fetch(base + '/api/v1/bookings/' + b.id + '?token=' + b.token)).json()).booking.status;
}

run(async () => {
	const { browser, close } = await launch();
	for (const [width, lang] of [[360, 'vi'], [1280, 'en']]) {
		const at = ' (' + lang + ', ' + width + ' px)';
		const { context, page, problems } = await open(browser, width, { javaScript: false });
		const b = await book(width === 360 ? 1 : 2);
		const path = '/b/' + b.id + '?token=' + b.token + (lang === 'en' ? '&lang=en' : '');
		await page.goto(base + path);
		check(await page.isVisible('#nojs-confirm'), 'without JavaScript the page offers to confirm' + at);
		check((await page.textContent('.nojs .status')).length > 0, 'and says the state' + at);
		await checkAxeWithoutScript(browser, width, path, 'the booking\'s page without JavaScript' + at);
		check(((await page.textContent('.skip')) || '').trim() !== '', 'the page\'s fixed texts are there without JavaScript' + at);
		const other = await page.getAttribute('#lang-switch', 'href');
		check(other.includes('token=' + b.token) && other.includes('lang=' + (lang === 'vi' ? 'en' : 'vi')),
			'the language switch keeps the booking' + at, other);
		if (width === 360)
			await page.screenshot({ path: screenshotPath('nojs-confirm-' + lang), fullPage: true });
		const responses = [];
		page.on('response', (r) => responses.push(r.status()));
		await Promise.all([page.waitForNavigation(), page.click('#nojs-confirm')]);
		check(responses[0] === 303, 'the form is answered 303' + at, responses.join(','));
		check(await status(b) === 'confirmed', 'the booking is confirmed' + at);
		check(new URL(page.url()).pathname === '/b/' + b.id, 'back on the booking\'s page' + at);
		check(await page.isHidden('#nojs-confirm'), 'a confirmed booking is not offered to confirm again' + at);
		await page.fill('#nojs-reason', 'Không đi được');
		await Promise.all([page.waitForNavigation(), page.click('#nojs-cancel')]);
		check(await status(b) === 'cancelled', 'the booking is cancelled' + at);
		check(await page.isHidden('#nojs-cancel'), 'a cancelled booking has no cancel form' + at);
		await checkAxeWithoutScript(browser, width, path, 'a cancelled booking without JavaScript' + at);
		if (width === 360)
			await page.screenshot({ path: screenshotPath('nojs-cancelled-' + lang), fullPage: true });
		checkProblems(problems, 'the pages without JavaScript' + at);
		await context.close();
	}
	await close();
});
