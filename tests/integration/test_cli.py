"""The ``paperwise`` command, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from paperwise.config import Settings
from paperwise.services.paperwise_service import open_service
from paperwise.storage.database import Database

from .helpers import PAPERWISE, env_for, make_pdf

pytestmark = pytest.mark.integration


def _run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PAPERWISE, *args], env=env_for(settings), capture_output=True, text=True, timeout=120
    )


def test_keys_create_prints_the_key_last_and_it_works(settings: Settings) -> None:
    created = _run(settings, "keys", "create", "acme")
    assert created.returncode == 0, created.stderr
    raw = created.stdout.strip().splitlines()[-1]
    service = open_service(settings)
    try:
        assert service.authenticate(raw).name == "acme"
        (key,) = service.list_keys()
    finally:
        service.close()
    listed = _run(settings, "keys", "list")
    assert key.id in listed.stdout and "acme" in listed.stdout and raw not in listed.stdout
    assert _run(settings, "keys", "revoke", key.id).returncode == 0
    assert _run(settings, "keys", "revoke", "key_nope").returncode == 1


def test_extract_writes_one_json_line_per_file(settings: Settings, tmp_path: Path) -> None:
    good = tmp_path / "inv.pdf"
    good.write_bytes(make_pdf())
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"this is not a pdf")
    done = _run(settings, "extract", str(good), str(bad), str(tmp_path / "missing.pdf"))
    assert done.returncode == 1
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[0]["file_name"] == "inv.pdf" and len(lines[0]["object_id"]) == 40
    assert lines[0]["extracted_fields"][0]["name"] == "supplier_name"
    for line in lines[1:]:
        assert set(line["error"]) == {"code", "message", "details"}
    assert _run(settings, "extract", "--document-type", "receipt", str(good)).returncode == 0


def test_doctypes_round_trip(settings: Settings, tmp_path: Path) -> None:
    spec = tmp_path / "po.json"
    spec.write_text(json.dumps({"name": "po", "fields": [{"name": "number"}]}))
    assert _run(settings, "doctypes", "create", str(spec), "--account", "acme").returncode == 0
    listed = _run(settings, "doctypes", "list", "--account", "acme").stdout
    assert "invoice" in listed and "po" in listed
    shown = json.loads(_run(settings, "doctypes", "show", "po", "--account", "acme").stdout)
    assert [f["name"] for f in shown["fields"]] == ["supplier_name", "number"]
    assert _run(settings, "doctypes", "delete", "invoice", "--account", "acme").returncode == 1
    assert _run(settings, "doctypes", "delete", "po", "--account", "acme").returncode == 0
    assert "po" not in _run(settings, "doctypes", "list", "--account", "acme").stdout


def test_concurrent_upgrades_of_a_new_database_all_succeed(settings: Settings) -> None:
    runs = [
        subprocess.Popen(
            [PAPERWISE, "db", "upgrade"],
            env=env_for(settings),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], outputs
    head = Database.from_settings(settings).head_revision()
    assert all(f"revision {head}." in out for out, _err in outputs)
