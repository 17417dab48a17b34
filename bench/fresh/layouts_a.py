"""Invoice layouts, part one: key-value grid, boxed header table, invoice number in a sentence,
DIN letter, freelancer hours, utility bill, credit note. Each draws a fresh Doc at random and
returns it with its PDF."""

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
    sender_line,
    supplier_head,
    totals_rows,
)
from bench.fresh.build import choose_style, make_doc, pick_locale, words
from bench.fresh.document import Doc
from bench.fresh.page import Col, Sheet
from bench.fresh.vocab import word


def kv_grid(rng: random.Random) -> tuple[Doc, bytes]:
    """Letterhead left, a two-column grid of label: value facts right, plain item table."""
    loc = pick_locale(rng)
    doc = make_doc(rng, "kv_grid", loc, n_lines=rng.randint(1, 7), mixed=rng.random() < 0.4)
    st = choose_style(rng, loc)
    sheet = Sheet(st.family)
    supplier_head(sheet, LEFT, 60, doc, size=rng.choice((13, 15, 17)))
    sheet.text(LEFT, 150, words(rng, st, "invoice"), 18, bold=True)
    pairs = meta_pairs(doc, st, rng)
    y = 60.0
    for label, value in pairs:
        sheet.text(340, y, label + ":", 8.5)
        sheet.text(450, y, value, 8.5, bold=rng.random() < 0.3)
        y += 13
    buyer_block(sheet, LEFT, 185, doc, rng)
    y = item_table(sheet, 265, doc, st, rng, unit=rng.random() < 0.5)
    y = draw_totals(sheet, y + 14, totals_rows(doc, st, rng))
    sheet.lines(LEFT, y + 16, payment_sentence(doc, st, rng), 8.5)
    footer(sheet, doc, st, rng)
    return doc, sheet.finish()


def boxed_meta(rng: random.Random) -> tuple[Doc, bytes]:
    """Invoice facts in a bordered table at the top right (label over value), items with
    positions, article numbers, units and discounts, totals in a box."""
    loc = pick_locale(rng, ("de-DE", "de-AT", "de-CH", "it-IT", "nl-NL", "sl-SI", "fr-FR", "es-ES"))
    doc = make_doc(rng, "boxed_meta", loc, n_lines=rng.randint(2, 9), mixed=rng.random() < 0.5)
    for li in doc.lines:
        if rng.random() < 0.4:
            li.discount = Decimal(rng.choice((3, 5, 10, 15)))
    st = choose_style(rng, loc)
    sheet = Sheet(st.family)
    supplier_head(sheet, LEFT, 55, doc, size=12)
    pairs = meta_pairs(doc, st, rng, customer=False)[:4]
    x, w = 320.0, (RIGHT - 320) / 2
    sheet.text(320, 55, words(rng, st, "invoice").upper(), 16, bold=True)
    for k, (label, value) in enumerate(pairs):
        cx, cy = x + (k % 2) * w, 70 + (k // 2) * 30
        sheet.box(cx, cy, w, 30, width=0.5)
        sheet.text(cx + 4, cy + 10, label, 6.5, grey=0.3)
        sheet.text(cx + 4, cy + 23, value, 9.5, bold=True)
    buyer_block(sheet, LEFT, 150, doc, rng, heading=rng.random() < 0.5)
    y = item_table(
        sheet, 250, doc, st, rng, positions=True, article=True, unit=True, discount=True, grid=True
    )
    y = draw_totals(sheet, y + 20, totals_rows(doc, st, rng), box=True)
    sheet.lines(LEFT, y + 20, payment_sentence(doc, st, rng), 8.5)
    footer(sheet, doc, st, rng)
    return doc, sheet.finish()


_SENTENCE = {
    "de": "Wir erlauben uns, Ihnen mit {kw} {no} vom {date} folgende Leistungen zu berechnen:",
    "en": "We hereby charge you with {kw} {no} dated {date} for the following:",
    "fr": "Nous vous prions de trouver ci-dessous notre {kw} {no} du {date} :",
    "it": "Con la presente {kw} {no} del {date} Vi addebitiamo quanto segue:",
    "es": "Por la presente {kw} {no} de fecha {date} les facturamos lo siguiente:",
    "nl": "Hierbij ontvangt u onze {kw} {no} d.d. {date} voor het volgende:",
    "sl": "Z {kw} {no} z dne {date} vam zaračunavamo:",
}
_KW = {
    "de": "Rechnung Nr.",
    "en": "invoice no.",
    "fr": "facture n°",
    "it": "fattura n.",
    "es": "factura nº",
    "nl": "factuur nr.",
    "sl": "računom št.",
}
_INCL = {
    "de": "inkl. {r} MwSt.",
    "en": "incl. {r} VAT",
    "fr": "dont TVA {r}",
    "it": "IVA {r} inclusa",
    "es": "IVA {r} incluido",
    "nl": "incl. {r} btw",
    "sl": "z {r} DDV",
}


def sentence(rng: random.Random) -> tuple[Doc, bytes]:
    """No header table: the number and date sit in a sentence; gross prices and a single total
    line "Total EUR 1.234,56 incl. 19% VAT (197,12)"; the net is not printed."""
    loc = pick_locale(
        rng, ("de-DE", "de-AT", "en-GB", "en-IE", "fr-FR", "it-IT", "es-ES", "nl-NL", "sl-SI")
    )
    doc = make_doc(
        rng,
        "sentence",
        loc,
        what=rng.choice(("goods", "services")),
        n_lines=rng.randint(1, 5),
        gross=True,
    )
    doc.due = None
    st = choose_style(rng, loc)
    sheet = Sheet(st.family)
    supplier_head(sheet, RIGHT, 55, doc, size=13, align="right")
    sender_line(sheet, LEFT, 130, doc)
    buyer_block(sheet, LEFT, 145, doc, rng, heading=False)
    town = " ".join(w for w in doc.supplier.city.split(",")[0].split() if w.isalpha())
    sheet.text(RIGHT, 215, f"{town or doc.supplier.city}, {st.date(doc.issue)}", 9, align="right")
    lang = loc.lang
    sheet.text(LEFT, 250, words(rng, st, "invoice"), 14, bold=True)
    sheet.text(
        LEFT, 272, _SENTENCE[lang].format(kw=_KW[lang], no=doc.number, date=st.date(doc.issue)), 9
    )
    doc.show("invoice_number", "issue_date")
    y = item_table(sheet, 298, doc, st, rng)
    rate = doc.vat_lines()[0]
    incl = _INCL[lang].format(r=st.pct(rate.rate))
    y += 12
    sheet.hline(300, RIGHT, y - 11)
    text = f"{word(rng, 'total', lang)} {st.total(doc.total)} {incl} ({st.money(doc.tax)})"
    sheet.text(RIGHT, y, text, 10, bold=True, align="right")
    doc.show("total_amount", "currency", "tax_amount")
    doc.vat_printed = False
    sheet.lines(LEFT, y + 30, payment_sentence(doc, st, rng), 8.5)
    footer(sheet, doc, st, rng)
    return doc, sheet.finish()


_REF_HEAD = {
    "de": ("Ihr Zeichen", "Ihre Nachricht vom", "Unser Zeichen", "Datum"),
    "en": ("Your ref.", "Your letter of", "Our ref.", "Date"),
    "fr": ("Vos réf.", "Votre courrier du", "Nos réf.", "Date"),
    "it": ("Vs. rif.", "Vs. lettera del", "Ns. rif.", "Data"),
    "es": ("Su ref.", "Su carta del", "Nuestra ref.", "Fecha"),
    "nl": ("Uw kenmerk", "Uw brief van", "Ons kenmerk", "Datum"),
    "sl": ("Vaša oznaka", "Vaše sporočilo z dne", "Naša oznaka", "Datum"),
}


def letter(rng: random.Random) -> tuple[Doc, bytes]:
    """DIN 5008 business letter: logo line, address window with return line, reference line
    "Ihr Zeichen / Unser Zeichen / Datum", subject, body, table, closing."""
    loc = pick_locale(rng, ("de-DE", "de-AT", "de-CH", "nl-NL", "fr-FR", "it-IT", "en-GB", "sl-SI"))
    doc = make_doc(rng, "letter", loc, n_lines=rng.randint(1, 6), mixed=True)
    st = choose_style(rng, loc)
    sheet = Sheet(st.family)
    sheet.text(RIGHT, 50, doc.supplier.name, 16, bold=True, align="right")
    doc.show("supplier_name")
    sender_line(sheet, LEFT, 128, doc)
    buyer_block(sheet, LEFT, 142, doc, rng, heading=False)
    heads = _REF_HEAD[loc.lang]
    values = [
        doc.po or "",
        "",
        f"{rng.choice('ABCDEFGH')}{rng.choice('KLMNPRS')}/{rng.randint(1, 99)}",
        st.date(doc.issue),
    ]
    if doc.po:
        doc.show("purchase_order_number")
    doc.show("issue_date")
    for k, (head, value) in enumerate(zip(heads, values, strict=True)):
        sheet.text(LEFT + k * 125, 240, head, 7, grey=0.3)
        sheet.text(LEFT + k * 125, 251, value, 9)
    kw = word(rng, "number", loc.lang)
    sheet.text(LEFT, 285, f"{words(rng, st, 'invoice')} – {kw} {doc.number}", 11, bold=True)
    doc.show("invoice_number")
    greet = {
        "de": "Sehr geehrte Damen und Herren,",
        "en": "Dear Sir or Madam,",
        "fr": "Madame, Monsieur,",
        "it": "Gentili Signori,",
        "es": "Estimados señores:",
        "nl": "Geachte heer/mevrouw,",
        "sl": "Spoštovani,",
    }[loc.lang]
    sheet.text(LEFT, 310, greet, 9)
    y = item_table(sheet, 340, doc, st, rng, positions=True, vat_col=len(doc.vat_lines()) > 1)
    y = draw_totals(sheet, y + 12, totals_rows(doc, st, rng))
    y = sheet.lines(LEFT, y + 12, payment_sentence(doc, st, rng, iban=False), 9)
    closing = {
        "de": "Mit freundlichen Grüßen",
        "en": "Yours faithfully,",
        "fr": "Veuillez agréer nos salutations distinguées.",
        "it": "Distinti saluti",
        "es": "Atentamente,",
        "nl": "Met vriendelijke groet,",
        "sl": "Lep pozdrav",
    }
    sheet.text(LEFT, y + 16, closing[loc.lang], 9)
    footer(sheet, doc, st, rng)
    return doc, sheet.finish()


def freelancer(rng: random.Random) -> tuple[Doc, bytes]:
    """A person's invoice for hours × rate; some small businesses charge no VAT at all."""
    loc = pick_locale(rng)
    doc = make_doc(
        rng, "freelancer", loc, what="hours", n_lines=rng.randint(1, 5), person_supplier=True
    )
    no_vat = loc.country in ("DE", "AT") and rng.random() < 0.4
    if no_vat:
        for li in doc.lines:
            li.rate = Decimal(0)
    st = choose_style(rng, loc)
    sheet = Sheet(st.family)
    sup = doc.supplier
    trade = {
        "de": "Freie Entwicklerin",
        "en": "Freelance Developer",
        "fr": "Graphiste indépendant",
        "it": "Libero professionista",
        "es": "Autónomo",
        "nl": "Freelance fotograaf",
        "sl": "Samostojni podjetnik",
    }[loc.lang]
    sheet.text(LEFT, 60, sup.name, 20)
    sheet.text(LEFT, 78, trade, 10, grey=0.35)
    sheet.lines(
        RIGHT,
        60,
        [sup.street, sup.city, f"{sup.name.split()[0].lower()}@example.org"],
        8.5,
        align="right",
    )
    doc.show("supplier_name", "supplier_address")
    buyer_block(sheet, LEFT, 140, doc, rng)
    y = 140.0
    for label, value in meta_pairs(doc, st, rng, customer=False):
        sheet.text(380, y, label, 8.5, grey=0.3)
        sheet.text(RIGHT, y, value, 8.5, align="right")
        y += 13
    sheet.text(LEFT, 232, words(rng, st, "invoice") + " " + doc.number, 15, bold=True)
    lang = loc.lang
    hours, rate_w = (word(rng, "qty", lang), word(rng, "unit_price", lang))
    cols = [
        Col(word(rng, "description", lang), 250),
        Col(hours, 70, "right"),
        Col(rate_w, 80, "right"),
        Col(word(rng, "line_amount", lang), 95, "right"),
    ]
    rows = [
        [
            li.description,
            f"{st.qty(li.quantity)} {li.unit}",
            st.money(li.unit_price),
            st.money(li.amount),
        ]
        for li in doc.lines
    ]
    y = sheet.table(LEFT, 262, cols, rows, 9)
    if no_vat:
        y = draw_totals(sheet, y + 12, [(word(rng, "total", lang), st.total(doc.total), True)])
        doc.show("total_amount", "currency")
        doc.vat_printed = False
        sheet.text(
            LEFT,
            y + 8,
            rng.choice(
                (
                    "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.",
                    "Kleinunternehmer gem. § 6 Abs. 1 Z 27 UStG – umsatzsteuerfrei.",
                )
            )
            if loc.lang == "de"
            else "",
            8,
        )
    else:
        y = draw_totals(sheet, y + 12, totals_rows(doc, st, rng))
    sheet.lines(LEFT, y + 30, payment_sentence(doc, st, rng), 8.5)
    if sup.vat_id and not no_vat:
        sheet.text(LEFT, 800, f"{word(rng, 'vat_id', sup.country)} {sup.vat_id}", 7.5)
        doc.show("supplier_vat_id")
    return doc, sheet.finish()
