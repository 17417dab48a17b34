"""The corpus run (``make corpus``) on a small deterministic sample: a few documents of every
set (scans that need OCR among them), the zugferd PDFs whose letterhead prints an emoji, a corrupt
and an empty file, through the async API of a real server. No 5xx, no hung job; the broken files
end ERROR with the standard error, everything else SUCCESS."""

from __future__ import annotations

import os

import pytest
from bench.corpus import BROKEN, SET_ORDER, collect_documents, prints_emoji, run_corpus, sample
from bench.datasets import data_dir

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_a_sample_of_the_corpus_runs_clean() -> None:
    if not data_dir().is_dir():
        reason = f"the shared data sets are not at {data_dir()}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    documents = sample(collect_documents(), 12)
    assert len(documents) == 12
    assert {d.set_name for d in documents} == set(SET_ORDER)
    assert sum(d.needs_ocr for d in documents) >= 2
    assert sum(prints_emoji(d) for d in documents) >= 1

    report = run_corpus(documents, workers=2, timeout=240)

    assert report.http_5xx == [], report.render()
    assert report.hung == [], report.render()
    broken = {
        o.document.name: (o.status, o.code)
        for o in report.outcomes
        if o.document.set_name == BROKEN
    }
    assert broken == {
        "broken/corrupt.pdf": ("ERROR", "INVALID_FILE"),
        "broken/empty.pdf": ("ERROR", "INVALID_FILE"),
    }
    assert all(o.standard_error for o in report.outcomes if o.error)
    others = [o for o in report.outcomes if o.document.set_name != BROKEN]
    assert [o.document.name for o in others if o.status != "SUCCESS"] == [], report.render()
    assert all(o.seconds is not None for o in report.outcomes if o.extraction_id), report.render()
    assert report.ok
