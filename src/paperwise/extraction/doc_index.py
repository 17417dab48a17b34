"""What the header extractors share, computed once per document: the line segments (built by
the pipeline's DocumentState), the dates, amounts and labels in them, and where a label's value
is printed."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from paperwise.extraction.candidates import (
    FoundAmount,
    FoundDate,
    TextLine,
    amounts_in,
    dates_in,
)
from paperwise.extraction.labels import LabelHit, find_labels
from paperwise.extraction.normalise import (
    CurrencyMatch,
    DateOrder,
    find_currencies,
    infer_date_order,
)
from paperwise.reading.model import ReadDocument

# How a value placed relative to its label is trusted.
RIGHT_OF_LABEL = 1.0
NEXT_SEGMENT = 0.95
BELOW_LABEL = 0.85
# A value under its column heading may sit past a row of another column, this many heights down.
_SKIPPED_ROW_GAP = 2.5
# A value printed after a key of its own ('Acompte : 10,00'), not a bare cell of a column.
_KEYED = re.compile(r"^[^\W\d][^:\d]{1,40}:\s*\S")


@dataclass(frozen=True)
class Place:
    """Where to look for a label's value: line.text[start:end]."""

    line: TextLine
    start: int
    end: int
    weight: float
    beside: bool = True  # on the label's own row (else below it)


_US_ADDRESS = re.compile(
    r"\b(?:USA|U\.S\.A\.|United States)\b|\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|"
    r"KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|"
    r"WA|WV|WI|WY|DC) \d{5}(?:-\d{4})?\b"
)


def _nearest_word_start(line: TextLine, x: float) -> int:
    """Where the word of a row nearest to ``x`` starts: a value sits under its column label."""
    pairs = zip(line.line.words, line.starts, strict=True)
    return min(pairs, key=lambda pair: abs(pair[0].x0 - x))[1]


@dataclass
class DocumentIndex:
    doc: ReadDocument
    lines: list[TextLine]
    dates: list[list[FoundDate]]
    amounts: list[list[FoundAmount]]
    labels: list[list[LabelHit]]
    date_order: DateOrder
    date_order_certainty: float
    currencies: list[list[CurrencyMatch]]
    _by_meaning: dict[str, list[LabelHit]] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: ReadDocument, lines: list[TextLine]) -> DocumentIndex:
        """The index of ``doc`` whose line segments (``candidates.text_lines``) are ``lines``."""
        digits = [any(c.isdigit() for c in t.text) for t in lines]
        dates = [dates_in(t) if d else [] for t, d in zip(lines, digits, strict=True)]
        amounts = [
            amounts_in(t, found) if d else []
            for t, found, d in zip(lines, dates, digits, strict=True)
        ]
        labels = [find_labels(t) for t in lines]
        currencies = [find_currencies(t.text) for t in lines]
        codes = [c.code for cs in currencies for c in cs]
        # Month-first dates are a US habit: dollars only, or a US address.
        in_us = any(_US_ADDRESS.search(t.text) for t in lines)
        us_style = (bool(codes) or in_us) and all(c == "USD" for c in codes)
        order, certainty = infer_date_order(
            (d.match for ds in dates for d in ds), month_first_locale=us_style
        )
        return cls(doc, lines, dates, amounts, labels, order, certainty, currencies)

    def hits(self, meaning: str) -> list[LabelHit]:
        """The labels of one meaning, in reading order."""
        if not self._by_meaning:
            for hits in self.labels:
                for h in hits:
                    self._by_meaning.setdefault(h.meaning, []).append(h)
        return self._by_meaning.get(meaning, [])

    def places(self, hit: LabelHit) -> list[Place]:
        """Where the value of a label can be: right of it in its segment (up to the next label),
        in the next segment of the same row, or in the first row below it that has text under
        the label."""
        line = hit.line
        out: list[Place] = []
        following = [h.start for h in self.labels[line.index] if h.start >= hit.end]
        out.append(Place(line, hit.end, min(following, default=len(line.text)), RIGHT_OF_LABEL))
        if not following:
            for step, seg in enumerate(self.lines[line.index + 1 : line.index + 4]):
                if seg.row != line.row:
                    break
                labels = self.labels[seg.index]
                if labels and labels[0].start == 0:
                    break
                end = labels[0].start if labels else len(seg.text)
                out.append(Place(seg, 0, end, NEXT_SEGMENT - 0.05 * step))
                if labels:
                    break
        if out[0].start >= out[0].end - 1 and len(out) == 1:
            out.extend(self._wrapped(line))
        out.extend(self._below(hit))
        return out

    def _wrapped(self, line: TextLine) -> list[Place]:
        """A label ending its line may have its value at the start of the next line."""
        nxt = line.index + 1
        if nxt < len(self.lines):
            seg = self.lines[nxt]
            same_margin = abs(seg.x0 - self.lines[line.index].x0) < seg.height
            first_of_row = self.lines[nxt - 1].row != seg.row
            if seg.row == line.row + 1 and seg.page == line.page and same_margin and first_of_row:
                return [Place(seg, 0, len(seg.text), BELOW_LABEL - 0.05, beside=False)]
        return []

    def _below(self, hit: LabelHit) -> list[Place]:
        line = hit.line
        x0, x1 = hit.x0, hit.x1
        slack = line.height
        for nxt in itertools.islice(self.lines, line.index + 1, None):
            if nxt.page != line.page or nxt.row > line.row + 2:
                break
            if nxt.row == line.row or nxt.y0 - line.y1 > 2.5 * line.height:
                continue
            if nxt.x0 <= x1 + slack and nxt.x1 >= x0 - slack:
                labels = self.labels[nxt.index]
                if labels and labels[0].start == 0:
                    return []
                weight = BELOW_LABEL if nxt.row == line.row + 1 else BELOW_LABEL - 0.05
                start = _nearest_word_start(nxt, x0)
                return [Place(nxt, start, len(nxt.text), weight, beside=False)]
        return []

    def column_below(self, hit: LabelHit, max_rows: int = 6) -> list[Place]:
        """The segments under a column heading, row by row, while each row has one under it.
        Between the heading and its first value a row with nothing in the column (a paragraph
        printed beside a totals box) is passed over when the value follows close below."""
        out: list[Place] = []
        last = hit.line
        x0, x1 = hit.x0, hit.x1
        slack = hit.line.height
        for nxt in itertools.islice(self.lines, hit.line.index + 1, None):
            if nxt.page != last.page or len(out) == max_rows:
                break
            if nxt.row > last.row + 1 and (out or nxt.y0 - last.y1 > _SKIPPED_ROW_GAP * slack):
                break
            if nxt.row == last.row or not (nxt.x0 <= x1 + slack and nxt.x1 >= x0 - slack):
                continue
            if self.labels[nxt.index] and self.labels[nxt.index][0].start == 0:
                break
            before = self.lines[nxt.index - 1] if nxt.index else None
            if _KEYED.match(nxt.text) or (
                before is not None and before.row == nxt.row and before.text.rstrip().endswith(":")
            ):
                break  # 'Acompte : 10,00': a row with a key of its own, not the column's
            out.append(Place(nxt, 0, len(nxt.text), BELOW_LABEL, beside=False))
            last = nxt
        return out

    def amounts_at(self, place: Place) -> list[FoundAmount]:
        return [a for a in self.amounts[place.line.index] if place.start <= a.start < place.end]

    def dates_at(self, place: Place) -> list[FoundDate]:
        return [d for d in self.dates[place.line.index] if place.start <= d.start < place.end]
