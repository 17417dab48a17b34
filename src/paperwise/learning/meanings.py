"""What a field means, learned from all of an account's corrections and carried to suppliers
never corrected.

A supplier's lessons (``lessons.py``) say where its values sit and apply only to its own
documents. What an account's field *means* is the same for every supplier: an opaque field
``k5`` of a user-defined type that is always corrected to the document's total is the total on a
supplier never seen, too. So every corrected document also records, per corrected field, which
built-in meanings zero-shot extraction read the corrected value for (``meaning_evidence``: the
document extracted once more with every meaning asked for); ``fit`` counts these votes over the
account's corrected documents of one type (a background job refits it after every change,
``paperwise.jobs.refit``) and ``AccountModel.applied_to`` gives the type back with each field's
learned meaning as its hint, which zero-shot extraction and the ranker then use on every
document of the account.

A field whose name already says what it means keeps that meaning unless the corrections
contradict it nearly always; a meaning is learned only from several documents that agree, so a
supplier never corrected gets the built-in extraction of a meaning the account's corrections
showed, or, without such evidence, exactly what it got before."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from paperwise.domain.document_types import (
    HEADER_MEANINGS,
    LINE_ITEM_MEANINGS,
    DataType,
    DocumentType,
    FieldDef,
    field_meaning,
)
from paperwise.domain.result import ExtractionResult, FieldResult
from paperwise.learning.corrections import Corrections
from paperwise.learning.supplier_key import fold_name

MODEL_VERSION = 1
# A meaning is learned from at least this many corrected documents whose value it read ...
MIN_VOTES = 2
# ... that are at least this share of the documents correcting the field, with more votes than
# any other meaning (a tie, e.g. a net equal to the total on every document so far, teaches
# nothing).
MIN_SHARE = 0.5
# A field whose name has a meaning is given another only when the corrections nearly never are
# what its own meaning reads and nearly always another meaning's value.
OVERRIDE_MIN_VOTES = 3
OVERRIDE_OWN_SHARE = 0.2
OVERRIDE_SHARE = 0.8
# A line-item column votes for a meaning when at least this share of its corrected values are
# among that meaning's zero-shot values.
ITEM_COLUMN_SHARE = 0.5

_NUMBER_MEANINGS = frozenset(
    {"total_amount", "net_amount", "tax_amount", "quantity", "unit_price", "amount", "vat_rate"}
)
_DATE_MEANINGS = frozenset({"issue_date", "pay_due_date"})


def natural_type(meaning: str) -> DataType:
    """The data type a meaning's values have."""
    if meaning in _NUMBER_MEANINGS:
        return DataType.NUMBER
    if meaning in _DATE_MEANINGS:
        return DataType.DATE
    return DataType.STRING


# Every meaning zero-shot extraction can read, as one type: extracting a document with it gives
# each meaning's value, which the corrected values are compared with.
PROBE_TYPE = DocumentType(
    name="meaning-probe",
    fields=(
        FieldDef("supplier", DataType.AUTHOR),
        *(FieldDef(f"probe_{m}", natural_type(m), hint=m) for m in HEADER_MEANINGS[1:]),
    ),
    line_item_fields=tuple(
        FieldDef(f"probe_{m}", natural_type(m), hint=m) for m in LINE_ITEM_MEANINGS
    ),
)


def same_value(data_type: DataType, predicted: str | None, expected: str) -> bool:
    """Whether a predicted value says the same as the corrected one (case and spacing aside)."""
    if predicted is None:
        return False
    if data_type is DataType.NUMBER:
        try:
            return Decimal(predicted) == Decimal(expected)
        except InvalidOperation:
            return False
    return fold_name(predicted) == fold_name(expected)


def _header_meanings(probe: ExtractionResult, data_type: DataType, value: str) -> list[str]:
    return [
        m
        for m in HEADER_MEANINGS
        if m != "supplier_name"
        and natural_type(m) is data_type
        and same_value(data_type, probe.best_value(f"probe_{m}"), value)
    ]


def _column(rows: Sequence[Sequence[FieldResult]], name: str) -> list[str]:
    return [
        best.value
        for row in rows
        for cell in row
        if cell.name == name and (best := cell.best) is not None
    ]


def _item_meanings(probe: ExtractionResult, data_type: DataType, values: list[str]) -> list[str]:
    """The line-item meanings whose zero-shot column holds most of ``values``."""
    out = []
    for m in LINE_ITEM_MEANINGS:
        if natural_type(m) is not data_type:
            continue
        read = _column(probe.line_items, f"probe_{m}")
        found = 0
        for value in values:
            hit = next((r for r in read if same_value(data_type, r, value)), None)
            if hit is not None:
                read.remove(hit)
                found += 1
        if found and found >= ITEM_COLUMN_SHARE * len(values):
            out.append(m)
    return out


@dataclass(frozen=True)
class MeaningEvidence:
    """Per corrected field (and line-item field), the meanings whose zero-shot value on the
    corrected document was the corrected value."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    line_items: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"fields": self.fields, "line_items": self.line_items}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> MeaningEvidence:
        raw = raw or {}

        def read(part: object) -> dict[str, list[str]]:
            if not isinstance(part, dict):
                return {}
            return {str(k): [str(m) for m in v or ()] for k, v in part.items()}

        return cls(read(raw.get("fields")), read(raw.get("line_items")))


def meaning_evidence(
    doctype: DocumentType, corrections: Corrections, probe: ExtractionResult
) -> MeaningEvidence:
    """What ``corrections`` say about the meanings of ``doctype``'s fields, ``probe`` being the
    document extracted with ``PROBE_TYPE``. The supplier's own name field is left out: it is
    the supplier, whatever its name."""
    fields = {
        f.name: _header_meanings(probe, f.data_type, corrections.fields[f.name])
        for f in doctype.fields
        if f.data_type is not DataType.AUTHOR and f.name in corrections.fields
    }
    items: dict[str, list[str]] = {}
    for f in doctype.line_item_fields:
        values = [row[f.name] for row in corrections.line_items if f.name in row]
        if values:
            items[f.name] = _item_meanings(probe, f.data_type, values)
    return MeaningEvidence(fields, items)


@dataclass(frozen=True)
class AccountModel:
    """The meanings learned for an account's document type: field name -> meaning, header and
    line-item fields apart; ``documents`` is how many corrected documents it was fitted on."""

    fields: dict[str, str] = field(default_factory=dict)
    line_items: dict[str, str] = field(default_factory=dict)
    documents: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "version": MODEL_VERSION,
            "fields": self.fields,
            "line_items": self.line_items,
            "documents": self.documents,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> AccountModel:
        raw = raw or {}
        return cls(
            {str(k): str(v) for k, v in (raw.get("fields") or {}).items()},
            {str(k): str(v) for k, v in (raw.get("line_items") or {}).items()},
            int(raw.get("documents") or 0),
        )

    def applied_to(self, doctype: DocumentType) -> DocumentType:
        """``doctype`` with each field's learned meaning as its hint (names, order and data
        types unchanged)."""
        if not self.fields and not self.line_items:
            return doctype

        def hinted(f: FieldDef, learned: dict[str, str]) -> FieldDef:
            meaning = learned.get(f.name)
            if meaning is None or natural_type(meaning) is not f.data_type:
                return f
            return dataclasses.replace(f, hint=meaning)

        return dataclasses.replace(
            doctype,
            fields=tuple(hinted(f, self.fields) for f in doctype.fields),
            line_item_fields=tuple(hinted(f, self.line_items) for f in doctype.line_item_fields),
        )


def _choose(own: str | None, votes: Counter[str], documents: int) -> str | None:
    """The meaning a field is given, from its own (by name) and the votes of ``documents``
    corrected documents; None to leave the field as it is."""
    ranked = votes.most_common(2)
    if not ranked:
        return None
    best, count = ranked[0]
    if (len(ranked) > 1 and ranked[1][1] == count) or best == own:
        return None
    if own is None:
        return best if count >= MIN_VOTES and count >= MIN_SHARE * documents else None
    overridden = (
        count >= OVERRIDE_MIN_VOTES
        and count >= OVERRIDE_SHARE * documents
        and votes[own] <= OVERRIDE_OWN_SHARE * documents
    )
    return best if overridden else None


def fit(doctype: DocumentType, evidence: Sequence[MeaningEvidence]) -> AccountModel:
    """The meanings the corrected documents of ``doctype`` (their ``evidence``) agree on."""
    learned: dict[str, str] = {}
    for f in doctype.fields:
        seen = [e.fields[f.name] for e in evidence if f.name in e.fields]
        chosen = _choose(f.meaning, Counter(m for ms in seen for m in ms), len(seen))
        if chosen is not None:
            learned[f.name] = chosen
    items: dict[str, str] = {}
    for f in doctype.line_item_fields:
        seen = [e.line_items[f.name] for e in evidence if f.name in e.line_items]
        own = field_meaning(f.name, f.hint, f.data_type, line_item=True)
        chosen = _choose(own, Counter(m for ms in seen for m in ms), len(seen))
        if chosen is not None:
            items[f.name] = chosen
    return AccountModel(learned, items, len(evidence))
