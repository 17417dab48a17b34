"""The extraction engine: document bytes in, result object out. No server, no database.

    result, doc = extract_document(data, doctype, limits=ReadLimits())

Reading (text layer or OCR) -> embedded e-invoice XML when present (the issuer's own data) ->
zero-shot header fields, line items and VAT rates from word geometry -> arithmetic reconciles
the candidates and sets confidence."""

from __future__ import annotations

from paperwise.domain.document_types import DocumentType
from paperwise.domain.result import ExtractionResult, FieldResult
from paperwise.extraction.arithmetic import confirm_with_vat, line_amount_sum
from paperwise.extraction.doc_index import DocumentIndex
from paperwise.extraction.einvoice import result_from_einvoice
from paperwise.extraction.header import HeaderExtractor
from paperwise.extraction.layout import document_lines
from paperwise.extraction.line_items import extract_line_items
from paperwise.extraction.vat_rates import TaxLines, extract_vat_rates
from paperwise.reading.model import ReadDocument, ReadLimits


def extract_document(
    data: bytes, doctype: DocumentType, *, limits: ReadLimits | None = None
) -> tuple[ExtractionResult, ReadDocument]:
    """Read the bytes and extract the type's fields. Raises a DocumentError for unreadable input."""
    from paperwise.reading.reader import read_document

    doc = read_document(data, limits or ReadLimits())
    return extract_from_read(doc, doctype), doc


def extract_from_read(doc: ReadDocument, doctype: DocumentType) -> ExtractionResult:
    """Extract from pages already read. Pure: same input, same output.

    An embedded e-invoice is the answer when there is one, completed from the printed page where
    its profile lacks what the type asks for (MINIMUM: no lines, no due date, no VAT breakdown);
    otherwise header fields come from labels and layout, checked by arithmetic."""
    from_xml = result_from_einvoice(doc, doctype)
    if from_xml is None:
        return _from_page(doc, doctype)
    header_missing = any(
        f.meaning and not r.values for f, r in zip(doctype.fields, from_xml.fields, strict=True)
    )
    vat_missing = doctype.vat_rates and not from_xml.vat_rates
    if header_missing or vat_missing:
        return _completed(from_xml, _from_page(doc, doctype))
    if not from_xml.line_items and doctype.line_item_fields:
        from_xml.line_items = extract_line_items(doc, doctype.line_item_fields)
    return from_xml


def _from_page(doc: ReadDocument, doctype: DocumentType) -> ExtractionResult:
    line_items = extract_line_items(doc, doctype.line_item_fields)
    line_sum = line_amount_sum(line_items, doctype.line_item_fields)
    header = HeaderExtractor(DocumentIndex.build(doc), line_sum).results(doctype.fields)
    vat_rates: list[list[FieldResult]] = []
    if doctype.vat_rates:
        taxes = TaxLines(document_lines(doc.pages))
        vat_rates = extract_vat_rates(taxes, header, line_items)
        confirm_with_vat(header, doctype.fields, [(p.rate, p.net) for p in taxes.printed])
    return ExtractionResult(header, line_items, vat_rates, pages=len(doc.pages))


def _completed(from_xml: ExtractionResult, from_page: ExtractionResult) -> ExtractionResult:
    """The e-invoice's values, and the page's for every field, table or breakdown it has none of."""
    fields = [x if x.values else p for x, p in zip(from_xml.fields, from_page.fields, strict=True)]
    return ExtractionResult(
        fields,
        from_xml.line_items or from_page.line_items,
        from_xml.vat_rates or from_page.vat_rates,
        pages=from_xml.pages,
    )
