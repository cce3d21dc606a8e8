// flow.mjs: a citizen goes from / to a slot at 360 px in Vietnamese and at 1280 px in
// English; a full session offers the waiting list and the next session; a cancelled one
// gives its reason.  Usage: node flow.mjs BASE_URL RESULTS_DIR '{"unit", "open", "full_unit", "full", "cancelled"}'
import { check, checkAxe, checkProblems, launch, open, run, visit } from './browser.mjs';

const ids = JSON.parse(process.argv[4]);

const words = {
	vi: { seats: 'còn 18/18 chỗ', full: 'Hết chỗ', cancelled: 'Đã hủy', reason: 'Lý do: Bão số 9',
		chosen: 'Đã chọn 10:15–10:30', sessionFull: 'Buổi này đã hết chỗ.', slotFull: 'hết chỗ',
		pick: 'Hãy chọn một khung giờ còn chỗ.', next: 'Buổi gần nhất còn chỗ', weekday: 'Thứ Hai' },
	en: { seats: '18 of 18 places left', full: 'Full', cancelled: 'Cancelled', reason: 'Reason: Bão số 9',
		chosen: 'Chosen: 10:15–10:30', sessionFull: 'This session is full.', slotFull: 'full',
		pick: 'Choose a time slot with a place left.', next: 'The next session with places', weekday: 'Monday' },
};

// "25747-20261214" -> "14/12/2026"
function shortDate (id) {
	const d = id.slice(-8);
	return d.slice(6, 8) + '/' + d.slice(4, 6) + '/' + d.slice(0, 4);
}

run(async () => {
	const { browser, close } = await launch();
	for (const [width, lang] of [[360, 'vi'], [1280, 'en']]) {
		const w = words[lang];
		const at = ' (' + lang + ', ' + width + ' px)';
		const { context, page, problems } = await open(browser, width);

		// the start: search, then the unit's link
		await visit(page, lang === 'en' ? '/?lang=en' : '/');
		await page.fill('#search', 'phu cuong');
		const shown = await page.$$eval('ul.units li:not([hidden]) a', (links) => links.map((a) => a.textContent));
		check(shown.length >= 1 && shown.every((n) => n.includes('Phú Cường')), 'the search finds Phú Cường' + at, shown.join(', '));
		await page.click('a[href="/u/' + ids.unit + '"]');
		await page.waitForURL('**/u/' + ids.unit);
		await page.waitForSelector('body[data-state="ready"]');
		check((await page.textContent('h1')).trim() === 'Phường Phú Cường', 'the unit page names the unit' + at);

		// the sessions: the open one with its places in words, and its link
		const item = page.locator('li.occurrence', { has: page.locator('h2', { hasText: shortDate(ids.open) }) });
		const itemText = await item.textContent();
		check(itemText.includes(w.seats), 'the open session says ' + w.seats + at, itemText);
		check(itemText.includes(w.weekday), 'the date is written with its weekday' + at, itemText);
		check((await page.textContent('main')).includes('UTC+7'), 'the time zone is named' + at);
		await item.locator('a.button').click();
		await page.waitForURL('**/u/' + ids.unit + '/' + ids.open);
		await page.waitForSelector('body[data-state="ready"]');

		// the slots: grouped by hour, seats in words; nothing chosen is refused in words
		check(await page.locator('fieldset.hour').count() === 2, 'the slots are grouped by hour' + at);
		check(await page.locator('input[type="radio"][name="slot"]').count() === 6, 'six slots are offered' + at);
		await page.click('#slot-form button[type="submit"]');
		check(await page.isVisible('#slot-error'), 'continuing without a slot says why' + at);
		check((await page.textContent('#slot-error')).trim() === w.pick, 'the refusal is in ' + lang + at);
		await page.click('label[for="slot-1015"]');
		check(await page.isChecked('#slot-1015'), 'a click on the label chooses the slot' + at);
		await page.click('#slot-form button[type="submit"]');
		check((await page.textContent('#chosen')).includes(w.chosen), 'the chosen slot is confirmed' + at,
			await page.textContent('#chosen'));
		check(await page.isHidden('#slot-error'), 'the refusal is gone' + at);
		checkProblems(problems, 'the flow to a slot' + at);

		// a unit with a full session and a cancelled one
		await visit(page, '/u/' + ids.full_unit);
		const full = page.locator('li.occurrence', { has: page.locator('h2', { hasText: shortDate(ids.full) }) });
		const fullText = await full.textContent();
		check(fullText.includes(w.full), 'a full session says so' + at, fullText);
		const cancelled = page.locator('li.occurrence', { has: page.locator('h2', { hasText: shortDate(ids.cancelled) }) });
		const cancelledText = await cancelled.textContent();
		check(cancelledText.includes(w.cancelled) && cancelledText.includes(w.reason),
			'a cancelled session says so with its reason' + at, cancelledText);
		check(await cancelled.locator('a').count() === 0, 'a cancelled session offers no booking' + at);
		await full.locator('a.button').click();
		await page.waitForURL('**/' + ids.full);
		await page.waitForSelector('body[data-state="ready"]');
		const main = await page.textContent('main');
		check(main.includes(w.sessionFull), 'the full session says so' + at);
		check(await page.isVisible('#waitlist'), 'the full session offers the waiting list' + at);
		const next = page.locator('.full-session a');
		check(await next.count() === 1 && (await next.textContent()).includes(w.next),
			'the full session offers the next session' + at);
		const disabled = await page.$$eval('input[name="slot"]', (inputs) => inputs.every((i) => i.disabled));
		check(disabled, 'no full slot can be chosen' + at);
		const seats = await page.$$eval('.choice .seats', (spans) => spans.map((s) => s.textContent));
		check(seats.length === 6 && seats.every((s) => s === w.slotFull), 'each full slot says so in words' + at, seats.join(', '));
		await checkAxe(page, 'the full session' + at);
		// the next session is open, although the series changed (one desk)
		const href = await next.getAttribute('href');
		await next.click();
		await page.waitForURL('**' + href);
		await page.waitForSelector('body[data-state="ready"]');
		check(await page.locator('input[name="slot"]:not([disabled])').count() === 6, 'the next session has its slots free' + at);
		checkProblems(problems, 'the full and cancelled sessions' + at);
		await context.close();
	}
	await close();
});
