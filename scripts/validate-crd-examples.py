#!/usr/bin/env python3
"""Validates every Kubernetes object in the given YAML files against the CRD schemas in
../shared/schemas (by apiVersion and kind); objects of other kinds are listed as not checked.

    python3 scripts/validate-crd-examples.py examples/*.yaml
"""
import glob
import os
import sys

import jsonschema
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "..", "..", "shared", "schemas")


def crd_schemas():
    found = {}
    for path in glob.glob(os.path.join(SCHEMAS, "*.yaml")):
        with open(path) as f:
            crd = yaml.safe_load(f)
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            found[(group + "/" + version["name"], kind)] = version["schema"]["openAPIV3Schema"]
    return found


def main(files):
    schemas, failed = crd_schemas(), 0
    for path in files:
        with open(path) as f:
            for doc in yaml.safe_load_all(f):
                if not doc:
                    continue
                key = (doc.get("apiVersion"), doc.get("kind"))
                name = f"{path}: {key[1]} {doc.get('metadata', {}).get('name')}"
                if key not in schemas:
                    print(f"not checked (no schema): {name}")
                    continue
                errors = list(jsonschema.Draft7Validator(schemas[key]).iter_errors(doc))
                for e in errors:
                    print(f"INVALID {name}: {'/'.join(map(str, e.path))}: {e.message}")
                failed += bool(errors)
                if not errors:
                    print(f"valid: {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
