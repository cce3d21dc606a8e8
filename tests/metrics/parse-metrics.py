#!/usr/bin/python3
"""Parses a Prometheus text exposition (format 0.0.4) with the parser of Debian's
python3-prometheus-client, an independent reader of what thaogod serves at /metrics, and
prints it as JSON: {"families": [{"name", "type", "help", "samples": [{"name", "labels",
"value"}]}]}. A text the parser refuses makes it fail.

Usage: parse-metrics.py FILE
"""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    families = []
    for fam in text_string_to_metric_families(text):
        samples = []
        for s in fam.samples:
            value = s.value
            if math.isinf(value):
                value = "+Inf" if value > 0 else "-Inf"
            samples.append({"name": s.name, "labels": s.labels, "value": value})
        families.append({"name": fam.name, "type": fam.type, "help": fam.documentation,
                         "samples": samples})
    json.dump({"families": families}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
