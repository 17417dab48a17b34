"""Normalised forms of values: NUMBER as a plain decimal with four places, DATE as YYYY-MM-DD,
STRING with whitespace folded. Parsing of printed numbers in the usual European and
English notations lives here too, so extraction and training agree on one form."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

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
    negative, s = _split_sign(_CURRENCY_NOISE.sub("", text).strip())
    s = s.replace("\u00a0", " ").replace("\u202f", " ").replace("'", " ").replace("’", " ")
    if not s or not re.fullmatch(r"[\d][\d ,.]*", s) or not s[-1].isdigit():
        return None
    plain = _plain_decimal(s)
    if plain is None:
        return None
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return None
    return -value if negative else value


def _split_sign(s: str) -> tuple[bool, str]:
    """Whether a printed amount is negative ('(12.50)', '12.50-', '-12.50'), and the amount
    without its sign."""
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    if s.endswith("-") and not s.startswith("-"):
        negative, s = True, s[:-1].strip()
    if s.startswith(("-", "−", "–")):
        negative, s = True, s[1:].strip()
    if s.startswith("+"):
        s = s[1:].strip()
    return negative, s


def _plain_decimal(s: str) -> str | None:
    """Digits with spaces, dots and commas as a plain decimal ('1.234,56' -> '1234.56'); None
    when the grouping is not a number's."""
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
        return int_part.replace(thousands, "") + "." + frac
    if not (dots or commas):
        return s
    sep = "." if dots else ","
    parts = s.split(sep)
    if len(parts) > 2:  # only thousands separators: 1.234.567
        return s.replace(sep, "") if _valid_grouping(s, sep) else None
    int_part, frac = parts
    # '1.234' or '1,234' with exactly three decimals is ambiguous: prices rarely have three
    # decimals, so a group of three after a 1-3 digit head is read as thousands.
    if len(frac) == 3 and 1 <= len(int_part) <= 3 and int_part != "0":
        return int_part + frac
    return int_part + "." + frac


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


# ---- dates -----------------------------------------------------------------------------------
class DateOrder(StrEnum):
    """How an all-numeric date with day and month both <= 12 is read."""

    DMY = "DMY"
    MDY = "MDY"


_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    # en, de, fr, it, es, nl, sl (with the Slovenian genitive used in dates) and abbreviations
    1: (
        "january",
        "jan",
        "januar",
        "jänner",
        "jaenner",
        "janvier",
        "janv",
        "gennaio",
        "gen",
        "enero",
        "ene",
        "januari",
        "januarja",
    ),
    2: (
        "february",
        "feb",
        "febr",
        "februar",
        "feber",
        "février",
        "fevrier",
        "févr",
        "fevr",
        "febbraio",
        "febrero",
        "februari",
        "februarja",
    ),
    3: (
        "march",
        "mar",
        "märz",
        "maerz",
        "mrz",
        "mär",
        "mars",
        "marzo",
        "maart",
        "mrt",
        "marec",
        "marca",
    ),
    4: ("april", "apr", "avril", "avr", "aprile", "abril", "abr", "aprila"),
    5: ("may", "mai", "maggio", "mag", "mayo", "mei", "maj", "maja"),
    6: ("june", "jun", "juni", "juin", "giugno", "giu", "junio", "junij", "junija"),
    7: ("july", "jul", "juli", "juillet", "juil", "luglio", "lug", "julio", "julij", "julija"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "augustus", "avgust", "avg", "avgusta"),
    9: (
        "september",
        "sep",
        "sept",
        "septembre",
        "settembre",
        "set",
        "septiembre",
        "setiembre",
        "septembra",
    ),
    10: ("october", "oct", "oktober", "okt", "octobre", "ottobre", "ott", "octubre", "oktobra"),
    11: ("november", "nov", "novembre", "noviembre", "novembra"),
    12: (
        "december",
        "dec",
        "dezember",
        "dez",
        "décembre",
        "decembre",
        "déc",
        "dicembre",
        "dic",
        "diciembre",
        "decembra",
    ),
}
_MONTHS: dict[str, int] = {name: month for month, names in _MONTH_NAMES.items() for name in names}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(?P<{0}>(?:19|20)\d{{2}}|'?\d{{2}})"
_DAY = r"(?P<{0}>0?[1-9]|[12]\d|3[01])"
_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 2024-03-04, 2024/03/04, 2024.03.04
    re.compile(
        r"(?<![\d.,/-])(?P<y>(?:19|20)\d{2})(?P<s>[-./])(?P<m>0?[1-9]|1[0-2])(?P=s)"
        + _DAY.format("d")
        + r"(?!(?!\d{1,2}:\d{2})\d|[/-]|[.,]\d)"
    ),
    # 04/03/2024, 04.03.24, 4-3-2024, 04. 03. 2024; glued to a label word
    # ('Fälligkeitsdatum16.09.2026'), not to a code in capitals or digits
    re.compile(
        r"(?<![\d_.,/-])(?<![A-Z])(?P<a>\d{1,2})\s?(?P<s>[-./])\s?(?P<b>\d{1,2})\s?(?P=s)\s?"
        + _YEAR.format("y")
        # a time may follow with no space ('14/03/20185:57PM' as OCR reads it)
        + r"(?!(?!\d{1,2}:\d{2})\d|[/-]|[.,:]\d)"
    ),
    # 4 March 2024, 4. März 2024, 4-Mar-24, 4 de marzo de 2024, 4th of March 2024
    re.compile(
        r"(?i)(?<![\w.])" + _DAY.format("d") + r"(?:st|nd|rd|th|er|º|°)?\.?[\s/-]*"
        r"(?:de\s+|of\s+)?(?P<mon>"
        + _MONTH_ALT
        + r")\.?,?[\s/-]*(?:de\s+)?"
        + _YEAR.format("y")
        + r"(?![\w])"
    ),
    # March 4, 2024, Mar 4th 2024
    re.compile(
        r"(?i)(?<![\w.])(?P<mon>"
        + _MONTH_ALT
        + r")\.?[\s-]+"
        + _DAY.format("d")
        + r"(?:st|nd|rd|th)?,?[\s-]+"
        + _YEAR.format("y")
        + r"(?![\w])"
    ),
)


@dataclass(frozen=True)
class DateMatch:
    """A date found in text. ``dmy`` and ``mdy`` are its day-first and month-first readings;
    they differ only for an all-numeric date whose day and month could swap."""

    start: int
    end: int
    dmy: date | None
    mdy: date | None

    @property
    def ambiguous(self) -> bool:
        return self.dmy is not None and self.mdy is not None and self.dmy != self.mdy

    def resolve(self, order: DateOrder) -> date | None:
        first, second = (self.dmy, self.mdy) if order is DateOrder.DMY else (self.mdy, self.dmy)
        return first or second


def _year(text: str) -> int:
    digits = text.lstrip("'")
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Every date in ``text``, in order, in numeric or written form in the supported languages."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for index, pattern in enumerate(_DATE_PATTERNS):
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            groups = m.groupdict()
            year = _year(groups["y"])
            if index == 1:
                if groups["s"] != "." and " " in m.group(0):
                    continue  # '11-22 - 30' is a range, not a date; '04. 03. 2024' is one
                a, b = int(groups["a"]), int(groups["b"])
                dmy, mdy = _safe_date(year, b, a), _safe_date(year, a, b)
            else:
                month = int(groups["m"]) if index == 0 else _MONTHS[groups["mon"].lower()]
                dmy = mdy = _safe_date(year, month, int(groups["d"]))
            if dmy or mdy:
                found.append(DateMatch(m.start(), m.end(), dmy, mdy))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str, order: DateOrder = DateOrder.DMY) -> date | None:
    """The date that is the whole of ``text`` (surrounding punctuation aside), else None."""
    stripped = text.strip(" \t\n,;:()[]")
    matches = find_dates(stripped)
    if len(matches) != 1 or matches[0].start != 0 or matches[0].end < len(stripped.rstrip(".")):
        return None
    return matches[0].resolve(order)


def format_date(value: date) -> str:
    return value.isoformat()


def normalise_date(text: str, order: DateOrder = DateOrder.DMY) -> str | None:
    """'04.03.2024' -> '2024-03-04'; ISO dates pass through; None when not one date."""
    value = parse_date(text, order)
    return format_date(value) if value else None


def infer_date_order(
    matches: Iterable[DateMatch], *, month_first_locale: bool = False
) -> tuple[DateOrder, float]:
    """The order the document writes numeric dates in, and how sure that is (0.5..1).

    Dates that can only be read one way (a day above 12) decide; without them the locale does
    (month-first only for US-style documents), with little certainty."""
    votes = {DateOrder.DMY: 0, DateOrder.MDY: 0}
    for m in matches:
        if m.ambiguous:
            continue
        if m.dmy is not None and m.mdy is None:
            votes[DateOrder.DMY] += 1
        elif m.mdy is not None and m.dmy is None:
            votes[DateOrder.MDY] += 1
    if votes[DateOrder.DMY] != votes[DateOrder.MDY]:
        winner = max(votes, key=lambda k: votes[k])
        share = votes[winner] / (votes[DateOrder.DMY] + votes[DateOrder.MDY])
        return winner, 0.75 + 0.25 * share
    return (DateOrder.MDY if month_first_locale else DateOrder.DMY), 0.6


# ---- currencies ------------------------------------------------------------------------------
# ISO 4217 codes recognised in text; codes that are also common words (ALL, TOP, PEN, ...) are left
# out because they would be found in ordinary text.
ISO_CURRENCIES = frozenset(
    {
        "AED",
        "ARS",
        "AUD",
        "BGN",
        "BHD",
        "BRL",
        "CAD",
        "CHF",
        "CLP",
        "CNY",
        "COP",
        "CZK",
        "DKK",
        "EGP",
        "EUR",
        "GBP",
        "HKD",
        "HRK",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "ISK",
        "JPY",
        "KES",
        "KRW",
        "KWD",
        "MXN",
        "MYR",
        "NGN",
        "NOK",
        "NZD",
        "PHP",
        "PKR",
        "PLN",
        "QAR",
        "RON",
        "RSD",
        "RUB",
        "SAR",
        "SEK",
        "SGD",
        "THB",
        "TND",
        "TRY",
        "TWD",
        "UAH",
        "USD",
        "VND",
        "ZAR",
    }
)
_SYMBOLS: dict[str, str] = {
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "₺": "TRY",
    "₪": "ILS",
    "₫": "VND",
    "฿": "THB",
    "zł": "PLN",
    "kč": "CZK",
    "ft": "HUF",
    "rm": "MYR",
    "fr.": "CHF",
    "lei": "RON",
    "us$": "USD",
    "ca$": "CAD",
    "c$": "CAD",
    "a$": "AUD",
    "au$": "AUD",
    "nz$": "NZD",
    "s$": "SGD",
    "hk$": "HKD",
    "r$": "BRL",
    "$": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
}
_SYMBOL_RE = re.compile(
    r"(?i)(?<![a-z])("
    + "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True) if not s.isalpha())
    # 'Ft' in its own case only: 'ft' is a foot ('Vinyl banner 3x6 ft')
    + r")|(?<![A-Za-z])(zł|Kč|(?-i:Ft)|RM|lei|[Ee]uros?)(?![A-Za-z])"
)
_CODE_RE = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])")


@dataclass(frozen=True)
class CurrencyMatch:
    start: int
    end: int
    code: str
    explicit: bool  # written as an ISO code rather than a symbol


def find_currencies(text: str) -> list[CurrencyMatch]:
    """ISO 4217 codes and currency symbols in ``text`` ('€' -> EUR, 'RM' -> MYR), in order."""
    found = [
        CurrencyMatch(m.start(), m.end(), m.group(1), True)
        for m in _CODE_RE.finditer(text)
        if m.group(1) in ISO_CURRENCIES
    ]
    for m in _SYMBOL_RE.finditer(text):
        token = m.group(0).lower()
        if not any(f.start <= m.start() < f.end for f in found):
            found.append(CurrencyMatch(m.start(), m.end(), _SYMBOLS[token], False))
    return sorted(found, key=lambda c: c.start)


def currency_code(text: str) -> str | None:
    """The ISO 4217 code a short text names ('€', 'eur', 'RM', 'USD'), else None."""
    stripped = text.strip()
    if stripped.upper() in ISO_CURRENCIES:
        return stripped.upper()
    return _SYMBOLS.get(stripped.lower())
