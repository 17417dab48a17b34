"""Golden files: eleven generated documents and the engine's whole answer for each, as the API
sends it (values, confidences, boxes, line items, VAT). Any change to the engine's output shows
here, in review, as a changed JSON file.

    PAPERWISE_REGENERATE_GOLDEN=1 pytest tests/unit/test_golden_results.py   # accept the new output

The documents come from bench/synthetic, bench/fresh and bench/samples (text layers, so the test
stays fast); ``tests/data/golden/documents.json`` names each one's document type."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from paperwise.domain.document_types import builtin_type
from paperwise.domain.wire import WireResult
from paperwise.extraction.pipeline import extract_document
from paperwise.reading.model import ReadLimits
from paperwise.reading.reader import read_document

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"
DOCUMENTS: dict[str, str] = json.loads((GOLDEN / "documents.json").read_text(encoding="utf-8"))
REGENERATE = os.environ.get("PAPERWISE_REGENERATE_GOLDEN") == "1"


def _answer(name: str) -> WireResult:
    doctype = builtin_type(DOCUMENTS[name])
    assert doctype is not None
    doc = read_document((GOLDEN / name).read_bytes(), ReadLimits())
    result = extract_document(doc, doctype)
    return result.to_wire(object_id="golden", file_name=name, customer=None)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_engine_answers_as_recorded(name: str) -> None:
    expected_file = GOLDEN / f"{Path(name).stem}.json"
    answer = _answer(name)
    if REGENERATE or not expected_file.exists():
        expected_file.write_text(
            json.dumps(answer, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        if not REGENERATE:
            pytest.fail(f"{expected_file.name} was missing and is now written: review it")
    assert answer == json.loads(expected_file.read_text(encoding="utf-8"))
