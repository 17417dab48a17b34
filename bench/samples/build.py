"""The sample layouts and the data they print. See the package docstring."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas

GENERATOR_VERSION = "samples-4"
CENT = Decimal("0.01")


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class Party:
    name: str
    street: str
    city: str
    country: str = ""
    vat: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Item:
    description: str
    quantity: Decimal
    price: Decimal

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.price).quantize(CENT, ROUND_HALF_UP)


@dataclass
class Invoice:
    supplier: Party
    buyer: Party
    number: str
    issued: dt.date
    due: dt.date | None
    items: list[Item]
    rate: Decimal
    currency: str
    po: str | None = None
    paid: Decimal = Decimal(0)
    attention: str = ""
    ship_to: Party | None = None

    @property
    def net(self) -> Decimal:
        return sum((i.amount for i in self.items), Decimal(0))

    @property
    def tax(self) -> Decimal:
        return (self.net * self.rate / 100).quantize(CENT, ROUND_HALF_UP)

    @property
    def total(self) -> Decimal:
        return self.net + self.tax


US_SUPPLIERS = [
    Party(
        "Brightline Supply Co.", "1450 Commerce Drive", "Columbus, OH 43215", phone="(614) 555-0142"
    ),
    Party(
        "Harbor & Pine LLC",
        "88 Wharf Street, Suite 200",
        "Portland, ME 04101",
        phone="(207) 555-0199",
    ),
    Party("Northgate Office Solutions Inc.", "2201 W Lake Ave", "Minneapolis, MN 55408"),
    Party(
        "Cedar Ridge Landscaping", "417 Old Mill Road", "Asheville, NC 28801", phone="828-555-0117"
    ),
    Party("Summit Peak Analytics, Inc.", "600 Congress Ave, Floor 14", "Austin, TX 78701"),
    Party("Bluewater Marine Services", "12 Harbor View Blvd", "Tampa, FL 33602"),
    Party("Redwood Print Shop", "3390 Mission Street", "San Francisco, CA 94110"),
    Party("Ironclad Fabrication LLC", "7710 Industrial Pkwy", "Gary, IN 46406"),
]
US_BUYERS = [
    Party("Acme Logistics Corp.", "500 Freight Lane", "Memphis, TN 38118"),
    Party("Maple Street Dental", "29 Maple Street", "Burlington, VT 05401"),
    Party("Riverside Community College", "4800 Magnolia Ave", "Riverside, CA 92506"),
    Party("Orion Retail Group", "1 Orion Plaza", "Charlotte, NC 28202"),
    Party("Keystone Builders Inc.", "915 Penn Avenue", "Pittsburgh, PA 15222"),
    Party("Lakeside Veterinary Clinic", "233 Shore Drive", "Madison, WI 53703"),
    Party("Golden Gate Bistro", "77 Columbus Ave", "San Francisco, CA 94133"),
    Party("Prairie Wind Farms", "Route 9, Box 14", "Salina, KS 67401"),
]
UK_SELLERS = [
    Party(
        "Amazing Gadgets Ltd",
        "Unit 4, Riverside Park",
        "Leeds LS11 5DD",
        "United Kingdom",
        vat="GB 284 5519 62",
    ),
    Party(
        "Hollow Oak Crafts Ltd",
        "22 Castle Street",
        "Chester CH1 2DS",
        "United Kingdom",
        vat="GB 731 0048 25",
    ),
    Party(
        "Tern & Gull Outdoor GmbH",
        "Hafenstraße 12",
        "20457 Hamburg",
        "Germany",
        vat="DE 318 442 907",
    ),
    Party(
        "Velo Parts Europe B.V.",
        "Keizersgracht 310",
        "1016 EZ Amsterdam",
        "Netherlands",
        vat="NL 8612 39 455 B01",
    ),
]
PEOPLE = [
    "Jane Whitaker",
    "Tom Okafor",
    "Priya Raman",
    "Lucas Moreau",
    "Emma Lindqvist",
    "Daniel Brooks",
    "Sofia Russo",
    "Kenji Watanabe",
]
CONTACTS = ["Accounts Payable", "Maria Lopez", "David Chen", "Purchasing Dept.", "Sarah Klein"]
FR_SUPPLIERS = [
    Party("Menuiserie Dupont SARL", "12 rue des Lilas", "69003 Lyon", vat="FR 47 512 348 905"),
    Party(
        "Atelier Graphique Lemoine SAS", "5 place Bellecour", "69002 Lyon", vat="FR 82 809 114 237"
    ),
    Party(
        "Boulangerie Fournil Martin EURL",
        "48 avenue Jean Jaurès",
        "31000 Toulouse",
        vat="FR 19 441 207 583",
    ),
]
FR_BUYERS = [
    Party("Hôtel du Parc SA", "3 boulevard Carnot", "06400 Cannes"),
    Party("Mairie de Villeurbanne", "Place Lazare Goujon", "69100 Villeurbanne"),
    Party("Cabinet Rousseau Avocats", "17 rue Saint-Honoré", "75001 Paris"),
]
DE_SUPPLIERS = [
    Party("Müller Haustechnik GmbH", "Hauptstraße 5", "80331 München", vat="DE 287 451 336"),
    Party("Schreinerei Vogt & Söhne KG", "Am Anger 14", "99084 Erfurt", vat="DE 194 228 071"),
    Party("Kraus IT-Service e.K.", "Lindenallee 2a", "50667 Köln", vat="DE 305 118 642"),
]
DE_BUYERS = [
    Party("Stadtwerke Neuburg GmbH", "Bahnhofstraße 21", "86633 Neuburg"),
    Party("Praxis Dr. med. Anna Berger", "Marktplatz 3", "93047 Regensburg"),
    Party("Autohaus Seidel GmbH & Co. KG", "Industriestraße 40", "70565 Stuttgart"),
]
EN_ITEMS = [
    "Consulting services",
    "Website maintenance (monthly)",
    "Printer toner, black",
    "Lawn mowing and edging",
    "Copy paper, 10 reams",
    "Hull cleaning",
    "Business cards (500)",
    "Steel bracket, galvanized",
    "On-site support, hours",
    "Annual software license",
    "Shipping and handling",
    "Mulch delivery (cu yd)",
    "Data analysis report",
    "Vinyl banner 3x6 ft",
    "Bolt kit M10",
]
FR_ITEMS = [
    "Pose de parquet chêne",
    "Fenêtre PVC double vitrage",
    "Main d'œuvre (heures)",
    "Création de logo",
    "Impression flyers A5",
    "Livraison",
    "Baguettes tradition (lot)",
]
DE_ITEMS = [
    "Wartung Heizungsanlage",
    "Arbeitszeit Monteur (Std.)",
    "Kupferrohr 15 mm",
    "Einbauschrank Eiche",
    "Anfahrtspauschale",
    "Netzwerkswitch 24 Port",
    "Fernwartung (Std.)",
]


def _items(rng: random.Random, names: list[str], low: int = 1, high: int = 5) -> list[Item]:
    out = []
    for desc in rng.sample(names, rng.randint(low, high)):
        qty = Decimal(rng.choice([1, 1, 2, 3, 4, 5, 8, 10, 12, 20]))
        price = Decimal(rng.randint(500, 90000)) / 100
        out.append(Item(desc, qty, price))
    return out


# ---------------------------------------------------------------- formatting


def money(value: Decimal, style: str, sign: str = "") -> str:
    """style: us (1,234.56), fr (1 234,56), de (1.234,56); sign before (us) or after."""
    q = value.quantize(CENT, ROUND_HALF_UP)
    whole, frac = f"{abs(q):.2f}".split(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    neg = "-" if q < 0 else ""
    if style == "us":
        return f"{neg}{sign}{','.join(groups)}.{frac}"
    sep = " " if style == "fr" else "."
    text = f"{neg}{sep.join(groups)},{frac}"
    return f"{text} {sign}" if sign else text


def us_date(d: dt.date, rng_style: int) -> str:
    if rng_style == 0:
        return d.strftime("%m/%d/%Y")
    if rng_style == 1:
        return d.strftime("%B %d, %Y").replace(" 0", " ")
    return d.strftime("%b %d, %Y").replace(" 0", " ")


def qty_text(q: Decimal) -> str:
    return str(int(q)) if q == q.to_integral_value() else f"{q:.2f}"


def pct(rate: Decimal) -> str:
    return f"{rate.normalize():f}"


# ---------------------------------------------------------------- drawing


class Page:
    """Top-down coordinates in points over a reportlab canvas."""

    def __init__(self, size: tuple[float, float] = LETTER) -> None:
        self.buffer = io.BytesIO()
        self.width, self.height = size
        self.canvas = Canvas(self.buffer, pagesize=size, invariant=1, pageCompression=1)

    def text(
        self,
        x: float,
        y: float,
        s: str,
        size: float = 9,
        bold: bool = False,
        align: str = "left",
        grey: bool = False,
    ) -> None:
        c = self.canvas
        c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        c.setFillGray(0.45 if grey else 0)
        yy = self.height - y
        if align == "right":
            c.drawRightString(x, yy, s)
        elif align == "center":
            c.drawCentredString(x, yy, s)
        else:
            c.drawString(x, yy, s)
        c.setFillGray(0)

    def lines(
        self,
        x: float,
        y: float,
        rows: list[str],
        size: float = 9,
        lead: float = 12,
        bold_first: bool = False,
        align: str = "left",
    ) -> float:
        for i, row in enumerate(rows):
            self.text(x, y + i * lead, row, size, bold=bold_first and i == 0, align=align)
        return y + len(rows) * lead

    def rule(self, x1: float, y: float, x2: float, width: float = 0.6) -> None:
        self.canvas.setLineWidth(width)
        self.canvas.line(x1, self.height - y, x2, self.height - y)

    def box(self, x: float, y: float, w: float, h: float, fill: float | None = None) -> None:
        c = self.canvas
        if fill is not None:
            c.setFillGray(fill)
        c.rect(x, self.height - y - h, w, h, stroke=1, fill=1 if fill is not None else 0)
        c.setFillGray(0)

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


@dataclass(frozen=True)
class Column:
    title: str
    x: float  # left edge for left-aligned, right edge for right-aligned
    align: str = "left"


def table(
    page: Page,
    y: float,
    cols: list[Column],
    rows: list[list[str]],
    x1: float,
    x2: float,
    shade: bool = False,
    size: float = 9,
) -> float:
    if shade:
        page.box(x1, y - 11, x2 - x1, 15, fill=0.88)
    for col in cols:
        page.text(col.x, y, col.title, size, bold=True, align=col.align)
    page.rule(x1, y + 5, x2)
    y += 18
    for row in rows:
        for col, cell in zip(cols, row, strict=True):
            page.text(col.x, y, cell, size, align=col.align)
        y += 15
    page.rule(x1, y - 8, x2)
    return y + 6


def totals(
    page: Page,
    y: float,
    x_label: float,
    x_value: float,
    rows: list[tuple[str, str, bool]],
    size: float = 9,
) -> float:
    for label, value, bold in rows:
        page.text(x_label, y, label, size, bold=bold, align="right")
        page.text(x_value, y, value, size, bold=bold, align="right")
        y += 15
    return y


# ---------------------------------------------------------------- layouts


@dataclass
class Drawn:
    data: bytes
    fields: dict[str, object]
    line_items: list[dict[str, str]] = field(default_factory=list)
    vat: list[dict[str, str]] = field(default_factory=list)


def vat_rates(rate: Decimal, net: Decimal) -> list[dict[str, str]]:
    return [{"percentage": d4(rate), "net": d4(net)}]


def d4(value: Decimal) -> str:
    return f"{value:.4f}"


def base_fields(inv: Invoice) -> dict[str, object]:
    return {
        "supplier_name": inv.supplier.name,
        "buyer_name": inv.buyer.name,
        "invoice_number": inv.number,
        "issue_date": inv.issued.isoformat(),
        "pay_due_date": inv.due.isoformat() if inv.due else None,
        "total_amount": d4(inv.total),
        "net_amount": d4(inv.net),
        "tax_amount": d4(inv.tax),
        "currency": inv.currency,
        "purchase_order_number": inv.po,
        "supplier_vat_id": None,
    }


def item_labels(inv: Invoice) -> list[dict[str, str]]:
    return [
        {
            "description": i.description,
            "quantity": d4(i.quantity),
            "unit_price": d4(i.price),
            "amount": d4(i.amount),
        }
        for i in inv.items
    ]


def _us_invoice(rng: random.Random, low: int = 1, high: int = 6) -> Invoice:
    supplier, buyer = rng.choice(US_SUPPLIERS), rng.choice(US_BUYERS)
    issued = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
    terms = rng.choice([15, 30, 30, 45])
    return Invoice(
        supplier=supplier,
        buyer=buyer,
        number=rng.choice(["INV-", "", "#"]).lstrip("#") + str(rng.randint(1000, 99999)),
        issued=issued,
        due=issued + dt.timedelta(days=terms),
        items=_items(rng, EN_ITEMS, low, high),
        rate=Decimal(rng.choice(["8.25", "7", "6.5", "8.875", "10"])),
        currency="USD",
        po=f"PO-{rng.randint(10000, 99999)}" if rng.random() < 0.5 else None,
    )


def layout_us_bill_ship(rng: random.Random) -> Drawn:
    """Company top left, INVOICE top right with #/date/due/terms, Bill To and Ship To blocks."""
    inv = _us_invoice(rng)
    ds = rng.randint(0, 2)
    terms_days = (inv.due - inv.issued).days if inv.due else 30
    p = Page(LETTER)
    s = inv.supplier
    p.text(50, 60, s.name, 16, bold=True)
    p.lines(50, 78, [s.street, s.city] + ([f"Phone: {s.phone}"] if s.phone else []))
    p.text(562, 60, "INVOICE", 22, bold=True, align="right")
    meta = [
        ("Invoice #", inv.number),
        ("Invoice Date", us_date(inv.issued, ds)),
        ("Due Date", us_date(inv.due, ds) if inv.due else ""),
        ("Terms", f"Net {terms_days}"),
    ]
    if inv.po:
        meta.append(("P.O. #", inv.po))
    y: float = 84
    for label, value in meta:
        p.text(470, y, f"{label}:" if rng.random() < 0.5 else label, 9, bold=True, align="right")
        p.text(562, y, value, 9, align="right")
        y += 13
    y = max(y, 130) + 20
    ship = rng.choice(US_BUYERS) if rng.random() < 0.4 else inv.buyer
    p.text(50, y, "Bill To", 10, bold=True)
    p.text(300, y, "Ship To", 10, bold=True)
    b = inv.buyer
    p.lines(50, y + 15, [b.name, b.street, b.city])
    p.lines(300, y + 15, [ship.name, ship.street, ship.city])
    y += 70
    cols = [
        Column("Description", 50),
        Column("Qty", 350, "right"),
        Column("Rate", 450, "right"),
        Column("Amount", 562, "right"),
    ]
    rows = [
        [i.description, qty_text(i.quantity), money(i.price, "us"), money(i.amount, "us")]
        for i in inv.items
    ]
    y = table(p, y, cols, rows, 45, 565, shade=rng.random() < 0.5)
    rate_label = rng.choice(
        [f"Sales Tax ({pct(inv.rate)}%)", f"Tax ({pct(inv.rate)}%)", f"Sales Tax {pct(inv.rate)}%"]
    )
    y = totals(
        p,
        y + 6,
        470,
        562,
        [
            ("Subtotal", money(inv.net, "us", "$"), False),
            (rate_label, money(inv.tax, "us", "$"), False),
            ("Total", money(inv.total, "us", "$"), True),
            ("Balance Due", money(inv.total, "us", "$"), True),
        ],
    )
    p.text(50, y + 30, "Thank you for your business!", 9)
    p.text(50, y + 44, f"Please make checks payable to {s.name}.", 8, grey=True)
    return Drawn(p.finish(), base_fields(inv), item_labels(inv), vat_rates(inv.rate, inv.net))


def layout_erp_plain(rng: random.Random) -> Drawn:
    """A plain ERP print: title, the company under it, a facts grid with labels above values,
    Bill To / Ship To, the lines, then Subtotal, Tax and Total right-aligned."""
    inv = _us_invoice(rng, 1, 4)
    p = Page(LETTER)
    s, b = inv.supplier, inv.buyer
    p.text(50, 55, rng.choice(["Invoice", "INVOICE", "Sales Invoice"]), 18, bold=True)
    p.lines(50, 80, [s.name, s.street, s.city], bold_first=True)
    p.text(562, 55, inv.number, 12, bold=True, align="right")
    y: float = 140
    iso = rng.random() < 0.5
    if iso:  # labels on the values' line, ISO dates
        p.text(50, y, "Bill To:", 9, bold=True)
        p.lines(100, y, [b.name, b.street, b.city])
        p.text(300, y, "Ship To:", 9, bold=True)
        p.lines(350, y, [b.name, b.street, b.city])
    else:
        p.text(50, y, "Bill To", 9, bold=True)
        p.lines(50, y + 13, [b.name, b.street, b.city])
        p.text(300, y, "Ship To", 9, bold=True)
        p.lines(300, y + 13, [b.name, b.street, b.city])
    y += 70
    facts = [
        ("Invoice Date", inv.issued.isoformat() if iso else us_date(inv.issued, 0)),
        ("Due Date", (inv.due.isoformat() if iso else us_date(inv.due, 0)) if inv.due else ""),
        ("Invoice Number", inv.number),
    ]
    if inv.po:
        facts.append(("Customer PO", inv.po))
    x = 50
    for label, value in facts:
        if iso:
            p.text(50, y, f"{label}:", 9)
            p.text(150, y, value, 9)
            y += 13
        else:
            p.text(x, y, label, 8, grey=True)
            p.text(x, y + 12, value, 9)
            x += 128
    y += 40
    cols = [
        Column("Item", 50),
        Column("Quantity", 360, "right"),
        Column("Unit Price", 460, "right"),
        Column("Amount", 562, "right"),
    ]
    rows = [
        [i.description, qty_text(i.quantity), money(i.price, "us"), money(i.amount, "us")]
        for i in inv.items
    ]
    y = table(p, y, cols, rows, 45, 565)
    y = totals(
        p,
        y + 6,
        470,
        562,
        [
            ("Subtotal", money(inv.net, "us"), False),
            ("Tax", money(inv.tax, "us"), False),
            ("Total", money(inv.total, "us"), True),
        ],
    )
    p.text(50, y + 30, "All amounts in USD.", 8, grey=True)
    return Drawn(p.finish(), base_fields(inv), item_labels(inv))


def layout_marketplace(rng: random.Random) -> Drawn:
    """Marketplace tax invoice: 'Sold By :' block with a 'VAT Number:' line, 'Billing Address :'
    / 'Billed To:' with the customer, order facts, a table with net, tax rate and tax per line."""
    seller = rng.choice(UK_SELLERS)
    buyer = Party(
        rng.choice(PEOPLE),
        rng.choice(["14 Elm Grove", "7 Station Road", "Flat 3, 21 Queens Road"]),
        rng.choice(["Bristol BS1 4DJ", "Manchester M1 2AB", "Dublin D02 X285"]),
    )
    euro = seller.country != "United Kingdom"
    rate = Decimal(19 if seller.country == "Germany" else 21 if euro else 20)
    issued = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
    inv = Invoice(
        seller,
        buyer,
        f"{rng.choice(['IN', 'INV', 'BLR'])}-{rng.randint(100000, 999999)}",
        issued,
        None,
        _items(rng, EN_ITEMS, 1, 3),
        rate,
        "EUR" if euro else "GBP",
    )
    sign = "€" if euro else "£"
    p = Page(A4)
    title = rng.choice(["Tax Invoice/Bill of Supply/Cash Memo", "Tax Invoice", "INVOICE"])
    p.text(300, 50, title, 13, bold=True, align="center")
    p.text(300, 64, "(Original for Recipient)", 8, align="center", grey=True)
    sold = rng.choice(["Sold By :", "Sold By:", "Seller:"])
    p.text(40, 95, sold, 10, bold=True)
    y: float = p.lines(40, 109, [seller.name, seller.street, seller.city, seller.country])
    p.text(40, y + 6, f"VAT Number: {seller.vat}", 9, bold=rng.random() < 0.5)
    billed = rng.choice(["Billing Address :", "Billed To:", "Billed To :"])
    p.text(555, 95, billed, 10, bold=True, align="right")
    p.lines(555, 109, [buyer.name, buyer.street, buyer.city], align="right")
    order = (
        f"{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}-{rng.randint(1000000, 9999999)}"
    )
    y = 190
    facts = [
        ("Order Number:", order),
        ("Order Date:", issued.strftime("%d.%m.%Y")),
        ("Invoice Number :", inv.number),
        ("Invoice Date :", issued.strftime("%d.%m.%Y")),
    ]
    for i, (label, value) in enumerate(facts):
        x = 40 if i < 2 else 320
        yy = y + (i % 2) * 13
        p.text(x, yy, label, 9, bold=True)
        p.text(x + 95, yy, value, 9)
    y += 45
    cols = [
        Column("Description", 40),
        Column("Unit Price", 275, "right"),
        Column("Qty", 310, "right"),
        Column("Net Amount", 375, "right"),
        Column("Tax Rate", 425, "right"),
        Column("Tax Amount", 485, "right"),
        Column("Total Amount", 555, "right"),
    ]
    rows = []
    for it in inv.items:
        t = (it.amount * rate / 100).quantize(CENT, ROUND_HALF_UP)
        rows.append(
            [
                it.description,
                money(it.price, "us", sign),
                qty_text(it.quantity),
                money(it.amount, "us", sign),
                f"{pct(rate)}%",
                money(t, "us", sign),
                money(it.amount + t, "us", sign),
            ]
        )
    line_tax = sum(
        ((it.amount * rate / 100).quantize(CENT, ROUND_HALF_UP) for it in inv.items), Decimal(0)
    )
    y = table(p, y, cols, rows, 38, 557, shade=True, size=8)
    total = inv.net + line_tax
    p.text(40, y + 4, "TOTAL:", 9, bold=True)
    p.text(485, y + 4, money(line_tax, "us", sign), 9, bold=True, align="right")
    p.text(555, y + 4, money(total, "us", sign), 9, bold=True, align="right")
    p.text(555, y + 40, f"For {seller.name}:", 9, align="right")
    p.text(555, y + 70, "Authorized Signatory", 9, align="right")
    fields = base_fields(inv)
    fields.update(tax_amount=d4(line_tax), total_amount=d4(total), supplier_vat_id=seller.vat)
    # the row prints net and gross: the line amount is the net one, as on the other layouts
    return Drawn(p.finish(), fields, item_labels(inv), vat_rates(rate, inv.net))


def layout_attn(rng: random.Random) -> Drawn:
    """A letter-like invoice: supplier letterhead, an addressee block opening with 'ATTN: …'
    (or 'Attention: …', 'c/o …'), then the buyer company; facts in a right column."""
    inv = _us_invoice(rng, 1, 4)
    inv.po = None  # not printed
    inv.attention = rng.choice(CONTACTS)
    p = Page(LETTER)
    s, b = inv.supplier, inv.buyer
    centred = rng.random() < 0.5
    if centred:
        p.text(306, 50, s.name.upper(), 15, bold=True, align="center")
        p.text(
            306,
            66,
            f"{s.street} | {s.city}" + (f" | {s.phone}" if s.phone else ""),
            8,
            align="center",
        )
    else:
        p.text(50, 50, s.name, 15, bold=True)
        p.lines(50, 66, [s.street, s.city], size=8, lead=10)
    p.rule(50, 92, 562)
    label = rng.choice(["ATTN:", "ATTN :", "Attention:", "Attn:"])
    lead = [f"{label} {inv.attention}"]
    addr = [b.name, b.street, b.city]
    block = lead + addr if rng.random() < 0.7 else [b.name, *lead, *addr[1:]]
    if rng.random() < 0.5:
        p.text(50, 115, rng.choice(["TO:", "Invoice To:", "Customer:"]), 9, bold=True)
        p.lines(50, 129, block)
    else:
        p.lines(50, 115, block)
    p.text(420, 115, "INVOICE", 14, bold=True)
    ds = rng.randint(0, 2)
    facts = [
        ("Invoice No.", inv.number),
        ("Date", us_date(inv.issued, ds)),
        ("Payment Due", us_date(inv.due, ds) if inv.due else ""),
    ]
    y: float = 133
    for lab, val in facts:
        p.text(420, y, f"{lab}:", 9, bold=True)
        p.text(562, y, val, 9, align="right")
        y += 13
    y = 200
    cols = [
        Column("Qty", 50),
        Column("Description", 90),
        Column("Unit Price", 460, "right"),
        Column("Line Total", 562, "right"),
    ]
    rows = [
        [qty_text(i.quantity), i.description, money(i.price, "us"), money(i.amount, "us")]
        for i in inv.items
    ]
    y = table(p, y, cols, rows, 45, 565)
    y = totals(
        p,
        y + 6,
        470,
        562,
        [
            ("Subtotal", money(inv.net, "us", "$"), False),
            (f"Sales Tax ({pct(inv.rate)}%)", money(inv.tax, "us", "$"), False),
            ("Total Due", money(inv.total, "us", "$"), True),
        ],
    )
    p.text(
        50, y + 30, f"Questions? Contact {rng.choice(PEOPLE)} at {s.phone or '(800) 555-0100'}.", 8
    )
    return Drawn(p.finish(), base_fields(inv), item_labels(inv), vat_rates(inv.rate, inv.net))


def layout_title_logo(rng: random.Random) -> Drawn:
    """A document title ('PAYMENT RECEIPT', 'TAX INVOICE', 'INVOICE') on top, a logo placeholder
    box with a word in it ('LOGO', 'Your Logo', '[Company Logo]'), then the real company name
    and address; 'Billed To' / 'Received From' with the customer."""
    inv = _us_invoice(rng, 1, 4)
    title = rng.choice(["PAYMENT RECEIPT", "TAX INVOICE", "INVOICE", "SALES RECEIPT"])
    placeholder = rng.choice(["LOGO", "Your Logo", "[Company Logo]", "YOUR LOGO HERE", "Logo"])
    inv.po = None  # not printed
    p = Page(LETTER)
    s, b = inv.supplier, inv.buyer
    p.text(306, 48, title, 18, bold=True, align="center")
    p.box(50, 70, 110, 45)
    p.text(105, 96, placeholder, 10, align="center", grey=True)
    p.text(50, 135, s.name, 12, bold=True)
    p.lines(50, 150, [s.street, s.city] + ([s.phone] if s.phone else []), size=8, lead=11)
    number_label = "Receipt #" if "RECEIPT" in title else "Invoice #"
    facts = [(number_label, inv.number), ("Date", us_date(inv.issued, 0))]
    if "RECEIPT" not in title and inv.due:
        facts.append(("Due Date", us_date(inv.due, 0)))
    else:
        inv.due = None
    y: float = 80
    for lab, val in facts:
        p.text(470, y, f"{lab}:", 9, bold=True, align="right")
        p.text(562, y, val, 9, align="right")
        y += 13
    who = rng.choice(["Received From:", "Billed To:"]) if "RECEIPT" in title else "Billed To:"
    p.text(330, 135, who, 9, bold=True)
    p.lines(330, 150, [b.name, b.street, b.city], size=9, lead=11)
    y = 210
    cols = [
        Column("Description", 50),
        Column("Qty", 370, "right"),
        Column("Price", 460, "right"),
        Column("Amount", 562, "right"),
    ]
    rows = [
        [i.description, qty_text(i.quantity), money(i.price, "us", "$"), money(i.amount, "us", "$")]
        for i in inv.items
    ]
    y = table(p, y, cols, rows, 45, 565, shade=True)
    last = (
        ("Amount Paid", money(inv.total, "us", "$"), True)
        if "RECEIPT" in title
        else ("Total", money(inv.total, "us", "$"), True)
    )
    y = totals(
        p,
        y + 6,
        470,
        562,
        [
            ("Subtotal", money(inv.net, "us", "$"), False),
            (f"Tax {pct(inv.rate)}%", money(inv.tax, "us", "$"), False),
            ("Total", money(inv.total, "us", "$"), True) if "RECEIPT" in title else last,
        ]
        + ([last] if "RECEIPT" in title else []),
    )
    if "RECEIPT" in title:
        p.text(
            50,
            y + 20,
            f"Payment method: {rng.choice(['Visa ending 4242', 'Check #1043', 'ACH transfer'])}",
            9,
        )
    p.text(306, y + 60, "Thank you!", 10, align="center")
    return Drawn(p.finish(), base_fields(inv), item_labels(inv), vat_rates(inv.rate, inv.net))


def layout_template_balance(rng: random.Random) -> Drawn:
    """An invoice-template print: company top left, INVOICE and a number top right, a 'Balance
    Due' box, Bill To / Ship To, Date / Payment Terms / Due Date / PO Number, then Subtotal,
    Tax (x%), Total, Amount Paid, Balance Due (a part may be paid already)."""
    inv = _us_invoice(rng, 1, 5)
    paid = Decimal(0) if rng.random() < 0.5 else (inv.total / 2).quantize(CENT)
    inv.paid = paid
    balance = inv.total - paid
    p = Page(LETTER)
    s, b = inv.supplier, inv.buyer
    p.text(50, 55, s.name, 13, bold=True)
    p.lines(50, 70, [s.street, s.city], size=9, lead=11)
    p.text(562, 55, "INVOICE", 24, align="right")
    p.text(562, 75, f"# {inv.number}", 11, align="right", grey=True)
    facts = [
        ("Date:", us_date(inv.issued, 2)),
        ("Payment Terms:", f"Net {(inv.due - inv.issued).days}" if inv.due else ""),
        ("Due Date:", us_date(inv.due, 2) if inv.due else ""),
    ]
    if inv.po:
        facts.append(("PO Number:", inv.po))
    y: float = 110
    for lab, val in facts:
        p.text(470, y, lab, 9, align="right", grey=True)
        p.text(562, y, val, 9, align="right")
        y += 15
    p.box(380, y - 4, 185, 18, fill=0.92)
    p.text(470, y + 9, "Balance Due:", 10, bold=True, align="right")
    p.text(562, y + 9, money(balance, "us", "$"), 10, bold=True, align="right")
    p.text(50, 110, "Bill To:", 9, grey=True)
    p.text(50, 124, b.name, 10, bold=True)
    p.text(260, 110, "Ship To:", 9, grey=True)  # clear of a long name in bold beside it
    p.text(260, 124, b.street, 9)
    p.text(260, 136, b.city, 9)
    y = max(y + 45, 200)
    cols = [
        Column("Item", 50),
        Column("Quantity", 380, "right"),
        Column("Rate", 470, "right"),
        Column("Amount", 562, "right"),
    ]
    rows = [
        [i.description, qty_text(i.quantity), money(i.price, "us", "$"), money(i.amount, "us", "$")]
        for i in inv.items
    ]
    y = table(p, y, cols, rows, 45, 565, shade=True)
    y = totals(
        p,
        y + 6,
        470,
        562,
        [
            ("Subtotal:", money(inv.net, "us", "$"), False),
            (f"Tax ({pct(inv.rate)}%):", money(inv.tax, "us", "$"), False),
            ("Total:", money(inv.total, "us", "$"), False),
            ("Amount Paid:", money(paid, "us", "$"), False),
            ("Balance Due:", money(balance, "us", "$"), True),
        ],
    )
    p.text(50, y + 20, "Notes:", 9, grey=True)
    p.text(50, y + 33, "Thanks for your business.", 9)
    return Drawn(p.finish(), base_fields(inv), item_labels(inv), vat_rates(inv.rate, inv.net))


def layout_fr_footer(rng: random.Random) -> Drawn:
    """A French invoice: FACTURE on top, the client block on the right, the supplier named only
    in the footer line (legal form, SIRET, TVA intracommunautaire); HT / TVA / TTC totals."""
    s, b = rng.choice(FR_SUPPLIERS), rng.choice(FR_BUYERS)
    issued = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
    inv = Invoice(
        s,
        b,
        f"F{issued.year}-{rng.randint(1, 999):03d}",
        issued,
        issued + dt.timedelta(days=rng.choice([30, 45])),
        _items(rng, FR_ITEMS, 1, 4),
        Decimal(rng.choice(["20", "10", "5.5"])),
        "EUR",
    )
    p = Page(A4)
    p.text(50, 70, "FACTURE", 22, bold=True)
    p.text(50, 95, f"Facture n° {inv.number}", 10)
    p.text(50, 109, f"Date : {issued.strftime('%d/%m/%Y')}", 10)
    p.text(50, 123, f"Échéance : {inv.due.strftime('%d/%m/%Y') if inv.due else ''}", 10)
    p.text(340, 95, rng.choice(["Client :", "Destinataire :", "Facturé à :"]), 9, bold=True)
    p.lines(340, 109, [b.name, b.street, b.city])
    y: float = 180
    cols = [
        Column("Désignation", 50),
        Column("Qté", 330, "right"),
        Column("PU HT", 420, "right"),
        Column("Montant HT", 545, "right"),
    ]
    rows = [
        [i.description, qty_text(i.quantity), money(i.price, "fr", "€"), money(i.amount, "fr", "€")]
        for i in inv.items
    ]
    y = table(p, y, cols, rows, 45, 548)
    y = totals(
        p,
        y + 6,
        460,
        545,
        [
            ("Total HT", money(inv.net, "fr", "€"), False),
            (f"TVA {pct(inv.rate).replace('.', ',')} %", money(inv.tax, "fr", "€"), False),
            ("Total TTC", money(inv.total, "fr", "€"), True),
            ("Net à payer", money(inv.total, "fr", "€"), True),
        ],
    )
    p.text(
        50,
        y + 25,
        "Conditions de paiement : virement à 30 jours. Pénalités de retard : 3 fois le taux légal.",
        8,
    )
    siret = " ".join(str(rng.randint(100, 999)) for _ in range(3)) + f" 000{rng.randint(10, 99)}"
    foot = f"{s.name} – {s.street}, {s.city} – SIRET {siret} – TVA {s.vat}"
    p.rule(50, 790, 545)
    p.text(297, 802, foot, 7, align="center", grey=True)
    fields = base_fields(inv)
    fields["supplier_vat_id"] = s.vat
    return Drawn(p.finish(), fields, item_labels(inv), vat_rates(inv.rate, inv.net))


def layout_de_footer(rng: random.Random) -> Drawn:
    """A German invoice (DIN 5008-like): the buyer in the address window, sometimes a sender
    line above it, facts on the right, the supplier in a three-column footer."""
    s, b = rng.choice(DE_SUPPLIERS), rng.choice(DE_BUYERS)
    issued = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
    inv = Invoice(
        s,
        b,
        f"RE-{issued.year}-{rng.randint(100, 9999)}",
        issued,
        issued + dt.timedelta(days=rng.choice([14, 30])),
        _items(rng, DE_ITEMS, 1, 4),
        Decimal(rng.choice(["19", "19", "7"])),
        "EUR",
    )
    due_text = inv.due.strftime("%d.%m.%Y") if inv.due else ""
    p = Page(A4)
    if rng.random() < 0.5:
        p.text(57, 130, f"{s.name} · {s.street} · {s.city}", 6.5, grey=True)
    p.lines(57, 148, [b.name, b.street, b.city], size=10, lead=13)
    facts = [
        ("Rechnungsnummer:", inv.number),
        ("Rechnungsdatum:", issued.strftime("%d.%m.%Y")),
        ("Kundennummer:", str(rng.randint(10000, 99999))),
        (
            rng.choice(["Fällig am:", "Zahlbar bis:"]),
            inv.due.strftime("%d.%m.%Y") if inv.due else "",
        ),
    ]
    y: float = 148
    for lab, val in facts:
        p.text(380, y, lab, 9)
        p.text(540, y, val, 9, align="right")
        y += 13
    p.text(57, 250, f"Rechnung {inv.number}", 14, bold=True)
    p.text(57, 272, "Sehr geehrte Damen und Herren, wir berechnen Ihnen folgende Leistungen:", 9)
    cols = [
        Column("Pos.", 57),
        Column("Bezeichnung", 85),
        Column("Menge", 340, "right"),
        Column("Einzelpreis", 430, "right"),
        Column("Gesamt", 540, "right"),
    ]
    rows = [
        [
            str(n),
            i.description,
            qty_text(i.quantity),
            money(i.price, "de", "€"),
            money(i.amount, "de", "€"),
        ]
        for n, i in enumerate(inv.items, 1)
    ]
    y = table(p, 300, cols, rows, 55, 542)
    y = totals(
        p,
        y + 6,
        450,
        540,
        [
            ("Nettobetrag", money(inv.net, "de", "€"), False),
            (f"zzgl. {pct(inv.rate)} % USt.", money(inv.tax, "de", "€"), False),
            ("Gesamtbetrag", money(inv.total, "de", "€"), True),
        ],
    )
    p.text(
        57,
        y + 20,
        f"Bitte überweisen Sie den Betrag bis zum {due_text}.",
        9,
    )
    p.rule(57, 760, 540)
    groups = " ".join(str(rng.randint(1000, 9999)) for _ in range(4))
    iban = f"DE{rng.randint(10, 99)} {groups} {rng.randint(10, 99)}"
    p.lines(57, 772, [s.name, s.street, s.city], size=7, lead=9)
    p.lines(
        250,
        772,
        [
            f"Tel. 0{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
            f"USt-IdNr.: {s.vat}",
            "Amtsgericht " + s.city.split()[-1],
        ],
        size=7,
        lead=9,
    )
    p.lines(420, 772, ["Sparkasse", f"IBAN {iban}", "BIC SSKMDEMMXXX"], size=7, lead=9)
    fields = base_fields(inv)
    fields["supplier_vat_id"] = s.vat
    return Drawn(p.finish(), fields, item_labels(inv), vat_rates(inv.rate, inv.net))


def layout_erp_compact(rng: random.Random) -> Drawn:
    """A supplier invoice as an ERP's report prints it: the company block, INVOICE, the facts as
    'Label: value' (the dates on one line or two), 'Bill To:' and 'Ship To:' side by side (the
    name on the label's line or under it, a contact line in the block), the lines, then
    'Subtotal:', 'Tax:', 'Total:' with the amounts on their lines."""
    inv = _us_invoice(rng, 1, 4)
    s, b = inv.supplier, inv.buyer
    style = rng.randint(0, 2)

    def when(d: dt.date) -> str:
        return d.isoformat() if style == 0 else us_date(d, style - 1 if style == 1 else 0)

    p = Page(LETTER)
    p.lines(50, 50, [s.name, s.street, s.city, f"Phone: {s.phone or '(555) 010-2030'}"])
    p.text(562, 50, "INVOICE", 20, bold=True, align="right")
    due = when(inv.due) if inv.due else ""
    y: float = 80
    p.text(562, y, f"Invoice Number: {inv.number}", 9, align="right")
    if rng.random() < 0.5:
        p.text(
            562, y + 13, f"Invoice Date: {when(inv.issued)}    Due Date: {due}", 9, align="right"
        )
        y += 26
    else:
        p.text(562, y + 13, f"Invoice Date: {when(inv.issued)}", 9, align="right")
        p.text(562, y + 26, f"Due Date: {due}", 9, align="right")
        y += 39
    if inv.po:
        p.text(562, y, f"PO Number: {inv.po}", 9, align="right")
    y = 150
    contact = rng.choice(CONTACTS)
    if rng.random() < 0.5:
        p.text(50, y, f"Bill To: {b.name}", 9)
        p.text(320, y, f"Ship To: {b.name}", 9)
        p.lines(50, y + 13, [contact, b.street, b.city])
        p.lines(320, y + 13, [b.street, b.city])
    else:
        p.text(50, y, "Bill To:", 9, bold=True)
        p.text(320, y, "Ship To:", 9, bold=True)
        p.lines(50, y + 13, [b.name, f"Attn: {contact}", b.street, b.city])
        p.lines(320, y + 13, [b.name, b.street, b.city])
    y += 80
    cols = [
        Column("Item", 50),
        Column("Description", 130),
        Column("Qty", 380, "right"),
        Column("Rate", 470, "right"),
        Column("Amount", 562, "right"),
    ]
    rows = [
        [
            f"{n:03d}",
            i.description,
            qty_text(i.quantity),
            money(i.price, "us"),
            money(i.amount, "us"),
        ]
        for n, i in enumerate(inv.items, 1)
    ]
    y = table(p, y, cols, rows, 45, 565)
    for label, value, bold in (
        ("Subtotal:", money(inv.net, "us"), False),
        ("Tax:", money(inv.tax, "us"), False),
        ("Total:", money(inv.total, "us", "$"), True),
    ):
        p.text(420, y + 6, label, 9, bold=bold)
        p.text(562, y + 6, value, 9, bold=bold, align="right")
        y += 14
    p.text(50, y + 30, f"Payment Terms: Net {(inv.due - inv.issued).days if inv.due else 30}", 9)
    return Drawn(p.finish(), base_fields(inv), item_labels(inv))  # no rate printed


LAYOUTS: dict[str, Callable[[random.Random], Drawn]] = {
    "us_bill_ship": layout_us_bill_ship,
    "erp_plain": layout_erp_plain,
    "marketplace": layout_marketplace,
    "attn": layout_attn,
    "title_logo": layout_title_logo,
    "template_balance": layout_template_balance,
    "fr_footer": layout_fr_footer,
    "de_footer": layout_de_footer,
    "erp_compact": layout_erp_compact,
}


@dataclass(frozen=True)
class SampleDoc:
    file: str
    data: bytes
    label: dict[str, object]


def generate(seed: int, per_layout: int) -> list[SampleDoc]:
    """``per_layout`` documents of every layout, each from its own random stream."""
    docs = []
    for name, draw in LAYOUTS.items():
        for n in range(per_layout):
            rng = random.Random(f"{seed}-{name}-{n}")
            drawn = draw(rng)
            file = f"pdf/samples-{seed}-{name}-{n}.pdf"
            docs.append(
                SampleDoc(
                    file,
                    drawn.data,
                    {
                        "file": file,
                        "document_type": "invoice",
                        "fields": drawn.fields,
                        "line_items": drawn.line_items,
                        "vat_rates": drawn.vat,
                        "meta": {"template": name, "variant": "pdf"},
                    },
                )
            )
    return docs
