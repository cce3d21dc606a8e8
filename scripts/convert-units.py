#!/usr/bin/env python3
"""Converts the shared units tables into the project's units TSV format.

Usage (from the top of the source tree):

    python3 scripts/convert-units.py [--source-dir DIR] [--out-dir DIR] [--check]

Reads   DIR/units-binh-duong-2023.tsv               (default DIR: ../shared/data)
        DIR/units-hcmc-2025-former-binh-duong.tsv
Writes  data/units/binh-duong-2023.tsv
        data/units/hcmc-2025-former-binh-duong.tsv

The format is described in data/units/README.md. The output is deterministic: running
the script twice gives the same bytes. With --check nothing is written; the exit status
says whether the files on disk are up to date.

Predecessor names of the 2025 table are resolved to the 2023 codes by their full name
(type prefix included, so "Phường Tân Hiệp" and "Xã Tân Hiệp" stay apart), compared after
Unicode normalisation and with the tone mark of each syllable taken apart from its
placement ("Hoà" = "Hòa", "Thuỷ" = "Thủy"). A name that matches no 2023 unit, or more
than one, stops the conversion, unless it is listed in RENAMED below with a reason.

Python 3 standard library only.
"""

import argparse
import os
import sys
import unicodedata

VALID_FROM_2023 = "2023-04-10"
VALID_FROM_2025 = "2025-07-01"

HCMC = {
    "code": "79",
    "name": "Thành phố Hồ Chí Minh",
    "type": "Thành phố",
    "level": "province",
    "parent": "",
    "predecessors": ["74"],
}

# Unit types of the two-level organisation (from 2025-07-01), longest first
TYPES_2025 = ["Đặc khu", "Phường", "Xã"]

# Predecessor names of the 2025 table that name a unit as it was after a change made
# between the 2023 catalogue and 2025-07-01. Each is mapped to the 2023 unit it continues,
# explicitly, with the reason; the output and the report show it. Nothing is guessed.
RENAMED = {
    "Phường An Điền": ("Xã An Điền",
                       "became a ward on 2024-05-01 (Bến Cát made a city)"),
    "Phường An Tây": ("Xã An Tây",
                      "became a ward on 2024-05-01 (Bến Cát made a city)"),
}

PART_MARK = "(part)"

COLUMNS = ["code", "name", "type", "level", "parent", "valid_from", "valid_to",
           "predecessors"]

# Vietnamese tone marks as combining characters (NFD): grave, acute, tilde, hook above,
# dot below. The other marks (circumflex, breve, horn) and đ belong to the letter.
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


class ConversionError(Exception):
    pass


def nfc(text):
    return unicodedata.normalize("NFC", text)


def name_key(name):
    """A comparison key for a unit name, the same for every spelling variant.

    NFC/NFD, letter case, runs of white space and the position of the tone mark within
    a syllable do not matter; the tone itself and the other diacritics do.
    """
    words = []
    for word in unicodedata.normalize("NFD", name).casefold().split():
        letters = []
        tones = []
        for ch in word:
            if ch in TONE_MARKS:
                tones.append(ch)
            else:
                letters.append(ch)
        base = unicodedata.normalize("NFC", "".join(letters))
        words.append(base + "|" + "".join(sorted(tones)))
    return " ".join(words)


def read_tsv(path):
    """Returns (comments, header, rows): rows are dicts, with the line number under '_line'."""
    comments = []
    header = None
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    if text.startswith("\ufeff"):
        text = text[1:]
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if line.startswith("#"):
            if header is None:
                comments.append(line[1:].strip())
            continue
        if line.strip() == "":
            continue
        fields = [nfc(x.strip()) for x in line.split("\t")]
        if header is None:
            header = fields
            continue
        if len(fields) > len(header):
            raise ConversionError(f"{path}:{number}: {len(fields)} fields, header has {len(header)}")
        fields += [""] * (len(header) - len(fields))
        row = dict(zip(header, fields))
        row["_line"] = number
        rows.append(row)
    if header is None:
        raise ConversionError(f"{path}: no header line")
    return comments, header, rows


def need_columns(path, header, names):
    missing = [n for n in names if n not in header]
    if missing:
        raise ConversionError(f"{path}: missing column(s) {', '.join(missing)}")


def check_code(path, row, field):
    code = row[field]
    if not (code.isascii() and code.isdigit() and 1 <= len(code) <= 10):
        raise ConversionError(f"{path}:{row['_line']}: bad {field} {code!r}")


def format_tsv(comments, units, trailer=()):
    out = []
    for c in comments:
        out.append(("# " + c) if c else "#")
    out.append("\t".join(COLUMNS))
    for u in units:
        for c in u.get("comments", []):
            out.append("# " + c)
        fields = [u["code"], u["name"], u["type"], u["level"], u["parent"],
                  u["valid_from"], u.get("valid_to", ""), ";".join(u["predecessors"])]
        for f in fields:
            if "\t" in f or "\n" in f or "\r" in f:
                raise ConversionError(f"unit {u['code']}: a field holds a tab or newline")
        out.append("\t".join(fields))
    if trailer:
        out.append("")
        for c in trailer:
            out.append(("# " + c) if c else "#")
    return nfc("\n".join(out) + "\n")


def convert_2023(path):
    _, header, rows = read_tsv(path)
    need_columns(path, header, ["code", "name", "type", "level", "parent"])
    units = []
    seen = set()
    for row in rows:
        check_code(path, row, "code")
        if row["parent"]:
            check_code(path, row, "parent")
        if row["level"] not in ("province", "district", "commune"):
            raise ConversionError(f"{path}:{row['_line']}: bad level {row['level']!r}")
        if row["code"] in seen:
            raise ConversionError(f"{path}:{row['_line']}: code {row['code']} twice")
        seen.add(row["code"])
        if not row["name"].startswith(row["type"] + " "):
            raise ConversionError(f"{path}:{row['_line']}: name {row['name']!r} does not "
                                  f"start with its type {row['type']!r}")
        units.append({
            "code": row["code"], "name": row["name"], "type": row["type"],
            "level": row["level"], "parent": row["parent"],
            "valid_from": VALID_FROM_2023, "valid_to": "", "predecessors": [],
        })
    for u in units:
        if u["parent"] and u["parent"] not in seen:
            raise ConversionError(f"{path}: unit {u['code']}: unknown parent {u['parent']}")
    return units


def build_index(units_2023):
    """name key -> list of 2023 commune-level units with that name"""
    index = {}
    for u in units_2023:
        if u["level"] == "commune":
            index.setdefault(name_key(u["name"]), []).append(u)
    return index


def resolve(name, index, report):
    """Returns the one 2023 unit @name refers to, or raises."""
    target = name
    note = None
    if name in RENAMED:
        target, reason = RENAMED[name]
        note = f"{name} = {target}, {reason}"
    found = index.get(name_key(target), [])
    if len(found) == 1:
        if note:
            report["renamed"].append((name, found[0]["code"], note))
        elif found[0]["name"] != name:
            report["variants"].append((name, found[0]["name"], found[0]["code"]))
        return found[0], note
    if not found:
        report["unresolved"].append(name)
    else:
        report["ambiguous"].append((name, [u["code"] for u in found]))
    return None, None


def convert_2025(path, units_2023, report):
    _, header, rows = read_tsv(path)
    need_columns(path, header, ["code", "name", "predecessors"])
    index = build_index(units_2023)
    by_code_2023 = {u["code"]: u for u in units_2023}

    hcmc = dict(HCMC, valid_from=VALID_FROM_2025, valid_to="")
    hcmc["comments"] = [
        "Ho Chi Minh City from 2025-07-01; it takes in the former Binh Duong province (74).",
    ]
    units = [hcmc]
    partial = []
    uses = {}  # 2023 code -> [(successor code, partial?)]
    seen = set()
    for row in rows:
        check_code(path, row, "code")
        if row["code"] in seen:
            raise ConversionError(f"{path}:{row['_line']}: code {row['code']} twice")
        seen.add(row["code"])
        name = row["name"]
        utype = next((t for t in TYPES_2025 if name.startswith(t + " ")), None)
        if utype is None:
            raise ConversionError(f"{path}:{row['_line']}: no known type in {name!r}")
        preds = []
        described = []
        unit_notes = []
        for item in row["predecessors"].split(";"):
            item = " ".join(item.split())
            if not item:
                continue
            is_part = False
            if item.endswith(PART_MARK):
                is_part = True
                item = item[: -len(PART_MARK)].strip()
            report["names"] += 1
            old, note = resolve(item, index, report)
            if old is None:
                described.append(f"? {item}")
                continue
            if old["code"] in preds:
                raise ConversionError(f"{path}:{row['_line']}: {item} listed twice")
            preds.append(old["code"])
            described.append(f"{old['code']} {item}" + (" (part)" if is_part else ""))
            if note:
                unit_notes.append(f"note: {note}")
            uses.setdefault(old["code"], []).append((row["code"], is_part))
            if is_part:
                partial.append((row["code"], name, old["code"], old["name"]))
        comments = [f"{row['code']} {name} <- " + "; ".join(described)] + unit_notes
        units.append({
            "code": row["code"], "name": name, "type": utype, "level": "commune",
            "parent": HCMC["code"], "valid_from": VALID_FROM_2025, "valid_to": "",
            "predecessors": preds, "comments": comments,
        })

    # Consistency: every 2023 commune goes somewhere; a unit split in parts goes to at
    # least two successors and always as a part; a whole unit goes to exactly one.
    for u in units_2023:
        if u["level"] != "commune":
            continue
        got = uses.get(u["code"], [])
        if not got:
            report["not_succeeded"].append((u["code"], u["name"]))
            continue
        parts = [p for _, p in got]
        if any(parts) != all(parts) or (all(parts) and len(got) < 2) or \
                (not any(parts) and len(got) != 1):
            report["inconsistent"].append((u["code"], u["name"], got))
    for code in uses:
        if code not in by_code_2023:
            raise ConversionError(f"internal: {code} is not a 2023 code")
    return units, partial


def write_or_check(path, content, check, stale):
    old = None
    if os.path.exists(path):
        with open(path, encoding="utf-8", newline="") as f:
            old = f.read()
    if old == content:
        return
    if check:
        stale.append(path)
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(content)
    os.replace(tmp, path)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.dirname(here)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source-dir",
                        default=os.path.normpath(os.path.join(top, "..", "shared", "data")))
    parser.add_argument("--out-dir", default=os.path.join(top, "data", "units"))
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when an output file is not up to date")
    args = parser.parse_args(argv)

    src_2023 = os.path.join(args.source_dir, "units-binh-duong-2023.tsv")
    src_2025 = os.path.join(args.source_dir, "units-hcmc-2025-former-binh-duong.tsv")
    out_2023 = os.path.join(args.out_dir, "binh-duong-2023.tsv")
    out_2025 = os.path.join(args.out_dir, "hcmc-2025-former-binh-duong.tsv")

    report = {"names": 0, "unresolved": [], "ambiguous": [], "renamed": [], "variants": [],
              "not_succeeded": [], "inconsistent": []}
    try:
        units_2023 = convert_2023(src_2023)
        units_2025, partial = convert_2025(src_2025, units_2023, report)
    except (ConversionError, OSError) as e:
        print(f"convert-units: {e}", file=sys.stderr)
        return 1

    levels = {}
    for u in units_2023:
        levels[u["level"]] = levels.get(u["level"], 0) + 1
    print(f"2023: {len(units_2023)} units ({levels.get('province', 0)} province, "
          f"{levels.get('district', 0)} district, {levels.get('commune', 0)} commune)")
    print(f"2025: {len(units_2025)} units (1 province, {len(units_2025) - 1} commune); "
          f"{report['names']} predecessor names, {len(partial)} partial")
    for name, old, code in report["variants"]:
        print(f"  spelling variant: {name!r} = {old!r} ({code})")
    for name, code, note in report["renamed"]:
        print(f"  explicit mapping: {name!r} -> {code}: {note}")
    failed = False
    for name in report["unresolved"]:
        print(f"ERROR: predecessor {name!r} matches no 2023 unit", file=sys.stderr)
        failed = True
    for name, codes in report["ambiguous"]:
        print(f"ERROR: predecessor {name!r} matches several 2023 units: {', '.join(codes)}",
              file=sys.stderr)
        failed = True
    for code, name in report["not_succeeded"]:
        print(f"ERROR: 2023 unit {code} {name} has no successor", file=sys.stderr)
        failed = True
    for code, name, got in report["inconsistent"]:
        desc = ", ".join(f"{s}{' (part)' if p else ''}" for s, p in got)
        print(f"ERROR: 2023 unit {code} {name}: inconsistent successors {desc}",
              file=sys.stderr)
        failed = True
    if failed:
        print("convert-units: nothing written", file=sys.stderr)
        return 1

    header_2023 = [
        "Administrative units of Binh Duong province (74) as in force from 2023-04-10,",
        "GSO (national statistics) catalogue codes: 1 province, 9 district-level units,",
        "91 commune-level units. Later changes are not in this file (Bến Cát became a city",
        "and An Điền, An Tây became wards on 2024-05-01).",
        "Generated by scripts/convert-units.py from units-binh-duong-2023.tsv;",
        "format: data/units/README.md. Do not edit by hand.",
    ]
    header_2025 = [
        "Ho Chi Minh City (79) and its 36 commune-level units from 2025-07-01 that cover",
        "the former Binh Duong province (Resolution 1685/NQ-UBTVQH15; district level",
        "abolished). Codes are re-used under new names: a unit is a code plus valid_from.",
        "'predecessors' holds the 2023 codes (data/units/binh-duong-2023.tsv) of the units",
        "merged into each one, whole or in part; the comment line above each unit gives",
        "the source names, and the partial ones are listed again at the end of the file.",
        "Generated by scripts/convert-units.py from units-hcmc-2025-former-binh-duong.tsv;",
        "format: data/units/README.md. Do not edit by hand.",
    ]
    trailer = [
        "Partial predecessors: only part of the old unit went into the new one.",
        "partial<TAB>successor<TAB>predecessor<TAB>(names), one link a line:",
    ]
    for succ, succ_name, pred, pred_name in partial:
        trailer.append(f"partial\t{succ}\t{pred}\t({succ_name} <- {pred_name})")

    stale = []
    write_or_check(out_2023, format_tsv(header_2023, units_2023), args.check, stale)
    write_or_check(out_2025, format_tsv(header_2025, units_2025, trailer), args.check, stale)
    if stale:
        for p in stale:
            print(f"convert-units: {p} is not up to date", file=sys.stderr)
        return 1
    print(("checked " if args.check else "wrote ") + out_2023)
    print(("checked " if args.check else "wrote ") + out_2025)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
