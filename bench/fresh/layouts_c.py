"""Invoice layouts, part three: a two-page invoice with carried-forward subtotals, a modern
accounting-package invoice, a tradesman's invoice with gross prices and discounts."""

from __future__ import annotations

import random
from decimal import Decimal

from bench.fresh.blocks import (
    LEFT,
    RIGHT,
    buyer_block,
    draw_totals,
    footer,
    item_table,
    meta_pairs,
    payment_sentence,
    supplier_head,
    totals_rows,
)
from bench.fresh.build import choose_style, make_doc, pick_locale, words
from bench.fresh.document import Doc
from bench.fresh.page import Sheet
from bench.fresh.vocab import first, word


def two_page(rng: random.Random) -> tuple[Doc, bytes]:
    """Many rows: the table breaks with "carried forward" at the foot of page one and "brought
    forward" at the head of page two; the totals are on page two."""
    loc = pick_locale(rng)
    doc = make_doc(rng, "two_page", loc, n_lines=rng.randint(26, 34), mixed=rng.random() < 0.3)
    st = choose_style(rng, loc)
    sheet = Sheet(st.family)
    lang = loc.lang
    supplier_head(sheet, LEFT, 55, doc, size=13)
    buyer_block(sheet, LEFT, 120, doc, rng)
    y = 55.0
    for label, value in meta_pairs(doc, st, rng):
        sheet.text(360, y, label, 8.5)
        sheet.text(RIGHT, y, value, 8.5, align="right")
        y += 12.5
    sheet.text(LEFT, 200, words(rng, st, "invoice"), 14, bold=True)
    split = rng.randint(18, 22)
    first_lines, rest = doc.lines[:split], doc.lines[split:]
    y = item_table(sheet, 225, doc, st, rng, lines=first_lines, positions=True)
    carried = sum((li.amount for li in first_lines), Decimal(0))
    sheet.hline(360, RIGHT, y - 8)
    sheet.text(360, y + 4, word(rng, "carried", lang), 9, bold=True)
    sheet.text(RIGHT - 3, y + 4, st.money(carried), 9, bold=True, align="right")
    page = first("page", lang)
    sheet.text(RIGHT, 815, f"{page} 1/2", 7.5, align="right")
    footer(sheet, doc, st, rng, y=780)
    sheet.new_page()
    sheet.text(
        LEFT, 50, f"{doc.supplier.name} · {words(rng, st, 'invoice')} {doc.number}", 8, grey=0.3
    )
    sheet.text(360, 75, word(rng, "brought", lang), 9, bold=True)
    sheet.text(RIGHT - 3, 75, st.money(carried), 9, bold=True, align="right")
    y = item_table(sheet, 100, doc, st, rng, lines=rest, positions=True, first_pos=split + 1)
    y = draw_totals(sheet, y + 14, totals_rows(doc, st, rng))
    sheet.lines(LEFT, y + 16, payment_sentence(doc, st, rng), 8.5)
    sheet.text(RIGHT, 815, f"{page} 2/2", 7.5, align="right")
    return doc, sheet.finish()


_AMOUNT_DUE = {
    "en": "{amount} due {date}",
    "de": "{amount} fällig am {date}",
    "fr": "{amount} à payer avant le {date}",
    "it": "{amount} da pagare entro il {date}",
    "es": "{amount} a pagar antes del {date}",
    "nl": "{amount} te betalen vóór {date}",
    "sl": "{amount} za plačilo do {date}",
}


def saas(rng: random.Random) -> tuple[Doc, bytes]:
    """Accounting-package look: big title, facts listed at the top left, the issuer on the
    right, an "€123.45 due 5 March 2024" headline, subtotal/tax/total/amount due."""
    loc = pick_locale(rng, ("en-GB", "en-IE", "en-US", "de-DE", "fr-FR", "nl-NL", "es-ES"))
    doc = make_doc(rng, "saas", loc, what="services", n_lines=rng.randint(1, 3))
    doc.po = None
    st = choose_style(rng, loc, family=rng.choice(("dejavu-sans", "liberation-sans")))
    sheet = Sheet(st.family)
    sheet.text(LEFT, 70, words(rng, st, "invoice").capitalize(), 22, bold=True)
    y = 100.0
    for label, value in meta_pairs(doc, st, rng, customer=False):
        sheet.text(LEFT, y, label, 8.5, grey=0.35)
        sheet.text(160, y, value, 8.5)
        y += 13
    supplier_head(sheet, 330, 100, doc, size=10)
    sup = doc.supplier
    if sup.vat_id:
        sheet.text(330, 137, f"{word(rng, 'vat_id', sup.country)} {sup.vat_id}", 8.5)
        doc.show("supplier_vat_id")
    buyer_block(sheet, LEFT, 185, doc, rng)
    if doc.due:
        headline = _AMOUNT_DUE[loc.lang].format(amount=st.total(doc.total), date=st.date(doc.due))
        sheet.text(LEFT, 260, headline, 15, bold=True)
    y = item_table(sheet, 300, doc, st, rng)
    lang = loc.lang
    rows = totals_rows(doc, st, rng)
    if rng.random() < 0.6 and rows[-1][0] not in ("Amount due", "Balance due"):
        due_word = {
            "en": "Amount due",
            "de": "Offener Betrag",
            "fr": "Montant dû",
            "es": "Importe adeudado",
            "nl": "Openstaand bedrag",
        }[lang]
        rows.append((due_word, st.total(doc.total), True))
    y = draw_totals(sheet, y + 10, rows, x_label=330)
    sheet.lines(LEFT, y + 20, payment_sentence(doc, st, rng), 8.5)
    sheet.text(
        LEFT,
        805,
        f"{doc.number} · {st.total(doc.total)} · {first('page', lang)} 1 / 1",
        7,
        grey=0.4,
    )
    return doc, sheet.finish()


def tradesman(rng: random.Random) -> tuple[Doc, bytes]:
    """Craftsman's invoice to a private customer: gross prices with VAT included, a discount
    column, positions, "darin enthaltene MwSt" lines instead of a net total."""
    loc = pick_locale(rng, ("de-DE", "de-AT", "de-CH", "it-IT", "nl-NL", "sl-SI", "fr-FR", "en-GB"))
    doc = make_doc(rng, "tradesman", loc, n_lines=rng.randint(2, 8), gross=True, person_buyer=True)
    for li in doc.lines:
        if rng.random() < 0.3:
            li.discount = Decimal(rng.choice((5, 10, 20)))
    st = choose_style(rng, loc)
    sheet = Sheet(st.family)
    sup = doc.supplier
    sheet.fill(LEFT, 40, RIGHT - LEFT, 40, 0.92)
    sheet.text(sheet.width / 2, 60, sup.name, 15, bold=True, align="center")
    sheet.text(sheet.width / 2, 74, f"{sup.street} | {sup.city}", 8, align="center")
    doc.show("supplier_name", "supplier_address")
    buyer_block(sheet, LEFT, 120, doc, rng, heading=False)
    y = 120.0
    for label, value in meta_pairs(doc, st, rng):
        sheet.text(350, y, f"{label}: {value}", 8.5)
        y += 12
    sheet.text(LEFT, 210, words(rng, st, "invoice"), 14, bold=True)
    y = item_table(sheet, 235, doc, st, rng, positions=True, unit=True, discount=True, grid=True)
    lang = loc.lang
    incl = {
        "de": "darin enthaltene {w} {r}",
        "en": "includes {w} {r}",
        "fr": "dont {w} {r}",
        "it": "di cui {w} {r}",
        "nl": "waarvan {w} {r}",
        "sl": "od tega {w} {r}",
    }[lang]
    rows = [(word(rng, "total", lang), st.total(doc.total), True)]
    for v in doc.vat_lines():
        rows.append(
            (incl.format(w=loc.tax_word, r=st.pct(v.rate)), st.money(v.tax, currency=True), False)
        )
    doc.show("total_amount", "currency")
    if len(doc.vat_lines()) == 1:
        doc.show("tax_amount")
    doc.vat_printed = False  # the net per rate is not printed
    y = draw_totals(sheet, y + 16, rows, x_label=320)
    sheet.lines(LEFT, y + 20, payment_sentence(doc, st, rng), 8.5)
    footer(sheet, doc, st, rng)
    return doc, sheet.finish()
