"""The content of one invented invoice: parties, items and amounts that add up, and its label."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from bench.synthetic import identifiers, words
from bench.synthetic.locales import LOCALES, UNITS, Locale

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    """Rounded to cents, half up, as invoicing software does."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def norm(value: Decimal) -> str:
    """The normalised NUMBER form of the wire format: four decimal places."""
    return f"{value.quantize(Decimal('0.0001')):f}"


@dataclass(frozen=True)
class Party:
    name: str
    address_lines: tuple[str, ...]
    vat_id: str | None

    @property
    def address(self) -> str:
        """The address as one line of print: its lines joined by commas."""
        return ", ".join(self.address_lines)


@dataclass(frozen=True)
class Item:
    description_lines: tuple[str, ...]
    product_code: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    amount: Decimal
    vat_rate: Decimal

    @property
    def description(self) -> str:
        return " ".join(self.description_lines)


@dataclass(frozen=True)
class VatLine:
    rate: Decimal
    net: Decimal
    tax: Decimal


@dataclass(frozen=True)
class Invoice:
    locale: Locale
    supplier: Party
    buyer: Party
    number: str
    issue_date: dt.date
    due_date: dt.date | None
    payment_days: int
    purchase_order: str | None
    payment_reference: str | None
    iban: str | None
    bic: str
    bank: str
    currency: str
    currency_sign: str
    phone: str
    items: tuple[Item, ...]
    vat_lines: tuple[VatLine, ...]

    @property
    def net(self) -> Decimal:
        return sum((v.net for v in self.vat_lines), Decimal(0))

    @property
    def tax(self) -> Decimal:
        return sum((v.tax for v in self.vat_lines), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.net + self.tax

    def label(self, file: str, variant: str) -> dict[str, object]:
        """The ground truth in the manifest.jsonl shape of the shared data sets, plus "meta":
        the locale and how the file was made, for breaking figures down."""
        due = self.due_date.isoformat() if self.due_date else None
        return {
            "file": file,
            "document_type": "invoice",
            "fields": {
                "supplier_name": self.supplier.name,
                "buyer_name": self.buyer.name,
                "invoice_number": self.number,
                "issue_date": self.issue_date.isoformat(),
                "pay_due_date": due,
                "total_amount": norm(self.total),
                "net_amount": norm(self.net),
                "tax_amount": norm(self.tax),
                "currency": self.currency,
                "purchase_order_number": self.purchase_order,
                "payment_reference": self.payment_reference,
                "supplier_vat_id": self.supplier.vat_id,
                "supplier_iban": self.iban,
                # the text as read, whitespace folded: the printed lines joined by a space
                "supplier_address": " ".join(self.supplier.address_lines),
            },
            "line_items": [
                {
                    "description": item.description,
                    "quantity": norm(item.quantity),
                    "unit_price": norm(item.unit_price),
                    "amount": norm(item.amount),
                }
                for item in self.items
            ],
            "vat_rates": [{"percentage": norm(v.rate), "net": norm(v.net)} for v in self.vat_lines],
            "meta": {"locale": self.locale.code, "variant": variant},
        }


def _company(rng: random.Random, language: str) -> str:
    root = rng.choice(words.NAME_ROOTS)
    form = rng.choice(words.LEGAL_FORMS[language])
    sector = rng.choice(words.SECTORS[language])
    shape = rng.randrange(4)
    if shape == 0:
        return f"{root}{rng.choice(words.NAME_TAILS)} {form}"
    if shape == 1:
        return f"{root} {sector} {form}"
    if shape == 2:
        return f"{rng.choice(words.SURNAMES[language])} {sector} {form}"
    return f"{root}{rng.choice(words.NAME_TAILS).capitalize()} {sector} {form}"


def address_lines(rng: random.Random, locale: Locale) -> tuple[str, ...]:
    """A street line and a postcode-and-city line, in the country's order."""
    street = rng.choice(words.STREETS[locale.language])
    number = str(rng.randint(1, 180))
    city, postcode = rng.choice(words.CITIES[locale.cities])
    if locale.language in ("en", "fr"):
        street_line = f"{number} {street}"
    elif locale.language == "es":
        street_line = f"{street}, {number}"
    else:
        street_line = f"{street} {number}"
    if locale.country in ("GB", "IE", "US"):
        city_line = f"{city} {postcode}"
    else:
        city_line = f"{postcode} {city}"
    return (street_line, city_line)


def _quantity(rng: random.Random) -> Decimal:
    roll = rng.random()
    if roll < 0.6:
        return Decimal(rng.randint(1, 10))
    if roll < 0.75:
        return Decimal(rng.randint(11, 120))
    return Decimal(rng.choice(("0.5", "1.5", "2.5", "3.25", "4.75", "7.5", "12.5", "0.25")))


def _price(rng: random.Random) -> Decimal:
    magnitude = 10 ** rng.uniform(0, 3.4)
    if rng.random() < 0.25:
        return Decimal(max(1, round(magnitude))).quantize(CENT)
    return money(Decimal(str(magnitude)))


def _items(rng: random.Random, locale: Locale, count: int, multi_rate: bool) -> tuple[Item, ...]:
    language = locale.language
    products = rng.sample(words.PRODUCTS[language], k=min(count, len(words.PRODUCTS[language])))
    while len(products) < count:
        products.append(f"{rng.choice(words.PRODUCTS[language])} {rng.choice('ABCDEFGH')}")
    standard = locale.vat_rates[0]
    rates = [rng.choice(locale.vat_rates) if multi_rate else standard for _ in range(count)]
    if multi_rate and len(set(rates)) == 1 and count > 1:
        rates[-1] = next(r for r in locale.vat_rates if r != rates[0])
    items = []
    for product, rate in zip(products, rates, strict=True):
        lines: tuple[str, ...] = (product,)
        if rng.random() < 0.2:
            detail = rng.choice(words.DETAILS[language])
            period = f"{rng.randint(1, 12):02d}/{rng.randint(2019, 2026)}"
            code = f"{rng.choice(words.NAME_ROOTS)}-{rng.randint(10, 99)}"
            lines = (product, detail.format(period=period, code=code))
        quantity = _quantity(rng)
        price = _price(rng)
        items.append(
            Item(
                description_lines=lines,
                product_code=f"{rng.choice('ABCDKMPSTX')}{rng.randint(1000, 99999)}",
                quantity=quantity,
                unit=rng.choice(UNITS[language]),
                unit_price=price,
                amount=money(quantity * price),
                vat_rate=rate,
            )
        )
    return tuple(items)


def _vat_lines(items: tuple[Item, ...]) -> tuple[VatLine, ...]:
    nets: dict[Decimal, Decimal] = {}
    for item in items:
        nets[item.vat_rate] = nets.get(item.vat_rate, Decimal(0)) + item.amount
    return tuple(
        VatLine(rate, net, money(net * rate / 100))
        for rate, net in sorted(nets.items(), key=lambda kv: -kv[0])
    )


def _payment_reference(rng: random.Random, locale: Locale, number: str) -> str | None:
    roll = rng.random()
    if roll < 0.25:
        return None
    if locale.country == "SI":
        digits = "".join(c for c in number if c.isdigit())
        return f"SI00 {digits}" if roll < 0.8 else identifiers.group4(identifiers.rf_reference(rng))
    if locale.country == "US":
        return number
    if roll < 0.55:
        return identifiers.group4(identifiers.rf_reference(rng))
    if locale.country == "NL":
        return " ".join(str(rng.randint(1000, 9999)) for _ in range(4))
    return number


def make_invoice(rng: random.Random, *, max_items: int = 15) -> Invoice:
    """One invoice whose every amount is consistent: lines sum to net, net x rate = tax."""
    locale = rng.choice(LOCALES)
    language = locale.language
    issue = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(8 * 365))
    days = rng.choice((8, 10, 14, 15, 30, 30, 45, 60))
    count = min(max_items, rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15)))
    items = _items(rng, locale, count, multi_rate=count > 1 and rng.random() < 0.35)
    number = identifiers.invoice_number(rng, issue.year)
    currency, sign = rng.choice(locale.currencies)
    supplier_vat = identifiers.vat_id(rng, locale.country) if locale.has_vat_id else None
    buyer_vat = identifiers.vat_id(rng, locale.country) if locale.has_vat_id else None
    if rng.random() < 0.8:
        buyer_name = _company(rng, language)
    else:
        buyer_name = f"{rng.choice('ABCDEJKLMPS')}. {rng.choice(words.SURNAMES[language])}"
    supplier_name = _company(rng, language)
    while supplier_name == buyer_name:
        supplier_name = _company(rng, language)
    return Invoice(
        locale=locale,
        supplier=Party(supplier_name, address_lines(rng, locale), supplier_vat),
        buyer=Party(buyer_name, address_lines(rng, locale), buyer_vat),
        number=number,
        issue_date=issue,
        due_date=issue + dt.timedelta(days=days) if rng.random() < 0.85 else None,
        payment_days=days,
        purchase_order=identifiers.order_number(rng, issue.year) if rng.random() < 0.55 else None,
        payment_reference=_payment_reference(rng, locale, number),
        iban=identifiers.iban(rng, locale.country)
        if locale.has_iban and rng.random() < 0.9
        else None,
        bic=identifiers.bic(rng, locale.country),
        bank=rng.choice(words.BANKS),
        currency=currency,
        currency_sign=sign,
        phone=f"+{rng.randint(30, 49)} {rng.randint(10, 99)} {rng.randint(100000, 9999999)}",
        items=items,
        vat_lines=_vat_lines(items),
    )
