"""What one corrected document teaches: per field, the corrected value and where it sits on the
page (its anchors); fields that belong to the supplier rather than to the document (its name,
address, VAT id, IBAN, currency) are learned as the value itself.

    learned = learn(view, doctype, corrections, zero_shot)   # pipeline.learn_document
    stored = learned.lesson.to_json()    # plain JSON, kept per account, type and supplier
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from paperwise.domain.document_types import DataType, DocumentType
from paperwise.domain.result import ExtractionResult
from paperwise.learning.anchors import Anchor, anchors_of
from paperwise.learning.corrections import Corrections
from paperwise.learning.item_reading import read_table, row_words
from paperwise.learning.item_table import TableLesson, learn_table
from paperwise.learning.meanings import MeaningEvidence, same_value
from paperwise.learning.supplier_key import DocumentView, SupplierKey, supplier_key
from paperwise.learning.vat_summary import VatLesson, learn_vat

LESSON_VERSION = 1
# Meanings whose value is the supplier's, the same on every document it sends.
CONSTANT_MEANINGS = frozenset(
    {"supplier_name", "supplier_address", "supplier_vat_id", "supplier_iban", "currency"}
)
IDENTIFIER_MEANINGS = ("supplier_vat_id", "supplier_iban")


@dataclass(frozen=True)
class FieldLesson:
    name: str
    data_type: DataType
    value: str
    constant: bool
    anchors: tuple[Anchor, ...] = ()
    # Whether zero-shot extraction had this value right on the corrected document (None: not
    # known). A value zero-shot finds by itself only confirms; one it missed is learned first.
    zero_shot_right: bool | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "data_type": self.data_type.value,
            "value": self.value,
            "constant": self.constant,
            "anchors": [a.to_json() for a in self.anchors],
            "zero_shot_right": self.zero_shot_right,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> FieldLesson:
        return cls(
            name=str(raw["name"]),
            data_type=DataType(raw["data_type"]),
            value=str(raw["value"]),
            constant=bool(raw.get("constant")),
            anchors=tuple(Anchor.from_json(a) for a in raw.get("anchors") or ()),
            zero_shot_right=raw.get("zero_shot_right"),
        )


@dataclass(frozen=True)
class Lesson:
    """What one corrected document of one supplier taught."""

    key: SupplierKey
    fields: tuple[FieldLesson, ...]
    line_items: list[dict[str, str]] = field(default_factory=list)
    vat_rates: list[dict[str, str]] = field(default_factory=list)
    table: TableLesson | None = None  # the layout the corrected line items are printed in
    vat: VatLesson | None = None  # the layout of the corrected VAT summary
    # which built-in meanings zero-shot read each corrected value for (``meanings.py``)
    meanings: MeaningEvidence = field(default_factory=MeaningEvidence)

    def field(self, name: str) -> FieldLesson | None:
        return next((f for f in self.fields if f.name == name), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": LESSON_VERSION,
            "key": self.key.to_json(),
            "fields": [f.to_json() for f in self.fields],
            "line_items": self.line_items,
            "vat_rates": self.vat_rates,
            "table": self.table.to_json() if self.table else None,
            "vat": self.vat.to_json() if self.vat else None,
            "meanings": self.meanings.to_json(),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Lesson:
        return cls(
            key=SupplierKey.from_json(raw.get("key") or {}),
            fields=tuple(FieldLesson.from_json(f) for f in raw.get("fields") or ()),
            line_items=list(raw.get("line_items") or []),
            vat_rates=list(raw.get("vat_rates") or []),
            table=TableLesson.from_json(raw["table"]) if raw.get("table") else None,
            vat=VatLesson.from_json(raw["vat"]) if raw.get("vat") else None,
            meanings=MeaningEvidence.from_json(raw.get("meanings")),
        )


@dataclass(frozen=True)
class Learned:
    """A lesson and, for the caller, what was learned of each field."""

    lesson: Lesson
    details: list[dict[str, Any]]


def learn(
    view: DocumentView,
    doctype: DocumentType,
    corrections: Corrections,
    zero_shot: ExtractionResult | None = None,
    meanings: MeaningEvidence | None = None,
) -> Learned:
    """Learn from a read document and its corrected values (already normalised). ``zero_shot``
    is what extraction without lessons gave for the document, when known; ``meanings`` what the
    corrected values say about the fields' meanings (kept for the account's model)."""
    lessons: list[FieldLesson] = []
    details: list[dict[str, Any]] = []
    identifiers: list[str] = []
    for definition in doctype.fields:
        value = corrections.fields.get(definition.name)
        if value is None:
            continue
        meaning = definition.meaning
        anchors = tuple(anchors_of(view, definition.data_type, value))
        constant = meaning in CONSTANT_MEANINGS
        if meaning in IDENTIFIER_MEANINGS:
            identifiers.append(value)
        right = None
        if zero_shot is not None:
            right = same_value(definition.data_type, zero_shot.best_value(definition.name), value)
        lessons.append(
            FieldLesson(definition.name, definition.data_type, value, constant, anchors, right)
        )
        details.append(
            {
                "field": definition.name,
                "learned": "supplier value" if constant else "position",
                "found_on_page": bool(anchors),
            }
        )
    author = corrections.fields.get(doctype.author_field.name, "")
    seen_as = zero_shot.best_value(doctype.author_field.name) if zero_shot else None
    key = supplier_key(view, author, identifiers, seen_as=seen_as)
    table = (
        learn_table(view, doctype.line_item_fields, corrections.line_items)
        if corrections.line_items
        else None
    )
    item_words = row_words(read_table(view, table)) if table else set()
    vat = learn_vat(view, corrections.vat_rates, item_words) if corrections.vat_rates else None
    lesson = Lesson(
        key,
        tuple(lessons),
        corrections.line_items,
        corrections.vat_rates,
        table,
        vat,
        meanings or MeaningEvidence(),
    )
    if corrections.line_items:
        learned = "table layout" if table else "stored (the rows were not found on the page)"
        details.append({"line_items": len(corrections.line_items), "learned": learned})
    if corrections.vat_rates:
        learned = "summary layout" if vat else "stored (the rates were not found on the page)"
        details.append({"vat_rates": len(corrections.vat_rates), "learned": learned})
    return Learned(lesson, details)
