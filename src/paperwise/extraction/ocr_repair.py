"""Repairs of OCR misreads in party names and addresses, limited to what is clearly a misread.

A value is returned "as printed", so only confusions with one plausible printed form are undone:
a full stop read where an address prints a comma between its parts, an accent on a page that
has (almost) none, '5/B' for the legal form 'S/B', 'S.r.1.' for 'S.r.l.' and 'd.o.0.' for 'd.o.o.',
an underscore between two words, a title glued to the next name, a bracket glued to a word;
inside a word, a character of the wrong kind for its neighbours ('WorId', 'J1n', '4380O')."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from paperwise.extraction.party_text import LEGAL_FORM

# 'TAMAN SRI PUTRA. 81200', 'JALAN MAMANDA 5. TAMAN': a full stop after a word of four letters
# or more, or after a number, followed by another part of the address. Abbreviations ('NO.',
# 'JLN.', 'P.T.', 'D.E.') are shorter and keep their stop, and so do the longer abbreviations of
# street words ('Industriestr. 94', 'Avda. de la Constitución', 'Blvd. Haussmann').
_STOP_AS_SEPARATOR = re.compile(r"(?:(?<=[^\W\d_]{4})|(?<=\d))\.(?=\s+[^\W_])")
_STREET_ABBREVIATION = re.compile(r"(?i)(?:str|avda|blvd|bldg|ctra|prof|gral)$")
_UNDERSCORE_IN_NAME = re.compile(r"(?<=[^\W\d_])_(?=[^\W\d_])")
_UNDERSCORE_AT_WORD_EDGE = re.compile(r"(?<=\s)_(?=[^\W\d_])|(?<=[^\W\d_])_(?=\s)")
_S_BHD_AS_FIVE = re.compile(r"(?<=[^\W\d_] )5/B\b")
# A space read inside a word of a legal form ('SDN BH D', 'ENTERPR ISE') or its 'SDN' misread.
_FORM_WORDS = ("BHD", "BERHAD", "ENTERPRISE", "TRADING")
_SPLIT_FORM_WORD = re.compile(
    r"\b(?:" + "|".join(f"{w[:i]} {w[i:]}" for w in _FORM_WORDS for i in range(1, len(w))) + r")\b",
    re.I,
)
_SDN_MISREAD = re.compile(r"\b(?:S[I0]N|5DN|SDM)(?=\.?\s*BHD\b)")
# ... and the 'BHD' after 'SDN' ('Sdn Ehd', 'SDN BND', 'Sdn 8hd'): nothing else follows it.
_BHD_MISREAD = re.compile(r"(?i)(?<=\bsdn)(\.?\s*)([e8r]h|b[nh])([d0o])\b")
# A legal form of single letters with stops ('S.r.1.', 'S.r.I.', 'd.o.0.', 'S.A.R.1'): a digit or
# an I that reads as a letter in it is that letter when the whole then is a legal form.
_DOTTED_LETTERS = re.compile(r"(?<![\w.])(?:[^\W_]\.){1,3}[^\W_]\.?(?![\w])")
_DIGIT_AS_LETTER = {"0": "o", "1": "l", "I": "l"}
_GLUED_TITLE = re.compile(r"\b(MR|MRS|MS|DR)\.(?=[^\W\d_]{1,3}\.)", re.I)
# Brackets glued to the word before or after ('D.I.Y.(KUCHAI)', '(M)BHD'): OCR drops the narrow
# space typeset around them.
_GLUED_OPEN = re.compile(r"(?<=[^\W_]|\.)\((?=[^\W_][^()]*\))")
_GLUED_CLOSE = re.compile(r"(?<=\()([^()]*[^\W_]\.?)\)(?=[^\W\d_])")


# '52100 KL..' (a stop read twice), '43200Cheras', '3011Bern' (a postcode glued to its town).
_DOUBLED_STOP = re.compile(r"([.,])\1+")
_GLUED_POSTCODE = re.compile(r"(?<![\w-])(\d{4,5})(?=[^\W\d_]{3})")
# A US state's letter O read as a zero before the ZIP code ('Portland, 0R 97205', 'C0 80202').
_STATE_ZERO = re.compile(r"(?<=[,\s])(?:0[RHK]|[CM]0)(?=\s+\d{5}(?:-\d{4})?\b)")


# Inside a word, a glyph of the wrong kind for its neighbours: a capital I before a small
# letter ('WorId', 'BIk') or a one between letters next to a small one ('J1n', 'Te1') is an l;
# a letter O at the end of a run of digits ('4380O') is a zero.
_CAPITAL_I_AS_L = re.compile(r"(?<=[^\W\d_])I(?=[a-z])")
_ONE_AS_L = re.compile(r"(?<=[^\W\d_])1(?=[a-z])|(?<=[a-z])1(?=[^\W\d_])")
_LETTER_O_AS_ZERO = re.compile(r"(?<=\b\d{3})[O0]*O\b")


def repair_word_glyphs(text: str) -> str:
    """Letters and digits read as each other where a word's other characters tell which it is."""
    text = _CAPITAL_I_AS_L.sub("l", text)
    text = _ONE_AS_L.sub("l", text)
    return _LETTER_O_AS_ZERO.sub(lambda m: "0" * len(m.group()), text)


def repair_address(text: str) -> str:
    """An OCR'd address with full stops that separate its parts read back as commas, doubled
    stops single, a postcode parted from its town and misread glyphs inside words undone."""
    text = repair_word_glyphs(text)
    text = _DOUBLED_STOP.sub(r"\1", text)
    text = _GLUED_POSTCODE.sub(r"\1 ", text)
    text = _STATE_ZERO.sub(lambda m: m.group().replace("0", "O"), text)
    return _STOP_AS_SEPARATOR.sub(_separator_or_abbreviation, text)


def _separator_or_abbreviation(stop: re.Match[str]) -> str:
    word = stop.string[: stop.start()].split()[-1] if stop.start() else ""
    return "." if _STREET_ABBREVIATION.search(word) else ","


def repair_name(text: str) -> str:
    """An OCR'd company name with misread legal forms, underscores, glued titles and misread
    glyphs inside words undone."""
    text = _UNDERSCORE_AT_WORD_EDGE.sub("", _UNDERSCORE_IN_NAME.sub(" ", text))
    text = repair_word_glyphs(text)
    text = _S_BHD_AS_FIVE.sub("S/B", text)
    text = _SPLIT_FORM_WORD.sub(lambda m: m.group().replace(" ", ""), text)
    text = _SDN_MISREAD.sub("SDN", text)
    text = _BHD_MISREAD.sub(_bhd, text)
    text = _DOTTED_LETTERS.sub(_legal_form_letters, text)
    text = _GLUED_OPEN.sub(" (", text)
    text = _GLUED_CLOSE.sub(r"\1) ", text)
    return _GLUED_TITLE.sub(r"\1. ", text)


def _bhd(found: re.Match[str]) -> str:
    misread = found.group(2) + found.group(3)
    return found.group(1) + ("Bhd" if misread[1:].islower() else "BHD")


def _legal_form_letters(found: re.Match[str]) -> str:
    token = found.group()
    if not any(c in _DIGIT_AS_LETTER for c in token) or not any(c.isalpha() for c in token):
        return token
    lower = any(c.islower() for c in token)
    letters = "".join(
        (_DIGIT_AS_LETTER[c] if lower else _DIGIT_AS_LETTER[c].upper())
        if c in _DIGIT_AS_LETTER
        else c
        for c in token
    )
    form = LEGAL_FORM.match(letters)
    return letters if form and letters[form.end() :] in ("", ".") else token


# A page in a language written with accents has many; one or two on a page are OCR noise
# ('ÁLAM', 'JAYÀ' on a Malaysian receipt) unless the page's words show such a language: a
# French café's receipt may print one 'É' only, beside 'TVA'.
_MAX_STRAY_ACCENTS = 2
_ACCENTED_LANGUAGE_WORDS = frozenset(
    (
        *("mwst", "ust", "summe", "gesamt", "betrag", "rechnung", "quittung", "kasse", "bezahlt"),
        *("rückgeld", "tva", "ttc", "facture", "montant", "merci", "reçu", "espèces"),
        *("iva", "fattura", "totale", "importo", "scontrino", "contanti", "grazie"),
        *("factura", "importe", "gracias", "efectivo"),
        *("btw", "factuur", "totaal", "bedrag", "bedankt", "kassabon"),
        *("ddv", "račun", "skupaj", "znesek", "hvala", "gotovina"),
    )
)
_WORD = re.compile(r"[^\W\d_]+")


def _accented(char: str) -> bool:
    return char.isalpha() and ord(char) > 127 and "WITH" in unicodedata.name(char, "")


def accents_are_noise(texts: Iterable[str]) -> bool:
    """Whether the accented letters of an OCR'd document are too few to be its language's:
    one or two, on a page without a word of a language written with accents."""
    count = 0
    language = False
    for text in texts:
        count += sum(_accented(c) for c in text)
        if count > _MAX_STRAY_ACCENTS:
            return False
        language = language or any(
            w.lower() in _ACCENTED_LANGUAGE_WORDS for w in _WORD.findall(text)
        )
    return not language


def without_accents(text: str) -> str:
    """The text with the accents of its letters dropped ('ÁLAM' -> 'ALAM')."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )
