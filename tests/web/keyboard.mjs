// keyboard.mjs: the sessions, the slot choice, the details, the check and the submit with
// the keyboard alone, focus always visible.  Usage: node keyboard.mjs BASE_URL RESULTS_DIR '{"unit", "open"}'
import { check, checkProblems, launch, open, run, visit } from './browser.mjs';

const ids = JSON.parse(process.argv[4]);

// What has the focus: its tag, id, text, and whether a focus ring shows on it (or its label)
async function focused (page) {
	return page.evaluate(() => {
		const e = document.activeElement;
		const target = e.matches('input[type="radio"]') ? document.querySelector('label[for="' + e.id + '"]') : e;
		const style = getComputedStyle(target);
		return {
			tag: e.tagName.toLowerCase(), id: e.id, type: e.type || '', text: (e.textContent || '').trim(),
			href: e.getAttribute('href'), value: e.value,
			ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
		};
	});
}

async function tabUntil (page, test, limit = 40) {
	for (let i = 0; i < limit; i++) {
		await page.keyboard.press('Tab');
		const f = await focused(page);
		if (test(f))
			return f;
	}
	return null;
}

run(async () => {
	const { browser, close } = await launch();
	const { context, page, problems } = await open(browser, 360);

	// the unit's sessions: the skip link first, then the booking link of the open session
	await visit(page, '/u/' + ids.unit);
	await page.keyboard.press('Tab');
	let f = await focused(page);
	check(f.tag === 'a' && f.href === '#main' && f.ring, 'the first Tab reaches the skip link, visibly', JSON.stringify(f));
	const link = await tabUntil(page, (x) => x.href === '/u/' + ids.unit + '/' + ids.open);
	check(link !== null && link.ring, 'Tab reaches the open session\'s link, visibly', JSON.stringify(link));
	await page.keyboard.press('Enter');
	await page.waitForURL('**/u/' + ids.unit + '/' + ids.open);
	await page.waitForSelector('body[data-state="ready"]');

	// the slots: Tab into the group, arrows move the choice, Tab to continue, Enter
	f = await tabUntil(page, (x) => x.type === 'radio');
	check(f !== null && f.id === 'slot-1000', 'Tab reaches the first slot', JSON.stringify(f));
	check(f !== null && f.ring, 'the focused slot shows a focus ring', JSON.stringify(f));
	await page.keyboard.press('Space');
	check(await page.isChecked('#slot-1000'), 'Space chooses the focused slot');
	await page.keyboard.press('ArrowDown');
	f = await focused(page);
	check(f.id === 'slot-1015' && await page.isChecked('#slot-1015'), 'ArrowDown moves to and chooses the next slot', JSON.stringify(f));
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowDown');
	f = await focused(page);
	check(f.id === 'slot-1100', 'the arrows cross from one hour to the next', JSON.stringify(f));
	await page.keyboard.press('ArrowUp');
	f = await focused(page);
	check(f.id === 'slot-1045', 'ArrowUp goes back', JSON.stringify(f));
	f = await tabUntil(page, (x) => x.tag === 'button', 3);
	check(f !== null && f.ring, 'one Tab leaves the group for the Continue button, visibly', JSON.stringify(f));
	await page.keyboard.press('Enter');
	const chosen = (await page.textContent('#chosen')).trim();
	check(chosen.includes('10:45–11:00'), 'Enter continues with the chosen slot', chosen);

	// the details with the keyboard alone: the step's heading has the focus, Tab goes from
	// field to field, Space ticks the consent, Enter continues
	f = await focused(page);
	check(f.tag === 'h1' && f.id === 'title', 'the details step\'s heading has the focus', JSON.stringify(f));
	for (const [id, text] of [['name', 'Phạm Thị Phím'], ['phone', '0912 345 670'], ['email', 'phim@example.vn']]) {
		f = await tabUntil(page, (x) => x.id === id);
		check(f !== null && f.ring, 'Tab reaches ' + id + ', visibly', JSON.stringify(f));
		await page.keyboard.type(text);
	}
	f = await tabUntil(page, (x) => x.id === 'category');
	check(f !== null && f.ring, 'Tab reaches the topic, visibly', JSON.stringify(f));
	await page.keyboard.press('ArrowDown');
	check((await page.inputValue('#category')) !== '', 'the arrows choose a topic', await page.inputValue('#category'));
	f = await tabUntil(page, (x) => x.id === 'consent');
	check(f !== null && f.ring, 'Tab reaches the consent, visibly', JSON.stringify(f));
	await page.keyboard.press('Space');
	check(await page.isChecked('#consent'), 'Space ticks the consent');
	f = await tabUntil(page, (x) => x.id === 'details-continue');
	check(f !== null && f.ring, 'Tab reaches Continue, visibly', JSON.stringify(f));
	await page.keyboard.press('Enter');
	await page.waitForSelector('#submit-booking');
	f = await focused(page);
	check(f.tag === 'h1' && f.id === 'title', 'the check step\'s heading has the focus', JSON.stringify(f));
	const headings = await page.$$eval('h1, h2', (list) => list.map((h) => h.textContent.trim()));
	check(new Set(headings).size === headings.length, 'no heading repeats another', headings.join(' | '));
	f = await tabUntil(page, (x) => x.id === 'submit-booking');
	check(f !== null && f.ring, 'Tab reaches the submit button, visibly', JSON.stringify(f));
	await page.keyboard.press('Enter');
	await page.waitForSelector('#resend, #booking-status');
	f = await focused(page);
	check(f.tag === 'h1', 'after the submit the focus is on the page\'s heading', JSON.stringify(f));
	checkProblems(problems, 'the keyboard flow');
	await context.close();
	await close();
});
