"""The result of a document that carries its own data: embedded ZUGFeRD / Factur-X / XRechnung.

The XML is the issuer's own record, so its values are given high confidence; each is also looked
up on the printed page so that it gets a box there (Box None when it is not printed)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from paperwise.domain.document_types import DataType, DocumentType, FieldDef, field_meaning
from paperwise.domain.result import Box, ExtractionResult, FieldResult, Value
from paperwise.extraction.einvoice_xml import EInvoice, EInvoiceLine, EInvoiceTax
from paperwise.extraction.layout import box_of
from paperwise.extraction.value_locator import Hit, ValueLocator

EINVOICE_CONFIDENCE = 0.99
_NUMBER_MEANINGS = frozenset(
    {"total_amount", "net_amount", "tax_amount", "quantity", "unit_price", "amount", "vat_rate"}
)
_DATE_MEANINGS = frozenset({"issue_date", "pay_due_date"})
# Totals are printed at the end of an invoice, after the line amounts that may equal them.
_LAST_OCCURRENCE = frozenset({"total_amount", "net_amount", "tax_amount"})
# How many lines below a line item's description its numbers may be printed.
_ROW_REACH = 6


def result_from_einvoice(
    invoice: EInvoice, doctype: DocumentType, locator: ValueLocator, pages: int
) -> ExtractionResult:
    """The document type's fields from the embedded e-invoice (``einvoice_xml.parse_einvoice``),
    boxed where ``locator`` finds them on the document's ``pages``."""
    fields = [_header_field(f, invoice, locator) for f in doctype.fields]
    line_items = (
        [_line_row(line, doctype.line_item_fields, locator) for line in invoice.lines]
        if doctype.line_item_fields
        else []
    )
    vat_rates = _vat_pairs(invoice.taxes, locator) if doctype.vat_rates else []
    return ExtractionResult(fields, line_items, vat_rates, pages=pages)


def _header_field(f: FieldDef, invoice: EInvoice, locator: ValueLocator) -> FieldResult:
    meaning = f.meaning
    value = invoice.header.get(meaning) if meaning else None
    if value is None:
        return FieldResult(f.name, f.data_type, [])
    hits = _find(locator, meaning or "", value)
    if meaning in _LAST_OCCURRENCE:
        hits = hits[::-1]
    box = _box(locator, hits[0]) if hits else None
    return FieldResult(f.name, f.data_type, [Value(value, EINVOICE_CONFIDENCE, box)])


def _find(locator: ValueLocator, meaning: str, value: str) -> list[Hit]:
    if meaning in _NUMBER_MEANINGS:
        return locator.number(Decimal(value))
    if meaning in _DATE_MEANINGS:
        return locator.date(value)
    return locator.text(value)


def _box(locator: ValueLocator, hit: Hit) -> Box:
    return box_of(locator.lines[hit.line_index].page, hit.words)


def _near(hits: list[Hit], anchor: int | None, locator: ValueLocator) -> Hit | None:
    """The hit on the anchor line or just below it (same page), else the first hit anywhere."""
    if anchor is not None:
        page = locator.lines[anchor].page
        close = [
            h
            for h in hits
            if anchor <= h.line_index <= anchor + _ROW_REACH
            and locator.lines[h.line_index].page == page
        ]
        if close:
            return min(close, key=lambda h: h.line_index)
    return hits[0] if hits else None


def _line_row(
    line: EInvoiceLine, fields: Sequence[FieldDef], locator: ValueLocator
) -> list[FieldResult]:
    description = line.values.get("description")
    desc_hits = locator.text(description) if description else []
    anchor = desc_hits[0].line_index if desc_hits else None
    row: list[FieldResult] = []
    for f in fields:
        meaning = field_meaning(f.name, f.hint, f.data_type, line_item=True)
        value = line.values.get(meaning) if meaning else None
        if value is None or meaning is None:
            row.append(FieldResult(f.name, f.data_type, []))
            continue
        hit = (
            desc_hits[0]
            if meaning == "description" and desc_hits
            else _near(_find(locator, meaning, value), anchor, locator)
        )
        box = _box(locator, hit) if hit else None
        row.append(FieldResult(f.name, f.data_type, [Value(value, EINVOICE_CONFIDENCE, box)]))
    return row


def _vat_pairs(taxes: list[EInvoiceTax], locator: ValueLocator) -> list[list[FieldResult]]:
    pairs: list[list[FieldResult]] = []
    for tax in taxes:
        if tax.rate is None or tax.basis is None:
            continue
        basis_hits = locator.number(Decimal(tax.basis))
        rate_hits = locator.number(Decimal(tax.rate))
        rate_lines = {h.line_index for h in rate_hits}
        # The base printed on the same line as the rate is the breakdown entry; else the last one.
        paired = [h for h in basis_hits if h.line_index in rate_lines]
        basis_hit = paired[-1] if paired else (basis_hits[-1] if basis_hits else None)
        rate_hit = _near(rate_hits, basis_hit.line_index if basis_hit else None, locator)
        if rate_hit and basis_hit and rate_hit.line_index != basis_hit.line_index:
            rate_hit = None  # a rate printed elsewhere says nothing about this entry
        pairs.append(
            [
                _number_field("vat_rate_percentage", tax.rate, rate_hit, locator),
                _number_field("vat_rate_net", tax.basis, basis_hit, locator),
            ]
        )
    return pairs


def _number_field(name: str, value: str, hit: Hit | None, locator: ValueLocator) -> FieldResult:
    box = _box(locator, hit) if hit else None
    return FieldResult(name, DataType.NUMBER, [Value(value, EINVOICE_CONFIDENCE, box)])
