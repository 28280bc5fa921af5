#!/usr/bin/env python3
"""Validates JSON Lines against mpop's schema with python3-jsonschema.

Usage: validate_json_lines.py SCHEMA FILE
Every line of FILE must be one JSON object that the schema accepts. Prints one line per
problem ("line N: ...") and exits 1 if there is any, else prints "ok N" and exits 0.
"""
import json
import sys

import jsonschema


def main():
    with open(sys.argv[1], encoding="utf-8") as schema_file:
        schema = json.load(schema_file)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    problems = 0
    count = 0
    with open(sys.argv[2], encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            count += 1
            try:
                instance = json.loads(line)
            except ValueError as error:
                print(f"line {number}: not JSON: {error}")
                problems += 1
                continue
            errors = list(validator.iter_errors(instance))
            if errors:
                best = jsonschema.exceptions.best_match(errors)
                print(f"line {number}: {best.message}: {line.strip()}")
                problems += 1
    if count == 0:
        print("no lines")
        return 1
    if problems == 0:
        print(f"ok {count}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
