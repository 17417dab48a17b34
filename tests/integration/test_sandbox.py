"""The extraction sandbox: a real child process."""

from __future__ import annotations

import multiprocessing
from typing import Any

import pytest

from paperwise.domain.document_types import INVOICE
from paperwise.jobs.sandbox import (
    Extracted,
    Failed,
    Interrupted,
    Sandbox,
    SandboxRequest,
    _child_main,
)
from paperwise.reading.model import ReadLimits
from paperwise.storage.document_types_repo import doctype_to_json

from .helpers import make_pdf, make_scan

pytestmark = pytest.mark.integration


def _request(data: bytes) -> SandboxRequest:
    return SandboxRequest(data, doctype_to_json(INVOICE), ReadLimits())


def test_one_child_answers_requests_and_survives_bad_documents() -> None:
    sandbox = Sandbox()
    try:
        answer = sandbox.run(_request(b"definitely not a document"), timeout=60)
        assert isinstance(answer, Failed) and answer.error["code"] != "EXTRACTION_FAILED"
        answer = sandbox.run(_request(make_pdf()), timeout=60)
        assert isinstance(answer, Extracted) and "INV-2024-001" in answer.text
    finally:
        sandbox.close()


def test_the_child_is_killed_when_the_caller_stops_waiting() -> None:
    sandbox = Sandbox()
    try:
        answer = sandbox.run(_request(make_scan(30)), timeout=60, should_stop=lambda: True)
        assert isinstance(answer, Interrupted)
        answer = sandbox.run(_request(make_pdf()), timeout=60)  # a fresh child takes over
        assert isinstance(answer, Extracted)
    finally:
        sandbox.close()


def test_the_child_logs_an_exception_on_one_line_without_a_traceback(
    capfd: pytest.CaptureFixture[str],
) -> None:
    sandbox = Sandbox()
    try:
        not_a_lesson: Any = None
        broken = SandboxRequest(
            make_pdf(), doctype_to_json(INVOICE), ReadLimits(), lessons=(not_a_lesson,)
        )
        assert isinstance(sandbox.run(broken, timeout=60), Extracted)  # zero-shot stands
    finally:
        sandbox.close()
    err = capfd.readouterr().err
    (line,) = [line for line in err.splitlines() if "reading lessons failed" in line]
    assert " at lessons.py:" in line and "Traceback" not in err and 'File "' not in err


def test_a_child_whose_worker_is_gone_ends_quietly() -> None:
    """The fault suite's kill -9: a worker stopped (its API was killed) while its sandbox child
    was still warming up; the child's "ready" met a closed pipe and multiprocessing printed the
    stack trace into the log. It now ends quietly, with exit code 0."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_child_main, args=(child,))
    process.start()
    child.close()
    parent.close()  # the worker is gone before the child says "ready"
    process.join(120)
    assert process.exitcode == 0
