"""Applying a supplier's learned item table and VAT summary to its next document's result.

The supplier's lessons are tried most recent first. A reading that passes the arithmetic the
corrected document obeyed (``Verdict.CONSISTENT``) replaces the zero-shot rows or pairs, with
high confidence; one with nothing to check (``UNCHECKED``) only fills in where zero-shot found
nothing, with lower confidence; an inconsistent one is dropped and zero-shot stays. Fields of a
row the corrections did not name keep the zero-shot row's values (the zero-shot row sharing a
number with the learned row)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from paperwise.domain.document_types import DataType, DocumentType, field_meaning
from paperwise.domain.result import ExtractionResult, FieldResult, Value
from paperwise.extraction.layout import box_of
from paperwise.extraction.normalise import format_number
from paperwise.learning.item_reading import ReadRow, Verdict, read_table, verdict
from paperwise.learning.lessons import Lesson
from paperwise.learning.supplier_key import DocumentView
from paperwise.learning.vat_summary import VatReading, read_vat

CONSISTENT_CONFIDENCE = 0.95
UNCHECKED_CONFIDENCE = 0.7


def _best(row: Sequence[FieldResult], name: str) -> str | None:
    cell = next((f for f in row if f.name == name), None)
    best = cell.best if cell else None
    return best.value if best else None


def _zero_shot_row(
    read: ReadRow, zero_shot: list[list[FieldResult]], numbers: list[str]
) -> list[FieldResult] | None:
    for row in zero_shot:
        for name in numbers:
            cell = read.cells.get(name)
            if cell is not None and _best(row, name) == cell.value:
                return row
    return None


def _result_rows(
    doctype: DocumentType,
    rows: list[ReadRow],
    zero_shot: list[list[FieldResult]],
    confidence: float,
) -> list[list[FieldResult]]:
    numbers = [f.name for f in doctype.line_item_fields if f.data_type is DataType.NUMBER]
    out: list[list[FieldResult]] = []
    for read in rows:
        partner = _zero_shot_row(read, zero_shot, numbers) or []
        row: list[FieldResult] = []
        for f in doctype.line_item_fields:
            cell = read.cells.get(f.name)
            if cell is not None:
                value = Value(cell.value, confidence, box_of(cell.page, cell.words))
                row.append(FieldResult(f.name, f.data_type, [value]))
            else:
                kept = next((c for c in partner if c.name == f.name), None)
                row.append(kept or FieldResult(f.name, f.data_type))
        out.append(row)
    return out


def _learned_names_found(rows: list[list[FieldResult]], names: set[str]) -> bool:
    return any(cell.name in names and cell.best is not None for row in rows for cell in row)


def apply_line_items(
    view: DocumentView, doctype: DocumentType, result: ExtractionResult, lessons: Sequence[Lesson]
) -> None:
    if not doctype.line_item_fields or (view.doc.embedded_xml is not None and result.line_items):
        return
    unchecked: tuple[list[ReadRow], set[str]] | None = None
    for lesson in lessons:  # the most recent consistent reading; else the first unchecked one
        if lesson.table is None:
            continue
        rows = read_table(view, lesson.table)
        found = verdict(view, lesson.table, rows)
        if found is Verdict.CONSISTENT:
            result.line_items = _result_rows(
                doctype, rows, result.line_items, CONSISTENT_CONFIDENCE
            )
            return
        if found is Verdict.UNCHECKED and unchecked is None:
            unchecked = rows, {c.name for c in lesson.table.columns if c.name}
    if unchecked is not None and not _learned_names_found(result.line_items, unchecked[1]):
        result.line_items = _result_rows(
            doctype, unchecked[0], result.line_items, UNCHECKED_CONFIDENCE
        )


def _line_amounts(
    doctype: DocumentType, result: ExtractionResult, lessons: Sequence[Lesson]
) -> list[Decimal]:
    """The line amounts of the result: the field the corrected rows summed up, else the field
    meaning the line's amount."""
    names = [lesson.table.summed for lesson in lessons if lesson.table and lesson.table.summed]
    names += [
        f.name
        for f in doctype.line_item_fields
        if field_meaning(f.name, f.hint, f.data_type, line_item=True) == "amount"
    ]
    for name in names:
        values = [_best(row, name) for row in result.line_items]
        if values and all(v is not None for v in values):
            return [Decimal(v) for v in values if v is not None]
    return []


def _pair(reading: VatReading, confidence: float) -> list[FieldResult]:
    net_box = box_of(reading.page, reading.net_words) if reading.net_words else None
    rate_box = box_of(reading.page, reading.rate_words) if reading.rate_words else None
    return [
        FieldResult(
            "vat_rate_percentage",
            DataType.NUMBER,
            [Value(format_number(reading.rate), confidence, rate_box)],
        ),
        FieldResult(
            "vat_rate_net",
            DataType.NUMBER,
            [Value(format_number(reading.net), confidence, net_box)],
        ),
    ]


def apply_vat_rates(
    view: DocumentView, doctype: DocumentType, result: ExtractionResult, lessons: Sequence[Lesson]
) -> None:
    if not doctype.vat_rates or (view.doc.embedded_xml is not None and result.vat_rates):
        return
    amounts = _line_amounts(doctype, result, lessons)
    unchecked: list[VatReading] | None = None
    for lesson in lessons:  # the most recent consistent reading; else the first unchecked one
        if lesson.vat is None:
            continue
        readings, found = read_vat(view, lesson.vat, amounts)
        if found is Verdict.CONSISTENT:
            result.vat_rates = [_pair(r, CONSISTENT_CONFIDENCE) for r in readings]
            return
        if found is Verdict.UNCHECKED and unchecked is None:
            unchecked = readings
    if unchecked is not None and not result.vat_rates:
        result.vat_rates = [_pair(r, UNCHECKED_CONFIDENCE) for r in unchecked]
