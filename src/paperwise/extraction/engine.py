"""The extraction engine: document bytes in, result object out. No server, no database.

    result, doc = extract_document(data, doctype, limits=ReadLimits())

Reading (text layer or OCR) -> embedded e-invoice XML when present (the issuer's own data) ->
zero-shot header fields, line items and VAT rates from word geometry -> arithmetic reconciles
the candidates and sets confidence."""

from __future__ import annotations

from paperwise.domain.document_types import DocumentType
from paperwise.domain.result import ExtractionResult
from paperwise.reading.model import ReadDocument, ReadLimits


def extract_document(
    data: bytes, doctype: DocumentType, *, limits: ReadLimits | None = None
) -> tuple[ExtractionResult, ReadDocument]:
    """Read the bytes and extract the type's fields. Raises a DocumentError for unreadable input."""
    from paperwise.reading.reader import read_document

    doc = read_document(data, limits or ReadLimits())
    return extract_from_read(doc, doctype), doc


def extract_from_read(doc: ReadDocument, doctype: DocumentType) -> ExtractionResult:
    """Extract from pages already read. Pure: same input, same output."""
    raise NotImplementedError("filled in by the extraction modules")
