"""``paperwise train``: a training document added from the command line counts for the next
extraction of the same supplier."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from paperwise.config import Settings
from paperwise.domain.wire import WireValue
from paperwise.services.paperwise_service import open_service
from paperwise.services.protocol import Submission

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

    assert _supplier_now(settings)[0]["value"] == "ACME Widgets Limited"

    corrections.write_text(json.dumps({"learning_fields": [{"name": "nope", "value": "1"}]}))
    refused = _run(settings, *args, str(document), str(corrections))
    assert refused.returncode == 1 and "VALIDATION_ERROR" in refused.stderr


def _supplier_now(settings: Settings) -> list[WireValue]:
    service = open_service(settings)
    try:
        account = service.account_by_name("acme")
        result = service.extract_now(account, Submission(make_pdf(), "again.pdf", "invoice"))
    finally:
        service.close()
    values = next(f["values"] for f in result["extracted_fields"] if f["name"] == "supplier_name")
    return values


def test_training_documents_are_listed_and_forgotten(settings: Settings, tmp_path: Path) -> None:
    assert _run(settings, "keys", "create", "acme").returncode == 0
    zero_shot = _supplier_now(settings)
    document = tmp_path / "inv.pdf"
    document.write_bytes(make_pdf())
    corrections = tmp_path / "values.json"
    corrections.write_text(
        json.dumps({"learning_fields": [{"name": "supplier_name", "value": "Taught Name Ltd"}]})
    )
    args = ["train", "--account", "acme", "--document-type", "invoice"]
    for _ in range(2):
        assert _run(settings, *args, str(document), str(corrections)).returncode == 0
    assert _supplier_now(settings)[0]["value"] == "Taught Name Ltd"

    listed = _run(settings, "training-documents", "list", "--account", "acme")
    assert listed.returncode == 0, listed.stderr
    documents = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(d["document_type_name"], d["supplier"], d["file_name"]) for d in documents] == [
        ("invoice", "taught name ltd", "inv.pdf")
    ] * 2

    one = _run(settings, "training-documents", "delete", documents[0]["id"], "--account", "acme")
    assert one.returncode == 0, one.stderr
    unknown = _run(settings, "training-documents", "delete", "nope", "--account", "acme")
    assert unknown.returncode == 1 and "NOT_FOUND" in unknown.stderr
    both = _run(
        settings,
        "training-documents",
        "delete",
        "x",
        "--account",
        "acme",
        "--document-type",
        "invoice",
    )
    assert both.returncode == 2
    rest = _run(
        settings, "training-documents", "delete", "--account", "acme",
        "--document-type", "invoice", "--supplier", "TAUGHT NAME LTD",
    )  # fmt: skip
    assert rest.returncode == 0 and "Deleted 1 " in rest.stdout, rest.stderr
    assert _run(settings, "training-documents", "list", "--account", "acme").stdout == ""
    assert _supplier_now(settings) == zero_shot
