// report.mjs: a secretary opens the report of their unit and the units below it: the
// counts, the chart of the late dossiers' causes and the weekly trend beside tables of the
// same numbers, the CSV download (UTF-8 with a byte order mark) and the print layout; with
// the keyboard alone at 360 px; axe finds no violation at 360 and 1280 px in vi and en.
// Usage: node report.mjs BASE_URL RESULTS_DIR '{"secretary", "staff", "unit", "monday"}'
import { readFileSync } from 'node:fs';
import { base, check, checkAxe, checkProblems, focused, launch, open, run, screenshotPath, tabTo, visit } from './browser.mjs';

const ids = JSON.parse(process.argv[4]);

function shift (iso, days) {
	const d = new Date(Date.parse(iso + 'T00:00:00Z') + days * 86400000);
	return d.toISOString().slice(0, 10);
}

const from = shift(ids.monday, -14);
const to = shift(ids.monday, 13);
const address = '/report?unit=' + ids.unit + '&from=' + from + '&to=' + to;

async function signIn (page, token) {
	const r = await page.request.post(base + '/api/v1/session', { data: { token } });
	check(r.status() === 201, 'the official is signed in', String(r.status()));
}

// the number in the row of @table whose header is @label
async function cell (page, table, label) {
	return page.evaluate(([id, text]) => {
		for (const row of document.querySelectorAll('#' + id + ' tr')) {
			const th = row.querySelector('th');
			if (th && th.textContent.trim() === text)
				return row.querySelector('td') ? row.querySelector('td').textContent.trim() : null;
		}
		return null;
	}, [table, label]);
}

async function report (page, problems, width, lang) {
	const what = 'the report (' + lang + ', ' + width + ' px)';
	const en = lang === 'en';
	check(await page.getAttribute('html', 'lang') === lang, 'html lang is ' + lang + ' on ' + what);
	await page.waitForSelector('#table-cause');
	check(await cell(page, 'table-category', en ? 'A late dossier' : 'Hồ sơ trễ hạn') === '2', 'two late dossiers on ' + what);
	check(await cell(page, 'table-category', en ? 'A question about a procedure' : 'Hỏi về thủ tục hành chính') === '1', 'one question on ' + what);
	check(await cell(page, 'table-category', en ? 'Total' : 'Tổng cộng') === '3', 'three in all on ' + what);
	check(await cell(page, 'table-outcome', en ? 'Transferred with a deadline' : 'Chuyển xử lý có thời hạn') === '1', 'one transferred on ' + what);
	check(await cell(page, 'table-outcome', en ? 'Guided' : 'Đã hướng dẫn') === '1', 'one guided on ' + what);
	check(await cell(page, 'table-cause', en ? 'Coordination between agencies' : 'Phối hợp liên thông giữa các cơ quan') === '1', 'one coordination cause on ' + what);
	check(await cell(page, 'table-cause', en ? 'Missing documents' : 'Thiếu giấy tờ') === '1', 'one missing-documents cause on ' + what);
	check(await cell(page, 'table-cause', en ? 'IT system' : 'Hệ thống công nghệ thông tin') === '0', 'no IT cause on ' + what);
	const [d, m, y] = [ids.monday.slice(8, 10), ids.monday.slice(5, 7), ids.monday.slice(0, 4)];
	const weekLabel = (en ? 'Week of ' : 'Tuần từ ') + d + '/' + m + '/' + y;
	check(await cell(page, 'table-week', weekLabel) === '3', 'three bookings in the week of the session on ' + what);
	check(await page.locator('#table-week tbody tr').count() === 4, 'four weeks in the trend on ' + what);
	// the charts: pictures with a name, beside their tables
	for (const id of ['cause', 'week']) {
		const svg = page.locator('#' + id + '-chart svg');
		check(await svg.getAttribute('role') === 'img', 'the ' + id + ' chart is an image on ' + what);
		const title = await svg.locator('title').textContent();
		check(title.length > 10, 'the ' + id + ' chart has a title on ' + what, title);
	}
	check(await page.locator('#cause-chart rect.chart-bar').count() === 7, 'a bar for each of the 7 causes on ' + what);
	check(await page.locator('#week-chart rect.chart-bar').count() === 4, 'a column for each week on ' + what);
	if (width >= 1280) {
		const beside = await page.evaluate(() => {
			const c = document.getElementById('cause-chart').getBoundingClientRect();
			const t = document.getElementById('table-cause').getBoundingClientRect();
			return { ok: t.left >= c.right - 1 && Math.abs(t.top - c.top) < 200,
				chart: [c.left, c.top, c.right], table: [t.left, t.top, t.right] };
		});
		check(beside.ok, 'the chart stands beside its table on ' + what, JSON.stringify(beside));
	}
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
	check(!overflow, 'nothing is wider than the screen on ' + what);
	await checkAxe(page, what);
	await page.screenshot({ path: screenshotPath('report-' + lang + '-' + width), fullPage: true });
	checkProblems(problems, what);
}

async function download (page, what, press) {
	const [file] = await Promise.all([page.waitForEvent('download'), press()]);
	const text = readFileSync(await file.path(), 'utf8');
	check(text.startsWith('\uFEFFdimension,key,count\r\n'), 'the CSV starts with a byte order mark and its header (' + what + ')', JSON.stringify(text.slice(0, 40)));
	check(text.includes('cause,coordination,1\r\n') && text.includes('category,late_dossier,2\r\n') &&
		text.includes('week,' + ids.monday + ',3\r\n'), 'the CSV holds the same numbers (' + what + ')', text);
	check(/^thaogo-\d+-[\d-]+\.csv$/.test(file.suggestedFilename()), 'the CSV has a file name', file.suggestedFilename());
}

// a download aborts the request of its link in Chromium: not a problem
function onlyDownloads (problems) {
	const rest = problems.filter((p) => !/format=csv.*ERR_ABORTED/.test(p));
	problems.length = 0;
	problems.push(...rest);
}

run(async () => {
	const { browser, close } = await launch();

	// 360 px, Vietnamese, the keyboard alone
	{
		const { context, page, problems } = await open(browser, 360);
		await signIn(page, ids.secretary);
		// the staff page links to the report, not to the administration
		await visit(page, '/staff');
		check(await page.isVisible('#tool-report a') && !(await page.isVisible('#tool-admin a')), 'a secretary\'s page links to the report only');
		await visit(page, address);
		check((await page.textContent('h1')).trim() === 'Báo cáo tiếp công dân', 'the report page is in Vietnamese');
		await report(page, problems, 360, 'vi');
		// the keyboard: to the button, Enter; then to the CSV link, Enter
		await page.focus('#to');
		let f = await tabTo(page, (x) => x.id === 'report-show', 5);
		check(f !== null && f.ring, 'Tab reaches the report button, visibly', JSON.stringify(f));
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'report-title');
		check(true, 'Enter shows the report and the focus goes to its heading');
		f = await tabTo(page, (x) => x.id === 'report-csv', 3);
		check(f !== null && f.ring, 'Tab reaches the CSV link, visibly', JSON.stringify(f));
		await download(page, 'keyboard, 360 px', () => page.keyboard.press('Enter'));
		onlyDownloads(problems);
		// a wrong range: the error summary names the field
		await page.fill('#from', to);
		await page.fill('#to', from);
		await page.click('#report-show');
		await page.waitForSelector('#error-summary');
		const summary = await page.textContent('#error-summary');
		check(summary.includes('Đến ngày') && summary.includes('không được trước'), 'a range backwards is named in the error summary', summary);
		check(await page.getAttribute('#to', 'aria-invalid') === 'true', 'the end date is marked invalid');
		check(await page.evaluate(() => document.activeElement.id) === 'error-summary', 'the focus goes to the error summary');
		await page.click('#error-summary a');
		check(await page.evaluate(() => document.activeElement.id) === 'to', 'the summary\'s link leads to the field');
		await checkAxe(page, 'the report with an error (vi, 360 px)');
		await page.screenshot({ path: screenshotPath('report-error-vi-360'), fullPage: true });
		checkProblems(problems, 'the report with an error (vi, 360 px)');
		await context.close();
	}

	// 1280 px, English, the mouse; then the print layout
	{
		const { context, page, problems } = await open(browser, 1280, { locale: 'en-GB' });
		await signIn(page, ids.secretary);
		await visit(page, address + '&lang=en');
		check((await page.textContent('h1')).trim() === 'Citizen reception report', 'the report page is in English');
		await report(page, problems, 1280, 'en');
		await download(page, 'mouse, 1280 px', () => page.click('#report-csv'));
		onlyDownloads(problems);
		await page.emulateMedia({ media: 'print' });
		const printed = await page.evaluate(() => ({
			form: getComputedStyle(document.getElementById('report-form')).display,
			header: getComputedStyle(document.querySelector('header.site')).display,
			bar: getComputedStyle(document.querySelector('#cause-chart rect.chart-bar')).fill,
			chart: document.querySelector('#week-chart svg').getBoundingClientRect().width,
		}));
		check(printed.form === 'none' && printed.header === 'none', 'the print layout leaves out the form and the header', JSON.stringify(printed));
		check(printed.bar === 'rgb(0, 0, 0)' && printed.chart > 100, 'the charts print in black', JSON.stringify(printed));
		await page.screenshot({ path: screenshotPath('report-print-en-1280'), fullPage: true });
		await page.pdf({ path: screenshotPath('report-print-en').replace(/\.png$/, '.pdf'), format: 'A4' });
		await page.emulateMedia({ media: 'screen' });
		checkProblems(problems, 'the report (en, 1280 px)');
		await context.close();
	}

	// 1280 px, Vietnamese; 360 px, English: axe on both
	for (const [width, lang] of [[1280, 'vi'], [360, 'en']]) {
		const { context, page, problems } = await open(browser, width);
		await signIn(page, ids.secretary);
		await visit(page, address + '&lang=' + lang);
		await report(page, problems, width, lang);
		await context.close();
	}

	// staff may not read it
	{
		const { context, page, problems } = await open(browser, 360);
		await signIn(page, ids.staff);
		await visit(page, '/report');
		const said = await page.textContent('#status');
		check(said.includes('chỉ dành cho thư ký'), 'a staff member is told the report is not theirs', said);
		check(await page.isHidden('#report-form'), 'and sees no report form');
		await checkAxe(page, 'the report refused to staff');
		checkProblems(problems, 'the report refused to staff');
		await context.close();
	}
	await close();
});
