"""Find where known values are printed: numbers in any notation, dates in any form, text runs.

Built once per document (one pass over the words of its lines), then every look-up is a
dictionary hit. Used to give values known from elsewhere (embedded XML, derived sums, learned
values) a box on the page."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from paperwise.extraction.layout import Line
from paperwise.extraction.normalise import find_dates, parse_number
from paperwise.reading.model import Word

_EDGE_NOISE = re.compile(r"^[\s\"'(\[{<]+|[\s\"')\]}>.,;:!?*]+$")
_NUMBER_NOISE = re.compile(r"[%*]+$")
_MIXED_GROUPS = re.compile(r"^(-?\d{1,3})((?:[.,]\d{3})+)[.,](\d{2})$")
_GROUP_HEAD = re.compile(r"^-?\d{1,3}$")
_GROUP_TAIL = re.compile(r"^\d{3}([.,]\d+)?$")
_GROUP_HEAD_CHAIN = re.compile(r"^-?\d{1,3}( \d{3})*$")


@dataclass(frozen=True)
class Hit:
    """Where a value is printed: the line (its index in ``ValueLocator.lines``) and the words."""

    line_index: int
    words: tuple[Word, ...]


def fold_token(text: str) -> str:
    """A word as compared: lower case, surrounding punctuation and quotes dropped."""
    return _EDGE_NOISE.sub("", text).casefold()


@lru_cache(maxsize=16384)
def word_number(text: str) -> Decimal | None:
    """The number one printed word stands for ('1.234,50', '19%', '€12.00'), else None. OCR's
    mixed-up separators are read where only one reading exists ('3.518.73' is 3518.73)."""
    cleaned = _NUMBER_NOISE.sub("", text.strip().lstrip(":="))
    value = parse_number(cleaned)
    return mixed_groups_number(cleaned.lstrip("$€£¥")) if value is None else value


def mixed_groups_number(text: str) -> Decimal | None:
    """An amount whose separators OCR mixed up, where only one reading exists: thousands groups
    of three, then two decimals ('3.518.73', '3,518.73' read as '3.518,73' -> 3518.73)."""
    m = _MIXED_GROUPS.match(text)
    return Decimal(m[1] + re.sub(r"[.,]", "", m[2]) + "." + m[3]) if m else None


def join_digit_groups(words: list[Word] | tuple[Word, ...]) -> list[Word]:
    """Words with numbers printed in space-separated thousands groups ("22 659,30") joined into
    one word, when the groups are set a space apart."""
    out: list[Word] = []
    for word in words:
        last = out[-1] if out else None
        if (
            last is not None
            and _GROUP_HEAD_CHAIN.match(last.text)
            and _GROUP_TAIL.match(word.text)
            and word.x0 - last.x1 <= 0.45 * max(last.height, word.height, 1.0)
        ):
            out[-1] = Word(
                f"{last.text} {word.text}",
                last.x0,
                min(last.y0, word.y0),
                word.x1,
                max(last.y1, word.y1),
                min(last.confidence, word.confidence),
                last.line,
            )
        else:
            out.append(word)
    return out


class ValueLocator:
    """An index of a document's printed numbers, dates and words, by value. ``lines``: the
    document's lines (``layout.document_lines``)."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self._numbers: dict[Decimal, list[Hit]] = defaultdict(list)
        self._dates: dict[str, list[Hit]] = defaultdict(list)
        self._tokens: list[tuple[str, int, Word]] = []  # (folded text, line index, word)
        self._token_starts: dict[str, list[int]] = defaultdict(list)
        for index, line in enumerate(self.lines):
            self._index_numbers(index, line)
            self._index_dates(index, line)
            for word in line.words:
                token = fold_token(word.text)
                if token:
                    self._token_starts[token].append(len(self._tokens))
                    self._tokens.append((token, index, word))

    def _index_numbers(self, index: int, line: Line) -> None:
        words = line.words
        for i, word in enumerate(words):
            value = word_number(word.text)
            if value is not None:
                self._numbers[value].append(Hit(index, (word,)))
            # '1 234,56' printed as two words
            if (
                i + 1 < len(words)
                and _GROUP_HEAD.match(word.text)
                and _GROUP_TAIL.match(words[i + 1].text)
            ):
                joined = parse_number(word.text + " " + words[i + 1].text)
                if joined is not None:
                    self._numbers[joined].append(Hit(index, (word, words[i + 1])))

    def _index_dates(self, index: int, line: Line) -> None:
        text, spans = _line_text(line)
        for match in find_dates(text):
            covered = tuple(
                w
                for (start, end), w in zip(spans, line.words, strict=True)
                if start < match.end and match.start < end
            )
            for reading in {match.dmy, match.mdy}:
                if reading is not None and covered:
                    self._dates[reading.isoformat()].append(Hit(index, covered))

    # ---- look-ups --------------------------------------------------------------------------
    def number(self, value: Decimal) -> list[Hit]:
        """Every place the number is printed, in reading order; its absolute value if signless."""
        hits = self._numbers.get(value, [])
        if not hits and value < 0:
            hits = self._numbers.get(-value, [])
        return hits

    def date(self, iso: str) -> list[Hit]:
        return self._dates.get(iso, [])

    def text(self, value: str) -> list[Hit]:
        """Places where the words of ``value`` are printed one after another (reading order).

        A value printed over several lines (an address) is matched part by part: the parts split
        at commas and line breaks, and the hit covers the parts found on the first part's page."""
        tokens = [t for t in (fold_token(w) for w in value.split()) if t]
        if not tokens:
            return []
        hits = self._runs(tokens) or self._wrapped(tokens)
        if hits:
            return hits
        parts = [p for p in re.split(r"[,\n]", value) if p.strip()]
        if len(parts) < 2:
            return []
        found = [self._runs([t for t in (fold_token(w) for w in p.split()) if t]) for p in parts]
        first = next((h[0] for h in found if h), None)
        if first is None:
            return []
        page = self.lines[first.line_index].page
        words = [
            w for h in found if h for w in h[0].words if self.lines[h[0].line_index].page == page
        ]
        return [Hit(first.line_index, tuple(words))]

    def _runs(self, tokens: list[str]) -> list[Hit]:
        if not tokens:
            return []
        hits: list[Hit] = []
        n = len(tokens)
        for start in self._token_starts.get(tokens[0], []):
            run = self._tokens[start : start + n]
            if len(run) == n and all(t == tokens[k] for k, (t, _, _) in enumerate(run)):
                first_line = run[0][1]
                page = self.lines[first_line].page
                if all(self.lines[li].page == page for _, li, _ in run):
                    hits.append(Hit(first_line, tuple(w for _, _, w in run)))
        return hits

    def _wrapped(self, tokens: list[str]) -> list[Hit]:
        """Runs wrapped inside a table cell: each continuation line starts under the first word."""
        hits: list[Hit] = []
        for start in self._token_starts.get(tokens[0], []):
            _, line_index, first = self._tokens[start]
            words = [first]
            k, position, current = 1, start + 1, line_index
            while k < len(tokens):
                if (
                    position < len(self._tokens)
                    and self._tokens[position][1] == current
                    and self._tokens[position][0] == tokens[k]
                ):
                    words.append(self._tokens[position][2])
                    k, position = k + 1, position + 1
                    continue
                position = self._continuation(first, current, tokens[k])
                if position < 0:
                    break
                current = self._tokens[position][1]
            if k == len(tokens):
                hits.append(Hit(line_index, tuple(words)))
        return hits

    def _continuation(self, first: Word, line_index: int, token: str) -> int:
        """The token position on one of the next lines of the page that starts under ``first``."""
        page = self.lines[line_index].page
        for index in range(line_index + 1, min(line_index + 4, len(self.lines))):
            if self.lines[index].page != page:
                return -1
            for position in self._token_starts.get(token, []):
                _, li, word = self._tokens[position]
                if li == index and abs(word.x0 - first.x0) <= 2 * max(first.height, 1.0):
                    return position
        return -1


def _line_text(line: Line) -> tuple[str, list[tuple[int, int]]]:
    """The line's text (words joined by one space) and each word's character span in it."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for word in line.words:
        spans.append((pos, pos + len(word.text)))
        pos += len(word.text) + 1
    return " ".join(w.text for w in line.words), spans
