"""One error tree. Every error has a stable upper-case ``code``; only ``api/`` knows HTTP."""

from __future__ import annotations

from typing import Any, TypedDict


class ErrorBody(TypedDict):
    """An error as the API answers it (and an ERROR extraction records it)."""

    code: str
    message: str
    details: list[dict[str, Any]]


class PaperwiseError(Exception):
    """Base of every error Paperwise raises on purpose."""

    code = "INTERNAL_ERROR"
    default_message = "An unexpected error occurred."

    def __init__(
        self, message: str | None = None, details: list[dict[str, Any]] | None = None
    ) -> None:
        self.message = message or self.default_message
        self.details: list[dict[str, Any]] = details or []
        super().__init__(self.message)

    def to_body(self) -> ErrorBody:
        return {"code": self.code, "message": self.message, "details": self.details}


# --- bad input (400 / 413 / 415 / 422) ---------------------------------------------------------
class BadRequest(PaperwiseError):
    code = "BAD_REQUEST"
    default_message = "The request is not valid."


class ValidationFailed(PaperwiseError):
    code = "VALIDATION_ERROR"
    default_message = "The request body is not valid."


class WebhookUrlRefused(ValidationFailed):
    """A webhook URL that is malformed or reaches a private, loopback or link-local address."""

    code = "WEBHOOK_URL_REFUSED"
    default_message = "The webhook URL is refused."


class DocumentError(PaperwiseError):
    """The document itself cannot be read."""

    code = "INVALID_FILE"
    default_message = "The file is not a readable PDF or image."


class InvalidFile(DocumentError):
    code = "INVALID_FILE"


class EmptyDocument(DocumentError):
    code = "EMPTY_DOCUMENT"
    default_message = "The document has no pages."


class EncryptedDocument(DocumentError):
    code = "ENCRYPTED_DOCUMENT"
    default_message = "The PDF is encrypted with a password."


class TooManyPages(DocumentError):
    code = "TOO_MANY_PAGES"
    default_message = "The document has more pages than allowed."


class ImageTooLarge(DocumentError):
    code = "IMAGE_TOO_LARGE"
    default_message = "An image in the document is larger than allowed."


class UnsupportedFileType(DocumentError):
    code = "UNSUPPORTED_FILE_TYPE"
    default_message = "The file type is not supported. Send a PDF, PNG, JPEG, TIFF, WebP or BMP."


class FileTooLarge(DocumentError):
    code = "FILE_TOO_LARGE"
    default_message = "The file is larger than allowed."


# --- who you are and what you may touch --------------------------------------------------------
class Unauthorized(PaperwiseError):
    code = "UNAUTHORIZED"
    default_message = "No valid API key was given. Send 'Authorization: Token <key>'."


class Forbidden(PaperwiseError):
    code = "FORBIDDEN"
    default_message = "This key may not do that."


class NotFound(PaperwiseError):
    code = "NOT_FOUND"
    default_message = "Not found."


class DocumentTypeNotFound(NotFound):
    code = "DOCUMENT_TYPE_NOT_FOUND"
    default_message = "There is no document type with that name."


class Conflict(PaperwiseError):
    code = "CONFLICT"
    default_message = "The request conflicts with the current state."


class IdempotencyConflict(Conflict):
    code = "IDEMPOTENCY_CONFLICT"
    default_message = "This Idempotency-Key was already used with a different request body."


class RateLimited(PaperwiseError):
    code = "RATE_LIMITED"
    default_message = "Too many requests."

    def __init__(self, retry_after: int, message: str | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message, [{"retry_after": retry_after}])


# --- the service itself -------------------------------------------------------------------------
class NotReady(PaperwiseError):
    code = "NOT_READY"
    default_message = "The service is not ready."


class DatabaseUnavailable(NotReady):
    """The database refused the work for now (locked past the busy timeout, full, read-only or
    unreachable): the request changed nothing and may be sent again."""

    default_message = (
        "The database cannot take this request now (it is locked, full, read-only or "
        "unreachable). Nothing was changed; try again shortly."
    )


class ExtractionTimeout(PaperwiseError):
    code = "EXTRACTION_TIMEOUT"
    default_message = "The extraction took longer than allowed."


class ExtractionFailed(PaperwiseError):
    code = "EXTRACTION_FAILED"
    default_message = "The extraction failed unexpectedly."


class OcrUnavailable(PaperwiseError):
    code = "OCR_UNAVAILABLE"
    default_message = "The OCR engine cannot be started."
