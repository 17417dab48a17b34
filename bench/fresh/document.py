"""The content of one fresh document and its label: lines, VAT and totals consistent to the cent.
Pure logic; the layouts decide how it is printed and record what they left out."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from bench.fresh.formats import Locale, money, norm
from bench.fresh.parties import Party

INVOICE_FIELDS = (
    "supplier_name",
    "buyer_name",
    "invoice_number",
    "issue_date",
    "pay_due_date",
    "total_amount",
    "net_amount",
    "tax_amount",
    "currency",
    "purchase_order_number",
    "payment_reference",
    "supplier_vat_id",
    "supplier_iban",
    "supplier_address",
)
RECEIPT_FIELDS = (
    "supplier_name",
    "supplier_address",
    "issue_date",
    "total_amount",
    "tax_amount",
    "currency",
)


@dataclass
class Line:
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal  # net, or gross when the document prices gross
    rate: Decimal
    discount: Decimal = Decimal(0)  # percent
    article: str | None = None

    @property
    def amount(self) -> Decimal:
        return money(self.quantity * self.unit_price * (1 - self.discount / 100))


@dataclass(frozen=True)
class VatLine:
    rate: Decimal
    net: Decimal
    tax: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.tax


@dataclass
class Doc:
    """One invoice or receipt. ``printed`` names the fields the layout printed (the others are
    labelled null); ``label_overrides`` the ones it prints differently from the default."""

    kind: str  # "invoice" | "receipt"
    template: str
    loc: Locale
    supplier: Party
    buyer: Party | None
    number: str
    issue: dt.date
    due: dt.date | None
    po: str | None
    payment_ref: str | None
    lines: list[Line]
    gross_prices: bool = False
    printed: set[str] = field(default_factory=set)
    label_overrides: dict[str, str] = field(default_factory=dict)
    item_labels: bool = True  # whether the line items are printed as labelled rows
    vat_printed: bool = True  # whether the net per VAT rate can be read off the page

    @property
    def currency(self) -> str:
        return self.loc.currency

    def vat_lines(self) -> list[VatLine]:
        """Per rate: net and tax. Net prices: tax on each rate's net; gross prices: the gross sum
        split into net and tax."""
        out = []
        for rate in sorted({line.rate for line in self.lines}, reverse=True):
            summed = sum((li.amount for li in self.lines if li.rate == rate), Decimal(0))
            if self.gross_prices:
                net = money(summed * 100 / (100 + rate))
                out.append(VatLine(rate, net, summed - net))
            else:
                out.append(VatLine(rate, summed, money(summed * rate / 100)))
        return out

    @property
    def net(self) -> Decimal:
        return sum((v.net for v in self.vat_lines()), Decimal(0))

    @property
    def tax(self) -> Decimal:
        return sum((v.tax for v in self.vat_lines()), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.net + self.tax

    def show(self, *names: str) -> None:
        self.printed.update(names)

    def _values(self) -> dict[str, str | None]:
        sup = self.supplier
        return {
            "supplier_name": sup.name,
            "buyer_name": self.buyer.name if self.buyer else None,
            "invoice_number": self.number,
            "issue_date": self.issue.isoformat(),
            "pay_due_date": self.due.isoformat() if self.due else None,
            "total_amount": norm(self.total),
            "net_amount": norm(self.net),
            "tax_amount": norm(self.tax),
            "currency": self.currency,
            "purchase_order_number": self.po,
            "payment_reference": self.payment_ref,
            "supplier_vat_id": sup.vat_id,
            "supplier_iban": sup.iban,
            "supplier_address": f"{sup.street} {sup.city}",
        }

    def label(self, file: str, variant: str) -> dict[str, object]:
        values = self._values() | self.label_overrides
        names = INVOICE_FIELDS if self.kind == "invoice" else RECEIPT_FIELDS
        fields = {n: (values[n] if n in self.printed else None) for n in names}
        record: dict[str, object] = {"file": file, "document_type": self.kind, "fields": fields}
        if self.item_labels:
            record["line_items"] = [
                {
                    "description": li.description,
                    "quantity": norm(li.quantity),
                    "unit_price": norm(li.unit_price),
                    "amount": norm(li.amount),
                }
                for li in self.lines
            ]
        if self.kind == "invoice" and self.vat_printed and self.tax:  # receipts have none
            record["vat_rates"] = [
                {"percentage": norm(v.rate), "net": norm(v.net)} for v in self.vat_lines()
            ]
        record["meta"] = {"locale": self.loc.code, "template": self.template, "variant": variant}
        return record


def price(rng: random.Random, low: float, high: float, *, places: int = 2) -> Decimal:
    value = Decimal(str(round(rng.uniform(low, high), places)))
    return value.quantize(Decimal(1).scaleb(-places))


def pick_rate(rng: random.Random, loc: Locale, mixed: bool) -> Decimal:
    if mixed and len(loc.rates) > 1 and rng.random() < 0.4:
        return Decimal(rng.choice(loc.rates[1:]))
    return loc.standard_rate
