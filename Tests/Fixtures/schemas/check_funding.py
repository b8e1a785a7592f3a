"""Checks a funding.json: the funding.json v1 JSON Schema (draft-07, with jsonschema from PyPI),
then the reference validator's own checks (github.com/floss-fund/go-funding-json).

    python3 check_funding.py SCHEMA FUNDING_JSON

Prints every problem, one a line; exit 0 when there is none, 1 when there are, 3 when the
jsonschema package is not installed.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("jsonschema is not installed: python3 -m pip install jsonschema", file=sys.stderr)
    sys.exit(3)

with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
with open(sys.argv[2], encoding="utf-8") as f:
    doc = json.load(f)

problems = []
validator = jsonschema.Draft7Validator(schema)
for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.path)):
    problems.append("schema: %s: %s" % ("/".join(str(p) for p in error.path) or "(root)", error.message))

# The reference validator's checks beyond the schema.
if not str(doc.get("version", "")).startswith("v1"):
    problems.append("version: %r is not v1.*" % doc.get("version"))
funding = doc.get("funding", {})
plans = funding.get("plans", [])
channels = funding.get("channels", [])
if not 1 <= len(plans) <= 30:
    problems.append("plans: %d plans, the validator wants 1 to 30" % len(plans))
ids = [c.get("guid") for c in channels]
if len(ids) != len(set(ids)):
    problems.append("channels: duplicate guid in %r" % ids)
plan_ids = [p.get("guid") for p in plans]
if len(plan_ids) != len(set(plan_ids)):
    problems.append("plans: duplicate guid in %r" % plan_ids)
for p in plans:
    for c in p.get("channels", []):
        if c not in ids:
            problems.append("plans: %s names the unknown channel %s" % (p.get("guid"), c))

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
