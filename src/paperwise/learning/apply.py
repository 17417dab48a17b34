"""Applying what a supplier's corrected documents taught to its next document.

The lessons of the supplier the document comes from (``supplier_lessons``) put their value first
among each field's candidates: a supplier value (its name, address, ids, currency) as learned,
boxed where it is printed; any other field read at its learned anchor. The zero-shot candidates
stay behind it. A field zero-shot had right on the corrected documents is only confirmed, when
the learned anchor reads the same value. Confidence says how the value was found: at its label
with the learned shape is high, at the bare position lower, a reading whose shape does not match
lower still (and then the zero-shot candidates keep their confidence, so they may stay first)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from paperwise.domain.document_types import DataType, DocumentType, FieldDef
from paperwise.domain.result import ExtractionResult, FieldResult, Value
from paperwise.extraction.layout import box_of
from paperwise.learning.anchors import Reading, locate, read_anchor
from paperwise.learning.apply_tables import apply_line_items, apply_vat_rates
from paperwise.learning.lessons import IDENTIFIER_MEANINGS, FieldLesson, Lesson
from paperwise.learning.supplier_key import (
    MATCH_THRESHOLD,
    DocumentView,
    SupplierKey,
    match_score,
)

AT_LABEL_CONFIDENCE = 0.95
AT_POSITION_CONFIDENCE = 0.8
SHAPE_CONFLICT_CONFIDENCE = 0.4
SUPPLIER_VALUE_PRINTED_CONFIDENCE = 0.95
SUPPLIER_VALUE_UNPRINTED_CONFIDENCE = 0.85
# A supplier value other than its name that this document does not print (a chain's other
# branch, another bank account) only stands in when zero-shot found nothing.
UNPRINTED_BEHIND_CONFIDENCE = 0.5
UNPRINTED_ALONE_CONFIDENCE = 0.6
AGREEMENT_BONUS = 0.03
MAX_CONFIDENCE = 0.99
# Zero-shot candidates stay at least this far behind a learned value that was found as learned.
BEHIND = 0.05
_NOT_LETTERS = re.compile(r"[\W_]+")


def _best_match(
    view: DocumentView, lessons: Sequence[Lesson], zero_shot_name: str | None
) -> Lesson | None:
    """The lesson whose supplier matches ``view``'s document best (the most recent of equals),
    None when none matches well enough."""
    best: Lesson | None = None
    best_score = 0.0
    for lesson in lessons:
        score = match_score(lesson.key, view, zero_shot_name)
        if score > best_score:
            best, best_score = lesson, score
    return best if best is not None and best_score >= MATCH_THRESHOLD else None


def recognised_supplier(
    view: DocumentView, lessons: Sequence[Lesson], zero_shot_name: str | None = None
) -> SupplierKey | None:
    """The key of the taught supplier ``view``'s document is recognised as (``lessons`` most
    recent first, ``zero_shot_name`` the supplier name zero-shot extraction read), None when no
    supplier matches well enough: the supplier whose lessons ``apply_lessons`` applies."""
    best = _best_match(view, lessons, zero_shot_name)
    return best.key if best is not None else None


def supplier_lessons(
    view: DocumentView, lessons: Sequence[Lesson], zero_shot_name: str | None = None
) -> list[Lesson]:
    """The lessons (given most recent first) of the supplier ``view``'s document comes from,
    most recent first; empty when no supplier matches well enough."""
    best = _best_match(view, lessons, zero_shot_name)
    if best is None:
        return []
    name = best.key.folded_name
    if not name:
        return [best]
    return [lesson for lesson in lessons if lesson.key.folded_name == name]


def _reading_value(reading: Reading) -> Value:
    if reading.by_label and reading.shape_ok:
        confidence = AT_LABEL_CONFIDENCE
    elif reading.shape_ok:
        confidence = AT_POSITION_CONFIDENCE
    else:
        confidence = SHAPE_CONFLICT_CONFIDENCE
    return Value(reading.value, confidence, box_of(reading.page, reading.words))


def _anchored_value(view: DocumentView, learned: list[FieldLesson]) -> Value | None:
    """The value the learned anchors agree on: of the readings at a found label with the learned
    shape, the value most anchors read (the most recent lesson's first on a tie); else the best
    other reading."""
    votes: dict[str, list[Reading]] = {}
    fallback: Reading | None = None
    for field_lesson in learned:  # most recent lesson first
        for anchor in field_lesson.anchors:
            reading = read_anchor(view, anchor, field_lesson.data_type)
            if reading is None:
                continue
            if reading.shape_ok and reading.by_label:
                votes.setdefault(reading.value, []).append(reading)
            elif fallback is None or (reading.shape_ok and not fallback.shape_ok):
                fallback = reading
    if votes:
        return _reading_value(max(votes.values(), key=len)[0])  # max keeps the first of equals
    return _reading_value(fallback) if fallback is not None else None


def _letters(text: str) -> str:
    return _NOT_LETTERS.sub("", text)


def _supplier_value(view: DocumentView, learned: FieldLesson, *, as_printed: bool) -> Value | None:
    """The learned value boxed where it is printed; None when it is not printed. With
    ``as_printed``, a text this document prints with other punctuation or spacing only ('AEON
    CO. (M) BHD.' for a learned 'AEON CO. (M) BHD') comes back as printed."""
    hits = locate(view, learned.data_type, learned.value)
    if not hits:
        return None
    page = view.locator.lines[hits[0].line_index].page
    value = learned.value
    if as_printed and learned.data_type in (DataType.AUTHOR, DataType.STRING):
        printed = " ".join(w.text for w in hits[0].words)
        value = printed if _letters(printed) == _letters(value) else value
    return Value(value, SUPPLIER_VALUE_PRINTED_CONFIDENCE, box_of(page, hits[0].words))


def _apply_supplier_value(
    view: DocumentView,
    result_field: FieldResult,
    learned: FieldLesson,
    *,
    is_author: bool,
    as_printed: bool,
) -> None:
    printed = _supplier_value(view, learned, as_printed=as_printed)
    if printed is not None:
        _put_first(result_field, printed)
    elif is_author or not result_field.values:
        # The supplier's name is what the caller taught, printed in whatever way.
        confidence = (
            SUPPLIER_VALUE_UNPRINTED_CONFIDENCE if is_author else UNPRINTED_ALONE_CONFIDENCE
        )
        _put_first(result_field, Value(learned.value, confidence))
    else:
        behind = Value(learned.value, UNPRINTED_BEHIND_CONFIDENCE)
        result_field.values = [*result_field.ranked(), behind]


def _put_first(result_field: FieldResult, learned: Value) -> None:
    """``learned`` first among the field's candidates, the zero-shot ones behind it."""
    zero_shot = result_field.ranked()
    agrees = next((v for v in zero_shot if v.value == learned.value), None)
    confidence = learned.confidence
    if agrees is not None and zero_shot[0] is agrees:
        confidence = min(MAX_CONFIDENCE, max(confidence, agrees.confidence) + AGREEMENT_BONUS)
    box = learned.box or (agrees.box if agrees is not None else None)
    first = Value(learned.value, confidence, box)
    found_as_learned = learned.confidence > SHAPE_CONFLICT_CONFIDENCE
    others = [
        Value(v.value, min(v.confidence, confidence - BEHIND), v.box) if found_as_learned else v
        for v in zero_shot
        if v.value != learned.value
    ]
    result_field.values = [first, *others]


def _zero_shot_right(lesson: Lesson, definition: FieldDef) -> bool:
    """Whether zero-shot had the field right on the lesson's corrected document: as the type
    was then, or reading the field's meaning now (one the account's model gave it, which read
    the corrected value there)."""
    learned = lesson.field(definition.name)
    if learned is not None and learned.zero_shot_right:
        return True
    meaning = definition.meaning
    return meaning is not None and meaning in lesson.meanings.fields.get(definition.name, ())


def apply_lessons(
    view: DocumentView,
    doctype: DocumentType,
    result: ExtractionResult,
    lessons: Sequence[Lesson],
) -> ExtractionResult:
    """``result`` (changed in place and returned) with the matching supplier's lessons applied.
    ``lessons`` are the account's lessons for this document type, most recent first."""
    if not lessons:
        return result
    author = doctype.author_field.name
    matched = supplier_lessons(view, lessons, result.best_value(author))
    if not matched:
        return result
    for definition in doctype.fields:
        name = definition.name
        learned = [f for f in (lesson.field(name) for lesson in matched) if f]
        if not learned:
            continue
        result_field = result.field(definition.name)
        if result_field is None:
            result_field = FieldResult(definition.name, definition.data_type)
            result.fields.append(result_field)
        if view.doc.embedded_xml is not None and result_field.values:
            continue  # the issuer's own e-invoice data is the truth
        is_author = definition.data_type is DataType.AUTHOR
        if learned[0].constant or is_author:
            as_printed = definition.meaning not in IDENTIFIER_MEANINGS
            _apply_supplier_value(
                view, result_field, learned[0], is_author=is_author, as_printed=as_printed
            )
            continue
        value = _anchored_value(view, learned)
        if value is None:
            continue
        if all(_zero_shot_right(lesson, definition) for lesson in matched if lesson.field(name)):
            # Zero-shot found this field by itself on the corrected documents: the lesson only
            # confirms it (or fills in when zero-shot finds nothing this time).
            best = result_field.best
            if best is not None and best.value != value.value:
                continue
        _put_first(result_field, value)
    apply_line_items(view, doctype, result, matched)
    apply_vat_rates(view, doctype, result, matched)
    return result
