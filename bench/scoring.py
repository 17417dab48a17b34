"""How a predicted value is compared with a label: the normalised compare used by every figure.

A line item's description is compared with ``description_matches``: equal after fold_string,
or the label followed, in the predicted text, by more of the same printed cell set off by a
separator. Labels taken from an e-invoice's XML hold the item's name (BT-153) alone, while the
page prints the name and, in the same cell after a dash, colon, comma or bracket, the item's
description (BT-154), its unit or a note ("PRESTATION SUPPORT - Description", "Luftballon: Bunt,
ca. 500ml", "Coffee Beans 1kg (1 kg)"). Reading that whole cell is reading the page right; a
prediction that stops short of the label, or runs on without a separator ("Coffee" for
"Coffee Beans", "Widget blue" for "Widget"), is still wrong. The rule is the same for every
set; where labels are the printed cell (the generated sets) it changes nothing."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_WS = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:)])")
_SPACE_AFTER_OPEN = re.compile(r"([(])\s+")
# What may follow an item's name in its printed cell: a dash, colon, semicolon, comma, slash,
# bar or an opening bracket, then more text.
_MORE_OF_THE_CELL = re.compile(r"^\s?(?:[-–—/|]\s|[:;,]\s?|[(\[])\s?\S")


def fold_string(text: str) -> str:
    """Case, runs of whitespace and spaces before punctuation do not count."""
    s = _WS.sub(" ", text).strip().upper()
    s = _SPACE_BEFORE_PUNCT.sub(r"\1", s)
    return _SPACE_AFTER_OPEN.sub(r"\1", s)


def values_match(data_type: str, predicted: str | None, expected: str) -> bool:
    """NUMBER: equal as decimals; DATE: equal strings; STRING/AUTHOR: equal after fold_string."""
    if predicted is None:
        return False
    if data_type == "NUMBER":
        try:
            return Decimal(predicted) == Decimal(expected)
        except InvalidOperation:
            return False
    if data_type == "DATE":
        return predicted.strip() == expected.strip()
    return fold_string(predicted) == fold_string(expected)


def description_matches(predicted: str | None, expected: str) -> bool:
    """The predicted description is the label, or the label and more of its printed cell after
    a separator (see the module's note)."""
    if predicted is None:
        return False
    got, want = fold_string(predicted), fold_string(expected)
    if got == want:
        return True
    return bool(want) and got.startswith(want) and bool(_MORE_OF_THE_CELL.match(got[len(want) :]))
