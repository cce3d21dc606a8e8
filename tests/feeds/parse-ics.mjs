// parse-ics.mjs: a test peer of thaogo's feeds, as ical.js (Thunderbird's parser) reads them.
//
// Usage: node parse-ics.mjs FILE.ics FROM TO
// Prints the same JSON as parse-ics.py: the calendar properties, the VTIMEZONE TZIDs and
// every VEVENT occurrence between FROM 00:00 and the end of TO (dates, UTC+7, both
// included), with times in ISO 8601 with the offset of their own time zone, which is
// registered from the feed's VTIMEZONE. Exits 2 when the file does not parse.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

// from tests/node_modules, or (a build outside the source tree, make distcheck) the file
// that $THAOGO_ICALJS names
const ICAL = (await import(process.env.THAOGO_ICALJS
	? pathToFileURL(process.env.THAOGO_ICALJS).href : "ical.js")).default;

const CALENDAR_PROPERTIES = ["METHOD", "X-WR-CALNAME", "X-WR-TIMEZONE", "REFRESH-INTERVAL",
	"X-PUBLISHED-TTL"];

// RFC 5545 3.8.8.2: a non-standard property's value is TEXT unless it says otherwise;
// ical.js keeps the ones it does not know raw, escapes and all
ICAL.design.icalendar.property["x-wr-calname"] = { defaultType: "text" };
ICAL.design.icalendar.property["x-wr-timezone"] = { defaultType: "text" };

function pad (n, width = 2) {
	return String(Math.abs(n)).padStart(width, "0");
}

// an ICAL.Time as 2026-12-07T08:00:00+07:00 (its own zone's offset)
function timeText (t) {
	if (t === null || t === undefined)
		return null;
	if (t.isDate)
		return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
	const base = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
	if (t.zone === ICAL.Timezone.localTimezone || t.zone === undefined || t.zone === null)
		return base; // floating: no offset, the test sees it
	const offset = t.utcOffset();
	const sign = offset < 0 ? "-" : "+";
	const minutes = Math.abs(offset) / 60;
	return `${base}${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

function valueText (v) {
	if (v === null || v === undefined)
		return null;
	if (Array.isArray(v))
		return v.map(valueText).join(",");
	return typeof v === "string" ? v : v.toString();
}

function main (argv) {
	if (argv.length !== 3) {
		process.stderr.write("usage: node parse-ics.mjs FILE.ics FROM TO\n");
		return 2;
	}
	let root;
	try {
		root = new ICAL.Component(ICAL.parse(readFileSync(argv[0], "utf8")));
	} catch (e) {
		process.stderr.write(`parse error: ${e}\n`);
		return 2;
	}
	const tzids = [];
	for (const tz of root.getAllSubcomponents("vtimezone")) {
		const zone = new ICAL.Timezone(tz);
		ICAL.TimezoneService.register(zone, zone.tzid);
		tzids.push(zone.tzid);
	}
	const calendar = {};
	for (const name of CALENDAR_PROPERTIES) {
		const p = root.getFirstProperty(name.toLowerCase());
		calendar[name] = p === null ? null : valueText(p.getFirstValue());
	}
	calendar.VTIMEZONE = tzids;

	// the range [FROM 00:00+07:00, TO+1 00:00+07:00) in seconds since the epoch
	const rangeStart = Date.parse(`${argv[1]}T00:00:00+07:00`) / 1000;
	const rangeEnd = Date.parse(`${argv[2]}T00:00:00+07:00`) / 1000 + 86400;

	const events = [];
	const add = (ev, start, end) => {
		const s = start.toUnixTime();
		const e = end.toUnixTime();
		if (!(s < rangeEnd && (e > rangeStart || (e === s && s >= rangeStart))))
			return;
		const comp = ev.component;
		events.push({
			uid: ev.uid,
			start: timeText(start),
			end: timeText(end),
			status: valueText(comp.getFirstPropertyValue("status")),
			sequence: comp.hasProperty("sequence") ? Number(ev.sequence) : null,
			summary: valueText(comp.getFirstPropertyValue("summary")),
			description: valueText(comp.getFirstPropertyValue("description")),
			location: valueText(comp.getFirstPropertyValue("location")),
		});
	};
	for (const vevent of root.getAllSubcomponents("vevent")) {
		const ev = new ICAL.Event(vevent);
		if (ev.isRecurring()) {
			const it = ev.iterator();
			for (let next = it.next(); next; next = it.next()) {
				const details = ev.getOccurrenceDetails(next);
				if (details.startDate.toUnixTime() >= rangeEnd)
					break;
				add(ev, details.startDate, details.endDate);
			}
		} else {
			add(ev, ev.startDate, ev.endDate);
		}
	}
	events.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
	process.stdout.write(JSON.stringify({ calendar, events }, null, 1) + "\n");
	return 0;
}

process.exitCode = main(process.argv.slice(2));
