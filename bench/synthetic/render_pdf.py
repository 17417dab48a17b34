"""Draw an invoice as a born-digital PDF with reportlab, in the layout its Style says."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas

from bench.synthetic.identifiers import group4
from bench.synthetic.invoice_data import Invoice, Item
from bench.synthetic.locales import format_amount, format_date, format_quantity
from bench.synthetic.style import Style

MARGIN = 50.0
FOOTER_TOP = 100.0  # distance from the bottom where the footer starts
ROW = 14.0
DETAIL_ROW = 11.0


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    align: str  # "left" | "right"


class Pen:
    """Text and rules in top-down coordinates (points from the top edge)."""

    def __init__(self, canvas: Canvas, height: float, font: tuple[str, str]) -> None:
        self.c = canvas
        self.height = height
        self.font = font

    def text(
        self,
        x: float,
        top: float,
        s: str,
        size: float = 9,
        *,
        bold: bool = False,
        align: str = "left",
        gray: float = 0.0,
    ) -> None:
        self.c.setFillGray(gray)
        self.c.setFont(self.font[1] if bold else self.font[0], size)
        y = self.height - top
        if align == "right":
            self.c.drawRightString(x, y, s)
        elif align == "center":
            self.c.drawCentredString(x, y, s)
        else:
            self.c.drawString(x, y, s)
        self.c.setFillGray(0)

    def rule(self, x0: float, top: float, x1: float, width: float = 0.6) -> None:
        self.c.setLineWidth(width)
        self.c.line(x0, self.height - top, x1, self.height - top)

    def shade(self, x0: float, top: float, x1: float, bottom: float, gray: float = 0.9) -> None:
        self.c.setFillGray(gray)
        self.c.rect(x0, self.height - bottom, x1 - x0, bottom - top, fill=1, stroke=0)
        self.c.setFillGray(0)


def render_pdf(invoice: Invoice, style: Style) -> bytes:
    """The invoice as PDF bytes. Deterministic: the same invoice and style give the same bytes."""
    size = LETTER if invoice.locale.letter_paper else A4
    page_w, page_h = size
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=1)
    canvas.setTitle(f"{style.labels['title']} {invoice.number}")
    pen = Pen(canvas, page_h, style.font)
    columns = _columns(style, page_w)
    top = _header(pen, invoice, style, page_w)
    pages = _paginate(invoice, style, page_h, top)
    for index, rows in enumerate(pages):
        if index:
            canvas.showPage()
            top = MARGIN + 10
            pen.text(MARGIN, top, f"{style.labels['title']} {invoice.number}", 9, bold=True)
            top += 25
        if rows:
            top = _table(pen, invoice, style, columns, rows, top)
        if index == len(pages) - 1:
            top = _totals(pen, invoice, style, page_w, top + 10)
            if style.payment_block:
                _payment(pen, invoice, style, MARGIN, top + 15, 9)
        _footer(pen, invoice, style, page_w, page_h, index, len(pages))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _title(pen: Pen, inv: Invoice, style: Style, page_w: float) -> float:
    """The document's title, across from the supplier (or under it when centred); returns where
    the buyer block starts."""
    title = style.labels["title"]
    size = 20.0
    if style.title_number:
        title, size = f"{title} {style.labels['title_no']} {inv.number}", 16.0
    if style.supplier_pos == "left":
        pen.text(page_w - MARGIN, 62, title, size, bold=True, align="right")
        return 150.0
    if style.supplier_pos == "right":
        pen.text(MARGIN, 62, title, size, bold=True)
        return 150.0
    pen.text(page_w / 2, 135, title, size - 2, bold=True, align="center")
    return 165.0


def _header(pen: Pen, inv: Invoice, style: Style, page_w: float) -> float:
    """Supplier, title, buyer and the invoice data block; returns where the table starts."""
    right = page_w - MARGIN
    lines = list(inv.supplier.address_lines)
    lines.append(f"{style.label('phone')} {inv.phone}")
    if not style.vat_in_footer and inv.supplier.vat_id:
        lines.append(f"{style.label('vatid')} {inv.supplier.vat_id}")
    x, align = {
        "left": (MARGIN, "left"),
        "right": (right, "right"),
        "center": (page_w / 2, "center"),
    }[style.supplier_pos]
    if style.brand:
        pen.text(x, 60, style.brand, 22, bold=True, align=align, gray=0.3)
    else:
        pen.text(x, 60, inv.supplier.name, 14, bold=True, align=align)
    for i, line in enumerate(lines):
        pen.text(x, 76 + 11 * i, line, 8.5, align=align)
    top = _title(pen, inv, style, page_w)
    if style.sender_line:
        sender = " · ".join((inv.supplier.name, *inv.supplier.address_lines))
        pen.text(MARGIN, top - 14, sender, 6.5, gray=0.2)
        pen.rule(MARGIN, top - 11.5, MARGIN + 250, 0.3)
    pen.text(MARGIN, top, style.label("buyer"), 8, gray=0.35)
    buyer = [inv.buyer.name, *inv.buyer.address_lines]
    if style.buyer_vat and inv.buyer.vat_id:
        buyer.append(f"{style.label('vatid')} {inv.buyer.vat_id}")
    for i, line in enumerate(buyer):
        pen.text(MARGIN, top + 13 + 12 * i, line, 10, bold=i == 0)
    if style.ship_to and style.meta_style == "label-above":
        pen.text(page_w / 2 + 40, top, style.label("ship_to"), 8, gray=0.35)
        for i, line in enumerate(style.ship_to):
            pen.text(page_w / 2 + 40, top + 13 + 12 * i, line, 10)
    meta = _meta_rows(inv, style)
    if style.meta_style == "label-left":
        label_x = page_w / 2 + 40
        for i, (label, value) in enumerate(meta):
            pen.text(label_x, top + 13 * i, label, 9, bold=True)
            pen.text(right, top + 13 * i, value, 9, align="right")
        bottom = max(top + 13 + 12 * len(buyer), top + 13 * len(meta))
    else:
        strip = top + 13 + 12 * len(buyer) + 12
        width = (right - MARGIN) / len(meta)
        pen.rule(MARGIN, strip - 10, right, 0.4)
        for i, (label, value) in enumerate(meta):
            pen.text(MARGIN + width * i, strip, label.rstrip(":"), 7.5, gray=0.4)
            pen.text(MARGIN + width * i, strip + 13, value, 9.5, bold=i == 0)
        pen.rule(MARGIN, strip + 19, right, 0.4)
        bottom = strip + 19
    top = bottom + 25
    if style.intro:
        pen.text(MARGIN, top, style.labels["intro"], 9)
        top += 20
    return top


def _meta_rows(inv: Invoice, style: Style) -> list[tuple[str, str]]:
    rows = [] if style.title_number else [(style.label("number"), inv.number)]
    rows.append((style.label("date"), style.date(inv, "issue")))
    if style.delivery_days_before is not None:
        day = inv.issue_date - dt.timedelta(days=style.delivery_days_before)
        text = format_date(day, inv.locale.language, style.date_pattern, style.written_style)
        rows.append((style.label("delivery"), text))
    if inv.due_date:
        rows.append((style.label("due"), style.date(inv, "due")))
    if style.customer_no:
        rows.append((style.label("customer"), style.customer_no))
    if inv.purchase_order:
        rows.append((style.label("po"), inv.purchase_order))
    if inv.payment_reference and style.payref_in_meta:
        rows.append((style.label("payref"), inv.payment_reference))
    if style.currency_display == "header":
        rows.append((style.label("currency"), inv.currency))
    return rows


def _columns(style: Style, page_w: float) -> list[Column]:
    labels = style.labels
    optional = [
        (style.show_pos, Column("pos", "Pos.", 22, "left")),
        (style.show_code, Column("code", labels["code"], 58, "left")),
    ]
    tail = [
        Column("qty", labels["qty"], 48, "right"),
        *([Column("unit", labels["unit"], 42, "left")] if style.show_unit else []),
        Column("price", labels["price"], 72, "right"),
        *([Column("rate", labels["rate"], 42, "right")] if style.show_rate else []),
        Column("amount", labels["amount"], 78, "right"),
    ]
    head = [col for shown, col in optional if shown]
    used = sum(c.width for c in head + tail)
    desc = Column("desc", labels["desc"], page_w - 2 * MARGIN - used, "left")
    return [*head, desc, *tail]


def _row_height(item: Item) -> float:
    return ROW + DETAIL_ROW * (len(item.description_lines) - 1)


def _paginate(
    inv: Invoice, style: Style, page_h: float, first_top: float
) -> list[list[tuple[int, Item]]]:
    """Rows per page; the totals need room after the last row or go on a page of their own."""
    limit = page_h - FOOTER_TOP - 20
    totals_room = (
        20
        + ROW * (2 + len(inv.vat_lines))
        + (ROW * (2 + len(inv.vat_lines)) if style.summary else 0)
        + (70 if style.payment_block else 0)
    )
    pages: list[list[tuple[int, Item]]] = [[]]
    top = first_top + 20
    break_after = len(inv.items) // 2 if style.force_break else None
    for i, item in enumerate(inv.items):
        h = _row_height(item)
        if top + h > limit or (break_after is not None and i == break_after):
            pages.append([])
            top = MARGIN + 55
            break_after = None
        pages[-1].append((i, item))
        top += h
    if top + totals_room > limit:
        pages.append([])
    return pages


def _table(
    pen: Pen,
    inv: Invoice,
    style: Style,
    columns: list[Column],
    rows: list[tuple[int, Item]],
    top: float,
) -> float:
    x0, x1 = MARGIN, MARGIN + sum(c.width for c in columns)
    if style.ruled:
        pen.shade(x0, top - 11, x1, top + 5)
    for col, x in _placed(columns):
        edge = x + col.width - 4 if col.align == "right" else x + 3
        pen.text(edge, top, col.header, 8.5, bold=True, align=col.align)
    pen.rule(x0, top + 5, x1, 0.8)
    top += ROW + 6
    for index, item in rows:
        cells = {
            "pos": str(index + 1),
            "code": item.product_code,
            "desc": item.description_lines[0],
            "qty": format_quantity(item.quantity, style.number_style),
            "unit": item.unit,
            "price": style.amount(item.unit_price, inv.currency_sign, inv.currency, table=True),
            "rate": style.rate(item.vat_rate),
            "amount": style.amount(item.amount, inv.currency_sign, inv.currency, table=True),
        }
        for col, x in _placed(columns):
            edge = x + col.width - 4 if col.align == "right" else x + 3
            pen.text(edge, top, cells[col.key], 9, align=col.align)
        desc_x = next(x for col, x in _placed(columns) if col.key == "desc") + 3
        for j, extra in enumerate(item.description_lines[1:]):
            pen.text(desc_x, top + DETAIL_ROW * (j + 1), extra, 8, gray=0.3)
        top += _row_height(item)
        if style.ruled:
            pen.rule(x0, top - 9, x1, 0.3)
    if not style.ruled:
        pen.rule(x0, top - 8, x1, 0.6)
    return top


def _placed(columns: list[Column]) -> list[tuple[Column, float]]:
    out, x = [], MARGIN
    for col in columns:
        out.append((col, x))
        x += col.width
    return out


def _totals(pen: Pen, inv: Invoice, style: Style, page_w: float, top: float) -> float:
    right = page_w - MARGIN
    label_x, value_x = {
        "right": (right - 230, right),
        "left": (MARGIN, MARGIN + 260),
        "full": (MARGIN, right),
    }[style.totals_pos]

    def amount(value: Decimal) -> str:
        return style.amount(value, inv.currency_sign, inv.currency)

    rows: list[tuple[str, str, bool]] = [(style.labels["net"], amount(inv.net), False)]
    for vat in inv.vat_lines:
        with_rate = len(inv.vat_lines) > 1 or style.show_rate or style.colon
        label = style.labels["vat"]
        if with_rate:
            label += " " + style.rate(vat.rate)
        rows.append((label, amount(vat.tax), False))
    rows.append((style.labels["total"], amount(inv.total), True))
    for i, (label, value, bold) in enumerate(rows):
        if bold:
            pen.rule(label_x, top + ROW * i - 10, value_x, 0.8)
        pen.text(label_x, top + ROW * i, label, 10 if bold else 9, bold=bold)
        pen.text(value_x, top + ROW * i, value, 10 if bold else 9, bold=bold, align="right")
    top += ROW * len(rows) + 8
    if style.summary:
        top = _summary(pen, inv, style, top + 6)
    return top


def _summary(pen: Pen, inv: Invoice, style: Style, top: float) -> float:
    labels = style.labels
    pen.text(MARGIN, top, labels["summary"], 8.5, bold=True)
    heads = (labels["rate"], labels["base"], labels["vat"], labels["total"])
    xs = (MARGIN + 60, MARGIN + 150, MARGIN + 230, MARGIN + 320)
    top += ROW
    for head, x in zip(heads, xs, strict=True):
        pen.text(x, top, head, 8, bold=True, align="right")
    for vat in inv.vat_lines:
        top += 12
        cells = (
            style.rate(vat.rate),
            format_amount(vat.net, style.number_style),
            format_amount(vat.tax, style.number_style),
            format_amount(vat.net + vat.tax, style.number_style),
        )
        for cell, x in zip(cells, xs, strict=True):
            pen.text(x, top, cell, 8, align="right")
    return top + 12


def _payment(pen: Pen, inv: Invoice, style: Style, x: float, top: float, size: float) -> float:
    labels = style.labels
    lines = [labels["terms"].format(days=inv.payment_days)]
    if inv.iban:
        iban = group4(inv.iban) if style.iban_grouped else inv.iban
        lines.append(f"{style.label('bank')} {inv.bank}   IBAN: {iban}   BIC: {inv.bic}")
    if inv.payment_reference and not style.payref_in_meta:
        lines.append(f"{style.label('payref')} {inv.payment_reference}")
    for i, line in enumerate(lines):
        pen.text(x, top + (size + 3) * i, line, size)
    return top + (size + 3) * len(lines)


def _footer(
    pen: Pen, inv: Invoice, style: Style, page_w: float, page_h: float, index: int, count: int
) -> None:
    top = page_h - FOOTER_TOP + 30
    pen.rule(MARGIN, top - 10, page_w - MARGIN, 0.4)
    if style.footer_columns:
        _footer_columns(pen, inv, style, page_w, top)
    else:
        company = f"{inv.supplier.name} · {inv.supplier.address}"
        if style.vat_in_footer and inv.supplier.vat_id:
            company += f" · {style.label('vatid')} {inv.supplier.vat_id}"
        pen.text(MARGIN, top, company, 7.5, gray=0.25)
        if not style.payment_block:
            _payment(pen, inv, style, MARGIN, top + 11, 7.5)
    page = f"{style.labels['page']} {index + 1}/{count}"
    pen.text(page_w - MARGIN, page_h - 30, page, 7.5, align="right", gray=0.25)


def _footer_columns(pen: Pen, inv: Invoice, style: Style, page_w: float, top: float) -> None:
    """Four columns of small print: who, how to reach them, their bank, their registration."""
    slug = "".join(c for c in inv.supplier.name.split()[0].lower() if c.isalnum()) or "mail"
    legal = []
    if style.vat_in_footer and inv.supplier.vat_id:
        legal.append(f"{style.label('vatid')} {inv.supplier.vat_id}")
    legal.append(style.register)
    if inv.payment_reference and not style.payref_in_meta and not style.payment_block:
        legal.append(f"{style.label('payref')} {inv.payment_reference}")
    bank = [inv.bank]
    if inv.iban:
        bank += [f"IBAN {group4(inv.iban) if style.iban_grouped else inv.iban}", f"BIC {inv.bic}"]
    columns = [
        [inv.supplier.name, *inv.supplier.address_lines],
        [f"{style.label('phone')} {inv.phone}", f"info@{slug}.example", f"www.{slug}.example"],
        bank,
        legal,
    ]
    width = (page_w - 2 * MARGIN) / len(columns)
    for i, lines in enumerate(columns):
        for j, line in enumerate(lines):
            pen.text(MARGIN + width * i, top + 9 * j, line, 6.5, gray=0.25)
