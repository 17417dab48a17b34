"""The ranking stage: the rules' header fields in, the same fields chosen by the trained ranker out.

For every field whose meaning the ranker knows, every candidate on the page (ranking/candidates)
is scored from its features (ranking/features); the field's values become the distinct
candidates best first, the best with the calibrated probability that it is right as its
confidence. Fields of other meanings (currency, IBAN, VAT id: checksums and codes decide those)
keep the rules' values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from paperwise.domain.document_types import FieldDef
from paperwise.domain.result import FieldResult, Value
from paperwise.extraction.doc_index import DocumentIndex
from paperwise.extraction.ranking.candidates import (
    RANKED_MEANINGS,
    Candidate,
    broad_candidates,
    kind_of,
    rule_candidates,
    rule_opinions,
)
from paperwise.extraction.ranking.features import DocumentFeatures, feature_rows, rule_tops
from paperwise.extraction.ranking.model import Ranker


@dataclass
class MeaningCandidates:
    """The candidates of one meaning with their feature rows (what training and ranking share)."""

    meaning: str
    candidates: list[Candidate]
    rows: np.ndarray


def candidate_table(
    index: DocumentIndex,
    results: dict[str, FieldResult],
    line_sum: Decimal | None,
) -> list[MeaningCandidates]:
    """Every ranked meaning of ``results`` with its candidates and their features."""
    doc = DocumentFeatures(index, rule_tops(results), line_sum)
    shared: dict[str, list[Candidate]] = {}
    out: list[MeaningCandidates] = []
    for meaning, result in results.items():
        if meaning not in RANKED_MEANINGS:
            continue
        kind = kind_of(meaning)
        if kind not in shared:
            shared[kind] = broad_candidates(index, meaning)
        broad = shared[kind]
        printed = {c.value for c in broad}
        candidates = broad + [c for c in rule_candidates(index, result) if c.value not in printed]
        rows = feature_rows(doc, meaning, candidates, rule_opinions(result))
        out.append(MeaningCandidates(meaning, candidates, rows))
    return out


def _ranked_values(ranker: Ranker, table: MeaningCandidates, scores: np.ndarray) -> list[Value]:
    best: dict[str, tuple[float, Candidate]] = {}
    for score, c in zip(scores.tolist(), table.candidates, strict=True):
        kept = best.get(c.value)
        if kept is None or score > kept[0] or (score == kept[0] and kept[1].box is None):
            best[c.value] = (score, c)
    ordered = sorted(best.values(), key=lambda sc: -sc[0])[:5]
    if not ordered:
        return []
    top = ranker.confidence(ordered[0][0])
    out = [_value(ordered[0][1], top)]
    for score, c in ordered[1:]:
        out.append(_value(c, min(ranker.confidence(score), top * 0.95)))
    return out


def _value(c: Candidate, confidence: float) -> Value:
    box = c.box if c.box is not None else (c.line.box(c.start, c.end) if c.line else None)
    return Value(c.value, round(confidence, 4), box)


def rank_fields(
    ranker: Ranker | None,
    index: DocumentIndex,
    fields: Sequence[FieldDef],
    header: list[FieldResult],
    line_sum: Decimal | None,
) -> list[FieldResult]:
    """The header with every field the ranker knows chosen by it; the rest as the rules had it."""
    if ranker is None or not index.lines:
        return header
    by_meaning: dict[str, FieldResult] = {}
    for f, r in zip(fields, header, strict=True):
        if f.meaning in ranker.meanings and f.meaning not in by_meaning:
            by_meaning[f.meaning] = r
    if not by_meaning:
        return header
    tables = candidate_table(index, by_meaning, line_sum)
    # one prediction for the whole document: the model's call costs more than its rows
    scores = ranker.scores(np.vstack([t.rows for t in tables]))
    chosen: dict[str, list[Value]] = {}
    start = 0
    for t in tables:
        chosen[t.meaning] = _ranked_values(ranker, t, scores[start : start + len(t.rows)])
        start += len(t.rows)
    out: list[FieldResult] = []
    for f, r in zip(fields, header, strict=True):
        values = chosen.get(f.meaning or "")
        out.append(r if values is None else FieldResult(r.name, r.data_type, values))
    return out
