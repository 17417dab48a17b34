"""Recognising a supplier again on a new document, even when zero-shot reads its name wrong.

A lesson keeps the corrected supplier name, the supplier's own identifiers (its corrected VAT id
and IBAN: never the buyer's, which every supplier of the account prints too) and a fingerprint
of the letterhead, the folded words of the first lines of the first page. A new document
matches when it prints one of the identifiers, prints the name, or has a letterhead much like
the learned one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from paperwise.extraction.value_locator import ValueLocator, fold_token
from paperwise.reading.model import ReadDocument

LETTERHEAD_LINES = 8
MAX_LETTERHEAD_TOKENS = 80
# Scores: an identifier printed is proof; the name printed under a similar letterhead nearly so.
IDENTIFIER_SCORE = 1.0
NAME_AND_LETTERHEAD_SCORE = 0.9
NAME_ONLY_SCORE = 0.7
NAME_LETTERHEAD_SIMILARITY = 0.3
LETTERHEAD_ALONE_SIMILARITY = 0.6
MATCH_THRESHOLD = 0.6
_COMPACT_NOISE = re.compile(r"[\s.\-/]+")


def compact_identifier(text: str) -> str:
    """An identifier as compared: upper case, no spaces, dots, dashes or slashes."""
    return _COMPACT_NOISE.sub("", text).upper()


def fold_name(name: str) -> str:
    """A supplier name as compared: folded words joined by one space."""
    return " ".join(t for t in (fold_token(w) for w in name.split()) if t)


@dataclass(frozen=True)
class SupplierKey:
    name: str
    identifiers: tuple[str, ...] = ()
    letterhead: tuple[str, ...] = ()
    seen_as: str = ""  # the supplier name zero-shot gave the corrected document, if any

    @property
    def folded_name(self) -> str:
        return fold_name(self.name)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "identifiers": list(self.identifiers),
            "letterhead": list(self.letterhead),
            "seen_as": self.seen_as,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> SupplierKey:
        return cls(
            name=str(raw.get("name") or ""),
            identifiers=tuple(str(i) for i in raw.get("identifiers") or ()),
            letterhead=tuple(str(t) for t in raw.get("letterhead") or ()),
            seen_as=str(raw.get("seen_as") or ""),
        )


class DocumentView:
    """What learning and applying need from one read document, each part built once:
    ``locator`` finds printed values on the document's lines (the pipeline's DocumentState
    builds both, shared with extraction)."""

    def __init__(self, doc: ReadDocument, locator: ValueLocator) -> None:
        self.doc = doc
        self.locator = locator

    @cached_property
    def letterhead(self) -> frozenset[str]:
        first_page = [ln for ln in self.locator.lines if ln.page == 0][:LETTERHEAD_LINES]
        tokens = {
            token
            for line in first_page
            for token in (fold_token(w.text) for w in line.words)
            if len(token) >= 2 and any(c.isalpha() for c in token)
        }
        return frozenset(sorted(tokens)[:MAX_LETTERHEAD_TOKENS])

    @cached_property
    def first_page_tokens(self) -> frozenset[str]:
        return frozenset(
            fold_token(w.text) for ln in self.locator.lines if ln.page == 0 for w in ln.words
        )

    @cached_property
    def compact_text(self) -> str:
        return "\n".join(compact_identifier(ln.text) for ln in self.locator.lines)

    def prints_identifier(self, identifier: str) -> bool:
        return len(identifier) >= 6 and identifier in self.compact_text

    def prints_name(self, name: str) -> bool:
        """The name printed as a run of words, or most of its words on the first page (OCR may
        misread one)."""
        if not name.strip():
            return False
        if self.locator.text(name):
            return True
        tokens = [t for t in (fold_token(w) for w in name.split()) if len(t) >= 2]
        if len(tokens) < 2:
            return False
        found = sum(t in self.first_page_tokens for t in tokens)
        return found / len(tokens) >= 0.75


def supplier_key(
    view: DocumentView, name: str, identifiers: Sequence[str], *, seen_as: str | None = None
) -> SupplierKey:
    """The key of the supplier of ``view``'s document, from its corrected name and identifiers
    (and the name zero-shot read, which it tends to read the same way again)."""
    return SupplierKey(
        name=name,
        identifiers=tuple(sorted({compact_identifier(i) for i in identifiers if i.strip()})),
        letterhead=tuple(sorted(view.letterhead)),
        seen_as=seen_as or "",
    )


def letterhead_similarity(key: SupplierKey, view: DocumentView) -> float:
    learned = set(key.letterhead)
    if not learned or not view.letterhead:
        return 0.0
    return len(learned & view.letterhead) / len(learned | view.letterhead)


def match_score(key: SupplierKey, view: DocumentView, zero_shot_name: str | None = None) -> float:
    """How sure it is that ``view``'s document comes from the supplier of ``key`` (0..1)."""
    if any(view.prints_identifier(i) for i in key.identifiers):
        return IDENTIFIER_SCORE
    similarity = letterhead_similarity(key, view)
    read_as = fold_name(zero_shot_name) if zero_shot_name else ""
    named = bool(key.folded_name) and (read_as == key.folded_name or view.prints_name(key.name))
    if read_as and read_as == fold_name(key.seen_as) and similarity >= NAME_LETTERHEAD_SIMILARITY:
        named = True  # zero-shot reads this supplier's documents the same (wrong) way
    score = similarity if similarity >= LETTERHEAD_ALONE_SIMILARITY else 0.0
    if named:
        near = similarity >= NAME_LETTERHEAD_SIMILARITY
        score = max(score, NAME_AND_LETTERHEAD_SCORE if near else NAME_ONLY_SCORE)
    return score
