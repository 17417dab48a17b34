"""Features of a (field meaning, candidate) pair, for the learned ranker. Pure and language-free.

What a person looks at to tell a total from a subtotal: the words to its left and above (hashed,
so any language works; the label vocabulary's matches as well), where it sits on the page and in
its row, its size, its shape, how often it is printed, whether it adds up with the other amounts,
and what the rules thought of it (their rank and confidence are features, so the ranker starts
from the rules and learns where they go wrong)."""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from decimal import Decimal
from functools import cached_property, lru_cache

import numpy as np

from paperwise.domain.result import FieldResult
from paperwise.extraction.candidates import TextLine
from paperwise.extraction.doc_index import DocumentIndex
from paperwise.extraction.labels import LABELS
from paperwise.extraction.ranking.candidates import (
    RANKED_MEANINGS,
    Candidate,
    RuleOpinion,
    kind_of,
)
from paperwise.reading.model import PageSource

HASH_BUCKETS = 32
LABEL_MEANINGS = tuple(sorted(LABELS))
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_MAX_PAIR_AMOUNTS = 60
_CONTEXT = HASH_BUCKETS + len(LABEL_MEANINGS) + 1  # hashed words, label strengths, one count
# rule opinion and document (6), place (10), shape (8), amount or date (15), then agreement with
# the rules' other choices, left and above context, the value's own first and last word hashed
_AGREEMENT = 6 + 10 + 8 + 15
FEATURE_COUNT = _AGREEMENT + len(RANKED_MEANINGS) + 2 * _CONTEXT + HASH_BUCKETS
# The columns that hold the rules' opinion: their rank, confidence and top choice of the value,
# and whether the value is the rules' choice for each meaning.
RULE_COLUMNS = (1, 2, 3, *range(_AGREEMENT, _AGREEMENT + len(RANKED_MEANINGS)))


def without_rules(rows: np.ndarray) -> np.ndarray:
    """The rows with the rules' opinion blanked: what the page alone says."""
    out = rows.copy()
    out[:, RULE_COLUMNS] = 0.0
    return out


@lru_cache(maxsize=65536)
def _bucket(token: str) -> int:
    folded = re.sub(r"\d", "0", token.lower())[:12]
    return zlib.crc32(folded.encode("utf-8")) % HASH_BUCKETS


def _hashed(words: list[str]) -> list[float]:
    out = [0.0] * HASH_BUCKETS
    for w in words:
        out[_bucket(w)] = 1.0
    return out


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


class DocumentFeatures:
    """What every candidate of one document shares, computed once."""

    def __init__(
        self, index: DocumentIndex, rule_tops: dict[str, str], line_sum: Decimal | None
    ) -> None:
        self.index = index
        self.rule_tops = rule_tops
        self.line_sum = line_sum
        lines = index.lines
        heights = sorted(line.height for line in lines) or [1.0]
        self.median_height = max(heights[len(heights) // 2], 1.0)
        self.n_rows = max((line.row for line in lines), default=0) + 1
        pages = index.doc.pages
        self.n_pages = len(pages)
        self.page_size = {p.index: (max(p.width, 1), max(p.height, 1)) for p in pages}
        self.ocr = float(any(p.source is PageSource.OCR for p in pages))
        self.row_segments: Counter[int] = Counter(line.row for line in lines)
        self.segment_in_row: dict[int, int] = {}
        for line in lines:
            previous = lines[line.index - 1] if line.index else None
            same = previous is not None and previous.row == line.row
            self.segment_in_row[line.index] = self.segment_in_row[line.index - 1] + 1 if same else 0
        self._above: dict[int, list[float]] = {}
        self._left: dict[tuple[int, int], list[float]] = {}
        self._parts: dict[tuple[int, str, int], list[float]] = {}
        # amounts: distinct values largest first, the rows each is printed on, pairwise sums
        rows: dict[Decimal, set[int]] = {}
        for found in index.amounts:
            for a in found:
                rows.setdefault(abs(a.value), set()).add(a.line.row)
        self.amount_rows = {v: len(r) for v, r in rows.items()}
        self.amounts_desc = sorted(rows, reverse=True)
        days = sorted(
            {c for found in index.dates for d in found if (c := d.match.resolve(index.date_order))}
        )
        self.days = days
        issue = rule_tops.get("issue_date")
        self.rule_issue = days[0].fromisoformat(issue) if issue and days else None

    @cached_property
    def sums(self) -> set[Decimal]:
        """Every sum of two of the largest amounts (built only when an amount is scored)."""
        paired = self.amounts_desc[:_MAX_PAIR_AMOUNTS]
        return {a + b for i, a in enumerate(paired) for b in paired[i + 1 :]}

    @cached_property
    def differences(self) -> set[Decimal]:
        paired = self.amounts_desc[:_MAX_PAIR_AMOUNTS]
        return {a - b for a in paired for b in paired if a > b}

    # ---- context of a place on the page ------------------------------------------------------
    def _labels_in(self, line: TextLine, end: int | None) -> list[float]:
        out = [0.0] * len(LABEL_MEANINGS)
        for hit in self.index.labels[line.index]:
            if end is None or hit.end <= end:
                i = LABEL_MEANINGS.index(hit.meaning)
                out[i] = max(out[i], hit.strength)
        return out

    def left(self, line: TextLine, start: int) -> list[float]:
        """Words and labels before ``start`` in the segment and in the segment before it."""
        key = (line.index, start)
        if key not in self._left:
            words = _tokens(line.text[:start])[-3:]
            labels = self._labels_in(line, start)
            if line.index and self.index.lines[line.index - 1].row == line.row:
                before = self.index.lines[line.index - 1]
                words += _tokens(before.text)[-3:]
                labels = [
                    max(a, b) for a, b in zip(labels, self._labels_in(before, None), strict=True)
                ]
            self._left[key] = _hashed(words) + labels + [float(len(words))]
        return self._left[key]

    def above(self, line: TextLine) -> list[float]:
        """Words and labels of the nearest segment above that shares the column."""
        if line.index not in self._above:
            found: TextLine | None = None
            for i in range(line.index - 1, max(line.index - 40, -1), -1):
                other = self.index.lines[i]
                if other.page != line.page or other.row < line.row - 3:
                    break
                if other.row < line.row and other.x0 < line.x1 and line.x0 < other.x1:
                    found = other
                    break
            if found is None:
                self._above[line.index] = [0.0] * _CONTEXT
            else:
                gap = (line.y0 - found.y1) / self.median_height
                words = _tokens(found.text)[:5]
                self._above[line.index] = (
                    _hashed(words) + self._labels_in(found, None) + [min(gap, 10.0)]
                )
        return self._above[line.index]

    def place(self, c: Candidate) -> list[float]:
        line = c.line
        if line is None:
            return [-1.0] * 10
        width, height = self.page_size.get(line.page, (1, 1))
        return [
            float(line.page),
            ((line.y0 + line.y1) / 2) / height,
            line.x0 / width,
            line.x1 / width,
            line.row / self.n_rows,
            line.height / self.median_height,
            float(self.segment_in_row.get(line.index, 0)),
            float(self.row_segments[line.row]),
            c.start / max(len(line.text), 1),
            height / width,
        ]

    # ---- the value itself --------------------------------------------------------------------
    def shape(self, c: Candidate, repeats: int) -> list[float]:
        text = c.value
        letters = [ch for ch in text if ch.isalpha()]
        return [
            float(len(text)),
            float(len(text.split())),
            sum(ch.isdigit() for ch in text) / max(len(text), 1),
            sum(ch.isupper() for ch in letters) / max(len(letters), 1),
            float(":" in text),
            float(repeats),
            float(c.rows),
            float(c.variant),
        ]

    def amount(self, c: Candidate) -> list[float]:
        v = c.number
        if v is None:
            return [-1.0] * 9
        a = abs(v)
        rank = self.amounts_desc.index(a) if a in self.amount_rows else len(self.amounts_desc)
        line = c.line
        raw = line.text[c.start : c.end] if line else ""
        return [
            math.log1p(float(a)),
            float(rank),
            float(rank == 0),
            float(self.amount_rows.get(a, 0)),
            float(bool(re.search(r"[.,]\d\d\)?-?$", raw))),
            float(v < 0 or raw.startswith("(") or raw.endswith("-")),
            float(self.line_sum is not None and a == self.line_sum),
            float(a in self.sums),
            float(a in self.differences),
        ]

    def date(self, c: Candidate) -> list[float]:
        day = c.day
        if day is None or not self.days:
            return [-1.0] * 6
        rank = self.days.index(day) if day in self.days else 0
        since = (day - self.rule_issue).days if self.rule_issue else 0
        return [
            rank / max(len(self.days) - 1, 1),
            float(rank == 0),
            float(rank == len(self.days) - 1),
            float(len(self.days)),
            float(max(min(since, 400), -400)),
            float(self.rule_issue is not None and since == 0),
        ]

    def candidate_part(self, c: Candidate, kind: str, repeats: int) -> list[float]:
        """The features of a candidate that no meaning changes, computed once."""
        key = (id(c), kind, repeats)
        if key not in self._parts:
            context = (
                self.left(c.line, c.start) + self.above(c.line)
                if c.line is not None
                else [0.0] * (2 * _CONTEXT)
            )
            specific = (
                self.amount(c) + [-1.0] * 6
                if kind == "amount"
                else [-1.0] * 9 + self.date(c)
                if kind == "date"
                else [-1.0] * 15
            )
            tokens = _tokens(c.value)
            self._parts[key] = (
                self.place(c)
                + self.shape(c, repeats)
                + specific
                + self.agreement(c.value)
                + context
                + _hashed(tokens[:1] + tokens[-1:])
            )
        return self._parts[key]

    def agreement(self, value: str) -> list[float]:
        """Whether the value is what the rules chose for each meaning (a total is no net)."""
        return [float(self.rule_tops.get(m) == value) for m in RANKED_MEANINGS]


def feature_rows(
    doc: DocumentFeatures,
    meaning: str,
    candidates: list[Candidate],
    rules: dict[str, RuleOpinion],
    repeats: Counter[str],
) -> np.ndarray:
    """One row of features per candidate of ``meaning`` (``repeats``: how many candidates of the
    meaning hold each value). What does not depend on the meaning is computed once per
    candidate and shared by the meanings of its kind (total, net and tax)."""
    meaning_id = float(RANKED_MEANINGS.index(meaning))
    kind = kind_of(meaning)
    rows = np.empty((len(candidates), FEATURE_COUNT), dtype=np.float32)
    for i, c in enumerate(candidates):
        opinion = rules.get(c.value)
        rows[i, :6] = (
            meaning_id,
            float(opinion.rank) if opinion else -1.0,
            opinion.confidence if opinion else 0.0,
            float(opinion is not None and opinion.rank == 0),
            doc.ocr,
            float(doc.n_pages),
        )
        rows[i, 6:] = doc.candidate_part(c, kind, repeats[c.value])
    return rows


def rule_tops(results: dict[str, FieldResult]) -> dict[str, str]:
    out: dict[str, str] = {}
    for meaning, result in results.items():
        best = result.best
        if best is not None:
            out[meaning] = best.value
    return out
