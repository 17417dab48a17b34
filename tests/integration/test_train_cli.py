"""``paperwise train``: a training document added from the command line counts for the next
extraction of the same supplier."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from paperwise.config import Settings
from paperwise.services.facade import Submission
from paperwise.services.paperwise_service import open_service

from .helpers import PAPERWISE, env_for, make_pdf

pytestmark = pytest.mark.integration


def _run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PAPERWISE, *args], env=env_for(settings), capture_output=True, text=True, timeout=120
    )


def test_train_adds_a_lesson_used_by_the_next_extraction(
    settings: Settings, tmp_path: Path
) -> None:
    assert _run(settings, "keys", "create", "acme").returncode == 0
    document = tmp_path / "inv.pdf"
    document.write_bytes(make_pdf())
    corrections = tmp_path / "values.json"
    corrections.write_text(
        json.dumps(
            {"learning_fields": [{"name": "supplier_name", "value": "ACME Widgets Limited"}]}
        )
    )
    args = ["train", "--account", "acme", "--document-type", "invoice"]
    done = _run(settings, *args, str(document), str(corrections))
    assert done.returncode == 0, done.stderr
    assert set(json.loads(done.stdout)) == {"message", "details"}

    service = open_service(settings)
    try:
        account = service.account_by_name("acme")
        result = service.extract_now(account, Submission(make_pdf(), "again.pdf", "invoice"))
    finally:
        service.close()
    supplier = next(f for f in result["extracted_fields"] if f["name"] == "supplier_name")
    assert supplier["values"][0]["value"] == "ACME Widgets Limited"

    corrections.write_text(json.dumps({"learning_fields": [{"name": "nope", "value": "1"}]}))
    refused = _run(settings, *args, str(document), str(corrections))
    assert refused.returncode == 1 and "VALIDATION_ERROR" in refused.stderr
