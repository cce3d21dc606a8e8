// review.mjs: a secretary opens the weekly review of the late dossiers of their unit and
// the units below it at 360 px: the key figures, the charts by cause, agency and procedure
// and the 12 weeks' trend, each beside a table, all equal to the review's JSON; the CSV and
// XLSX links; axe finds no violation (vi at 360 px, en at 1280 px). Then the secretary's day
// list shows the late dossier a booking is about.
// Usage: node review.mjs BASE_URL RESULTS_DIR '{"secretary", "unit", "as_of", "occurrence", "booking", "late"}'
import { base, check, checkAxe, checkProblems, launch, open, run, screenshotPath, visit } from './browser.mjs';

const ids = JSON.parse(process.argv[4]);
const address = '/review?unit=' + ids.unit + '&as_of=' + ids.as_of;

async function signIn (page, token) {
	const r = await page.request.post(base + '/api/v1/session', { data: { token } });
	check(r.status() === 201, 'the secretary is signed in', String(r.status()));
}

// the rows of the table @id as [label, number] (its total row left out)
async function rows (page, id) {
	return page.evaluate((table) => [...document.querySelectorAll('#' + table + ' tbody tr')].map((r) =>
		[r.querySelector('th').textContent.trim(), Number(r.querySelector('td').textContent.trim())]), id);
}

// the values written on the bars of the chart @id, in order
async function bars (page, id) {
	return page.evaluate((chart) => [...document.querySelectorAll('#' + chart + '-chart text.chart-value')].map((x) => Number(x.textContent)), id);
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

async function review (page, problems, width, lang) {
	const what = 'the review (' + lang + ', ' + width + ' px)';
	await page.waitForSelector('#table-trend');
	const r = await page.request.get(base + '/api/v1/units/' + ids.unit + '/late-review?as_of=' + ids.as_of);
	check(r.status() === 200, 'the review\'s JSON is read', String(r.status()));
	const data = await r.json();
	check(data.late > 0 && data.new > 0 && data.resolved > 0, 'the review has something to show', JSON.stringify(data));
	for (const f of ['late', 'new', 'resolved', 'unclassified'])
		check(Number(await page.textContent('#figure-' + f)) === data[f], 'the figure ' + f + ' equals the JSON on ' + what);
	const causes = Object.values(data.by_cause);
	check(same((await rows(page, 'table-cause')).map((x) => x[1]), causes), 'the causes\' table equals the JSON on ' + what);
	check(same(await bars(page, 'cause'), causes), 'the causes\' bars equal the JSON on ' + what);
	const agencies = data.by_agency.map((a) => a.count);
	check(same((await rows(page, 'table-agency')).map((x) => x[1]), agencies), 'the agencies\' table equals the JSON on ' + what);
	check(same(await bars(page, 'agency'), agencies), 'the agencies\' bars equal the JSON on ' + what);
	const named = (await rows(page, 'table-procedure')).map((x) => x[0]);
	check(same(named, data.by_procedure.map((p) => p.procedure)), 'the procedures\' table names the JSON\'s on ' + what);
	check(same(await bars(page, 'procedure'), data.by_procedure.map((p) => p.count)), 'the procedures\' bars equal the JSON on ' + what);
	check(data.trend.length === 12 && same((await rows(page, 'table-trend')).map((x) => x[1]), data.trend.map((w) => w.late)),
		'the 12 weeks\' table equals the JSON on ' + what);
	check(await page.locator('#trend-chart rect.chart-bar').count() === 12, 'a column for each of the 12 weeks on ' + what);
	for (const id of ['cause', 'agency', 'procedure', 'trend']) {
		const svg = page.locator('#' + id + '-chart svg');
		check(await svg.getAttribute('role') === 'img', 'the ' + id + ' chart is an image on ' + what);
		check((await svg.locator('title').textContent()).length > 10, 'the ' + id + ' chart has a title on ' + what);
		check(await page.locator('#table-' + id + ' caption').count() === 1, 'the ' + id + ' table has a caption on ' + what);
	}
	for (const format of ['csv', 'xlsx']) {
		const href = await page.getAttribute('#review-' + format, 'href');
		check(href === '/api/v1/units/' + ids.unit + '/late-review?as_of=' + ids.as_of + '&format=' + format, 'the ' + format + ' link on ' + what, href);
		const got = await page.request.get(base + href);
		check(got.status() === 200, 'the ' + format + ' is downloaded', String(got.status()));
	}
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
	check(!overflow, 'nothing is wider than the screen on ' + what);
	await checkAxe(page, what);
	await page.screenshot({ path: screenshotPath('review-' + lang + '-' + width), fullPage: true });
	await page.locator('#cause-title').scrollIntoViewIfNeeded();
	await page.locator('.pair-section').first().screenshot({ path: screenshotPath('review-cause-' + lang + '-' + width) });
	checkProblems(problems, what);
}

run(async () => {
	const { browser, close } = await launch();
	{
		const { context, page, problems } = await open(browser, 360);
		await signIn(page, ids.secretary);
		await visit(page, '/staff');
		check(await page.isVisible('#tool-review a'), 'a secretary\'s page links to the review');
		await visit(page, address);
		check((await page.textContent('h1')).trim() === 'Rà soát hồ sơ trễ hạn hằng tuần', 'the review page is in Vietnamese');
		check(await page.inputValue('#as_of') === ids.as_of && await page.inputValue('#unit') === ids.unit, 'the pickers show the address\'s unit and Monday');
		await review(page, problems, 360, 'vi');
		// another Monday, from the picker: a week earlier
		const before = new Date(Date.parse(ids.as_of + 'T00:00:00Z') - 7 * 86400000).toISOString().slice(0, 10);
		await page.fill('#as_of', before);
		await page.click('#review-show');
		await page.waitForFunction((d) => new URL(location.href).searchParams.get('as_of') === d, before);
		check(await page.evaluate(() => document.activeElement.id) === 'review-title', 'the focus goes to the new review\'s heading');
		// a bad date is named in the error summary
		await page.fill('#as_of', '');
		await page.click('#review-show');
		await page.waitForSelector('#error-summary');
		check((await page.textContent('#error-summary')).includes('Tính đến ngày'), 'an empty date is named in the error summary');
		await checkAxe(page, 'the review with an error (vi, 360 px)');
		checkProblems(problems, 'the review with an error (vi, 360 px)');

		// the day list: the booking about a late dossier says so
		await visit(page, '/secretary/' + ids.occurrence);
		const line = (await page.textContent('#b-' + ids.booking + '-late')).trim();
		check(line === ids.late, 'the day list shows the late dossier', JSON.stringify(line));
		await checkAxe(page, 'the day list with a late dossier (vi, 360 px)');
		await page.screenshot({ path: screenshotPath('secretary-late-dossier-vi-360'), fullPage: true });
		// the table scrolls sideways at 360 px: the late line is in view once scrolled to
		await page.locator('#b-' + ids.booking + '-late').scrollIntoViewIfNeeded();
		const tall = await page.evaluate((b) => document.getElementById('b-' + b).getBoundingClientRect().height, ids.booking);
		check(tall < 300, 'the row with the late dossier is not stretched by it', String(tall));
		await page.screenshot({ path: screenshotPath('secretary-late-dossier-row-vi-360') });
		checkProblems(problems, 'the day list with a late dossier (vi, 360 px)');
		await context.close();
	}
	{
		const { context, page, problems } = await open(browser, 1280, { locale: 'en-GB' });
		await signIn(page, ids.secretary);
		await visit(page, address + '&lang=en');
		check((await page.textContent('h1')).trim() === 'Weekly review of late dossiers', 'the review page is in English');
		await review(page, problems, 1280, 'en');
		await context.close();
	}
	await close();
});
