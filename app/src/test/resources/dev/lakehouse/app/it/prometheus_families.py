# Parses the Prometheus text format on stdin with the Prometheus project's own Python parser
# (Debian's python3-prometheus-client) and prints each family as JSON: a format error fails here.
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

families = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    families[family.name] = {
        "type": family.type,
        "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples],
    }
json.dump(families, sys.stdout)
