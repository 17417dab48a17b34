"""Till receipts on a narrow page in a monospace font: a shop receipt and a café bill, in every
language, with VAT tables, card or cash payment and change."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from bench.fresh import parties
from bench.fresh.build import Style, choose_style, make_doc, pick_locale
from bench.fresh.document import Doc
from bench.fresh.formats import money
from bench.fresh.page import MONOSPACE, Sheet
from bench.fresh.vocab import word

WIDTH = 40  # characters per line

_W: dict[str, dict[str, tuple[str, ...]]] = {
    "total": {
        "de": ("SUMME", "GESAMT", "Summe", "ZU ZAHLEN"),
        "en": ("TOTAL", "BALANCE DUE"),
        "fr": ("TOTAL TTC", "TOTAL", "A PAYER"),
        "it": ("TOTALE COMPLESSIVO", "TOTALE"),
        "es": ("TOTAL", "TOTAL A PAGAR"),
        "nl": ("TOTAAL", "Te betalen"),
        "sl": ("SKUPAJ", "ZA PLAČILO"),
    },
    "card": {
        "de": ("Kartenzahlung", "Girocard", "EC-Karte", "Maestro"),
        "en": ("VISA", "Card"),
        "fr": ("CB", "Carte bancaire"),
        "it": ("Pagamento elettronico", "Bancomat"),
        "es": ("Tarjeta", "Tarjeta crédito"),
        "nl": ("PIN", "Pinbetaling"),
        "sl": ("Plačilna kartica", "Kartica"),
    },
    "cash": {
        "de": ("Bar", "Gegeben"),
        "en": ("Cash", "Cash tendered"),
        "fr": ("Espèces",),
        "it": ("Contanti",),
        "es": ("Efectivo", "Entregado"),
        "nl": ("Contant",),
        "sl": ("Gotovina",),
    },
    "change": {
        "de": ("Rückgeld", "Zurück"),
        "en": ("Change",),
        "fr": ("Rendu", "Monnaie rendue"),
        "it": ("Resto",),
        "es": ("Cambio",),
        "nl": ("Wisselgeld", "Terug"),
        "sl": ("Vračilo",),
    },
    "receipt_no": {
        "de": ("Bon-Nr.", "Beleg"),
        "en": ("Receipt #", "Trans"),
        "fr": ("Ticket n°", "Ticket"),
        "it": ("Scontrino n.", "Doc. n."),
        "es": ("Ticket nº", "Factura simplificada nº"),
        "nl": ("Bonnr.", "Bon"),
        "sl": ("Račun št.", "Št. računa"),
    },
    "table": {
        "de": ("Tisch",),
        "en": ("Table",),
        "fr": ("Table",),
        "it": ("Tavolo",),
        "es": ("Mesa",),
        "nl": ("Tafel",),
        "sl": ("Miza",),
    },
    "vat_head": {
        "de": ("MwSt  Netto  Steuer  Brutto",),
        "en": ("VAT   Net    VAT    Gross",),
        "fr": ("TVA   HT     TVA    TTC",),
        "it": ("IVA   Imponib. Imposta Totale",),
        "es": ("IVA   Base   Cuota  Total",),
        "nl": ("Btw   Excl.  Btw    Incl.",),
        "sl": ("DDV   Osnova DDV    Skupaj",),
    },
    "tax_total": {
        "de": ("Summe MwSt", "MwSt gesamt"),
        "en": ("Total VAT",),
        "fr": ("Total TVA",),
        "it": ("di cui IVA", "Totale IVA"),
        "es": ("Total IVA",),
        "nl": ("Totaal btw",),
        "sl": ("Skupaj DDV",),
    },
}
_SHOP_NAMES = {
    "de": ("Bäckerei {n}", "Markt {n}", "Drogerie {n}", "{n} Frischemarkt"),
    "en": ("{n}'s Grocer", "{n} Food Market", "Corner Shop {n}"),
    "fr": ("Épicerie {n}", "Boulangerie {n}", "Supérette {n}"),
    "it": ("Alimentari {n}", "Panificio {n}", "Supermercato {n}"),
    "es": ("Supermercado {n}", "Panadería {n}", "Frutería {n}"),
    "nl": ("Supermarkt {n}", "Bakkerij {n}", "Versmarkt {n}"),
    "sl": ("Trgovina {n}", "Pekarna {n}", "Market {n}"),
}
_CAFE_NAMES = {
    "de": ("Café {n}", "Gasthaus {n}", "Wirtshaus {n}"),
    "en": ("The {n} Café",),
    "fr": ("Brasserie {n}", "Café {n}"),
    "it": ("Bar {n}", "Trattoria {n}"),
    "es": ("Bar {n}", "Cafetería {n}"),
    "nl": ("Café {n}", "Eetcafé {n}"),
    "sl": ("Gostilna {n}", "Kavarna {n}"),
}


def _w(rng: random.Random, key: str, lang: str) -> str:
    return rng.choice(_W[key][lang])


def _row(left: str, right: str, width: int = WIDTH) -> str:
    room = width - len(right) - 1
    return left[:room].ljust(room) + " " + right


def receipt(rng: random.Random, *, cafe: bool = False) -> tuple[Doc, bytes]:
    loc = pick_locale(rng)
    us = loc.code == "en-US"
    doc = make_doc(
        rng,
        "cafe" if cafe else "shop_receipt",
        loc,
        what="cafe" if cafe else "shop",
        n_lines=rng.randint(2, 6 if cafe else 12),
        gross=not us,
        kind="receipt",
    )
    st = choose_style(rng, loc, family=rng.choice(MONOSPACE))
    lang = loc.lang
    sup = doc.supplier
    surname = parties.surname(rng, sup.country)
    shop = rng.choice((_CAFE_NAMES if cafe else _SHOP_NAMES)[lang]).format(n=surname)
    legal = rng.random() < 0.5
    name = sup.name if legal else shop
    name = name.upper() if rng.random() < 0.5 else name
    doc.label_overrides["supplier_name"] = name
    head = [name, sup.street, sup.city]
    if legal:
        head.insert(0, shop)
    if rng.random() < 0.6:
        head.append(f"Tel. {rng.randint(10, 99)} {rng.randint(100000, 999999)}")
    if sup.vat_id and rng.random() < 0.7:
        head.append(f"{word(rng, 'vat_id', sup.country)} {sup.vat_id}")
    if lang == "it":
        head.append("DOCUMENTO COMMERCIALE")
    doc.show("supplier_name", "supplier_address", "issue_date", "total_amount", "currency")
    body: list[str] = ["", ""]
    codes = {
        rate: "ABCD"[k]
        for k, rate in enumerate(sorted({li.rate for li in doc.lines}, reverse=True))
    }
    when = dt.datetime.combine(doc.issue, dt.time(rng.randint(7, 21), rng.randint(0, 59)))
    if cafe:
        body.append(
            f"{_w(rng, 'table', lang)} {rng.randint(1, 30)}   {st.date(doc.issue)} {when:%H:%M}"
        )
        body.append("")
    for li in doc.lines:
        code = "" if cafe or us else " " + codes[li.rate]
        if cafe:
            body.append(_row(f"{st.qty(li.quantity)} {li.description}", st.money(li.amount) + code))
        else:
            body.append(_row(li.description, st.money(li.amount) + code))
            if li.quantity != 1:
                body.append(f"  {st.qty(li.quantity)} x {st.money(li.unit_price)}")
    body.append("-" * WIDTH)
    cur = (
        loc.currency
        if rng.random() < 0.7 or loc.currency == "CHF"
        else {"EUR": "€", "GBP": "£", "USD": "$"}[loc.currency]
    )
    total = doc.total
    if us:
        rate = doc.vat_lines()[0].rate
        body.append(_row("SUBTOTAL", st.money(doc.net)))
        body.append(_row(f"TAX {st.pct(rate)}", st.money(doc.tax)))
        doc.show("tax_amount")
    body.append(_row(f"{_w(rng, 'total', lang)} {cur}", st.money(total)))
    body.append("=" * WIDTH)
    if rng.random() < 0.6:
        body.append(_row(_w(rng, "card", lang), st.money(total)))
        body.append(f"  **** **** **** {rng.randint(1000, 9999)}")
    else:
        given = money(Decimal(int(total / 5) * 5 + 5 if total > 5 else 10))
        body.append(_row(_w(rng, "cash", lang), st.money(given)))
        body.append(_row(_w(rng, "change", lang), st.money(given - total)))
    body.append("")
    if not us:
        _vat_table(body, doc, st, rng, codes)
    body.append("")
    number = f"{_w(rng, 'receipt_no', lang)} {rng.randint(1000, 99999)}"
    if not cafe:
        body.append(f"{st.date(doc.issue)} {when:%H:%M}  {number}")
    else:
        body.append(number)
    if lang == "sl":
        body.append(f"ZOI: {rng.getrandbits(128):032x}")
        body.append(f"EOR: {rng.getrandbits(64):016x}-{rng.randint(1000, 9999)}")
    body.append("")
    body.append(
        {
            "de": "Vielen Dank für Ihren Einkauf!",
            "en": "Thank you for shopping with us",
            "fr": "Merci de votre visite",
            "it": "Grazie e arrivederci",
            "es": "Gracias por su visita",
            "nl": "Bedankt en tot ziens",
            "sl": "Hvala za nakup",
        }[lang]
    )
    return doc, _draw(st, head, body)


def _vat_table(
    body: list[str], doc: Doc, st: Style, rng: random.Random, codes: dict[Decimal, str]
) -> None:
    lang = doc.loc.lang
    vats = doc.vat_lines()
    body.append(_W["vat_head"][lang][0])
    for v in vats:
        rate = f"{codes[v.rate]} {st.pct(v.rate)}"
        body.append(f"{rate:<7}{st.money(v.net):>8}{st.money(v.tax):>8}{st.money(v.gross):>9}")
    if len(vats) == 1 or rng.random() < 0.5:
        if len(vats) > 1:
            body.append(_row(_w(rng, "tax_total", lang), st.money(doc.tax)))
        doc.show("tax_amount")


def _draw(st: Style, head: list[str], body: list[str]) -> bytes:
    size, leading = 7.6, 9.8
    height = 40 + (len(head) + len(body)) * leading + 30
    sheet = Sheet(st.family, (227.0, height))
    y = 30.0
    for k, row in enumerate(head):
        sheet.text(227 / 2, y, row, size + (1.5 if k == 0 else 0), bold=k == 0, align="center")
        y += leading + (2 if k == 0 else 0)
    for row in body:
        sheet.text(16, y, row, size)
        y += leading
    return sheet.finish()


def shop_receipt(rng: random.Random) -> tuple[Doc, bytes]:
    return receipt(rng)


def cafe_bill(rng: random.Random) -> tuple[Doc, bytes]:
    return receipt(rng, cafe=True)
