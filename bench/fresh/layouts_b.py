"""Invoice layouts, part two: utility bill, credit note, Swiss QR-bill, US invoice."""

from __future__ import annotations

import datetime as dt
import random

from bench.fresh.blocks import (
    LEFT,
    RIGHT,
    buyer_block,
    draw_totals,
    footer,
    item_table,
    meta_pairs,
    payment_sentence,
    sender_line,
    supplier_head,
    tax_summary_table,
    totals_rows,
)
from bench.fresh.build import choose_style, make_doc, pick_locale, words
from bench.fresh.document import Doc
from bench.fresh.page import Col, Sheet
from bench.fresh.parties import qr_reference
from bench.fresh.vocab import word

_PERIOD = {
    "de": "Abrechnungszeitraum",
    "en": "Billing period",
    "fr": "Période de facturation",
    "it": "Periodo di fatturazione",
    "es": "Periodo de facturación",
    "nl": "Factuurperiode",
    "sl": "Obračunsko obdobje",
}
_METER = {
    "de": "Zählernummer",
    "en": "Meter number",
    "fr": "N° de compteur",
    "it": "Matricola contatore",
    "es": "Nº contador",
    "nl": "Meternummer",
    "sl": "Številka števca",
}


def utility(rng: random.Random) -> tuple[Doc, bytes]:
    """Energy bill: billing period, meter, many small rows with 4-decimal unit prices."""
    loc = pick_locale(rng, ("de-DE", "de-AT", "en-GB", "fr-FR", "it-IT", "es-ES", "nl-NL", "sl-SI"))
    doc = make_doc(rng, "utility", loc, what="utility", n_lines=rng.randint(4, 6))
    st = choose_style(rng, loc, family=rng.choice(("liberation-sans", "dejavu-condensed")))
    sheet = Sheet(st.family)
    sheet.fill(0, 0, sheet.width, 40, 0.85)
    supplier_head(sheet, LEFT, 62, doc, size=15, address=False)
    buyer_block(sheet, LEFT, 140, doc, rng, heading=False)
    lang = loc.lang
    start = doc.issue - dt.timedelta(days=rng.choice((30, 91, 365)))
    facts = [
        *meta_pairs(doc, st, rng),
        (_PERIOD[lang], f"{st.date(start)} – {st.date(doc.issue - dt.timedelta(days=1))}"),
        (_METER[lang], f"{rng.randint(1, 9)}ESY{rng.randint(1000000, 9999999)}"),
    ]
    y = 62.0
    for label, value in facts:
        sheet.text(330, y, label, 8)
        sheet.text(RIGHT, y, value, 8, align="right")
        y += 12
    sheet.text(LEFT, 235, words(rng, st, "invoice"), 14, bold=True)
    y = item_table(sheet, 262, doc, st, rng, unit=True, header_fill=0.9)
    y = draw_totals(sheet, y + 14, totals_rows(doc, st, rng))
    sheet.lines(LEFT, y + 16, payment_sentence(doc, st, rng), 8.5)
    footer(sheet, doc, st, rng)
    return doc, sheet.finish()


_REFERS = {
    "de": "zu Rechnung Nr.",
    "en": "relating to invoice no.",
    "fr": "sur facture n°",
    "it": "rif. fattura n.",
    "es": "rectifica a la factura nº",
    "nl": "betreft factuur",
    "sl": "k računu št.",
}


def credit_note(rng: random.Random) -> tuple[Doc, bytes]:
    """A credit note: negative amounts, a reference to the invoice it corrects."""
    loc = pick_locale(rng)
    doc = make_doc(rng, "credit_note", loc, n_lines=rng.randint(1, 4))
    for li in doc.lines:
        li.unit_price = -li.unit_price
    doc.due = None
    doc.payment_ref = None
    st = choose_style(rng, loc)
    sheet = Sheet(st.family)
    supplier_head(sheet, LEFT, 60, doc, size=14)
    sheet.text(LEFT, 150, word(rng, "credit_note", loc.lang), 18, bold=True)
    original = (
        f"{doc.number[:-1]}{(int(doc.number[-1]) + 3) % 10}"
        if doc.number[-1].isdigit()
        else doc.number + "0"
    )
    sheet.text(LEFT, 168, f"{_REFERS[loc.lang]} {original}", 9)
    buyer_block(sheet, 330, 60, doc, rng)
    y = 125.0
    for label, value in meta_pairs(doc, st, rng, credit=True):
        sheet.text(330, y, label + ":", 8.5)
        sheet.text(RIGHT, y, value, 8.5, align="right")
        y += 12
    y = item_table(sheet, 215, doc, st, rng, unit=True)
    y = draw_totals(sheet, y + 14, totals_rows(doc, st, rng))
    footer(sheet, doc, st, rng)
    return doc, sheet.finish()


_QR = {
    "de": (
        "Zahlteil",
        "Empfangsschein",
        "Konto / Zahlbar an",
        "Referenz",
        "Zusätzliche Informationen",
        "Zahlbar durch",
        "Währung",
        "Betrag",
        "Annahmestelle",
    ),
    "fr": (
        "Section paiement",
        "Récépissé",
        "Compte / Payable à",
        "Référence",
        "Informations supplémentaires",
        "Payable par",
        "Monnaie",
        "Montant",
        "Point de dépôt",
    ),
}


def swiss_qr(rng: random.Random) -> tuple[Doc, bytes]:
    """Swiss invoice with a QR-bill payment part (receipt + payment section) at the bottom."""
    loc = pick_locale(rng, ("de-CH", "fr-CH"))
    doc = make_doc(rng, "swiss_qr", loc, n_lines=rng.randint(1, 6), mixed=True)
    doc.payment_ref = qr_reference(rng)
    st = choose_style(rng, loc)
    sheet = Sheet(st.family)
    supplier_head(sheet, LEFT, 55, doc, size=13)
    buyer_block(sheet, 340, 55, doc, rng, heading=False)
    y = 150.0
    sheet.text(LEFT, y, words(rng, st, "invoice"), 15, bold=True)
    for label, value in meta_pairs(doc, st, rng):
        y += 13
        sheet.text(LEFT, y, label, 8.5)
        sheet.text(170, y, value, 8.5)
    y = item_table(sheet, y + 30, doc, st, rng, positions=True, vat_col=True)
    y = draw_totals(sheet, y + 12, totals_rows(doc, st, rng))
    if doc.supplier.vat_id:
        sheet.text(LEFT, y + 10, f"{word(rng, 'vat_id', 'CH')}: {doc.supplier.vat_id}", 7.5)
        doc.show("supplier_vat_id")
    words_ = _QR[loc.lang]
    top = 545.0
    sheet.canvas.setDash(2, 2)
    sheet.hline(0, sheet.width, top, 0.4)
    sheet.canvas.setLineWidth(0.4)
    sheet.canvas.line(175, sheet.height - top, 175, 0)
    sheet.canvas.setDash()
    sup, buyer = doc.supplier, doc.buyer
    assert buyer is not None and sup.iban is not None
    amount = st.money(doc.total).replace("'", " ")
    for x, title, _width in ((15, words_[1], 150), (190, words_[0], 380)):
        sheet.text(x, top + 22, title, 11, bold=True)
    receipt = [
        words_[2],
        sup.iban,
        sup.name,
        sup.street,
        sup.city,
        "",
        words_[3],
        doc.payment_ref,
        "",
        words_[5],
        buyer.name,
        buyer.street,
        buyer.city,
    ]
    yy = top + 42
    for _k, row in enumerate(receipt):
        bold = row in words_
        sheet.text(15, yy, row, 6 if bold else 8, bold=bold)
        yy += 9.5 if row else 5
    sheet.text(15, 770, words_[6], 6, bold=True)
    sheet.text(60, 770, words_[7], 6, bold=True)
    sheet.text(15, 781, "CHF", 8)
    sheet.text(60, 781, amount, 8)
    sheet.box(200, top + 40, 130, 130, width=0.8)  # the QR code's place
    for i in range(9):
        for j in range(9):
            if rng.random() < 0.5:
                sheet.fill(205 + i * 13.5, top + 45 + j * 13.5, 12, 12, 0)
    sheet.text(200, 740, words_[6], 7, bold=True)
    sheet.text(260, 740, words_[7], 7, bold=True)
    sheet.text(200, 752, "CHF", 9)
    sheet.text(260, 752, amount, 9)
    info = f"{word(rng, 'number', loc.lang)} {doc.number}"
    part = [
        words_[2],
        sup.iban,
        sup.name,
        sup.street,
        sup.city,
        "",
        words_[3],
        doc.payment_ref,
        "",
        words_[4],
        info,
        "",
        words_[5],
        buyer.name,
        buyer.street,
        buyer.city,
    ]
    yy = top + 42
    for row in part:
        bold = row in words_
        sheet.text(345, yy, row, 7 if bold else 9, bold=bold)
        yy += 10.5 if row else 5
    doc.show("supplier_iban", "payment_reference", "supplier_address", "currency")
    return doc, sheet.finish()


def us_invoice(rng: random.Random) -> tuple[Doc, bytes]:
    """US style: INVOICE title, Bill To / Ship To, a row of Invoice # / Date / Terms / Due Date /
    P.O. #, sales tax on the subtotal, balance due."""
    loc = pick_locale(rng, ("en-US",))
    doc = make_doc(rng, "us_invoice", loc, n_lines=rng.randint(1, 8))
    doc.payment_ref = None
    st = choose_style(rng, loc)
    if doc.due is None:
        doc.due = doc.issue + dt.timedelta(days=30)
    sheet = Sheet(st.family)
    sheet.text(RIGHT, 62, "INVOICE", 24, bold=True, align="right", grey=0.35)
    supplier_head(sheet, LEFT, 55, doc, size=14)
    sup = doc.supplier
    sheet.text(LEFT, 100, f"Phone ({rng.randint(200, 989)}) 555-{rng.randint(1000, 9999)}", 8)
    buyer = doc.buyer
    assert buyer is not None
    sheet.text(LEFT, 140, "BILL TO", 8, bold=True)
    sheet.lines(LEFT, 153, [buyer.name, buyer.street, buyer.city], 9)
    doc.show("buyer_name")
    sheet.text(300, 140, "SHIP TO", 8, bold=True)
    sheet.lines(300, 153, [buyer.name, "Attn: Receiving", buyer.street, buyer.city], 9)
    days = (doc.due - doc.issue).days
    heads = ["INVOICE #", "DATE", "TERMS", "DUE DATE"] + (["P.O. #"] if doc.po else [])
    values = [doc.number, st.date(doc.issue), f"Net {days}", st.date(doc.due)] + (
        [doc.po] if doc.po else []
    )
    doc.show("invoice_number", "issue_date", "pay_due_date")
    if doc.po:
        doc.show("purchase_order_number")
    width = (RIGHT - LEFT) / len(heads)
    sheet.table(
        LEFT,
        225,
        [Col(h, width, "center") for h in heads],
        [values],
        8.5,
        grid=True,
        header_fill=0.88,
    )
    cols = [
        Col("QTY", 45, "right"),
        Col("DESCRIPTION", 270),
        Col("UNIT PRICE", 85, "right"),
        Col("AMOUNT", 95, "right"),
    ]
    rows = [
        [st.qty(li.quantity), li.description, st.money(li.unit_price), st.money(li.amount)]
        for li in doc.lines
    ]
    y = sheet.table(LEFT, 270, cols, rows, 9, header_fill=0.88)
    rate = doc.vat_lines()[0].rate
    totals = [
        ("SUBTOTAL", st.money(doc.net, currency=True), False),
        (f"SALES TAX ({st.pct(rate)})", st.money(doc.tax, currency=True), False),
        ("TOTAL", st.total(doc.total), False),
        ("BALANCE DUE", st.total(doc.total), True),
    ]
    doc.show("net_amount", "tax_amount", "total_amount", "currency")
    y = draw_totals(sheet, y + 12, totals, x_label=370)
    pay = [f"Make all checks payable to {sup.name}."]
    if sup.iban:
        pay.append(f"International wire: IBAN {sup.iban}")
        doc.show("supplier_iban")
    sheet.lines(LEFT, y + 20, pay, 8.5)
    sheet.text(sheet.width / 2, 800, "THANK YOU FOR YOUR BUSINESS!", 9, bold=True, align="center")
    return doc, sheet.finish()


def vat_summary(rng: random.Random) -> tuple[Doc, bytes]:
    """Italian/Spanish/Slovenian style: fiscal ids in the header, several rates, a VAT summary
    table (rate, net, tax, gross) and a "Totale documento" line."""
    loc = pick_locale(rng, ("it-IT", "es-ES", "sl-SI", "fr-FR", "nl-NL"))
    doc = make_doc(rng, "vat_summary", loc, n_lines=rng.randint(2, 8), mixed=True)
    st = choose_style(rng, loc)
    sheet = Sheet(st.family)
    y = supplier_head(sheet, LEFT, 55, doc, size=13)
    sup = doc.supplier
    if sup.vat_id:
        sheet.text(LEFT, y, f"{word(rng, 'vat_id', sup.country)} {sup.vat_id}", 8.5)
        doc.show("supplier_vat_id")
    sender_line(sheet, 320, 110, doc)
    buyer_block(sheet, 320, 125, doc, rng)
    pairs = meta_pairs(doc, st, rng)
    heads = [p[0] for p in pairs][:4]
    values = [p[1] for p in pairs][:4]
    width = (RIGHT - LEFT) / len(heads)
    sheet.text(LEFT, 205, words(rng, st, "invoice"), 13, bold=True)
    sheet.table(LEFT, 225, [Col(h, width) for h in heads], [values], 8, grid=True)
    for label, value in pairs[4:]:
        sheet.text(LEFT, 262, f"{label}: {value}", 8)
    y = item_table(sheet, 285, doc, st, rng, article=True, unit=True, vat_col=True, grid=True)
    y = tax_summary_table(sheet, LEFT, y + 18, doc, st, rng)
    rows = totals_rows(doc, st, rng, per_rate=False)
    y = draw_totals(sheet, y + 14, rows, box=rng.random() < 0.5)
    sheet.lines(LEFT, y + 14, payment_sentence(doc, st, rng), 8.5)
    return doc, sheet.finish()
