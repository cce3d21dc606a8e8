// signin.js: the sign-in page (/signin). With a login link (/signin#code=...) it shows one
// button that posts the code: opening the link changes nothing, so link scanners sign no
// one in. Otherwise the person pastes their access token.
import { el, replace, setup, t } from './lib.js';
import { homeOf, signIn } from './session.js';

const status = document.getElementById('status');
const linkForm = document.getElementById('link-form');
const tokenForm = document.getElementById('token-form');
const input = document.getElementById('token');

function say (text, isError) {
	replace(status, el('p', { class: isError ? 'error-message' : '' }, text));
}

function linkCode () {
	const match = /(?:^#|&)code=([A-Za-z0-9_-]{20,80})(?:&|$)/.exec(window.location.hash);
	return match ? match[1] : null;
}

function done (session) {
	say(t('signin.done'), false);
	window.location.assign(homeOf(session, new URLSearchParams(window.location.search).get('next')));
}

function showTokenForm () {
	linkForm.hidden = true;
	tokenForm.hidden = false;
}

async function main () {
	await setup('signin.title');
	const code = linkCode();
	if (code) {
		linkForm.hidden = false;
		linkForm.addEventListener('submit', async (event) => {
			event.preventDefault();
			say(t('signin.working'), false);
			try {
				const session = await signIn({ code });
				// the code is spent: the address forgets it
				history.replaceState(null, '', window.location.pathname + window.location.search);
				done(session);
			} catch (e) {
				history.replaceState(null, '', window.location.pathname + window.location.search);
				say(e.status === 401 ? t('signin.link.bad') : t('site.error', { message: e.message }), true);
				showTokenForm();
			}
		});
	} else {
		showTokenForm();
	}
	tokenForm.addEventListener('submit', async (event) => {
		event.preventDefault();
		const token = input.value.trim();
		if (token === '') {
			input.setAttribute('aria-invalid', 'true');
			say(t('signin.token.empty'), true);
			input.focus();
			return;
		}
		say(t('signin.working'), false);
		try {
			const session = await signIn({ token });
			input.value = '';
			done(session);
		} catch (e) {
			input.setAttribute('aria-invalid', 'true');
			say(e.status === 401 ? t('signin.token.bad') : t('site.error', { message: e.message }), true);
			input.focus();
		}
	});
	// the tests wait for this
	document.body.dataset.state = 'ready';
}

main();
