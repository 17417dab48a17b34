"""How numbers, money and dates are written in each locale the fresh generator uses. Pure logic."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def norm(value: Decimal) -> str:
    """The label form of a number: four decimals."""
    return str(value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Locale:
    code: str  # "de-AT"
    lang: str  # "de"
    country: str  # "AT"
    currency: str  # ISO 4217
    numbers: str  # "en" 1,234.56 | "de" 1.234,56 | "fr" 1 234,56 | "ch" 1'234.56
    tax_word: str
    rates: tuple[str, ...]  # standard rate first

    @property
    def standard_rate(self) -> Decimal:
        return Decimal(self.rates[0])


LOCALES = (
    Locale("en-GB", "en", "GB", "GBP", "en", "VAT", ("20", "5")),
    Locale("en-IE", "en", "IE", "EUR", "en", "VAT", ("23", "13.5")),
    Locale("en-US", "en", "US", "USD", "en", "Sales Tax", ("8.875", "7.25")),
    Locale("de-DE", "de", "DE", "EUR", "de", "MwSt.", ("19", "7")),
    Locale("de-AT", "de", "AT", "EUR", "de", "USt.", ("20", "10")),
    Locale("de-CH", "de", "CH", "CHF", "ch", "MWST", ("8.1", "2.6")),
    Locale("fr-FR", "fr", "FR", "EUR", "fr", "TVA", ("20", "10", "5.5")),
    Locale("fr-CH", "fr", "CH", "CHF", "ch", "TVA", ("8.1", "2.6")),
    Locale("it-IT", "it", "IT", "EUR", "de", "IVA", ("22", "10", "4")),
    Locale("es-ES", "es", "ES", "EUR", "de", "IVA", ("21", "10")),
    Locale("nl-NL", "nl", "NL", "EUR", "de", "btw", ("21", "9")),
    Locale("sl-SI", "sl", "SI", "EUR", "de", "DDV", ("22", "9.5")),
)


def locale(code: str) -> Locale:
    return next(loc for loc in LOCALES if loc.code == code)


def amount(value: Decimal, numbers: str, *, group: bool = True, places: int = 2) -> str:
    """``value`` written the local way: 1.234,56 / 1,234.56 / 1 234,56 / 1'234.56."""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    thousands, point = {"en": (",", "."), "de": (".", ","), "fr": (" ", ","), "ch": ("'", ".")}[
        numbers
    ]
    if group:
        parts: list[str] = []
        while len(whole) > 3:
            parts.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = thousands.join([whole, *parts])
    return sign + whole + (point + frac if places else "")


def quantity(value: Decimal, numbers: str) -> str:
    """Quantities drop needless decimals: 2, 1,5, 12,25."""
    text = f"{value.normalize():f}"
    if "." not in text:
        return text
    whole, frac = text.split(".")
    return whole + ("," if numbers in ("de", "fr") else ".") + frac


def percent(rate: Decimal, numbers: str, *, places: int | None = None) -> str:
    text = amount(rate, numbers, group=False, places=places) if places is not None else None
    return text if text is not None else quantity(rate, numbers)


_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "sl": "januar februar marec april maj junij julij avgust september oktober november december",
}


def month_name(day: dt.date, lang: str) -> str:
    return _MONTHS[lang].split()[day.month - 1]


def date_styles(loc: Locale) -> tuple[str, ...]:
    """The ways a date is printed in ``loc``, numeric first."""
    if loc.code == "en-US":
        return ("%m/%d/%Y", "long_us", "%b %d, %Y", "%Y-%m-%d")
    if loc.lang == "en":
        return ("%d/%m/%Y", "long", "%d %b %Y", "%d.%m.%Y")
    if loc.lang in ("de", "sl"):
        return (
            ("%d.%m.%Y", "long", "%d.%m.%y", "%Y-%m-%d")
            if loc.lang == "de"
            else (
                "%d.%m.%Y",
                "sl_spaced",
                "long",
            )
        )
    if loc.lang == "nl":
        return ("%d-%m-%Y", "long", "%d/%m/%Y")
    return ("%d/%m/%Y", "long", "%d.%m.%Y", "%d-%m-%Y")


def date(day: dt.date, loc: Locale, style: str) -> str:
    if style == "long_us":
        return f"{month_name(day, 'en')} {day.day}, {day.year}"
    if style == "sl_spaced":
        return f"{day.day}. {day.month}. {day.year}"
    if style == "long":
        name = month_name(day, loc.lang)
        return {
            "de": f"{day.day}. {name} {day.year}",
            "sl": f"{day.day}. {name} {day.year}",
            "es": f"{day.day} de {name} de {day.year}",
        }.get(loc.lang, f"{day.day} {name} {day.year}")
    if "%b" in style:
        return (
            style.replace("%b", month_name(day, "en")[:3])
            .replace("%d", f"{day.day:02d}")
            .replace("%Y", str(day.year))
        )
    return day.strftime(style)


_SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "CHF": "CHF"}


def with_currency(text: str, currency: str, style: str) -> str:
    """``style``: "none", "code_before", "code_after", "symbol_before", "symbol_after"."""
    symbol = _SYMBOLS[currency]
    return {
        "none": text,
        "code_before": f"{currency} {text}",
        "code_after": f"{text} {currency}",
        "symbol_before": f"{symbol}{text}" if len(symbol) == 1 else f"{symbol} {text}",
        "symbol_after": f"{text} {symbol}",
    }[style]


def currency_styles(loc: Locale) -> tuple[str, ...]:
    if loc.lang == "en" or loc.currency == "CHF":
        return ("symbol_before", "code_before", "none")
    return ("symbol_after", "code_after", "code_before", "none")
