// start.js: the units, by level, with a search box; each links to its sessions (/u/CODE)
import { api, el, fold, replace, setup, showStatus, t } from './lib.js';

const LEVELS = ['province', 'district', 'commune'];

// The words searched: the name without its type ("Phường Phú Cường" -> "phu cuong"), so
// that "phu" finds Phú Cường and Phú Lợi, not every Phường
function searchWords (unit) {
	const name = unit.type && unit.name.startsWith(unit.type + ' ')
		? unit.name.slice(unit.type.length + 1) : unit.name;
	return fold(name);
}

// Whether every word of @query begins a word of @words
function matches (words, query) {
	const list = words.split(/\s+/);
	return query.split(/\s+/).every((q) => list.some((w) => w.startsWith(q)));
}

function unitItem (unit, parentName) {
	return el('li', { 'data-search': searchWords(unit) },
		el('a', { href: '/u/' + encodeURIComponent(unit.code) }, unit.name),
		parentName ? el('span', { class: 'parent' }, ' · ' + t('unit.in', { parent: parentName })) : null);
}

function render (container, units) {
	const byCode = new Map(units.map((u) => [u.code, u]));
	const count = el('p', { id: 'count', class: 'count', role: 'status' });
	const input = el('input', {
		id: 'search', type: 'search', autocomplete: 'off', spellcheck: 'false',
		'aria-describedby': 'search-hint count', enterkeyhint: 'search',
	});
	const search = el('div', { class: 'field search' },
		el('label', { for: 'search' }, t('start.search')),
		el('p', { id: 'search-hint', class: 'hint' }, t('start.search.hint')),
		input);
	const none = el('p', { class: 'none', hidden: true }, t('start.none'));
	const sections = [];

	for (const level of LEVELS) {
		const members = units.filter((u) => u.level === level);
		if (members.length === 0)
			continue;
		const headingId = 'level-' + level;
		const list = el('ul', { class: 'units' });
		for (const unit of members) {
			const parent = unit.parent ? byCode.get(unit.parent) : null;
			list.append(unitItem(unit, level === 'commune' && parent ? parent.name : null));
		}
		sections.push(el('section', { class: 'level', 'aria-labelledby': headingId },
			el('h2', { id: headingId }, t('level.' + level)), list));
	}

	const filter = () => {
		const query = fold(input.value.trim());
		let shown = 0;
		for (const section of sections) {
			let inSection = 0;
			for (const item of section.querySelectorAll('li')) {
				const match = query === '' || matches(item.dataset.search, query);
				item.hidden = !match;
				if (match)
					inSection++;
			}
			section.hidden = inSection === 0;
			shown += inSection;
		}
		none.hidden = shown > 0;
		count.textContent = t('start.count', { count: shown });
	};
	input.addEventListener('input', filter);
	replace(container, search, count, none, sections);
	filter();
}

async function main () {
	await setup('start.title');
	const container = document.getElementById('content');
	const load = async () => {
		showStatus(container, t('site.loading'));
		try {
			const data = await api('/api/v1/units');
			render(container, data.units);
		} catch (e) {
			showStatus(container, t('site.error', { message: e.message }), load);
		}
	};
	await load();
	// the tests wait for this
	document.body.dataset.state = 'ready';
}

main();
