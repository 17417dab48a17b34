"""Multilingual field labels (EN, DE, FR, IT, ES, NL, SL) and where they are printed.

A label is written lower-case with single spaces; a space matches any run of spaces, dots,
dashes, colons or slashes, so 'invoice no' finds 'Invoice-No.:' too. Where labels overlap
('total' inside 'total net'), the longest wins. ``IGNORE`` labels exist only to win such
overlaps ('total qty' is not a total)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperwise.extraction.candidates import TextLine
from paperwise.extraction.label_vocabulary import IGNORE, VOCABULARY


def _labels(strength: float, labels: str) -> tuple[tuple[str, float], ...]:
    return tuple((label, strength) for label in labels.split("|"))


# meaning -> ((label, strength 0..1), ...). Strength says how surely the label names the field.
LABELS: dict[str, tuple[tuple[str, float], ...]] = {
    "invoice_number": (
        *_labels(
            1.0,
            "invoice number|invoice no|invoice nr|invoice #|invoice num|inv no|inv #|invoice id|"
            "bill no|bill number|receipt no|receipt number|receipt #|rechnungsnummer|rechnungs nr|"
            "rechnung nr|rechnungsnr|rechnung nummer|belegnummer|beleg nr|gutschriftsnummer|"
            "gutschrift nr|numéro de facture|numero de facture|n° de facture|no de facture|"
            "facture n°|facture no|facture nº|n° facture|numero fattura|numero della fattura|"
            "fattura n|fattura nr|n. fattura|nr. fattura|número de factura|numero de factura|"
            "factura nº|factura n°|factura no|nº factura|n° factura|factuurnummer|factuur nr|"
            "factuurnr|factuur nummer|številka računa|stevilka racuna|račun št|racun st|št računa|"
            "številka dokumenta|credit note no|credit note number|document no|document number|"
            "doc no|tax invoice no|invoice",
        ),
        *_labels(
            0.7,
            "no|nr|nummer|number|numéro|numero|número|n°|nº|#|št|račun|rechnung|facture|fattura|"
            "factura|factuur|ref no",
        ),
    ),
    "issue_date": (
        *_labels(
            1.0,
            "invoice date|date of invoice|date of issue|issue date|issued on|billing date|"
            "receipt date|document date|rechnungsdatum|belegdatum|ausstellungsdatum|"
            "rechnungs datum|date de facture|date de la facture|date d'émission|date d’émission|"
            "date de facturation|data fattura|data della fattura|data emissione|data di emissione|"
            "data documento|fecha de factura|fecha factura|fecha de emisión|fecha de expedición|"
            "fecha emision|factuurdatum|datum factuur|datum računa|datum racuna|datum izdaje|"
            "datum izstavitve|datum dokumenta",
        ),
        *_labels(
            0.75,
            "date|datum|data|fecha|dated|date:|issued",
        ),
    ),
    "pay_due_date": (
        *_labels(
            1.0,
            "due date|payment due|payment due date|due on|due by|pay by|payable by|payable until|"
            "payment date|date due|fälligkeitsdatum|fälligkeit|fällig am|fällig bis|zahlbar bis|"
            "zahlungsziel|zahlungsfrist|zahlbar am|date d'échéance|date d’échéance|échéance|"
            "echeance|à payer avant le|date limite de paiement|scadenza|data scadenza|"
            "data di scadenza|scadenza pagamento|fecha de vencimiento|vencimiento|"
            "fecha vencimiento|vervaldatum|vervaldag|uiterste betaaldatum|te betalen voor|"
            "betalen voor|rok plačila|rok placila|datum zapadlosti|zapadlost|valuta|due",
        ),
    ),
    "total_amount": (
        *_labels(
            1.0,
            "grand total|total due|amount due|balance due|total amount due|total amount|"
            "invoice total|total to pay|amount payable|total payable|total incl vat|"
            "total incl. vat|total including vat|total inc vat|total incl tax|total (incl gst)|"
            "total incl gst|total inclusive gst|total sales (inclusive of gst)|"
            "total sales incl gst|nett total|net total rm|rounded total|total rounded|"
            "gesamtbetrag|rechnungsbetrag|bruttobetrag|gesamtsumme|rechnungssumme|endbetrag|"
            "zahlbetrag|zu zahlen|zu zahlender betrag|summe brutto|gesamt brutto|brutto gesamt|"
            "bruttosumme|total brutto|total ttc|montant ttc|net à payer|net a payer|montant total|"
            "total à payer|montant à payer|totale|totale documento|totale fattura|"
            "totale da pagare|importo totale|totale complessivo|importe total|total a pagar|"
            "total factura|importe a pagar|totaal|totaalbedrag|te betalen|totaal incl btw|"
            "totaal incl. btw|te betalen bedrag|skupaj za plačilo|za plačilo|skupni znesek|"
            "skupaj z ddv|znesek za plačilo|vrednost z ddv",
        ),
        *_labels(
            0.8,
            "total|gesamt|summe|betrag|skupaj|montant|sum|amount|total rm|total:",
        ),
    ),
    "net_amount": (
        *_labels(
            1.0,
            "subtotal|sub total|sub-total|net amount|net total|total net|total excl vat|"
            "total excl. vat|total excluding vat|total excl tax|total before tax|"
            "total exclusive of gst|total excl gst|amount excl vat|taxable amount|nettobetrag|"
            "netto|summe netto|gesamt netto|nettosumme|zwischensumme|warenwert|netto gesamt|"
            "gesamtbetrag netto|total netto|total ht|montant ht|sous-total|sous total|"
            "total hors taxes|base ht|imponibile|totale imponibile|totale netto|subtotale|"
            "base imponible|importe neto|subtotaal|totaal excl btw|totaal excl. btw|netto bedrag|"
            "bedrag excl btw|osnova|osnova za ddv|skupaj brez ddv|znesek brez ddv|"
            "vrednost brez ddv|neto|net",
        ),
    ),
    "tax_amount": (
        *_labels(
            1.0,
            "vat amount|tax amount|total vat|total tax|vat total|tax total|total gst|gst amount|"
            "sales tax|mwst betrag|mwst.-betrag|umsatzsteuer|mehrwertsteuer|steuerbetrag|"
            "summe mwst|summe ust|gesamt mwst|ust betrag|montant tva|total tva|montant de la tva|"
            "totale iva|importo iva|imposta|cuota iva|importe iva|total iva|btw bedrag|totaal btw|"
            "bedrag btw|znesek ddv|skupaj ddv|vrednost ddv",
        ),
        *_labels(
            0.85,
            "vat|tax|gst|mwst|ust|tva|iva|btw|ddv|gst 6%|sst",
        ),
    ),
    "purchase_order_number": (
        *_labels(
            1.0,
            "purchase order|purchase order no|purchase order number|po number|po no|po #|p.o. no|"
            "p.o. number|order no|order number|order #|your order|bestellnummer|bestell nr|"
            "ihre bestellung|bestellung nr|auftragsnummer|auftrag nr|bon de commande|"
            "n° de commande|numéro de commande|votre commande|commande n°|numero ordine|ordine n|"
            "n. ordine|vostro ordine|vs ordine|v s ordine|número de pedido|numero de pedido|"
            "pedido nº|su pedido|"
            "orden de compra|bestelnummer|inkoopordernummer|uw bestelling|inkooporder|"
            "številka naročila|naročilo št|naročilnica|vaše naročilo",
        ),
    ),
    "payment_reference": (
        *_labels(
            1.0,
            "payment reference|payment ref|remittance reference|reference number|verwendungszweck|"
            "zahlungsreferenz|referenz|référence de paiement|référence paiement|"
            "communication structurée|riferimento pagamento|causale|causale pagamento|"
            "referencia de pago|concepto|betalingskenmerk|betalingsreferentie|kenmerk|sklic|"
            "referenca|sklic na številko|reference",
        ),
    ),
    "supplier_vat_id": (
        *_labels(
            1.0,
            "vat id|vat no|vat number|vat reg no|vat registration number|vat reg|ust-idnr|ust-id|"
            "ust id|ustid|ust-id-nr|ust.-id|ust.-idnr|umsatzsteuer-id|"
            "umsatzsteuer-identifikationsnummer|tva intracommunautaire|n° tva|numéro de tva|"
            "no tva|partita iva|p. iva|p.iva|cif|nif|nif/cif|btw-nummer|btw nummer|btw nr|btw-id|"
            "id za ddv|identifikacijska številka za ddv|ddv št|ddv id|davčna številka|gst reg no|"
            "gst reg|gst id|gst no|tax id",
        ),
    ),
    "supplier_iban": (
        *_labels(
            1.0,
            "iban",
        ),
    ),
    IGNORE: (
        *_labels(
            1.0,
            "total qty|total quantity|total items|total item|total discount|total savings|"
            "total saving|total number|total pcs|total weight|customer no|customer number|"
            "customer id|kundennummer|kunden nr|client no|numéro client|n° client|codice cliente|"
            "número de cliente|klantnummer|customer #|order date|delivery date|lieferdatum|"
            "leistungsdatum|bestelldatum|date de livraison|data consegna|fecha de entrega|"
            "leverdatum|datum dobave|tax invoice|vat %|tax %|tax rate|vat rate|steuersatz|mwst %|"
            "rounding|round adj|rounding adj|payment|tax code|"
            "amount in words|page|seite|tel|fax|phone|"
            # references that are not the payment's: the buyer's, further ones, their kind
            "weitere referenz|referenz des käufers|käuferreferenz|art der referenz|"
            "buyer reference|buyer's reference|référence acheteur",
        ),
    ),
}


def _extend(meaning: str, strength: float, labels: str) -> None:
    LABELS[meaning] = (*LABELS.get(meaning, ()), *_labels(strength, labels))


_extend(
    "total_amount",
    1.0,
    "rechnungssumme brutto|summe inkl ust|summe inkl. ust|summe inkl. mwst|gesamt inkl. mwst|"
    "due payable|total inkl. mwst|gesamtbetrag brutto|total general",
)
_extend("total_amount", 0.9, "zahlbetrag|solde à payer|restbetrag")
# Insurance premium invoices ('Beitragsrechnung'): the premium before and after insurance tax.
_extend("total_amount", 1.0, "rechnungsbeitrag|zu zahlender beitrag|zahlbeitrag")
_extend("net_amount", 0.8, "gesamtbeitrag|nettobeitrag")
# Malay receipts: 'Jumlah' (total), 'Tunai' (cash), 'Baki' (change).
_extend("total_amount", 0.8, "jumlah|jumlah besar|jumlah keseluruhan|jumlah bersih")
_extend("paid", 1.0, "tunai")
_extend("change", 1.0, "baki")
# Frequent OCR misreads of the total's label: a dropped letter, 'l' read '1', 'o' read '0'.
_extend("total_amount", 0.75, "totl|tota1|t0tal|t0ta1|tot al|to tal|grand totl|grand tota1")
_extend(
    "total_amount",
    1.0,
    "net total rounded|nett total rounded|total after rounding|rounded amount|total round",
)
_extend(
    "total_amount",
    1.0,
    "total sales inclusive gst|total sales incl gst|total inclusive gst|total incl gst|"
    "total sales inclusive of gst|total amount payable|total inclusive of gst",
)
# The tax named after the total, then 'incl.': 'TOTAL (GST INCL)', 'Total VAT included' is the
# total with the tax in it, not the tax ('total gst' alone is).
_extend(
    "total_amount",
    1.0,
    "total gst incl|total gst inclusive|total gst included|total gst inc|total vat incl|"
    "total vat inclusive|total vat included|total vat inc|total tax incl|total tax inclusive|"
    "total tax included|total tax inc",
)
_extend("paid", 0.8, "credit|credit card|debit|card|visa|mastercard|master|amex|bayar")
_extend(
    "net_amount",
    1.0,
    "rechnungssumme ohne ust|rechnungssumme netto|summe ohne ust|betrag ohne ust|ohne ust|"
    "ohne mwst|exkl. mwst|excl. vat|excl vat|total excl|amount excl",
)
_extend("net_amount", 0.7, "positionssumme|summe positionen|total items net")
_extend(
    "tax_amount",
    1.0,
    "ust gesamt|ust. gesamt|zuzügl ust|zuzügl. ust|zzgl ust|zzgl. ust|zzgl. mwst|zzgl mwst|"
    "total taxes|versicherungsteuer|versicherungssteuer|mwst gesamt|gst payable|total gst payable",
)
_extend("payment_reference", 1.0, "referencia|riferimento|référence|rif|referentie|payment ref")
_extend(
    "purchase_order_number",
    1.0,
    "ordernummer|pedido|bestellnr|order ref|commande|rif ordine|riferimento ordine|"
    "your reference|your ref|uw referentie|uw kenmerk|ihre referenz|ihr zeichen|votre référence|"
    "vostro riferimento|su referencia|vaša referenca|vaša številka",
)
_extend("supplier_vat_id", 1.0, "uid nr|uid|uid nummer|mwst nr|mwst-nr|mwst nummer|vat reg no")
_extend("issue_date", 1.0, "issued at|beleg datum|date of invoice|invoice dated")
_extend("issue_date", 0.5, "vom|du|del")
_extend("pay_due_date", 1.0, "remit until|please pay by|überweisen sie bis|zahlbar bis zum")
_extend("pay_due_date", 0.6, "bis zum|netto bis")
_extend(
    "pay_due_date",
    1.0,
    "pagamento entro|da pagare entro|pagare entro|à régler avant|payer avant le|pagar antes de|"
    "betalen vóór|plačati do|plačilo do",
)
_extend(
    "paid",
    1.0,
    "cash|cash tendered|tendered|amount paid|paid|bar|gegeben|espèces|contanti|efectivo|contant|"
    "gotovina",
)
_extend(
    "change",
    1.0,
    "change|change due|rückgeld|wechselgeld|rendu|monnaie rendue|resto|cambio|wisselgeld|vračilo",
)
_extend(
    IGNORE,
    1.0,
    "lief nr|art nr|steuer nr|steuernummer|tel nr|fax nr|reg no|tel no|fax no|co no|company no|"
    "co reg no|acc no|account no|item no|table no|hrb nr|lieferschein nr|vertrags nr|"
    "auftrag nr|kassen nr|gesamtbetrag der zuschläge|gesamtbetrag der abschläge|"
    "erhaltene anzahlungen|anzahlung|prepaid|prepayment|invoice amount in words|globale nummer|"
    "ursprungsbeleg nr|ursprungsrechnung|original invoice|original invoice no|related invoice|"
    "preceding invoice|bezugsrechnung|facture d'origine|facture initiale|fattura originale",
)
# credit notes, references, VAT-table columns and synonyms: label_vocabulary.py
for _meaning, _strength, _words in VOCABULARY:
    _extend(_meaning, _strength, _words)


@dataclass(frozen=True)
class LabelHit:
    meaning: str
    line: TextLine
    start: int
    end: int
    strength: float

    @property
    def x0(self) -> float:
        return self.line.x_at(self.start)

    @property
    def x1(self) -> float:
        words = self.line.words_in(self.start, self.end)
        return max(w.x1 for w in words) if words else self.line.x1


def _label_regex(label: str) -> str:
    parts = [re.escape(p) for p in re.split(r"[\s.:\-/()]+", label) if p]
    return r"[\s.:\-/()]*".join(parts)


# A bare 'No.' or '#' names the document's number when the document's title precedes it, and a
# bare 'of'/'vom' names its date on the title's line.
_TITLE_WORD = (
    r"(?:rechnung|invoice|facture|fattura|factura|factuur|račun|gutschrift|credit note|receipt|"
    r"beleg|bill|quittung|nota|avoir)"
)
_TITLE_BEFORE_NUMBER = re.compile(_TITLE_WORD + r"\w*(?:\W+[^\W\d]+){0,3}\W*(?:\(\w+\)\W*)?$")
_TITLE_ON_LINE = re.compile(_TITLE_WORD)


def _in_context(meaning: str, strength: float, before: str) -> float:
    if strength >= 1.0:
        return strength
    if meaning == "invoice_number":
        return min(0.9, strength * 1.3) if _TITLE_BEFORE_NUMBER.search(before) else strength * 0.8
    if meaning == "issue_date" and _TITLE_ON_LINE.search(before):
        return 0.9
    return strength


# A label right after another, in parentheses or after 'incl.'/'excl.', qualifies it:
# 'Total (excl. VAT)', 'Total RM incl. of GST'.
_QUALIFIER_GAP = re.compile(
    r"\s*(?:(?:[^\W\d_]+\s*)?\(\s*(?:[^\W\d_]+\.?\s*){0,2}|"
    r"(?:(?:incl|inkl|including|inclusive|excl|exkl|excluding|exclusive|of|ohne|mit|zzgl|zuzügl|"
    r"hors|avec|sans|con|senza|sin|met|zonder|brez|z|rm|eur|usd|inclusief|exclusief|incluido|"
    r"excluido|inclusa|esclusa)\.?\s*){1,3})"
)

_EXCLUDING = re.compile(
    r"\b(?:excl|exkl|excluding|exclusive|ohne|hors|senza|sin|zonder|brez|exclusief|excluido|"
    r"esclusa)\b"
)

# A number word right after a full label belongs to it ('Your order no.', 'Naročilnica št.',
# 'rif. fattura n.'): it is not a label of its own.
_NUMBER_WORD = re.compile(
    r"[\s.:\-/]*(?:(?:no|nr|num|number|nummer|numéro|numero|número|št)(?![^\W\d_])|n[°º.]|#)\.?"
)
_TAKES_NUMBER_WORD = frozenset(
    {IGNORE, "invoice_number", "purchase_order_number", "payment_reference"}
)
# A label may touch a currency code in a text layer that glues words ('RechnungsbetragEUR').
_LABEL_END = r"(?!(?!(?:eur|usd|gbp|chf)(?![^\W\d_]))[^\W\d_])"
_GLUED_CURRENCY = re.compile(r"(?<=..)(?:eur|usd|gbp|chf)$")

_LEAD = re.compile(r"[^\W\d_]*")
_STARTS = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]|#)")
_Bucket = list[tuple[re.Pattern[str], str, float]]


def _compile() -> dict[str, _Bucket]:
    """Label patterns bucketed by their leading letters, longest first within a bucket, so a
    line is matched by looking up each word's leading letters: linear in the line's words."""
    seen: dict[str, tuple[str, float, str]] = {}
    for meaning, labels in LABELS.items():
        for label, strength in labels:
            key = _label_regex(label)
            if key not in seen or strength > seen[key][1]:
                letters = _LEAD.match(label)
                seen[key] = (meaning, strength, letters.group(0) if letters else "")
    buckets: dict[str, _Bucket] = {}
    for key in sorted(seen, key=len, reverse=True):
        meaning, strength, lead = seen[key]
        pattern = re.compile(key + _LABEL_END)
        buckets.setdefault(lead, []).append((pattern, meaning, strength))
    return buckets


_BUCKETS = _compile()


def find_labels(line: TextLine) -> list[LabelHit]:
    """The labels printed in a line, leftmost-longest, without the ``IGNORE`` ones. A short
    line with no label (not even an ignored one) is tried again without its spaces: a text
    layer or OCR may break a word ('Br uttosumme')."""
    found, ignored = _scan(line.lower)
    hits = [LabelHit(m, line, a, b, st) for m, a, b, st in found]
    if hits or ignored or not 2 <= len(line.line.words) <= 4:
        return hits
    kept = [i for i, c in enumerate(line.lower) if c != " "]
    squeezed = "".join(line.lower[i] for i in kept)
    found = _scan(squeezed)[0]
    return [LabelHit(m, line, kept[a], kept[b - 1] + 1, st) for m, a, b, st in found]


def _scan(text: str) -> tuple[list[tuple[str, int, int, float]], bool]:
    """(meaning, start, end, strength) of every label in ``text``, and whether an ``IGNORE``
    label was matched."""
    hits: list[tuple[str, int, int, float]] = []
    ignored = False
    resume = 0
    for start in _STARTS.finditer(text):
        pos = start.start()
        if pos < resume:
            continue
        lead = _LEAD.match(text, pos)
        letters = lead.group(0) if lead else ""
        bucket = _BUCKETS.get(letters) or _BUCKETS.get(_GLUED_CURRENCY.sub("", letters))
        for pattern, meaning, strength in bucket or ():
            m = pattern.match(text, pos)
            if m:
                stop = m.end()
                takes_number = meaning in _TAKES_NUMBER_WORD and strength >= 1.0
                number_word = _NUMBER_WORD.match(text, stop) if takes_number else None
                if number_word:
                    stop = number_word.end()
                resume = stop
                previous = hits[-1] if hits else None
                if previous and _QUALIFIER_GAP.fullmatch(text, previous[2], pos):
                    end = stop + 1 if text[stop : stop + 1] == ")" else stop
                    qualified = previous[0]
                    if qualified == "total_amount" and _EXCLUDING.search(text, previous[2], end):
                        qualified = "net_amount"
                    hits[-1] = (qualified, previous[1], end, previous[3])
                elif meaning != IGNORE:
                    hits.append((meaning, pos, stop, _in_context(meaning, strength, text[:pos])))
                else:
                    ignored = True
                break
    return hits, ignored
