"""The three seed minutes: valid JSON, and the shared scorer's macro-F1 against the gold.

The gold files are read here only to score; no value of them is in the parser.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import SPEC, read, schema_errors

SHARED = SPEC.parent
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "score_minutes", SHARED / "tools" / "score_minutes.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_output_validates_against_the_schema(seed: Path) -> None:
    data = read(seed.read_text(encoding="utf-8"))
    assert schema_errors(data) == []


def test_seeds_score_at_least_095_macro_f1() -> None:
    assert len(SEEDS) >= 3
    scorer = _scorer()
    total = {c: scorer.Tally() for c in scorer.CATEGORIES}
    for seed in SEEDS:
        gold = json.loads((SPEC / "gold" / f"{seed.stem}.json").read_text(encoding="utf-8"))
        doc = {c: scorer.Tally() for c in scorer.CATEGORIES}
        scorer.score_doc(gold, read(seed.read_text(encoding="utf-8")), doc, False, seed.stem)
        for c in scorer.CATEGORIES:
            t, d = total[c], doc[c]
            t.kind = d.kind
            t.tp += d.tp
            t.fp += d.fp
            t.fn += d.fn
            t.correct += d.correct
            t.total += d.total
    values = {c: total[c].value() for c in scorer.CATEGORIES if not total[c].empty()}
    macro = sum(values.values()) / len(values)
    assert macro >= 0.95, values
