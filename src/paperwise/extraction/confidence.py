"""Calibrated confidence: evidence for a value (how surely a label names it, where the value sits
next to the label, whether it has the expected shape) becomes a score, and checks that a value
cannot pass by chance (arithmetic agreeing, a checksum) raise it.

Calibration target: of the values scored 0.9 or more, at least 97 % are right. A label alone never
reaches 0.9; a label plus an independent check does."""

from __future__ import annotations

LABEL_ONLY_CEILING = 0.86
CHECKED = 0.97
CHECKSUM = 0.98
PAID = 0.88
ROUNDED = 0.7
DERIVED_DATE = 0.6  # a due date computed from payment terms ('within 30 days')


def from_evidence(evidence: float) -> float:
    """Evidence 0..1 (label strength x placement x shape) -> confidence 0.2..LABEL_ONLY_CEILING."""
    e = min(max(evidence, 0.0), 1.0)
    return round(0.2 + (LABEL_ONLY_CEILING - 0.2) * e * e, 4)


def with_rival(confidence: float, rival: float | None) -> float:
    """Lower a value's confidence when a different value had nearly the same evidence."""
    if rival is None:
        return confidence
    margin = confidence - rival
    return confidence if margin >= 0.2 else round(confidence * (0.8 + margin), 4)


def checked(confidence: float, agrees: bool | None) -> float:
    """Raise a value an independent check confirmed; lower one it contradicted."""
    if agrees is None:
        return confidence
    return max(confidence, CHECKED) if agrees else round(confidence * 0.7, 4)


def ambiguous_date(confidence: float, order_certainty: float) -> float:
    """A date whose day and month could swap keeps only the document's certainty of its order."""
    return round(min(confidence, 0.5 + 0.45 * order_certainty) * (0.75 + 0.25 * order_certainty), 4)


def ranked(scores: list[float]) -> list[float]:
    """Scores of candidates in rank order: the first lowered by how close the second came, the
    rest kept below the first."""
    if not scores:
        return []
    first = with_rival(scores[0], scores[1] if len(scores) > 1 else None)
    return [first, *(round(min(s, first * 0.95), 4) for s in scores[1:])]
