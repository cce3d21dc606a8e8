// session.js: the signed-in pages' side of the session cookie. The cookie is HttpOnly: the
// page never sees it; it asks /api/v1/session who is signed in and gets the session's CSRF
// token, which every change it asks for carries in an X-CSRF-Token header.
import { ApiError, lang } from './lib.js';

let csrf = null;

async function call (path, method, body) {
	const headers = { 'Accept': 'application/json', 'Accept-Language': lang };
	if (body !== undefined)
		headers['Content-Type'] = 'application/json';
	if (method !== 'GET' && csrf)
		headers['X-CSRF-Token'] = csrf;
	const response = await fetch(path, {
		method,
		headers,
		body: body !== undefined ? JSON.stringify(body) : undefined,
		credentials: 'same-origin',
	});
	// the body is read to its end even when empty (204): fetch resolves with the headers,
	// and a page that goes elsewhere right after would abort a request still loading
	const text = await response.text();
	let data = null;
	try {
		data = text !== '' ? JSON.parse(text) : null;
	} catch (e) {
		data = null;
	}
	if (!response.ok) {
		const error = data && data.error ? data.error : {};
		const failure = new ApiError(response.status, error.code || 'http_' + response.status,
			error.message || response.statusText, error.field || null);
		// the sessions in the way of a refused series change (409 conflict)
		failure.sessions = error.sessions || [];
		throw failure;
	}
	return data;
}

// The session ({token, csrf_token}), or null when no one is signed in
export async function currentSession () {
	try {
		const data = await call('/api/v1/session', 'GET');
		csrf = data.session.csrf_token;
		return data.session;
	} catch (e) {
		if (e.status === 401)
			return null;
		throw e;
	}
}

// Signs in with a token or a login link's code ({token} or {code}); the cookie comes back
export async function signIn (body) {
	const data = await call('/api/v1/session', 'POST', body);
	csrf = data.session.csrf_token;
	return data.session;
}

// A change of the API with the session's CSRF token
export function change (path, method = 'POST', body = undefined) {
	return call(path, method, body);
}

// A read of the API with the session
export function read (path) {
	return call(path, 'GET');
}

export async function signOut () {
	await call('/signout', 'POST');
	csrf = null;
}

// The sign-in page, which brings the person back to this page afterwards
export function signInPath () {
	return '/signin?next=' + encodeURIComponent(window.location.pathname + window.location.search);
}

// Where a signed-in person goes: the page that sent them to sign in (a path of this site
// only, never another site's address), otherwise their staff page
export function homeOf (session, next) {
	if (typeof next === 'string' && /^\/[^/\\]/.test(next) && next.length <= 500 &&
	    !next.startsWith('/signin')) {
		const url = new URL(next, window.location.origin);
		if (url.origin === window.location.origin)
			return url.pathname + url.search;
	}
	return '/staff';
}
