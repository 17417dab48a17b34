"""More field labels in EN, DE, FR, IT, ES, NL and SL, merged into ``labels.LABELS`` (the same
conventions: lower case, a space matches any run of separators): credit notes and the invoices
they refer to, order and payment references, the columns of VAT tables, and common synonyms
per field."""

from __future__ import annotations

IGNORE = "ignore"

# (meaning, strength 0..1, labels separated by '|')
VOCABULARY: list[tuple[str, float, str]] = []


def _extend(meaning: str, strength: float, labels: str) -> None:
    VOCABULARY.append((meaning, strength, labels))


# Credit notes: their own number, and the original invoice they refer to (not their number).
_extend(
    "invoice_number",
    1.0,
    "credit note #|credit memo no|credit memo number|creditnota nr|creditnotanummer|"
    "creditnota nummer|creditfactuurnummer|avoir n°|avoir no|avoir nº|numéro d'avoir|"
    "n° d'avoir|nota di credito n|nota di credito nr|numero nota di credito|n. nota di credito|"
    "abono no|abono nº|abono n°|nº abono|número de abono|factura rectificativa no|"
    "factura rectificativa nº|no factura rectificativa|nº factura rectificativa|"
    "número de factura rectificativa|številka dobropisa|dobropis št|gutschriftnummer|"
    "numero documento|n. documento|documento n|documento nr|número de documento|documentnummer|"
    "dokumentnummer|numéro de document|n° de document|nota de crédito nº|nota de crédito no|"
    "nº nota de crédito|nota de abono nº|note de crédit n°|note de crédit no|nota credito n|"
    "nota credito nr|credit note ref",
)
_extend(
    IGNORE,
    1.0,
    "against invoice|relating to invoice|in respect of invoice|refers to invoice|"
    "original invoice number|zu rechnung|zur rechnung|bezüglich rechnung|sur facture|"
    "sur la facture|relative à la facture|concernant la facture|rif fattura|"
    "riferimento fattura|a storno fattura|storno fattura|rectifica a la factura|"
    "rectifica la factura|factura rectificada|factura original|betreft factuur|"
    "betreffende factuur|originele factuur|k računu|h računu|za račun št|bezug rechnung|"
    "bezogen auf rechnung|zu unserer rechnung|annule la facture|en remplacement de la facture|"
    "relativa alla fattura|rif fatt|rectifica factura|factura que se rectifica|"
    "inzake factuur|behorend bij factuur|credit op factuur|se nanaša na račun",
)
# The number and date of another invoice this one refers to (a preceding or corrected one):
# 'Date de facture associée', 'Original invoice date', 'Datum der Ursprungsrechnung'.
_extend(
    IGNORE,
    1.0,
    "date de facture associée|n° de facture associée|numéro de facture associée|"
    "facture associée|date de facture précédente|date de la facture d'origine|"
    "date facture d'origine|date de la facture initiale|original invoice date|"
    "date of original invoice|related invoice date|related invoice|preceding invoice date|"
    "preceding invoice|previous invoice date|previous invoice|referenced invoice date|"
    "datum der ursprungsrechnung|datum der vorherigen rechnung|ursprungsrechnung|"
    "vorherige rechnung|data fattura originale|data fattura di riferimento|fattura di riferimento|"
    "fecha factura original|fecha de la factura original|datum originele factuur|"
    "datum oorspronkelijke factuur",
)
# Our own reference (letters' reference lines) names neither the order nor the payment.
_extend(
    IGNORE,
    1.0,
    "our ref|our reference|unser zeichen|unsere referenz|nos réf|notre référence|ns rif|"
    "nostro riferimento|nuestra ref|nuestra referencia|ons kenmerk|onze referentie|naša oznaka|"
    "naša referenca",
)
_extend(
    "purchase_order_number",
    1.0,
    "p.o. #|p.o. nr|p.o. number|po#|your order no|your order number|vos réf|vos références|"
    "votre réf|vs rif|vostro rif|ordine cliente|su ref|su orden|pedido cliente|uw ref|uw order|"
    "uw ordernummer|klantorder|ihr auftrag|ihre bestellnummer|ihre auftragsnummer|"
    "št naročila|številka naročilnice|vaša oznaka|customer po|client po",
)
_extend(
    "payment_reference",
    1.0,
    "please quote|quote reference|please use reference|référence à rappeler|"
    "référence à indiquer|référence à mentionner|à rappeler|bei zahlung bitte angeben|"
    "bitte angeben|onder vermelding van|riferimento da indicare|causale del bonifico|"
    "causale bonifico|concepto de pago|concepto transferencia|"
    "referencia a indicar",
)
# 'Omschrijving' (NL) is the transfer's description, also a table's description column: a weak
# label, believed only with its value right after it (identifiers.py).
_extend("payment_reference", 0.7, "omschrijving|communication")
# Common synonyms in the seven languages, by field.
_extend(
    "invoice_number",
    1.0,
    "re nr|rg nr|rechn nr|núm factura|factura número|num fattura|fattura numero|"
    "račun številka|nota nr",
)
_extend(
    "pay_due_date",
    1.0,
    "zahlungstermin|fällig zum|payable avant le|payable le|à régler le|fecha límite de pago|"
    "vence el|termine di pagamento|da saldare entro|saldare entro|vervalt op|rok za plačilo|"
    "plačilo najkasneje do",
)
_extend(
    "total_amount",
    1.0,
    "montant dû|solde dû|reste à payer|netto a pagare|totale dovuto|líquido a pagar|"
    "total a abonar|openstaand bedrag|te voldoen|totaal te betalen|končni znesek|"
    "total amount payable|amount due now",
)
_extend(
    "net_amount",
    1.0,
    "rechnungsbetrag netto|nettowert|montant hors taxes|importo netto|nettobedrag|neto znesek|"
    "amount before tax|total before vat",
)
_extend(
    "tax_amount",
    1.0,
    "enthaltene mwst|enthaltene ust|dont tva|di cui iva|waarvan btw|znesek davka|vat due|tax due",
)
_extend(
    "purchase_order_number",
    1.0,
    "order reference|po nummer|po-nummer|št naročilnice|ref pedido|ref. pedido|nº pedido",
)
# Goods total before tax (IT 'Totale merce', ES 'Total base'); the columns of a VAT table.
_extend(
    "net_amount",
    1.0,
    "totale merce|totale merci|totale beni|total marchandises|total mercancía|"
    "total mercancías|goods total|total goods|total base|base total|suma base|"
    "base imponible total|totaal exclusief btw|totaal excl|exclusief btw|excl btw",
)
_extend("net_amount", 0.7, "base")
_extend(
    IGNORE,
    1.0,
    "base price|base rate|prix de base|precio base|prezzo base|gross weight|brutto gewicht|"
    "peso lordo|peso bruto|poids brut|brutogewicht|steuer id|steuer-id",
)
_extend(
    "tax_amount",
    1.0,
    "ddv skupaj|iva totale|btw totaal|tva totale|mwst total|ust total|steuer gesamt|"
    "summe steuer|totale imposta",
)
_extend("tax_amount", 0.8, "steuer")
_extend("tax_amount", 0.7, "cuota")
_extend("total_amount", 0.7, "gross|brutto|bruto|lordo")
# The totals as EN 16931 names them, printed by e-invoice generators ('Net Total Amount',
# 'Gross Total Amount', 'Invoice total VAT amount'): whole, so 'Amount' after a net or tax
# label is not read as a total label of its own. The sum of the lines is the net before
# document-level allowances and charges: a weaker net label.
_extend(
    "net_amount",
    1.0,
    "net total amount|total net amount|invoice total amount without vat|"
    "total amount without vat|total without vat|total amount excl vat|net amount total",
)
_extend(
    "net_amount",
    0.7,
    "line total amount|sum of line net amounts|sum of invoice line net amount|"
    "line net total|total of lines|lines total",
)
_extend(
    "total_amount",
    1.0,
    "gross total amount|total gross amount|invoice total amount with vat|total amount with vat|"
    "total with vat|amount due for payment",
)
_extend(
    "tax_amount",
    1.0,
    "invoice total vat amount|total vat amount|vat total amount|total tax amount|"
    "tax total amount|value added tax",
)
_extend(IGNORE, 1.0, "rounding amount|rundungsbetrag|montant d'arrondi|arrotondamento")
# The plural ('Taxes', 'Sales Taxes'): US and Canadian ERPs print it on the totals' tax row.
_extend("tax_amount", 1.0, "sales taxes|total taxes|taxes total|total des taxes")
_extend("tax_amount", 0.85, "taxes|impuestos|steuern|imposte")
