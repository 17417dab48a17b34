"""The look of one invoice, drawn at random: block positions, label style, rules, fonts, number
and date formats, chosen labels."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from bench.synthetic.identifiers import fill
from bench.synthetic.invoice_data import Invoice, address_lines
from bench.synthetic.locales import LABELS, format_amount, format_date

# Labels only some layouts print (distractors and extras).
EXTRA_LABELS: dict[str, dict[str, str]] = {
    "customer": {
        "en": "Customer No.",
        "de": "Kundennummer",
        "fr": "N° client",
        "it": "Codice cliente",
        "es": "Nº cliente",
        "nl": "Klantnummer",
        "sl": "Šifra kupca",
    },
    "delivery": {
        "en": "Delivery date",
        "de": "Lieferdatum",
        "fr": "Date de livraison",
        "it": "Data consegna",
        "es": "Fecha de entrega",
        "nl": "Leverdatum",
        "sl": "Datum dobave",
    },
    "title_no": {
        "en": "No.",
        "de": "Nr.",
        "fr": "n°",
        "it": "n.",
        "es": "nº",
        "nl": "nr.",
        "sl": "št.",
    },
    "ship_to": {
        "en": "Ship to",
        "de": "Lieferadresse",
        "fr": "Adresse de livraison",
        "it": "Indirizzo di consegna",
        "es": "Dirección de entrega",
        "nl": "Afleveradres",
        "sl": "Naslov dostave",
    },
    "currency": {
        "en": "Currency",
        "de": "Währung",
        "fr": "Devise",
        "it": "Valuta",
        "es": "Moneda",
        "nl": "Valuta",
        "sl": "Valuta",
    },
    "phone": {
        "en": "Phone",
        "de": "Tel.",
        "fr": "Tél.",
        "it": "Tel.",
        "es": "Tel.",
        "nl": "Tel.",
        "sl": "Tel.",
    },
    "intro": {
        "en": "We invoice you for the following goods and services:",
        "de": "Wir berechnen Ihnen folgende Lieferungen und Leistungen:",
        "fr": "Nous vous facturons les prestations suivantes :",
        "it": "Vi addebitiamo le seguenti forniture e prestazioni:",
        "es": "Le facturamos los siguientes productos y servicios:",
        "nl": "Wij brengen u de volgende leveringen en diensten in rekening:",
        "sl": "Zaračunavamo vam naslednje blago in storitve:",
    },
}

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_BASE_FONTS = (("Helvetica", "Helvetica-Bold"), ("Times-Roman", "Times-Bold"))


def font_families() -> tuple[tuple[str, str], ...]:
    """Font pairs (regular, bold) available: the PDF base fonts plus DejaVu when installed."""
    families = list(_BASE_FONTS)
    for name, regular, bold in (
        ("DejaVuSans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
        ("DejaVuSerif", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    ):
        if (_DEJAVU / regular).exists() and (_DEJAVU / bold).exists():
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(_DEJAVU / regular)))
                pdfmetrics.registerFont(TTFont(name + "-Bold", str(_DEJAVU / bold)))
            families.append((name, name + "-Bold"))
    return tuple(families)


@dataclass(frozen=True)
class Style:
    supplier_pos: str  # "left" | "right" | "center"
    meta_style: str  # "label-left" | "label-above"
    ruled: bool
    totals_pos: str  # "right" | "left" | "full"
    font: tuple[str, str]
    number_style: str
    date_pattern: str | None  # None: the month written out
    written_style: int
    # "sign_before" | "sign_after" | "code_before" | "code_after" | "header"
    currency_display: str
    table_currency: bool
    show_pos: bool
    show_code: bool
    show_unit: bool
    show_rate: bool
    summary: bool
    vat_in_footer: bool
    footer_columns: bool  # a company footer in columns: address, contact, bank, registration
    register: str
    buyer_vat: bool
    payment_block: bool
    payref_in_meta: bool
    iban_grouped: bool
    colon: bool
    intro: bool
    customer_no: str | None
    delivery_days_before: int | None
    force_break: bool
    labels: dict[str, str]
    title_number: bool  # the number printed in the title ("Rechnung Nr. 123"), not in the block
    ship_to: tuple[str, ...] | None  # a delivery address block beside the buyer's
    brand: str | None  # a logo-like short name heads the page; the legal name is in small print
    sender_line: bool  # the one-line sender address above the buyer's (envelope window)

    def label(self, key: str) -> str:
        return self.labels[key] + (":" if self.colon and key in _COLON_KEYS else "")

    def amount(self, value: Decimal, sign: str, code: str, *, table: bool = False) -> str:
        text = format_amount(value, self.number_style)
        mode = self.currency_display
        if table and not self.table_currency:
            return text
        if mode == "sign_before":
            return f"{sign}{text}" if sign in "$£" else f"{sign} {text}"
        if mode == "sign_after":
            return f"{text} {sign}"
        if mode == "code_before":
            return f"{code} {text}"
        if mode == "code_after":
            return f"{text} {code}"
        return text

    def rate(self, value: Decimal) -> str:
        places = len(f"{value.normalize():f}".partition(".")[2])
        return format_amount(value, self.number_style, places) + " %"

    def date(self, invoice: Invoice, which: str) -> str:
        day = invoice.issue_date if which == "issue" else invoice.due_date
        assert day is not None
        return format_date(day, invoice.locale.language, self.date_pattern, self.written_style)


_COLON_KEYS = {
    "number",
    "date",
    "due",
    "po",
    "payref",
    "vatid",
    "customer",
    "delivery",
    "currency",
    "buyer",
    "phone",
    "bank",
    "ship_to",
}


_REGISTERS = {
    "en": "Company No. ########",
    "de": "Amtsgericht, HRB #####",
    "fr": "RCS ### ### ###",
    "it": "REA MI-######",
    "es": "Registro Mercantil, Tomo ####, Folio ###",
    "nl": "KvK ########",
    "sl": "Matična številka #######000",
}


def choose_style(rng: random.Random, invoice: Invoice, extra: random.Random) -> Style:
    """The look of ``invoice``. Options added later draw from ``extra``, so that adding one
    leaves the documents that do not use it byte for byte as they were."""
    locale = invoice.locale
    language = locale.language
    labels = {key: rng.choice(options) for key, options in LABELS[language].items()}
    labels.update({key: texts[language] for key, texts in EXTRA_LABELS.items()})
    families = font_families()
    if language == "sl":  # č is not in the base fonts' encoding
        families = tuple(f for f in families if f[0].startswith("DejaVu")) or families
    multi = len(invoice.vat_lines) > 1
    written = rng.random() < 0.25
    title_number = extra.random() < 0.2
    brand = None
    if extra.random() < 0.15:
        brand = next((w for w in invoice.supplier.name.split() if len(w) >= 3), None)
    sender_line = extra.random() < 0.3
    ship_to = None
    if extra.random() < 0.25:
        ship_to = (invoice.buyer.name, *address_lines(extra, locale))
    style = Style(
        supplier_pos=rng.choice(("left", "left", "right", "center")),
        meta_style=rng.choice(("label-left", "label-left", "label-above")),
        ruled=rng.random() < 0.5,
        totals_pos=rng.choice(("right", "right", "left", "full")),
        font=rng.choice(families),
        number_style=rng.choice(locale.number_styles),
        date_pattern=None if written else rng.choice(locale.numeric_dates),
        written_style=1 if locale.country == "US" else 0,
        currency_display=rng.choice(("sign_before", "sign_after", "code_after", "header")),
        table_currency=rng.random() < 0.2,
        show_pos=rng.random() < 0.4,
        show_code=rng.random() < 0.3,
        show_unit=rng.random() < 0.5,
        show_rate=multi or rng.random() < 0.3,
        summary=(multi and rng.random() < 0.7) or rng.random() < 0.15,
        vat_in_footer=rng.random() < 0.35,
        footer_columns=rng.random() < 0.4,
        register=fill(rng, _REGISTERS[language]),
        buyer_vat=invoice.buyer.vat_id is not None and rng.random() < 0.4,
        payment_block=rng.random() < 0.5,
        payref_in_meta=rng.random() < 0.5,
        iban_grouped=rng.random() < 0.8,
        colon=rng.random() < 0.6,
        intro=rng.random() < 0.3,
        customer_no=str(rng.randint(10000, 99999)) if rng.random() < 0.3 else None,
        delivery_days_before=rng.randint(1, 20) if rng.random() < 0.3 else None,
        force_break=len(invoice.items) >= 4 and rng.random() < 0.15,
        labels=labels,
        title_number=title_number,
        ship_to=ship_to,
        brand=brand.upper() if brand else None,
        sender_line=sender_line,
    )
    if style.currency_display == "code_after" and extra.random() < 0.4:
        style = dataclasses.replace(style, currency_display="code_before")
    return style
