// secretary.mjs: a secretary signs in, opens the Mondays from the staff page, cancels one
// session (the confirm step counts the people told; the outbox then holds their messages)
// and moves another, sees a refused series change name the sessions in the way; on a
// session's bookings page filters, checks in by ticket with the keyboard, records an
// outcome and a cause, prints (A4, print media) and downloads the CSV. axe finds no
// violation at 360 and 1280 px in vi and en; no console error.
// Usage: node secretary.mjs BASE_URL RESULTS_DIR '{"token", "admin", "first", "cancel", "move", "move_to"}'
import { readFileSync } from 'node:fs';
import { base, check, checkAxe, checkProblems, launch, only401, open, run, screenshotPath, visit } from './browser.mjs';

const ids = JSON.parse(process.argv[4]);

async function outbox (kind) {
	const response = await fetch(base + '/api/v1/outbox', { headers: { Authorization: 'Bearer ' + ids.admin } });
	const data = await response.json();
	return data.messages.filter((m) => m.kind === kind);
}

async function noOverflow (page, what) {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
	check(!overflow, 'nothing is wider than the screen on ' + what);
}

async function signIn (page) {
	await visit(page, '/signin');
	await page.fill('#token', ids.token);
	await page.click('#signin-button');
	await page.waitForURL('**/staff');
	await page.waitForSelector('body[data-state="ready"]');
}

run(async () => {
	const { browser, close } = await launch();

	// 1280 px, Vietnamese: the Mondays
	{
		const { page, problems, context } = await open(browser, 1280);
		await signIn(page);
		check(await page.isVisible('#to-secretary'), 'the staff page links a secretary to the Mondays');
		await page.click('#to-secretary');
		await page.waitForURL('**/secretary');
		await page.waitForSelector('body[data-state="ready"]');
		const options = await page.$$eval('#unit option', (o) => o.map((x) => x.value));
		check(options[0] === '718' && options.includes('25747') && !options.includes('721'),
			'the unit and those below it are offered, no other', options.join(' '));
		check((await page.textContent('#occurrences')).includes('Theo lịch'), 'the coming sessions show with their status');
		await checkAxe(page, 'the Mondays (vi, 1280 px)');
		await page.screenshot({ path: screenshotPath('secretary-vi-1280'), fullPage: true });

		// cancel: the reason is needed, then the confirm step counts the people told
		await page.click('#occ-' + ids.cancel + '-cancel');
		await page.waitForSelector('#cancel-form');
		check(await page.evaluate(() => document.activeElement.id) === 'panel-title', 'the focus goes to the panel');
		await page.click('#cancel-next');
		await page.waitForSelector('#error-summary');
		const summary = await page.textContent('#error-summary');
		check(summary.includes('Lý do'), 'an empty reason is named in the error summary', summary);
		check(await page.getAttribute('#cancel-reason', 'aria-invalid') === 'true', 'the reason is marked invalid');
		await checkAxe(page, 'the cancel panel with an error (vi, 1280 px)');
		await page.fill('#cancel-reason', 'Lãnh đạo đi công tác đột xuất');
		await page.click('#cancel-next');
		await page.waitForSelector('#cancel-tell');
		const tell = await page.textContent('#cancel-tell');
		check(tell.includes('1 người'), 'before the cancel, the page says one booked person will be told', tell);
		check((await outbox('cancelled')).length === 0, 'nothing is sent before the confirmation');
		await checkAxe(page, 'the cancel confirm step (vi, 1280 px)');
		await page.screenshot({ path: screenshotPath('secretary-cancel-confirm-vi-1280'), fullPage: true });
		await page.click('#cancel-confirm');
		await page.waitForSelector('#status .done');
		const occ = await (await fetch(base + '/api/v1/occurrences/' + ids.cancel)).json();
		check(occ.occurrence.status === 'cancelled', 'the session is cancelled', occ.occurrence.status);
		const told = await outbox('cancelled');
		check(told.length === 1 && told[0].recipient_domain === 'cancel.example.vn', 'its booked person is told (the outbox)', JSON.stringify(told));

		// move, then a series change that the bookings refuse, named in words
		await page.click('#occ-' + ids.move + '-move');
		await page.fill('#move-date', ids.move_to);
		await page.fill('#move-reason', 'Trùng lịch họp của tỉnh');
		await page.click('#move-next');
		await page.waitForSelector('#move-tell');
		check((await page.textContent('#move-tell')).includes('Chưa có ai'), 'a session without bookings tells no one');
		await page.click('#move-confirm');
		await page.waitForSelector('#status .done');
		const moved = await (await fetch(base + '/api/v1/occurrences/' + ids.move)).json();
		check(moved.occurrence.status === 'moved' && moved.occurrence.date === ids.move_to, 'the session is moved', JSON.stringify(moved.occurrence.date));
		await page.fill('#s-slot', '20');
		await page.click('#series-save');
		await page.waitForSelector('#series-summary #conflicts');
		const conflict = await page.textContent('#series-summary');
		check(/Thứ Hai, \d\d\/\d\d\/\d{4}/.test(conflict), 'a refused change names the sessions in the way in words', conflict);
		await checkAxe(page, 'a refused series change (vi, 1280 px)');
		await page.screenshot({ path: screenshotPath('secretary-conflict-vi-1280'), fullPage: true });

		// the agenda and participants of the first session
		await page.click('#occ-' + ids.first + '-edit');
		await page.waitForSelector('#edit-form');
		await page.fill('#edit-agenda', 'Tháo gỡ hồ sơ đất đai trễ hạn');
		await page.selectOption('#edit-mode', 'hybrid');
		await page.fill('#edit-online', 'https://hop.example.vn/phong-1');
		await page.click('#part-add');
		await page.fill('#part-1-name', 'Ngô Văn K');
		await page.fill('#part-1-email', 'k@example.vn');
		await checkAxe(page, 'the session editor (vi, 1280 px)');
		await page.click('#edit-save');
		await page.waitForSelector('#status .done');
		const edited = await (await fetch(base + '/api/v1/occurrences/' + ids.first)).json();
		check(edited.occurrence.meeting.agenda === 'Tháo gỡ hồ sơ đất đai trễ hạn' && edited.occurrence.meeting.mode === 'hybrid',
			'the agenda, mode and online link are saved', JSON.stringify(edited.occurrence.meeting));
		checkProblems(problems.filter((p) => !/HTTP 409|status of 409/.test(p)), 'the Mondays (vi, 1280 px)');
		problems.length = 0;

		// the first session's bookings
		await visit(page, '/secretary/' + ids.first);
		const rows = await page.$$eval('#rows tr', (r) => r.length);
		check(rows === 2, 'the session\'s two bookings are listed', String(rows));
		check((await page.textContent('#rows')).includes('0912345678'), 'its secretary sees the phone');
		await checkAxe(page, 'the bookings (vi, 1280 px)');
		await page.screenshot({ path: screenshotPath('secretary-bookings-vi-1280'), fullPage: true });
		// filters
		await page.selectOption('#filter-category', 'procedure');
		check(await page.$$eval('#rows tr', (r) => r.length) === 1, 'the category filter leaves one');
		await page.selectOption('#filter-category', '');
		await page.fill('#filter-text', 'nguyen van');
		const found = await page.textContent('#rows');
		check(found.includes('Nguyễn Văn A') && !found.includes('Trần Thị Cúc'), 'the text filter finds a name without its diacritics');
		await page.fill('#filter-text', '');
		// the outcome and the cause of the late dossier, with an assignee and a note
		const lateId = ids.late;
		await page.click('#b-' + lateId + '-record');
		await page.waitForSelector('#record:not([hidden])');
		await page.selectOption('#record-assignee', { index: 1 });
		await page.selectOption('#record-outcome', 'transferred');
		await page.selectOption('#record-cause', 'coordination');
		await page.fill('#record-note', 'Chuyển Sở Tài nguyên và Môi trường, hạn 15 ngày');
		await checkAxe(page, 'the record form (vi, 1280 px)');
		await page.click('#record-save');
		await page.waitForSelector('#status .done');
		const list = await page.evaluate(async (id) => (await (await fetch('/api/v1/occurrences/' + id + '/bookings')).json()).bookings, ids.first);
		const late = list.find((b) => b.id === lateId);
		check(late.outcome === 'transferred' && late.cause === 'coordination' && late.note.startsWith('Chuyển') && late.assignee,
			'the outcome, cause, note and assignee are recorded', JSON.stringify(late));
		// the CSV
		const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
		const csv = readFileSync(await download.path());
		check(csv[0] === 0xef && csv[1] === 0xbb && csv[2] === 0xbf, 'the CSV begins with the UTF-8 byte order mark');
		const text = csv.toString('utf8');
		check(text.includes('Họ và tên') && text.includes('Nguyễn Văn A') && text.includes('Phối hợp liên ngành'),
			'the CSV holds the headings and the bookings with their diacritics', text.slice(0, 200));
		check(download.suggestedFilename() === 'thaogo-' + ids.first + '.csv', 'the CSV is named after the session', download.suggestedFilename());
		// the print view
		await page.emulateMedia({ media: 'print' });
		check(!(await page.isVisible('#checkin-form')) && await page.isVisible('#bookings'), 'the print view keeps the table, not the forms');
		await page.screenshot({ path: screenshotPath('secretary-print-vi'), fullPage: true });
		await page.pdf({ path: screenshotPath('secretary-print-vi').replace(/\.png$/, '.pdf'), format: 'A4', landscape: true }).catch(() => {});
		await page.emulateMedia({ media: 'screen' });
		checkProblems(problems, 'the bookings (vi, 1280 px)');
		await context.close();
	}

	// 360 px, English, the keyboard: check in by ticket
	{
		const { page, problems, context } = await open(browser, 360);
		await visit(page, '/signin?lang=en');
		await page.fill('#token', ids.token);
		await page.click('#signin-button');
		await page.waitForURL('**/staff');
		await page.waitForSelector('body[data-state="ready"]');
		await visit(page, '/secretary');
		check((await page.getAttribute('html', 'lang')) === 'en', 'the Mondays are in English');
		await noOverflow(page, 'the Mondays (en, 360 px)');
		await checkAxe(page, 'the Mondays (en, 360 px)');
		await page.screenshot({ path: screenshotPath('secretary-en-360'), fullPage: true });
		await visit(page, '/secretary/' + ids.first);
		await noOverflow(page, 'the bookings (en, 360 px)');
		await checkAxe(page, 'the bookings (en, 360 px)');
		await page.screenshot({ path: screenshotPath('secretary-bookings-en-360'), fullPage: true });
		// the keyboard alone: Tab to the ticket field, a wrong number, then the right one
		let reached = false;
		for (let i = 0; i < 40 && !reached; i++) {
			await page.keyboard.press('Tab');
			reached = await page.evaluate(() => document.activeElement.id === 'ticket');
		}
		check(reached, 'Tab reaches the ticket field');
		await page.keyboard.type('99');
		await page.keyboard.press('Enter');
		await page.waitForSelector('#error-summary');
		const said = await page.textContent('#error-summary');
		check(said.includes('Ticket number') && said.includes('99'), 'an unknown ticket is named in the error summary', said);
		await checkAxe(page, 'a wrong ticket (en, 360 px)');
		await page.click('#error-summary a');
		check(await page.evaluate(() => document.activeElement.id) === 'ticket', 'the summary\'s link goes back to the field');
		await page.keyboard.press('Control+A');
		await page.keyboard.type(String(ids.ticket));
		await page.keyboard.press('Enter');
		await page.waitForSelector('#status .done');
		const row = await page.textContent('#b-' + ids.attend);
		check(row.includes('Attended'), 'the ticket is checked in', row);
		await checkAxe(page, 'after a check-in (en, 360 px)');
		await page.screenshot({ path: screenshotPath('secretary-checkin-en-360'), fullPage: true });
		checkProblems(problems, 'the bookings (en, 360 px)');
		await context.close();
	}

	// the link of the secretaries' list email: signed out, the page sends the secretary to
	// sign in and back to the same session; a "next" of another site is never followed
	{
		const { page, problems, context } = await open(browser, 360);
		await visit(page, '/secretary/' + ids.first);
		await page.waitForURL('**/signin?next=*');
		await page.fill('#token', ids.token);
		await page.click('#signin-button');
		await page.waitForURL('**/secretary/' + ids.first);
		await page.waitForSelector('body[data-state="ready"]');
		check(page.url().endsWith('/secretary/' + ids.first), 'after signing in, the secretary is back on the session', page.url());
		await context.close();
		only401(problems);
		checkProblems(problems, 'signing in from the list email\'s link');
		const other = await open(browser, 360);
		await visit(other.page, '/signin?next=' + encodeURIComponent('//evil.example/x'));
		await other.page.fill('#token', ids.token);
		await other.page.click('#signin-button');
		await other.page.waitForURL('**/staff');
		check(new URL(other.page.url()).host === new URL(base).host, 'a next of another site is not followed', other.page.url());
		await other.context.close();
	}

	// 360 px Vietnamese and 1280 px English, for axe
	for (const [width, l] of [[360, 'vi'], [1280, 'en']]) {
		const { page, problems, context } = await open(browser, width);
		await visit(page, '/signin?lang=' + l);
		await page.fill('#token', ids.token);
		await page.click('#signin-button');
		await page.waitForURL('**/staff');
		await page.waitForSelector('body[data-state="ready"]');
		for (const path of ['/secretary', '/secretary/' + ids.first]) {
			await visit(page, path);
			await noOverflow(page, path + ' (' + l + ', ' + width + ' px)');
			await checkAxe(page, path + ' (' + l + ', ' + width + ' px)');
		}
		await page.screenshot({ path: screenshotPath('secretary-bookings-' + l + '-' + width), fullPage: true });
		checkProblems(problems, 'the pages (' + l + ', ' + width + ' px)');
		await context.close();
	}
	await close();
});
