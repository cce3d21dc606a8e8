// booking.mjs: a citizen books from a session's slots to the ticket (360 px in Vietnamese,
// 1280 px in English): details, check of the answers, "check your email"; the link of the
// message read from the real SMTP server (GET and HEAD of it change nothing); the confirm
// page, the ticket, the .ics, a new time, the cancellation in two steps; an enterprise with
// a bad tax code sees the error summary; a full session gives a place on the waiting list.
// Usage: node booking.mjs BASE_URL RESULTS_DIR '{"unit", "open", "full", "mail", "reader", ...}'
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { base, check, checkAxe, checkProblems, launch, open, run, screenshotPath, visit } from './browser.mjs';

const ids = JSON.parse(process.argv[4]);

const words = {
	vi: { check: 'Kiểm tra thông tin', email: 'Hãy kiểm tra thư điện tử', confirm: 'Xác nhận', ticket: 'Phiếu hẹn',
		cancelled: 'Đã hủy', summary: 'Cần sửa lại', tax: 'Mã số thuế', waitlist: 'Trong danh sách chờ' },
	en: { check: 'Check your answers', email: 'Check your email', confirm: 'Confirm', ticket: 'Your ticket',
		cancelled: 'Cancelled', summary: 'There is a problem', tax: 'Tax code', waitlist: 'On the waiting list' },
};

// the messages the SMTP server received for @to, read as a mail client would
function messagesFor (to) {
	let names = [];
	try {
		names = readdirSync(ids.mail).filter((n) => n.startsWith('msg-') && n.endsWith('.eml')).sort();
	} catch (e) {
		return [];
	}
	return names.map((n) => JSON.parse(execFileSync(process.env.PYTHON3 || '/usr/bin/python3', [ids.reader, join(ids.mail, n)], { encoding: 'utf8' })))
		.filter((m) => m.to.some((a) => a.address === to));
}

async function waitForMessage (to, count) {
	const until = Date.now() + 20000;
	for (;;) {
		const list = messagesFor(to);
		if (list.length >= count || Date.now() > until)
			return list;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

async function status (id, token) {
	const r = await fetch(base + '/api/v1/bookings/' + id + '?token=' + token);
	return (await r.json()).booking.status;
}

async function fillDetails (page, person) {
	if (person.enterprise) {
		await page.check('#kind-enterprise');
		await page.fill('#organization', 'Công ty TNHH Thảo Nguyên');
		await page.fill('#tax-code', person.tax);
	}
	await page.fill('#name', person.name);
	await page.fill('#phone', person.phone);
	await page.fill('#email', person.email);
	await page.selectOption('#category', 'late_dossier');
	await page.fill('#dossier', '000.00.12.H01-231122-0001');
	await page.fill('#summary', 'Hồ sơ đất đai trễ hạn');
	await page.check('#consent');
}

run(async () => {
	const { browser, close } = await launch();
	let n = 0;
	for (const [width, lang] of [[360, 'vi'], [1280, 'en']]) {
		const w = words[lang];
		const at = ' (' + lang + ', ' + width + ' px)';
		const shot = (name) => (width === 360 ? page.screenshot({ path: screenshotPath('booking-' + name + '-' + lang), fullPage: true }) : null);
		const { context, page, problems } = await open(browser, width);
		n++;
		const email = 'thao' + n + '@example.vn';

		// an enterprise with a bad tax code: the error summary names the field and links to it
		await visit(page, '/u/' + ids.unit + '/' + ids.open + (lang === 'en' ? '?lang=en' : ''));
		await page.click('label[for="slot-1030"]');
		await page.click('#slot-form button[type="submit"]');
		await page.waitForSelector('#details-form');
		check(await page.getAttribute('#phone', 'inputmode') === 'tel' && await page.getAttribute('#email', 'autocomplete') === 'email',
			'the fields have inputmode and autocomplete' + at);
		check(await page.textContent('label[for="name"]') === (lang === 'vi' ? 'Họ và tên' : 'Full name'), 'the name has its portal label' + at);
		await fillDetails(page, { enterprise: true, tax: '12345', name: 'Nguyễn Thị Thảo', phone: '+84 912 000 00' + n, email });
		await page.click('#details-continue');
		await page.waitForSelector('#error-summary');
		const summary = await page.textContent('#error-summary');
		check(summary.includes(w.summary) && summary.includes(w.tax), 'a bad tax code is named in the error summary' + at, summary);
		check(await page.evaluate(() => document.activeElement.id) === 'error-summary', 'the summary takes the focus' + at);
		await page.click('#error-summary a');
		check(await page.evaluate(() => document.activeElement.id) === 'tax-code', 'the summary links to the field' + at);
		await checkAxe(page, 'the error summary' + at);
		await shot('error');

		// a citizen with a phone written with +84 and spaces
		await page.check('#kind-citizen');
		await page.click('#details-continue');
		await page.waitForSelector('#submit-booking');
		const answers = await page.textContent('dl.answers');
		check(answers.includes('091200000' + n), 'the phone is kept as 0xxxxxxxxx' + at, answers);
		check((await page.textContent('h1')).includes(w.check), 'the answers are shown to check' + at);
		await checkAxe(page, 'the check of the answers' + at);
		await shot('check');
		// a change link goes back to its field, with what was typed
		await page.click('a[data-field="name"]');
		check(await page.evaluate(() => document.activeElement.id) === 'name' && await page.inputValue('#name') === 'Nguyễn Thị Thảo',
			'a change link opens the field with its answer' + at);
		await checkAxe(page, 'the details form' + at);
		await shot('details');
		await page.click('#details-continue');
		await page.click('#submit-booking');
		await page.waitForSelector('#resend');
		const sent = await page.textContent('main');
		check(sent.includes(w.email) && sent.includes(email), 'check your email, with the address' + at, sent);
		check(await page.isVisible('.deadline'), 'the hold\'s deadline is given' + at);
		await checkAxe(page, 'check your email' + at);
		await shot('email');
		await page.click('#resend');
		await page.waitForFunction(() => document.getElementById('resend-status').textContent !== '');

		// the message's link: GET and HEAD change nothing
		const mails = await waitForMessage(email, 2);
		check(mails.length >= 2, 'the message and the one sent again arrive' + at, String(mails.length));
		const text = mails.length ? mails[0].parts[0].text : '';
		const match = text.match(/(http:\/\/[^\s]+\/b\/([0-9a-f]+)\?token=([A-Za-z0-9_-]+))/);
		check(match !== null, 'the message links to the booking\'s page' + at, text);
		if (!match)
			continue;
		const [, link, id, token] = match;
		check(!text.includes('/api/v1/'), 'no link of the message is JSON' + at);
		for (const method of ['GET', 'HEAD'])
			await fetch(link, { method });
		check(await status(id, token) === 'pending', 'GET and HEAD of the link change nothing' + at);

		// the confirm page, then the ticket
		await visit(page, link.replace(/^http:\/\/[^/]+/, ''));
		check((await page.textContent('#confirm')).trim() === w.confirm, 'the confirm page has one ' + w.confirm + ' button' + at);
		await checkAxe(page, 'the confirm page' + at);
		await shot('confirm');
		await page.click('#confirm');
		await page.waitForSelector('#ticket');
		check((await page.textContent('h1')).includes(w.ticket), 'confirmed: the ticket' + at);
		check(/^\d+$/.test((await page.textContent('.ticket-number')).trim()), 'the ticket has its number' + at);
		await checkAxe(page, 'the ticket' + at);
		await shot('ticket');
		const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ics')]);
		const ics = await download.path().then((p) => execFileSync('cat', [p], { encoding: 'utf8' }));
		check(ics.includes('BEGIN:VCALENDAR') && ics.includes('BEGIN:VEVENT'), 'the .ics downloads' + at);
		await page.emulateMedia({ media: 'print' });
		check(await page.isHidden('#cancel-open') && await page.isVisible('#ticket'), 'the print layout keeps the ticket, not the buttons' + at);
		await page.emulateMedia({ media: 'screen' });

		// a new time, on the same link
		await page.click('#reschedule-open');
		await page.waitForSelector('label[for="move-1100"]');
		await checkAxe(page, 'the change of time' + at);
		await page.click('label[for="move-1100"]');
		await page.click('#reschedule-do');
		await page.waitForFunction(() => document.getElementById('done') && document.getElementById('done').textContent !== '');
		check((await page.textContent('dl.facts')).includes('11:00–11:15'), 'the ticket shows the new time' + at);

		// the cancellation, a second step with a reason
		await page.click('#cancel-open');
		check(await page.isVisible('#cancel-do'), 'cancelling asks once more' + at);
		await page.fill('#cancel-reason', 'Tôi bận');
		await checkAxe(page, 'the cancellation\'s second step' + at);
		await shot('cancel');
		await page.click('#cancel-do');
		await page.waitForSelector('.status-cancelled');
		check((await page.textContent('#booking-status')).includes(w.cancelled), 'cancelled, in words' + at);
		check(((await page.textContent('#cancel-reason-given')) || '').includes('Tôi bận'), 'the page keeps the reason given' + at);
		await checkAxe(page, 'a cancelled booking' + at);
		// an older message's link shows the current state
		await visit(page, link.replace(/^http:\/\/[^/]+/, ''));
		check(await page.isVisible('.status-cancelled'), 'the old link shows the booking as it now is' + at);
		checkProblems(problems, 'the booking' + at);

		// a full session: the waiting list
		await visit(page, '/u/' + ids.full_unit + '/' + ids.full);
		await page.click('#waitlist');
		const waiting = 'cho' + n + '@example.vn';
		await fillDetails(page, { name: 'Trần Văn Chờ', phone: '0933 000 00' + n, email: waiting });
		await page.click('#details-continue');
		await page.click('#submit-booking');
		await page.waitForSelector('#booking-status, #resend');
		const after = await page.textContent('main');
		check(after.includes(w.waitlist) || after.includes(w.email), 'a full session gives a place on the waiting list' + at, after);
		await checkAxe(page, 'the waiting list' + at);
		// the booking's page says the place in the line
		const told = await waitForMessage(waiting, 1);
		const wl = told.length ? told[0].parts[0].text.match(/http:\/\/[^\s]+(\/b\/[0-9a-f]+\?token=[A-Za-z0-9_-]+)/) : null;
		check(wl !== null, 'the waiting list\'s message links to the booking\'s page' + at);
		if (wl) {
			await visit(page, wl[1]);
			await page.waitForSelector('#booking-status');
			const place = await page.textContent('#waitlist-position').catch(() => '');
			check(/\b\d+\b/.test(place || ''), 'the page gives the place on the waiting list' + at, place);
			await checkAxe(page, 'a booking on the waiting list' + at);
		}
		await shot('waitlist');
		checkProblems(problems, 'the waiting list' + at);
		await context.close();
	}
	await close();
});
