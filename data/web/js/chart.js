// chart.js: bar charts as SVG, built node by node (never from HTML text). Each chart is a
// picture (role="img" named by its <title>) that stands beside a table of the same numbers,
// which is what a screen reader reads; the colours come from app.css, black in print.
const SVG = 'http://www.w3.org/2000/svg';
let serial = 0;

function node (tag, attrs = {}, text = null) {
	const n = document.createElementNS(SVG, tag);
	for (const [name, value] of Object.entries(attrs))
		n.setAttribute(name, String(value));
	if (text !== null)
		n.textContent = text;
	return n;
}

function frame (width, height, title, description) {
	const id = 'chart-' + (++serial);
	const svg = node('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img',
		'aria-labelledby': id + '-title ' + id + '-desc', class: 'chart', focusable: 'false' });
	svg.append(node('title', { id: id + '-title' }, title), node('desc', { id: id + '-desc' }, description));
	return svg;
}

// The width to draw a chart in so that its text keeps its size on a narrow screen: the
// page's, between 320 and 640
export function chartWidth () {
	return Math.max(320, Math.min(640, document.documentElement.clientWidth - 32));
}

// Horizontal bars, one a row, each with its label above it: @items is [{label, value}];
// @width: of the drawing (its text is 14 of those units high)
export function barChart (title, description, items, width = 640) {
	const row = 46;
	const left = 8;
	const room = width - left - 64;
	const height = Math.max(row * items.length + 8, 40);
	const max = Math.max(1, ...items.map((i) => i.value));
	const svg = frame(width, height, title, description);
	items.forEach((item, i) => {
		const y = 4 + i * row;
		const length = Math.round(room * item.value / max);
		svg.append(node('text', { x: left, y: y + 14, class: 'chart-label' }, item.label));
		svg.append(node('rect', { x: left, y: y + 20, width: Math.max(length, 1), height: 18, class: 'chart-bar' }));
		svg.append(node('text', { x: left + length + 6, y: y + 34, class: 'chart-value' }, String(item.value)));
	});
	return svg;
}

// Vertical bars over time: @items is [{label, value}] in order; every label when few, else
// every few
export function columnChart (title, description, items) {
	const width = 640;
	const height = 260;
	const top = 24;
	const bottom = 40;
	const left = 40;
	const plot = height - top - bottom;
	const max = Math.max(1, ...items.map((i) => i.value));
	const step = (width - left - 8) / Math.max(items.length, 1);
	const every = Math.max(1, Math.ceil(items.length / 8));
	const svg = frame(width, height, title, description);
	svg.append(node('line', { x1: left, y1: top + plot, x2: width - 4, y2: top + plot, class: 'chart-axis' }));
	svg.append(node('line', { x1: left, y1: top, x2: left, y2: top + plot, class: 'chart-axis' }));
	svg.append(node('text', { x: left - 6, y: top + 5, class: 'chart-tick', 'text-anchor': 'end' }, String(max)));
	svg.append(node('text', { x: left - 6, y: top + plot + 5, class: 'chart-tick', 'text-anchor': 'end' }, '0'));
	items.forEach((item, i) => {
		const h = Math.round(plot * item.value / max);
		const x = left + i * step + step * 0.15;
		const w = Math.max(step * 0.7, 1);
		svg.append(node('rect', { x: x.toFixed(1), y: top + plot - h, width: w.toFixed(1), height: Math.max(h, 0), class: 'chart-bar' }));
		if (items.length <= 16 && item.value > 0)
			svg.append(node('text', { x: (x + w / 2).toFixed(1), y: top + plot - h - 5, class: 'chart-value', 'text-anchor': 'middle' }, String(item.value)));
		if (i % every === 0)
			svg.append(node('text', { x: (x + w / 2).toFixed(1), y: top + plot + 18, class: 'chart-tick', 'text-anchor': 'middle' }, item.label));
	});
	return svg;
}
