#!/usr/bin/python3
"""parse-ics.py: a test peer of thaogo's feeds, as a Python client reads them.

Usage: parse-ics.py FILE.ics FROM TO
Reads FILE.ics with icalendar, expands its VEVENTs with recurring_ical_events between FROM
00:00 and the end of TO (dates, Asia/Ho_Chi_Minh, both included) and prints JSON:
{"calendar": {"METHOD", "X-WR-CALNAME", "X-WR-TIMEZONE", "REFRESH-INTERVAL",
"X-PUBLISHED-TTL", "VTIMEZONE": [TZID, ...]},
 "events": [{"uid", "start", "end", "status", "sequence", "summary", "description",
 "location"}]} with times in ISO 8601 with their offset, events sorted by start and UID.
Exits 2 when the file does not parse."""

import datetime
import json
import re
import sys

import icalendar
import recurring_ical_events

VIETNAM = datetime.timezone(datetime.timedelta(hours=7))
CALENDAR_PROPERTIES = ("METHOD", "X-WR-CALNAME", "X-WR-TIMEZONE", "REFRESH-INTERVAL",
                       "X-PUBLISHED-TTL")

PROBE = (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:probe\r\n"
         b"DESCRIPTION:a\\\\nb\\\\\\,c\\;d\\ne %2C\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
PROBE_TEXT = "a\\nb\\,c;d\ne %2C"


def rfc5545_text_unescaping():
    r"""Makes icalendar unescape TEXT values once, as RFC 5545 3.3.11 says, when it does not.

    icalendar 4.0.3 (Debian 12) unescapes a value twice: Contentline.parts turns "\\" into
    "\" and vText then takes that "\" for an escape (so "\\n", an escaped backslash before
    an "n", becomes a newline), and it reads a literal "%2C" as a comma. No backslash that a
    correct server writes would round-trip. This replaces only those two steps with one pass
    over the escapes; parsing, unfolding and time zones stay the library's own."""
    try:
        text = str(icalendar.Calendar.from_ical(PROBE).walk("VEVENT")[0]["DESCRIPTION"])
    except Exception:  # noqa: BLE001 - the fix below is the answer
        text = None
    if text == PROBE_TEXT:
        return
    from icalendar import parser, prop

    hidden = {"\\\\": "\x00B", "\\,": "\x00C", "\\;": "\x00S", "\\:": "\x00O"}
    shown = {v: k for k, v in hidden.items()}

    def escape_string(val):
        return re.sub(r"\\[\\,;:]", lambda m: hidden[m.group(0)], val)

    def unescape_string(val):
        return re.sub("\x00[BCSO]", lambda m: shown[m.group(0)], val)

    def unescape_char(text):
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1),
                      text.replace("\r\n", "\n"))

    parser.escape_string = escape_string
    parser.unescape_string = unescape_string
    prop.unescape_char = unescape_char
    text = str(icalendar.Calendar.from_ical(PROBE).walk("VEVENT")[0]["DESCRIPTION"])
    if text != PROBE_TEXT:
        raise SystemExit("icalendar reads %r as %r" % (PROBE_TEXT, text))


def duration_text(delta):
    """a timedelta as an iCalendar duration (PT1H)"""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    out = sign + "P"
    if days:
        out += "%dD" % days
    if hours or minutes or seconds:
        out += "T"
        if hours:
            out += "%dH" % hours
        if minutes:
            out += "%dM" % minutes
        if seconds:
            out += "%dS" % seconds
    return out if out not in ("P", "-P") else "PT0S"


def value_text(value):
    """the text of a property value: durations as iCalendar writes them, text unescaped"""
    if value is None:
        return None
    if hasattr(value, "dt"):
        value = value.dt
    if isinstance(value, datetime.timedelta):
        return duration_text(value)
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, list):
        return ",".join(value_text(v) for v in value)
    return str(value)


def time_text(value):
    """a DTSTART/DTEND as ISO 8601, with the offset of its own time zone (a floating time
    has none, and a date is a date: the test sees either)"""
    if value is None:
        return None
    dt = value.dt if hasattr(value, "dt") else value
    return dt.isoformat()


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    rfc5545_text_unescaping()
    with open(argv[1], "rb") as f:
        data = f.read()
    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as e:  # noqa: BLE001 - any parse failure is the answer
        sys.stderr.write("parse error: %s\n" % e)
        return 2
    start_day = datetime.date.fromisoformat(argv[2])
    end_day = datetime.date.fromisoformat(argv[3]) + datetime.timedelta(days=1)
    start = datetime.datetime.combine(start_day, datetime.time(0, 0), VIETNAM)
    end = datetime.datetime.combine(end_day, datetime.time(0, 0), VIETNAM)

    calendar = {}
    for name in CALENDAR_PROPERTIES:
        calendar[name] = value_text(cal.get(name))
    calendar["VTIMEZONE"] = [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")]

    events = []
    for ev in recurring_ical_events.of(cal).between(start, end):
        sequence = ev.get("SEQUENCE")
        events.append({
            "uid": value_text(ev.get("UID")),
            "start": time_text(ev.get("DTSTART")),
            "end": time_text(ev.get("DTEND")),
            "status": value_text(ev.get("STATUS")),
            "sequence": int(sequence) if sequence is not None else None,
            "summary": value_text(ev.get("SUMMARY")),
            "description": value_text(ev.get("DESCRIPTION")),
            "location": value_text(ev.get("LOCATION")),
        })
    events.sort(key=lambda e: (e["start"], e["uid"]))
    json.dump({"calendar": calendar, "events": events}, sys.stdout, ensure_ascii=False,
              indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
