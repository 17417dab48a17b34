"""The ranking stage: the rules' header fields in; the same fields, chosen by the trained ranker
where it chooses and with calibrated confidences, out.

For every field of a meaning the ranker is calibrated for, every candidate on the page
(ranking/candidates) is scored from its features (ranking/features). For the meanings the ranker
chooses (it beat the rules on them in supplier-grouped cross-validation), the field's values
become the distinct candidates best first; for the others the rules' values stay, in the rules'
order. Either way the best value's confidence is the chance that it is right: the ranker's score
of it, calibrated per meaning on out-of-fold predictions (`make train`); the other values stay
below it. Fields of other meanings (currency, IBAN, VAT id: checksums and codes decide those)
keep the rules' values and confidences."""

from __future__ import annotations

from collections import Counter
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
from paperwise.extraction.ranking.model import Ranker, calibration_key
from paperwise.reading.model import PageSource


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
    only_rules_best: frozenset[str] = frozenset(),
) -> list[MeaningCandidates]:
    """Every ranked meaning of ``results`` with its candidates and their features; for the
    meanings in ``only_rules_best``, only the candidates of the rules' best value (what the
    calibration of the rules' choice needs: a row's features do not depend on which other
    candidates have rows, so these rows are the ones the whole table would hold)."""
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
        repeats = Counter(c.value for c in candidates)
        best = result.best
        if meaning in only_rules_best:
            candidates = [c for c in candidates if best is not None and c.value == best.value]
        rows = feature_rows(doc, meaning, candidates, rule_opinions(result), repeats)
        out.append(MeaningCandidates(meaning, candidates, rows))
    return out


def value_scores(table: MeaningCandidates, scores: np.ndarray) -> dict[str, float]:
    """Each distinct candidate value's best score."""
    out: dict[str, float] = {}
    for score, c in zip(scores.tolist(), table.candidates, strict=True):
        out[c.value] = max(score, out.get(c.value, 0.0))
    return out


def _ranked_values(
    ranker: Ranker, key: str, table: MeaningCandidates, scores: np.ndarray
) -> list[Value]:
    best: dict[str, tuple[float, Candidate]] = {}
    for score, c in zip(scores.tolist(), table.candidates, strict=True):
        kept = best.get(c.value)
        if kept is None or score > kept[0] or (score == kept[0] and kept[1].box is None):
            best[c.value] = (score, c)
    ordered = sorted(best.values(), key=lambda sc: -sc[0])[:5]
    if not ordered:
        return []
    top = ranker.confidence(key, ordered[0][0])
    out = [_value(ordered[0][1], top)]
    for score, c in ordered[1:]:
        out.append(_value(c, min(score, top) * 0.95))
    return out


def _value(c: Candidate, confidence: float) -> Value:
    box = c.box if c.box is not None else (c.line.box(c.start, c.end) if c.line else None)
    return Value(c.value, round(confidence, 4), box)


def _calibrated(
    ranker: Ranker, key: str, result: FieldResult, scores: dict[str, float]
) -> list[Value]:
    """The rules' values of ``result`` in their order, the best with the calibrated chance that
    it is right (from the ranker's score of it), the others below it."""
    ranked = result.ranked()
    if not ranked:
        return []
    top = round(ranker.confidence(key, scores.get(ranked[0].value, 0.0)), 4)
    rest = [Value(v.value, round(min(v.confidence, top) * 0.95, 4), v.box) for v in ranked[1:]]
    return [Value(ranked[0].value, top, ranked[0].box), *rest]


def rank_fields(
    ranker: Ranker | None,
    index: DocumentIndex,
    fields: Sequence[FieldDef],
    header: list[FieldResult],
    line_sum: Decimal | None,
) -> list[FieldResult]:
    """The header with every field the ranker chooses (``ranker.meanings``) chosen by it, every
    other field of a ranked meaning as the rules chose it; each with a calibrated confidence.
    Fields of other meanings stay as the rules had them."""
    if ranker is None or not index.lines:
        return header
    scanned = any(p.source is PageSource.OCR for p in index.doc.pages)
    by_meaning: dict[str, FieldResult] = {}
    for f, r in zip(fields, header, strict=True):
        meaning = f.meaning or ""
        if calibration_key(meaning, scanned) in ranker.calibration and meaning not in by_meaning:
            by_meaning[meaning] = r
    if not by_meaning:
        return header
    tables = candidate_table(index, by_meaning, line_sum, frozenset(by_meaning) - ranker.meanings)
    # one prediction for the whole document: the model's call costs more than its rows
    scores = ranker.scores(np.vstack([t.rows for t in tables]))
    by_table: dict[str, tuple[MeaningCandidates, np.ndarray]] = {}
    start = 0
    for t in tables:
        by_table[t.meaning] = (t, scores[start : start + len(t.rows)])
        start += len(t.rows)
    out: list[FieldResult] = []
    for f, r in zip(fields, header, strict=True):
        meaning = f.meaning or ""
        key = calibration_key(meaning, scanned)
        if meaning not in by_table or key not in ranker.calibration:
            out.append(r)
            continue
        table, part = by_table[meaning]
        if meaning in ranker.meanings:
            values = _ranked_values(ranker, key, table, part)
        else:
            values = _calibrated(ranker, key, r, value_scores(table, part))
        out.append(FieldResult(r.name, r.data_type, values))
    return out
