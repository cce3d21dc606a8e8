// keyboard.mjs: the sessions and the slot choice with the keyboard alone, focus always
// visible.  Usage: node keyboard.mjs BASE_URL RESULTS_DIR '{"unit", "open"}'
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
	checkProblems(problems, 'the keyboard flow');
	await context.close();
	await close();
});
