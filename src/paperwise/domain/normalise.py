"""Normalised forms of values: NUMBER as a plain decimal with four places, DATE as YYYY-MM-DD,
STRING with whitespace folded. Parsing of printed numbers in the usual European and
English notations lives here too, so extraction and training agree on one form."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"\s+")
_CURRENCY_NOISE = re.compile(r"(?i)(eur|usd|gbp|chf|rm|myr|sgd|\$|€|£|¥|kn|kr|zł|ft)")


def fold_whitespace(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def format_number(value: Decimal) -> str:
    """A plain decimal with exactly four places: Decimal('1234.5') -> '1234.5000'."""
    return f"{value.quantize(Decimal('0.0001')):f}"


def parse_number(text: str) -> Decimal | None:
    """Read a printed amount: '1.234,56', '1,234.56', '1 234,56', "1'234.56", '-12,5', '12.50-',
    '(12.50)', with or without a currency sign or code. None when it is not one number."""
    s = _CURRENCY_NOISE.sub("", text).strip()
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    if s.endswith("-") and not s.startswith("-"):
        negative, s = True, s[:-1].strip()
    if s.startswith(("-", "−", "–")):
        negative, s = True, s[1:].strip()
    if s.startswith("+"):
        s = s[1:].strip()
    s = s.replace("\u00a0", " ").replace("\u202f", " ").replace("'", " ").replace("’", " ")
    if not s or not re.fullmatch(r"[\d][\d ,.]*", s) or not s[-1].isdigit():
        return None
    # Thousands groups separated by spaces: only valid as groups of three.
    if " " in s:
        head, *groups = s.split(" ")
        last = groups[-1]
        if any(len(g) != 3 for g in groups[:-1]) or not re.fullmatch(r"\d{3}([.,]\d+)?", last):
            return None
        if not re.fullmatch(r"\d{1,3}", head):
            return None
        s = "".join([head, *groups])
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        decimal_sep = "." if s.rfind(".") > s.rfind(",") else ","
        thousands = "," if decimal_sep == "." else "."
        int_part, _, frac = s.rpartition(decimal_sep)
        if not _valid_grouping(int_part, thousands) or thousands in frac:
            return None
        s = int_part.replace(thousands, "") + "." + frac
    elif dots or commas:
        sep = "." if dots else ","
        parts = s.split(sep)
        if len(parts) > 2:  # only thousands separators: 1.234.567
            if not _valid_grouping(s, sep):
                return None
            s = s.replace(sep, "")
        else:
            int_part, frac = parts
            # '1.234' or '1,234' with exactly three decimals is ambiguous: prices rarely have
            # three decimals, so a group of three after a 1-3 digit head is read as thousands.
            if len(frac) == 3 and 1 <= len(int_part) <= 3 and int_part != "0":
                s = int_part + frac
            else:
                s = int_part + "." + frac
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    return -value if negative else value


def _valid_grouping(int_part: str, sep: str) -> bool:
    groups = int_part.split(sep)
    return (
        1 <= len(groups[0]) <= 3
        and all(g.isdigit() for g in groups)
        and all(len(g) == 3 for g in groups[1:])
    )


def normalise_number(text: str) -> str | None:
    value = parse_number(text)
    return format_number(value) if value is not None else None
