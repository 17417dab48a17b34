from __future__ import annotations

from typing import cast

from paperwise.domain.document_types import DataType, DocumentTypeDict
from paperwise.domain.jobs import JobInput
from paperwise.domain.result import ExtractionResult, FieldResult, Value
from paperwise.errors import ErrorBody
from paperwise.jobs.sandbox import Crashed, Extracted, Failed, Interrupted
from paperwise.jobs.worker import outcome_of

JOB = JobInput(
    data=b"",
    document_id="d" * 40,
    document_type=cast(DocumentTypeDict, {}),
    file_name="a.pdf",
    customer="c",
)


def test_an_extracted_result_is_stored_in_wire_form_with_its_text() -> None:
    result = ExtractionResult(
        fields=[FieldResult("supplier_name", DataType.AUTHOR, [Value("ACME", 0.9)])]
    )
    outcome = outcome_of(Extracted(result=result, text="ACME Ltd"), JOB)
    assert outcome is not None and outcome.error is None and outcome.text == "ACME Ltd"
    assert outcome.result is not None
    assert outcome.result["object_id"] == "d" * 40
    assert outcome.result["file_name"] == "a.pdf" and outcome.result["customer"] == "c"
    assert outcome.result["extracted_fields"][0]["values"][0]["value"] == "ACME"


def test_a_failure_is_stored_as_its_error_body() -> None:
    error: ErrorBody = {"code": "INVALID_FILE", "message": "bad", "details": []}
    outcome = outcome_of(Failed(error=error), JOB)
    assert outcome is not None and outcome.error == error and outcome.result is None


def test_a_crash_or_interruption_writes_nothing() -> None:
    assert outcome_of(Crashed(), JOB) is None
    assert outcome_of(Interrupted(), JOB) is None
