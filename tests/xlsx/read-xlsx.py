#!/usr/bin/python3
"""Prints every row of every sheet of an .xlsx file as "sheet,key,count" lines, read with
openpyxl (Debian's python3-openpyxl): an independent reader of what thaogod writes.

Usage: read-xlsx.py FILE.xlsx
"""
import sys

import openpyxl


def main():
    wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
    for ws in wb.worksheets:
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            if i == 0:
                continue  # the headings
            key, count = row[0], row[1]
            if not isinstance(count, (int, float)):
                print(f"{ws.title}: the count of {key!r} is not a number", file=sys.stderr)
                return 1
            print(f"{ws.title},{key if key is not None else ''},{int(count)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
