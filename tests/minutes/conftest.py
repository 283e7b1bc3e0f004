"""Shared helpers for the minutes tests: schema checks and a parse-to-JSON shortcut.

The pure parser tests need no database; they are plain functions, not Django test cases.
"""

from __future__ import annotations

import functools
import importlib
import json
from pathlib import Path
from typing import Any

from kunskapsnav.minutes.parser import parse, to_json

SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "spec"
SAMPLES = Path(__file__).resolve().parent / "samples"


@functools.cache
def _validator() -> Any:
    jsonschema = importlib.import_module("jsonschema")  # no type stubs in the dev group
    schema = json.loads((SPEC / "minutes.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def schema_errors(data: dict[str, Any]) -> list[str]:
    """What in ``data`` breaks ``minutes.schema.json`` (dates checked as dates too)."""
    return [f"{list(e.path)}: {e.message}" for e in _validator().iter_errors(data)]


def read(text: str) -> dict[str, Any]:
    """Parse minutes text and return the schema's JSON object."""
    return to_json(parse(text))
