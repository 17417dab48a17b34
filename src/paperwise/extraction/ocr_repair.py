"""Repairs of OCR misreads in party names and addresses, limited to what is clearly a misread.

A value is returned "as printed", so only confusions with one plausible printed form are undone:
a full stop read where an address prints a comma between its parts, an accent on a page that
has (almost) none, '5/B' for the legal form
'S/B', 'S.r.1.' for 'S.r.l.', an underscore between two words, a title glued to the next name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# 'TAMAN SRI PUTRA. 81200', 'JALAN MAMANDA 5. TAMAN': a full stop after a word of four letters
# or more, or after a number, followed by another part of the address. Abbreviations ('NO.',
# 'JLN.', 'P.T.', 'D.E.') are shorter and keep their stop.
_STOP_AS_SEPARATOR = re.compile(r"(?:(?<=[^\W\d_]{4})|(?<=\d))\.(?=\s+[^\W_])")
_UNDERSCORE_IN_NAME = re.compile(r"(?<=[^\W\d_])_(?=[^\W\d_])")
_S_BHD_AS_FIVE = re.compile(r"(?<=[^\W\d_] )5/B\b")
_SPLIT_BHD = re.compile(r"(?<=\bSDN )BH D\b", re.I)
_LEGAL_FORM_ONE_AS_L = re.compile(
    r"(?<=\bS\.[Rr]\.)[1I](?=\.|\b)|(?<=\bS\.[Aa]\.[Rr]\.)[1I](?=\.|\b)"
)
_GLUED_TITLE = re.compile(r"\b(MR|MRS|MS|DR)\.(?=[^\W\d_]{1,3}\.)", re.I)


# '52100 KL..' (a stop read twice), '43200Cheras' (a postcode glued to its town).
_DOUBLED_STOP = re.compile(r"([.,])\1+")
_GLUED_POSTCODE = re.compile(r"(?<![\w-])(\d{5})(?=[^\W\d_]{3})")


def repair_address(text: str) -> str:
    """An OCR'd address with full stops that separate its parts read back as commas, doubled
    stops single and a postcode parted from its town."""
    text = _DOUBLED_STOP.sub(r"\1", text)
    text = _GLUED_POSTCODE.sub(r"\1 ", text)
    return _STOP_AS_SEPARATOR.sub(",", text)


def repair_name(text: str) -> str:
    """An OCR'd company name with misread legal forms, underscores and glued titles undone."""
    text = _UNDERSCORE_IN_NAME.sub(" ", text)
    text = _S_BHD_AS_FIVE.sub("S/B", text)
    text = _SPLIT_BHD.sub("BHD", text)
    text = _LEGAL_FORM_ONE_AS_L.sub("l", text)
    return _GLUED_TITLE.sub(r"\1. ", text)


# A page in a language written with accents has many; one or two on a page are OCR noise.
_MAX_STRAY_ACCENTS = 2


def _accented(char: str) -> bool:
    return char.isalpha() and ord(char) > 127 and "WITH" in unicodedata.name(char, "")


def accents_are_noise(texts: Iterable[str]) -> bool:
    """Whether the accented letters of an OCR'd document are too few to be its language's."""
    count = 0
    for text in texts:
        count += sum(_accented(c) for c in text)
        if count > _MAX_STRAY_ACCENTS:
            return False
    return True


def without_accents(text: str) -> str:
    """The text with the accents of its letters dropped ('ÁLAM' -> 'ALAM')."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )
