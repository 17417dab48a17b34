"""Recognising a supplier again on a new document, even when zero-shot reads its name wrong.

A lesson keeps the corrected supplier name, the supplier's own identifiers (its corrected VAT id
and IBAN: never the buyer's, which every supplier of the account prints too) and a fingerprint
of the letterhead, the folded words of the first lines of the first page. A new document
matches when it prints one of the identifiers, prints the name, or has a letterhead much like
the learned one. A supplier name zero-shot reads that holds the learned name and more words
('MR. D.I.Y. (KUCHAI) SDN BHD' for a learned 'MR. D.I.Y. SDN BHD') is another company of the
same group, not the learned supplier, whatever its letterhead shares with the learned one; and
neither the learned name's words scattered over a page nor a letterhead like the learned one
name the learned supplier on a page whose name zero-shot reads as another (a wrong match costs
more than none: the supplier's lessons would put its values on another supplier's document)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from typing import Any

from paperwise.extraction.party_text import LEGAL_FORM
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
# A name printed only in most of its words ranks this much behind one printed as it is.
PARTLY_NAMED_PENALTY = 0.05
# Below this similarity of their letters, zero-shot's supplier name is another name than the
# learned one, not a misreading of it.
SAME_NAME_SIMILARITY = 0.6
_COMPACT_NOISE = re.compile(r"[\s.\-/]+")
_BRACKETED_LETTER = re.compile(r"(?<!\S)\(\w\)(?!\S)")


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

    def prints_name_exactly(self, name: str) -> bool:
        """The name printed as a run of words."""
        return bool(name.strip()) and bool(self.locator.text(name))

    def prints_name(self, name: str) -> bool:
        """The name printed as a run of words, or most of its words on the first page, two
        distinctive ones at least (OCR may misread one)."""
        if not name.strip():
            return False
        if self.locator.text(name):
            return True
        tokens = [t for t in (fold_token(w) for w in name.split()) if len(t) >= 2]
        if len(tokens) < 2:
            return False
        found = sum(t in self.first_page_tokens for t in tokens)
        # two of its distinctive words at least: one word and a legal form ('Lieferant GmbH')
        # are a label and any company's form
        distinctive = sum(t in self.first_page_tokens for t in _distinctive_words(fold_name(name)))
        return found / len(tokens) >= 0.75 and distinctive >= 2


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


def _known_reading(read_as: str, key: SupplierKey) -> bool:
    return (
        not read_as or not key.folded_name or read_as in (key.folded_name, fold_name(key.seen_as))
    )


def names_a_branch(read_as: str, key: SupplierKey, read_raw: str = "") -> bool:
    """Whether zero-shot's (folded) supplier name ``read_as`` names another company of the
    learned supplier's group: it holds every word of the learned name but single letters, and
    more ('mr. d.i.y. (kuchai) sdn bhd' against 'mr. d.i.y. sdn bhd' or 'mr d.i.y. (m) sdn bhd';
    a stray letter OCR added does not count, a letter in brackets in the name as read,
    ``read_raw``, does: 'MR. D.I.Y. (M) SDN BHD' against 'MR. D.I.Y. SDN BHD'), and it is not
    how zero-shot read the corrected document."""
    if _known_reading(read_as, key):
        return False
    read = set(read_as.split())
    learned = {word for word in key.folded_name.split() if len(word) >= 2}
    bracketed = {fold_token(m) for m in _BRACKETED_LETTER.findall(read_raw)}
    extra = read - learned
    return learned <= read and any(len(word) >= 2 or word in bracketed for word in extra)


def names_another(read_as: str, key: SupplierKey) -> bool:
    """Whether zero-shot's (folded) supplier name ``read_as`` is another name than the learned
    one, not a misreading of it (less than ``SAME_NAME_SIMILARITY`` of their letters in common),
    nor part of it ('NORDWIND' of a learned 'Nordwind Technik GmbH', its logo), nor how zero-shot
    read the corrected document: then the learned name's words scattered over the page
    ('HARDWARE SDN BHD' of another hardware shop) do not name the learned supplier."""
    if _known_reading(read_as, key) or set(read_as.split()) <= set(key.folded_name.split()):
        return False
    similar = SequenceMatcher(None, read_as, key.folded_name, autojunk=False).ratio()
    return similar < SAME_NAME_SIMILARITY


def _in_letterhead(read_as: str, key: SupplierKey) -> bool:
    """Whether the words of the name zero-shot read are all in the learned letterhead (the
    corrected document printed them too: the buyer's name, a slogan)."""
    words = {w for w in read_as.split() if len(w) >= 2 and any(c.isalpha() for c in w)}
    return words <= set(key.letterhead)


def _distinctive_words(name: str) -> set[str]:
    """The words of a folded name that tell one company from another: not its legal form
    ('sdn bhd', 'gmbh')."""
    legal = {w for m in LEGAL_FORM.finditer(name) for w in m.group(0).split()}
    return {w for w in name.split() if len(w) >= 3 and any(c.isalpha() for c in w)} - legal


def _names_the_letterhead(key: SupplierKey, view: DocumentView) -> bool:
    """Whether the letterhead words both documents share hold a distinctive word of the
    learned name (or of the name zero-shot read on the corrected document): the letterhead is
    the supplier's own, not a form's or a template's many suppliers print."""
    words = _distinctive_words(key.folded_name) | _distinctive_words(fold_name(key.seen_as))
    return bool(words & set(key.letterhead) & view.letterhead)


def match_score(key: SupplierKey, view: DocumentView, zero_shot_name: str | None = None) -> float:
    """How sure it is that ``view``'s document comes from the supplier of ``key`` (0..1)."""
    read_as = fold_name(zero_shot_name) if zero_shot_name else ""
    # zero-shot reads a name there that is not the learned one, nor one the corrected document
    # printed: neither a letterhead like the learned one (a form many suppliers fill in) nor the
    # learned VAT id (example data, a group's shared id) names the learned supplier
    another = names_another(read_as, key) and not _in_letterhead(read_as, key)
    if not another and any(view.prints_identifier(i) for i in key.identifiers):
        return IDENTIFIER_SCORE
    if names_a_branch(read_as, key, zero_shot_name or ""):
        return 0.0
    similarity = letterhead_similarity(key, view)
    near = similarity >= NAME_LETTERHEAD_SIMILARITY
    named = bool(key.folded_name) and (
        read_as == key.folded_name or view.prints_name_exactly(key.name)
    )
    if read_as and read_as == fold_name(key.seen_as) and near:
        named = True  # zero-shot reads this supplier's documents the same (wrong) way
    # most of the name's words on the page: OCR may misread one, unless zero-shot read another
    # name there; it ranks behind a supplier whose name is read or printed as it is
    partly = (
        not named
        and bool(key.folded_name)
        and view.prints_name(key.name)
        and not names_another(read_as, key)
    )
    alone = similarity >= LETTERHEAD_ALONE_SIMILARITY and _names_the_letterhead(key, view)
    score = similarity if alone and not another else 0.0
    if named or partly:
        by_name = NAME_AND_LETTERHEAD_SCORE if near else NAME_ONLY_SCORE
        score = max(score, by_name - (0.0 if named else PARTLY_NAMED_PENALTY))
    return score
