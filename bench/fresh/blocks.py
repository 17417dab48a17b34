"""Pieces most invoice layouts share: the parties, the header facts, item rows, totals, the
payment sentence and the footer. Each records in ``doc.printed`` what it put on the page."""

from __future__ import annotations

import random
from decimal import Decimal

from bench.fresh.build import Style, vat_label
from bench.fresh.document import Doc, Line
from bench.fresh.page import Col, Sheet
from bench.fresh.vocab import first, word

LEFT = 50.0
RIGHT = 545.0


def supplier_head(
    sheet: Sheet,
    x: float,
    y: float,
    doc: Doc,
    *,
    size: float = 14,
    align: str = "left",
    address: bool = True,
) -> float:
    sup = doc.supplier
    sheet.text(x, y, sup.name, size, bold=True, align=align)
    doc.show("supplier_name")
    y += size * 1.2
    if address:
        y = sheet.lines(x, y, [sup.street, sup.city], 8.5, align=align)
        doc.show("supplier_address")
    return y


def sender_line(sheet: Sheet, x: float, y: float, doc: Doc) -> None:
    """The small return-address line above the address window."""
    sup = doc.supplier
    sheet.text(x, y, f"{sup.name} · {sup.street} · {sup.city}", 6.5, grey=0.3)
    doc.show("supplier_name")


def buyer_block(
    sheet: Sheet,
    x: float,
    y: float,
    doc: Doc,
    rng: random.Random,
    *,
    heading: bool = True,
    size: float = 9.5,
) -> float:
    buyer = doc.buyer
    assert buyer is not None
    if heading:
        sheet.text(x, y, word(rng, "bill_to", doc.loc.lang) + ":", 8, bold=True, grey=0.25)
        y += 12
    doc.show("buyer_name")
    return sheet.lines(x, y, [buyer.name, buyer.street, buyer.city], size)


def meta_pairs(
    doc: Doc,
    st: Style,
    rng: random.Random,
    *,
    credit: bool = False,
    customer: bool = True,
) -> list[tuple[str, str]]:
    """(label, value) facts of the header, each recorded as printed."""
    lang = doc.loc.lang
    pairs = [
        (word(rng, "credit_number" if credit else "number", lang), doc.number),
        (word(rng, "date", lang), st.date(doc.issue)),
    ]
    doc.show("invoice_number", "issue_date")
    if doc.due:
        pairs.append((word(rng, "due", lang), st.date(doc.due)))
        doc.show("pay_due_date")
    if customer and rng.random() < 0.6:
        pairs.insert(
            rng.randint(0, len(pairs)),
            (word(rng, "customer_no", lang), str(rng.randint(10000, 99999))),
        )
    if doc.po:
        pairs.append((word(rng, "po", lang), doc.po))
        doc.show("purchase_order_number")
    if rng.random() < 0.3:
        pairs.append((word(rng, "delivery", lang), st.date(doc.issue)))
    return [(label.rstrip(":"), value) for label, value in pairs]


def item_table(
    sheet: Sheet,
    y: float,
    doc: Doc,
    st: Style,
    rng: random.Random,
    *,
    lines: list[Line] | None = None,
    positions: bool = False,
    article: bool = False,
    unit: bool = False,
    discount: bool = False,
    vat_col: bool = False,
    grid: bool = False,
    header_fill: float | None = None,
    x: float = LEFT,
    width: float = RIGHT - LEFT,
    first_pos: int = 1,
) -> float:
    lang = doc.loc.lang
    fixed: list[tuple[str, float, str]] = []
    if positions:
        fixed.append((word(rng, "pos", lang), 40, "left"))
    if article:
        fixed.append((word(rng, "article", lang), 58, "left"))
    fixed.append(("DESC", 0, "left"))
    fixed.append((word(rng, "qty", lang), 42, "right"))
    if unit:
        fixed.append((word(rng, "unit", lang), 38, "left"))
    fixed.append((word(rng, "unit_price", lang), 80, "right"))
    if discount:
        fixed.append((word(rng, "discount", lang), 44, "right"))
    if vat_col:
        fixed.append((doc.loc.tax_word, 40, "right"))
    fixed.append((word(rng, "line_amount", lang), 70, "right"))
    desc_width = width - sum(w for _, w, _ in fixed)
    cols = [
        Col(word(rng, "description", lang) if h == "DESC" else h, w or desc_width, a)
        for h, w, a in fixed
    ]
    places = (
        4
        if any(
            li.unit_price != li.unit_price.quantize(Decimal("0.01")) for li in (lines or doc.lines)
        )
        else 2
    )
    rows = []
    for k, li in enumerate(lines or doc.lines, first_pos):
        cells: list[str] = []
        if positions:
            cells.append(str(k))
        if article:
            cells.append(li.article or "")
        cells.append(li.description)
        cells.append(st.qty(li.quantity))
        if unit:
            cells.append(li.unit)
        cells.append(st.money(li.unit_price, places=places))
        if discount:
            cells.append(st.pct(li.discount) if li.discount else "")
        if vat_col:
            cells.append(st.pct(li.rate))
        cells.append(st.money(li.amount))
        rows.append(cells)
    return sheet.table(x, y, cols, rows, grid=grid, header_fill=header_fill)


def totals_rows(
    doc: Doc,
    st: Style,
    rng: random.Random,
    *,
    net: bool = True,
    per_rate: bool = True,
) -> list[tuple[str, str, bool]]:
    """(label, value, bold) rows of the totals block, net prices."""
    lang = doc.loc.lang
    rows: list[tuple[str, str, bool]] = []
    if net:
        rows.append((word(rng, "net", lang), st.money(doc.net, currency=True), False))
        doc.show("net_amount")
    vats = doc.vat_lines()
    if per_rate or len(vats) == 1:
        for v in vats:
            rows.append((vat_label(st, v.rate, rng), st.money(v.tax, currency=True), False))
        if len(vats) == 1:
            doc.show("tax_amount")
    if len(vats) > 1:
        rows.append((word(rng, "tax_total", lang), st.money(doc.tax, currency=True), False))
        doc.show("tax_amount")
    rows.append((word(rng, "total", lang), st.total(doc.total), True))
    doc.show("total_amount", "currency")
    return rows


def draw_totals(
    sheet: Sheet,
    y: float,
    rows: list[tuple[str, str, bool]],
    *,
    x_label: float = 360,
    x_value: float = RIGHT - 3,
    box: bool = False,
    size: float = 9,
) -> float:
    top = y
    for label, value, bold in rows:
        if bold and not box:
            sheet.hline(x_label, x_value + 3, y - size - 1)
        sheet.text(x_label, y, label, size + (1 if bold else 0), bold=bold)
        sheet.text(x_value, y, value, size + (1 if bold else 0), bold=bold, align="right")
        y += size * 1.6
    if box:
        sheet.box(x_label - 6, top - size - 4, x_value + 9 - x_label, y - top + 2)
    return y


def payment_sentence(doc: Doc, st: Style, rng: random.Random, *, iban: bool = True) -> list[str]:
    lang = doc.loc.lang
    sup = doc.supplier
    out: list[str] = []
    due = st.date(doc.due) if doc.due else None
    total = st.total(doc.total)
    text = {
        "de": f"Bitte überweisen Sie {total}"
        + (f" bis zum {due}" if due else " innerhalb von 14 Tagen")
        + ".",
        "en": f"Please pay {total}" + (f" by {due}" if due else " within 14 days") + ".",
        "fr": f"Merci de régler {total}" + (f" avant le {due}" if due else " à réception") + ".",
        "it": f"Si prega di pagare {total}" + (f" entro il {due}" if due else " a vista") + ".",
        "es": f"Rogamos abonen {total}" + (f" antes del {due}" if due else " a la recepción") + ".",
        "nl": f"Gelieve {total} te voldoen" + (f" vóór {due}" if due else " binnen 14 dagen") + ".",
        "sl": f"Prosimo, plačajte {total}" + (f" do {due}" if due else " v 8 dneh") + ".",
    }[lang]
    out.append(text)
    doc.show("total_amount", "currency")
    if doc.due:
        doc.show("pay_due_date")
    if iban and sup.iban:
        bic = "".join(rng.choice("ABCDEFGHKLMNPRSTUVWXZ") for _ in range(4)) + sup.country + "2X"
        out.append(f"IBAN: {sup.iban}   BIC: {bic}")
        doc.show("supplier_iban")
    if doc.payment_ref:
        out.append(f"{word(rng, 'payment_ref', lang)}: {doc.payment_ref}")
        doc.show("payment_reference")
    return out


def footer(sheet: Sheet, doc: Doc, st: Style, rng: random.Random, *, y: float = 790) -> None:
    """Three small columns: company and address, tax ids, bank."""
    sup = doc.supplier
    lang, country = doc.loc.lang, sup.country
    sheet.hline(LEFT, RIGHT, y - 9, 0.3, grey=0.5)
    col1 = [sup.name, sup.street, sup.city]
    doc.show("supplier_name", "supplier_address")
    col2: list[str] = []
    if sup.vat_id:
        col2.append(f"{word(rng, 'vat_id', country)}: {sup.vat_id}")
        doc.show("supplier_vat_id")
    if country in ("DE", "AT"):
        col2.append(
            f"{'Geschäftsführer' if rng.random() < 0.5 else 'GF'}: "
            f"{rng.choice(('A. Brandt', 'M. Huber', 'S. Keller'))}"
        )
        col2.append(rng.choice(("Amtsgericht Köln HRB 48213", "FN 412345a, LG Graz", "HRB 90411")))
    col3: list[str] = []
    if sup.iban:
        col3 = [first("bank", lang), f"IBAN {sup.iban}"]
        doc.show("supplier_iban")
    for k, col in enumerate((col1, col2, col3)):
        sheet.lines(LEFT + k * 170, y, col, 6.8, leading=8.5)


def tax_summary_table(
    sheet: Sheet,
    x: float,
    y: float,
    doc: Doc,
    st: Style,
    rng: random.Random,
) -> float:
    """A VAT breakdown table: rate, net, tax, gross."""
    lang = doc.loc.lang
    heads = {
        "it": ("Aliquota", "Imponibile", "Imposta", "Totale"),
        "de": ("Steuersatz", "Netto", "Steuer", "Brutto"),
        "fr": ("Taux", "Base HT", "TVA", "TTC"),
        "es": ("Tipo", "Base", "Cuota", "Total"),
        "nl": ("Tarief", "Grondslag", "Btw", "Totaal"),
        "sl": ("Stopnja", "Osnova", "DDV", "Skupaj"),
        "en": ("Rate", "Net", "VAT", "Gross"),
    }[lang]
    cols = [
        Col(heads[0], 60),
        Col(heads[1], 80, "right"),
        Col(heads[2], 70, "right"),
        Col(heads[3], 80, "right"),
    ]
    rows = [
        [st.pct(v.rate), st.money(v.net), st.money(v.tax), st.money(v.gross)]
        for v in doc.vat_lines()
    ]
    return sheet.table(x, y, cols, rows, 8, grid=True)
