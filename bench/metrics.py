"""Scoring one extraction result against its label, and adding scores up per set. Pure logic.

A field is right when its best value equals the label (bench.scoring.values_match; identifiers
are compared without spaces). A null label is unknown and skipped. Line-item rows match one to
one on amount (as a number) and description (bench.scoring.description_matches: the label, or the
label and more of its printed cell after a separator); VAT pairs on percentage and net.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from bench.scoring import description_matches, values_match
from paperwise.domain.document_types import DocumentType
from paperwise.domain.result import ExtractionResult, FieldResult

# Printed with spaces or without at the issuer's whim: compared with all whitespace removed.
IDENTIFIER_FIELDS = frozenset({"supplier_iban", "supplier_vat_id", "payment_reference"})
CALIBRATION_LEVELS = (0.9, 0.5)


@dataclass(frozen=True)
class FieldOutcome:
    field: str
    expected: str
    predicted: str | None
    confidence: float
    right: bool


@dataclass
class DocScore:
    file: str
    fields: list[FieldOutcome] = field(default_factory=list)
    rows_expected: int = 0
    rows_predicted: int = 0
    rows_matched: int = 0
    vat_expected: int = 0
    vat_matched: int = 0
    pages: int = 0
    read_seconds: float | None = None  # None: the read came from the cache
    extract_seconds: float = 0.0
    error: str | None = None


def field_matches(name: str, data_type: str, predicted: str | None, expected: str) -> bool:
    if predicted is not None and name in IDENTIFIER_FIELDS:
        return "".join(predicted.split()).upper() == "".join(expected.split()).upper()
    return values_match(data_type, predicted, expected)


def _best_values(row: Sequence[FieldResult]) -> dict[str, str]:
    out = {}
    for f in row:
        best = f.best
        if best is not None:
            out[f.name] = best.value
    return out


def match_one_to_one(
    expected: Sequence[dict[str, Any]],
    predicted: Sequence[dict[str, str]],
    same: Callable[[dict[str, Any], dict[str, str]], bool],
) -> int:
    """How many expected items find a distinct predicted item that is ``same``: the largest
    matching (augmenting paths), so that a prediction one label takes is not one that only
    another label could use."""
    options = [[j for j, p in enumerate(predicted) if same(e, p)] for e in expected]
    owner: dict[int, int] = {}  # predicted index -> expected index

    def place(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(place(i, set()) for i in range(len(expected)))


def _same_row(expected: dict[str, Any], predicted: dict[str, str]) -> bool:
    amount, description = expected.get("amount"), expected.get("description")
    if amount is None or description is None:
        return False
    return values_match("NUMBER", predicted.get("amount"), str(amount)) and description_matches(
        predicted.get("description"), str(description)
    )


def _same_vat(expected: dict[str, Any], predicted: dict[str, str]) -> bool:
    return values_match(
        "NUMBER", predicted.get("vat_rate_percentage"), str(expected["percentage"])
    ) and values_match("NUMBER", predicted.get("vat_rate_net"), str(expected["net"]))


def score_document(
    result: ExtractionResult | None, label: dict[str, Any], doctype: DocumentType, file: str
) -> DocScore:
    """Every labelled field, row and VAT pair of one document. ``result`` None: the engine failed,
    so every labelled value counts as missed."""
    score = DocScore(file=file)
    labels: dict[str, Any] = label.get("fields") or {}
    for fdef in doctype.fields:
        expected = labels.get(fdef.name)
        if expected is None:
            continue
        got = result.field(fdef.name) if result else None
        best = got.best if got else None
        predicted = best.value if best else None
        right = field_matches(fdef.name, fdef.data_type.value, predicted, str(expected))
        score.fields.append(
            FieldOutcome(
                fdef.name, str(expected), predicted, best.confidence if best else 0.0, right
            )
        )
    rows = label.get("line_items")
    if rows:
        predicted_rows = [_best_values(r) for r in result.line_items] if result else []
        score.rows_expected = len(rows)
        score.rows_predicted = len(predicted_rows)
        score.rows_matched = match_one_to_one(rows, predicted_rows, _same_row)
    vats = label.get("vat_rates")
    if vats:
        predicted_vats = [_best_values(p) for p in result.vat_rates] if result else []
        score.vat_expected = len(vats)
        score.vat_matched = match_one_to_one(vats, predicted_vats, _same_vat)
    return score


@dataclass
class SetSummary:
    """The figures of one set, as the report prints them."""

    name: str
    documents: int
    errors: int
    field_accuracy: dict[str, tuple[int, int]]  # field -> (right, labelled)
    rows: tuple[int, int, int]  # matched, expected, predicted
    vat: tuple[int, int]  # matched, expected
    calibration: dict[float, tuple[int, int]]  # level -> (right, count at or above)
    pages: int
    extract_seconds: float
    read_seconds: float
    read_pages: int  # pages whose read was timed (cache misses)

    @property
    def mean_field_accuracy(self) -> float | None:
        shares = [right / n for right, n in self.field_accuracy.values() if n]
        return mean(shares) if shares else None


def summarise(name: str, scores: Iterable[DocScore], field_order: Sequence[str]) -> SetSummary:
    docs = list(scores)
    tallies: dict[str, list[int]] = {}
    calibration = {level: [0, 0] for level in CALIBRATION_LEVELS}
    for doc in docs:
        for outcome in doc.fields:
            tally = tallies.setdefault(outcome.field, [0, 0])
            tally[0] += outcome.right
            tally[1] += 1
            for level, cal in calibration.items():
                if outcome.predicted is not None and outcome.confidence >= level:
                    cal[0] += outcome.right
                    cal[1] += 1
    ordered = [f for f in field_order if f in tallies] + sorted(set(tallies) - set(field_order))
    timed = [d for d in docs if d.read_seconds is not None]
    return SetSummary(
        name=name,
        documents=len(docs),
        errors=sum(d.error is not None for d in docs),
        field_accuracy={f: (tallies[f][0], tallies[f][1]) for f in ordered},
        rows=(
            sum(d.rows_matched for d in docs),
            sum(d.rows_expected for d in docs),
            sum(d.rows_predicted for d in docs),
        ),
        vat=(sum(d.vat_matched for d in docs), sum(d.vat_expected for d in docs)),
        calibration={level: (c[0], c[1]) for level, c in calibration.items()},
        pages=sum(d.pages for d in docs),
        extract_seconds=sum(d.extract_seconds for d in docs),
        read_seconds=sum(d.read_seconds or 0.0 for d in timed),
        read_pages=sum(d.pages for d in timed),
    )
