"""Valid Unicode out of whatever a PDF's text layer, a font or the OCR engine gives. Pure.

Every string that leaves the reading layer goes through here, so it can be stored (SQLite and
PostgreSQL refuse what UTF-8 cannot encode) and sent (a JSON answer is UTF-8):

- pypdfium2 hands out UTF-16 code units one character index at a time, so a character outside
  the Basic Multilingual Plane (an emoji) arrives as a high surrogate then a low one: the pair
  is joined into the character it encodes. A lone surrogate (a broken ToUnicode map) becomes
  U+FFFD, the replacement character: something is printed there that cannot be read.
- Control characters (C0, DEL, C1) are dropped, except whitespace in running text; a word holds
  no whitespace at all.
- Format characters (category Cf: zero-width space, zero-width (non-)joiner, word joiner, BOM,
  soft hyphen, bidi marks) are dropped: invisible, they only keep a word from matching its value.
- The typographic ligatures U+FB00-U+FB06 (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) are split into their letters, so
  "ﬁnal" reads "final" for search and extraction. Only those: full NFKC would also turn "m²"
  into "m2" and "½" into "1⁄2" (the text layer folds the other compatibility forms itself).
- The text is NFC-normalised: a letter and its combining accent become one precomposed letter.

Private-use characters (a font's own glyphs) are valid Unicode and are kept."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from paperwise.reading.model import ReadDocument, Word

_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_LIGATURE = re.compile("[\ufb00-\ufb06]")
_REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """``text`` as valid, NFC-normalised Unicode without invisible characters (see the module
    docstring); whitespace is kept."""
    if not text.isprintable():  # only then can it hold a surrogate, control or format char
        text = _LONE_SURROGATE.sub(_REPLACEMENT, _SURROGATE_PAIR.sub(_join_pair, text))
        text = "".join(ch for ch in text if _visible_or_space(ch))
    text = _LIGATURE.sub(lambda m: unicodedata.normalize("NFKC", m[0]), text)
    return unicodedata.normalize("NFC", text)


def clean_word(text: str) -> str:
    """A word's text cleaned as ``clean_text`` does, without any whitespace; may be empty."""
    return "".join(clean_text(text).split())


def clean_words(words: list[Word]) -> list[Word]:
    """The words with their text cleaned; a word left empty is gone."""
    cleaned: list[Word] = []
    for word in words:
        text = clean_word(word.text)
        if text:
            cleaned.append(word if text == word.text else replace(word, text=text))
    return cleaned


def clean_document(document: ReadDocument) -> ReadDocument:
    """The document with every page's words cleaned (in place), for returning it."""
    for page in document.pages:
        page.words = clean_words(page.words)
    return document


def _join_pair(pair: re.Match[str]) -> str:
    high, low = ord(pair[0][0]), ord(pair[0][1])
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def _visible_or_space(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category == "Cc":
        return ch.isspace()
    return category != "Cf"
