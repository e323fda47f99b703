#!/usr/bin/env python3
"""Validate a JSON instance against a JSON Schema (draft-07).

Usage: validate_json.py SCHEMA INSTANCE
Exit 0 when valid; 1 with the first error (path and message) on stderr when not; 2 on bad usage
or unreadable input. Needs python3-jsonschema (Debian package). Rejects NaN/Infinity literals,
which are not JSON even though Python's parser accepts them.
"""
import json
import sys


def _reject_constant(name):
    raise ValueError(f"non-JSON constant {name} (NaN/Infinity must be written as null)")


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        import jsonschema
    except ImportError:
        print("python3-jsonschema is not installed (apt-get install python3-jsonschema)",
              file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        with open(argv[2], encoding="utf-8") as f:
            instance = json.load(f, parse_constant=_reject_constant)
    except (OSError, ValueError) as e:
        print(f"{argv[2]}: cannot load: {e}", file=sys.stderr)
        return 2 if isinstance(e, OSError) else 1
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(root)"
        print(f"{argv[2]}: invalid at {where}: {first.message} ({len(errors)} error(s))",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
