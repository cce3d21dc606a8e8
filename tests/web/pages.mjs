// pages.mjs: each page at 360 px and 1280 px, in Vietnamese and English: it loads, its
// <html lang> and texts are of its language, axe finds no violation, nothing fails; a
// screenshot of each at 360 px.  Usage: node pages.mjs BASE_URL RESULTS_DIR '{"unit", "open"}'
import { check, checkAxe, checkProblems, launch, open, run, screenshotPath, visit } from './browser.mjs';

const ids = JSON.parse(process.argv[4]);
const pages = [
	{ name: 'start', path: '/', heading: { vi: 'Chọn đơn vị tiếp công dân', en: 'Choose where to be received' } },
	{ name: 'unit', path: '/u/' + ids.unit, heading: null },
	{ name: 'slots', path: '/u/' + ids.unit + '/' + ids.open, heading: null },
];
if (ids.full) {
	pages.push({ name: 'unit-states', path: '/u/' + ids.full_unit });
	pages.push({ name: 'slots-full', path: '/u/' + ids.full_unit + '/' + ids.full });
}

run(async () => {
	const { browser, close } = await launch();
	for (const width of [360, 1280]) {
		for (const lang of ['vi', 'en']) {
			const { context, page, problems } = await open(browser, width);
			for (const p of pages) {
				const what = p.name + ' (' + lang + ', ' + width + ' px)';
				// English is asked once, then remembered by the cookie
				const path = lang === 'en' && p === pages[0] ? p.path + '?lang=en' : p.path;
				await visit(page, path);
				check(await page.getAttribute('html', 'lang') === lang, 'html lang is ' + lang + ' on ' + what);
				const empty = await page.$$eval('[data-i18n]', (nodes) =>
					nodes.filter((n) => n.textContent.trim() === '').map((n) => n.dataset.i18n));
				check(empty.length === 0, 'every fixed text is filled on ' + what, empty.join(', '));
				const h1 = (await page.textContent('h1')).trim();
				check(h1 !== '', 'the page has a heading on ' + what);
				if (p.heading)
					check(h1 === p.heading[lang], 'the heading is in ' + lang + ' on ' + what, h1);
				const body = await page.textContent('main');
				check(!/\b(site|start|unit|occ|slots|level|weekday)\.[a-z]/.test(body),
					'no catalogue key shows on ' + what);
				const overflow = await page.evaluate(() =>
					document.documentElement.scrollWidth > document.documentElement.clientWidth);
				check(!overflow, 'nothing is wider than the screen on ' + what);
				await checkAxe(page, what);
				if (width === 360)
					await page.screenshot({ path: screenshotPath(p.name + '-' + lang + '-360'), fullPage: true });
				checkProblems(problems, what);
			}
			await context.close();
		}
	}
	// the page of an unknown address
	{
		const { context, page, problems } = await open(browser, 360, { allow404: true });
		const response = await page.goto(ids.base_404 || (process.argv[2] + '/no/such/page'));
		check(response.status() === 404, 'an unknown address answers 404 with a page');
		await page.waitForSelector('body[data-state="ready"]');
		await checkAxe(page, 'the page of an unknown address');
		await page.screenshot({ path: screenshotPath('404-vi-360'), fullPage: true });
		checkProblems(problems.filter((p) => !p.startsWith('HTTP 404') && !p.includes('status of 404')),
			'the page of an unknown address');
		await context.close();
	}
	await close();
});
