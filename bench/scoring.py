"""How a predicted value is compared with a label: the normalised compare used by every figure."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_WS = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:)])")
_SPACE_AFTER_OPEN = re.compile(r"([(])\s+")


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
