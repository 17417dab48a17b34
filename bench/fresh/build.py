"""Drawing the content of a fresh document at random: who, when, what was sold, and the print
style (number grouping, date and currency style, font). Pure logic."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from bench.fresh import catalog, formats
from bench.fresh.document import Doc, Line, pick_rate, price
from bench.fresh.formats import Locale
from bench.fresh.page import PROPORTIONAL
from bench.fresh.parties import (
    creditor_reference,
    make_company,
    make_person,
    si_reference,
)
from bench.fresh.vocab import HOUR_UNIT, UNITS, word


@dataclass(frozen=True)
class Style:
    loc: Locale
    group: bool
    date_style: str
    currency_style: str  # for totals; line columns print bare numbers
    family: str

    def money(self, value: Decimal, *, currency: bool = False, places: int = 2) -> str:
        text = formats.amount(value, self.loc.numbers, group=self.group, places=places)
        return (
            formats.with_currency(text, self.loc.currency, self.currency_style)
            if currency
            else text
        )

    def total(self, value: Decimal) -> str:
        """A total with its currency (always shown on at least the grand total)."""
        style = self.currency_style if self.currency_style != "none" else "code_after"
        text = formats.amount(value, self.loc.numbers, group=self.group)
        return formats.with_currency(text, self.loc.currency, style)

    def qty(self, value: Decimal) -> str:
        return formats.quantity(value, self.loc.numbers)

    def pct(self, rate: Decimal) -> str:
        return (
            formats.quantity(rate, self.loc.numbers) + " %"
            if self.loc.lang == "fr"
            else (formats.quantity(rate, self.loc.numbers) + "%")
        )

    def date(self, day: dt.date) -> str:
        return formats.date(day, self.loc, self.date_style)


def choose_style(rng: random.Random, loc: Locale, *, family: str | None = None) -> Style:
    styles = formats.date_styles(loc)
    date_style = styles[0] if rng.random() < 0.6 else rng.choice(styles)
    return Style(
        loc,
        rng.random() < 0.8,
        date_style,
        rng.choice(formats.currency_styles(loc)),
        family or rng.choice(PROPORTIONAL),
    )


def invoice_number(rng: random.Random, year: int, lang: str) -> str:
    n = rng.randint(1, 9999)
    shapes = [
        f"RE-{year}-{n:04d}",
        f"{year}-{n:03d}",
        f"INV-{rng.randint(100, 99999):05d}",
        f"F{year}/{n:04d}",
        f"FA{year % 100}-{n:04d}",
        str(rng.randint(10_000_000, 99_999_999)),
        f"{n}/{year}",
        f"A-{year}-{n}",
        f"{year % 100}-{rng.randint(100, 999)}-{n:06d}",
        f"{rng.choice('ABCDEFGHKLMNRS')}{rng.randint(100000, 999999)}",
    ]
    if lang == "it":
        shapes += [f"{n}/{year}", f"{n}/PA"]
    return rng.choice(shapes)


def po_number(rng: random.Random) -> str:
    return rng.choice(
        [
            f"PO-{rng.randint(10000, 99999)}",
            f"{rng.randint(4500000000, 4509999999)}",
            f"B{rng.randint(2020, 2026)}-{rng.randint(100, 999)}",
            f"ORD{rng.randint(100000, 999999)}",
        ]
    )


def issue_date(rng: random.Random) -> dt.date:
    return dt.date(2021, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 5))


def make_lines(
    rng: random.Random, loc: Locale, what: str, n: int, *, mixed: bool = False
) -> list[Line]:
    lang = loc.lang
    out: list[Line] = []
    if what == "utility":
        for name in rng.sample(catalog.choices(catalog.UTILITY, lang), min(n, 6)):
            kwh = Decimal(rng.randint(40, 4200))
            unit_price = price(rng, 0.01, 0.35, places=4)
            if rng.random() < 0.35:
                out.append(
                    Line(
                        name,
                        Decimal(rng.choice((1, 3, 6, 12))),
                        "Mon.",
                        price(rng, 2, 15),
                        loc.standard_rate,
                    )
                )
            else:
                out.append(Line(name, kwh, "kWh", unit_price, loc.standard_rate))
        return out
    pool = {
        "goods": catalog.GOODS,
        "services": catalog.SERVICES,
        "shop": catalog.SHOP,
        "cafe": catalog.CAFE,
    }[what if what != "hours" else "services"]
    names = catalog.choices(pool, lang)
    picked = rng.sample(names, min(n, len(names)))
    while len(picked) < n:
        picked.append(rng.choice(names) + f" {rng.choice('ABCDEFGH')}{rng.randint(1, 99)}")
    for name in picked:
        if what in ("hours", "services"):
            qty = Decimal(rng.choice(("1", "2", "2.5", "4", "6.5", "8", "12", "0.75", "16")))
            out.append(Line(name, qty, HOUR_UNIT[lang], price(rng, 45, 140), loc.standard_rate))
        elif what == "goods":
            qty = Decimal(rng.choice((1, 1, 2, 3, 5, 10, 12, 20, 25, 50, 100)))
            unit = rng.choice(UNITS[lang])
            line = Line(
                name,
                qty,
                unit,
                price(rng, 0.4, 380),
                pick_rate(rng, loc, mixed),
                article=f"{rng.randint(10000, 999999)}",
            )
            out.append(line)
        else:  # shop or cafe: gross prices
            qty = Decimal(rng.choice((1, 1, 1, 1, 2, 2, 3)))
            rate = pick_rate(rng, loc, True) if what == "shop" else loc.standard_rate
            out.append(Line(name, qty, "", price(rng, 0.39, 14.9), rate))
    return out


def make_doc(
    rng: random.Random,
    template: str,
    loc: Locale,
    *,
    what: str = "goods",
    n_lines: int = 4,
    mixed: bool = False,
    gross: bool = False,
    person_supplier: bool = False,
    person_buyer: bool = False,
    kind: str = "invoice",
) -> Doc:
    country, lang = loc.country, loc.lang
    maker = make_person if person_supplier else make_company
    supplier = maker(rng, country, lang, bank=country != "US" or rng.random() < 0.2)
    buyer_maker = make_person if person_buyer else make_company
    buyer = buyer_maker(rng, country, lang) if kind == "invoice" else None
    issued = issue_date(rng)
    due = (
        issued + dt.timedelta(days=rng.choice((7, 10, 14, 30, 30, 60)))
        if rng.random() < 0.75
        else None
    )
    number = invoice_number(rng, issued.year, lang)
    po = po_number(rng) if rng.random() < 0.3 else None
    ref: str | None = None
    roll = rng.random()
    if country == "SI" and roll < 0.7:
        ref = si_reference(rng)
    elif roll < 0.2:
        ref = creditor_reference(rng)
    elif roll < 0.5:
        ref = number
    lines = make_lines(rng, loc, what, n_lines, mixed=mixed)
    return Doc(
        kind,
        template,
        loc,
        supplier,
        buyer,
        number,
        issued,
        due,
        po,
        ref,
        lines,
        gross_prices=gross,
    )


def pick_locale(rng: random.Random, codes: tuple[str, ...] | None = None) -> Locale:
    pool = [loc for loc in formats.LOCALES if codes is None or loc.code in codes]
    return rng.choice(pool)


def vat_label(st: Style, rate: Decimal, rng: random.Random) -> str:
    word_ = st.loc.tax_word
    return rng.choice(
        (f"{word_} {st.pct(rate)}", f"{st.pct(rate)} {word_}", f"{word_} ({st.pct(rate)})")
    )


def words(rng: random.Random, st: Style, key: str) -> str:
    return word(rng, key, st.loc.lang)
