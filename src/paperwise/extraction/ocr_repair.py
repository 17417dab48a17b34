"""Repairs of OCR misreads in party names and addresses, limited to what is clearly a misread.

A value is returned "as printed", so only confusions with one plausible printed form are undone:
a full stop read where an address prints a comma between its parts, '5/B' for the legal form
'S/B', an underscore between two words, a title glued to the name after it."""

from __future__ import annotations

import re

# 'TAMAN SRI PUTRA. 81200', 'JALAN MAMANDA 5. TAMAN': a full stop after a word of four letters
# or more, or after a number, followed by another part of the address. Abbreviations ('NO.',
# 'JLN.', 'P.T.', 'D.E.') are shorter and keep their stop.
_STOP_AS_SEPARATOR = re.compile(r"(?:(?<=[^\W\d_]{4})|(?<=\d))\.(?=\s+[^\W_])")
_UNDERSCORE_IN_NAME = re.compile(r"(?<=[^\W\d_])_(?=[^\W\d_])")
_S_BHD_AS_FIVE = re.compile(r"(?<=[^\W\d_] )5/B\b")
_SPLIT_BHD = re.compile(r"(?<=\bSDN )BH D\b", re.I)
_GLUED_TITLE = re.compile(r"\b(MR|MRS|MS|DR)\.(?=[^\W\d_]{1,3}\.)", re.I)


def repair_address(text: str) -> str:
    """An OCR'd address with full stops that separate its parts read back as commas."""
    return _STOP_AS_SEPARATOR.sub(",", text)


def repair_name(text: str) -> str:
    """An OCR'd company name with misread legal forms, underscores and glued titles undone."""
    text = _UNDERSCORE_IN_NAME.sub(" ", text)
    text = _S_BHD_AS_FIVE.sub("S/B", text)
    text = _SPLIT_BHD.sub("BHD", text)
    return _GLUED_TITLE.sub(r"\1. ", text)
