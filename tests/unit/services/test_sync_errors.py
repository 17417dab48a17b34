from __future__ import annotations

from typing import cast

from paperwise.errors import (
    EncryptedDocument,
    ErrorBody,
    ExtractionFailed,
    ExtractionTimeout,
    InvalidFile,
    TooManyPages,
)
from paperwise.services.sync_extraction import error_from_body


def test_a_recorded_error_is_raised_again_as_its_own_class() -> None:
    body = TooManyPages("Too many: 300 > 200.", [{"pages": 300, "max_pages": 200}]).to_body()
    error = error_from_body(body)
    assert isinstance(error, TooManyPages)
    assert error.to_body() == body


def test_every_document_and_job_error_round_trips() -> None:
    for cls in (EncryptedDocument, InvalidFile, ExtractionTimeout, ExtractionFailed):
        body = cls().to_body()
        assert error_from_body(body).to_body() == body


def test_an_unknown_code_is_an_extraction_failure() -> None:
    body = cast(ErrorBody, {"code": "SOMETHING_NEW", "message": "x", "details": "bad"})
    error = error_from_body(body)
    assert isinstance(error, ExtractionFailed) and error.details == []
