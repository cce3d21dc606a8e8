#!/usr/bin/python3
"""read-message.py: reads a message as a mail client would (Python's email package, and
icalendar for a calendar attachment) and prints what the tests check, as JSON.
(Not named inspect.py: the folder of a script comes first in sys.path, and the standard
module inspect, which the email package imports, would be this file.)

Usage: read-message.py FILE.eml

Prints {"raw_headers": {lower-case name: [values as written, unfolded]},
 "headers_7bit": no byte above 0x7f in the header block, "crlf": every line ends CRLF,
 "from": [{"name", "address"}], "to": [...], "subject" (decoded), "date" (ISO 8601 or
 null when it does not parse), "message_id", "mime_version", "auto_submitted",
 "content_type", "defects": [...],
 "parts": [{"content_type", "charset", "params": {...}, "filename", "disposition",
 "transfer_encoding", "text" (decoded, for text/* parts)}] (the leaves, in order),
 "alternative": content types of the parts of the multipart/alternative,
 "calendar": null or {"method", "vevents": [{"uid", "summary", "dtstart", "dtend",
 "status", "sequence"}]}}.
Exits 2 when the file does not parse."""

import email
import email.policy
import email.utils
import json
import sys


def addresses(header):
    if header is None:
        return []
    return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses]


def calendar_of(text):
    import icalendar
    cal = icalendar.Calendar.from_ical(text)
    events = []
    for ev in cal.walk("VEVENT"):
        events.append({
            "uid": str(ev.get("UID", "")),
            "summary": str(ev.get("SUMMARY", "")),
            "dtstart": ev.decoded("DTSTART").isoformat() if ev.get("DTSTART") else None,
            "dtend": ev.decoded("DTEND").isoformat() if ev.get("DTEND") else None,
            "status": str(ev.get("STATUS", "")),
            "sequence": int(ev.get("SEQUENCE", 0)),
        })
    return {"method": str(cal.get("METHOD", "")), "vevents": events}


def main():
    data = open(sys.argv[1], "rb").read()
    head = data.split(b"\r\n\r\n", 1)[0]
    msg = email.message_from_bytes(data, policy=email.policy.default)

    raw = {}
    for name, value in email.message_from_bytes(data, policy=email.policy.compat32).items():
        raw.setdefault(name.lower(), []).append(str(value).replace("\r\n", "").replace("\n", ""))

    date = None
    try:
        date = email.utils.parsedate_to_datetime(msg["Date"]).isoformat()
    except (TypeError, ValueError):
        pass

    parts = []
    calendar = None
    alternative = []
    for part in msg.walk():
        if part.get_content_type() == "multipart/alternative":
            alternative = [p.get_content_type() for p in part.iter_parts()]
        if part.is_multipart():
            continue
        entry = {
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "params": {k: v for k, v in part["Content-Type"].params.items()}
            if part["Content-Type"] is not None else {},
            "filename": part.get_filename(),
            "disposition": part.get_content_disposition(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "text": None,
        }
        if part.get_content_maintype() == "text":
            entry["text"] = part.get_content()
        if part.get_content_type() == "text/calendar":
            calendar = calendar_of(part.get_payload(decode=True))
        parts.append(entry)

    out = {
        "raw_headers": raw,
        "headers_7bit": all(b < 0x80 for b in head),
        "crlf": data.count(b"\n") == data.count(b"\r\n"),
        "from": addresses(msg["From"]),
        "to": addresses(msg["To"]),
        "subject": str(msg["Subject"]) if msg["Subject"] is not None else None,
        "date": date,
        "message_id": msg["Message-ID"],
        "mime_version": msg["MIME-Version"],
        "auto_submitted": msg["Auto-Submitted"],
        "content_type": msg.get_content_type(),
        "defects": [type(d).__name__ for p in msg.walk() for d in p.defects],
        "parts": parts,
        "alternative": alternative,
        "calendar": calendar,
    }
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # noqa: BLE001 — any failure to read is the answer
        print(f"read-message.py: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(2)
