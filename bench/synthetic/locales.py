"""How each language writes an invoice: labels, numbers, dates, VAT rates, currencies, ids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from bench.synthetic.words import split_options

# Label alternatives per language, '|'-separated; one is chosen per document.
LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "title": split_options("INVOICE|Invoice|Tax Invoice"),
        "number": split_options("Invoice No.|Invoice Number|Invoice #|Invoice no:"),
        "date": split_options("Invoice Date|Date|Date of issue"),
        "due": split_options("Due Date|Payment due|Due"),
        "buyer": split_options("Bill To|Customer|Invoice to"),
        "po": split_options("PO Number|Purchase Order|Your order"),
        "payref": split_options("Payment Reference|Reference|Payment ref."),
        "vatid": split_options("VAT No.|VAT Reg. No.|VAT ID"),
        "desc": split_options("Description|Item"),
        "qty": split_options("Qty|Quantity"),
        "unit": split_options("Unit"),
        "price": split_options("Unit Price|Price|Rate"),
        "amount": split_options("Amount|Total|Line Total"),
        "net": split_options("Subtotal|Net amount|Total excl. VAT"),
        "vat": split_options("VAT|Tax"),
        "total": split_options("Total|Total due|Amount due|Total incl. VAT"),
        "code": split_options("Item code|SKU"),
        "rate": split_options("VAT %|Tax %"),
        "base": split_options("Net"),
        "summary": split_options("VAT summary|Tax summary"),
        "page": split_options("Page"),
        "bank": split_options("Bank"),
        "terms": split_options("Please pay within {days} days.|Payment terms: {days} days net."),
        "thanks": split_options("Thank you for your business."),
    },
    "de": {
        "title": split_options("RECHNUNG|Rechnung"),
        "number": split_options("Rechnungsnummer|Rechnungs-Nr.|Rechnung Nr."),
        "date": split_options("Rechnungsdatum|Datum"),
        "due": split_options("Fällig am|Zahlbar bis|Fälligkeitsdatum"),
        "buyer": split_options("Rechnungsempfänger|Kunde|Rechnungsadresse"),
        "po": split_options("Bestellnummer|Ihre Bestellung|Bestell-Nr."),
        "payref": split_options("Verwendungszweck|Zahlungsreferenz"),
        "vatid": split_options("USt-IdNr.|USt-ID|UID-Nr."),
        "desc": split_options("Beschreibung|Bezeichnung|Artikel"),
        "qty": split_options("Menge|Anz."),
        "unit": split_options("Einheit|ME"),
        "price": split_options("Einzelpreis|E-Preis"),
        "amount": split_options("Betrag|Gesamt|Gesamtpreis"),
        "net": split_options("Nettobetrag|Zwischensumme|Summe netto"),
        "vat": split_options("MwSt.|USt.|Umsatzsteuer"),
        "total": split_options("Gesamtbetrag|Rechnungsbetrag|Summe brutto|Zu zahlen"),
        "code": split_options("Art.-Nr.|Artikelnr."),
        "rate": split_options("USt %|MwSt %"),
        "base": split_options("Netto"),
        "summary": split_options("Steueraufstellung|USt-Übersicht"),
        "page": split_options("Seite"),
        "bank": split_options("Bank"),
        "terms": split_options(
            "Zahlbar innerhalb von {days} Tagen ohne Abzug.|Zahlungsziel: {days} Tage."
        ),
        "thanks": split_options("Vielen Dank für Ihren Auftrag."),
    },
    "fr": {
        "title": split_options("FACTURE|Facture"),
        "number": split_options("N° de facture|Facture n°|Numéro de facture"),
        "date": split_options("Date de facture|Date|Date d'émission"),
        "due": split_options("Date d'échéance|Échéance|À payer avant le"),
        "buyer": split_options("Client|Facturé à|Adresse de facturation"),
        "po": split_options("N° de commande|Bon de commande|Votre commande"),
        "payref": split_options("Référence de paiement|Référence"),
        "vatid": split_options("N° TVA intracommunautaire|N° TVA|TVA intracom."),
        "desc": split_options("Désignation|Description"),
        "qty": split_options("Qté|Quantité"),
        "unit": split_options("Unité"),
        "price": split_options("Prix unitaire|P.U. HT"),
        "amount": split_options("Montant HT|Total HT|Montant"),
        "net": split_options("Total HT|Montant HT|Sous-total HT"),
        "vat": split_options("TVA|Montant TVA"),
        "total": split_options("Total TTC|Net à payer|Montant TTC"),
        "code": split_options("Réf.|Code article"),
        "rate": split_options("TVA %|Taux"),
        "base": split_options("Base HT"),
        "summary": split_options("Récapitulatif TVA|Détail TVA"),
        "page": split_options("Page"),
        "bank": split_options("Banque"),
        "terms": split_options(
            "Paiement à {days} jours.|Conditions de paiement : {days} jours net."
        ),
        "thanks": split_options("Merci de votre confiance."),
    },
    "it": {
        "title": split_options("FATTURA|Fattura"),
        "number": split_options("Fattura n.|Numero fattura|N. fattura"),
        "date": split_options("Data fattura|Data|Data documento"),
        "due": split_options("Scadenza|Data scadenza|Pagamento entro"),
        "buyer": split_options("Cliente|Destinatario|Spett.le"),
        "po": split_options("Rif. ordine|Ordine n.|Vs. ordine"),
        "payref": split_options("Riferimento pagamento|Causale"),
        "vatid": split_options("Partita IVA|P.IVA|P. IVA"),
        "desc": split_options("Descrizione|Articolo"),
        "qty": split_options("Quantità|Q.tà"),
        "unit": split_options("U.M.|Unità"),
        "price": split_options("Prezzo unitario|Prezzo"),
        "amount": split_options("Importo|Totale"),
        "net": split_options("Imponibile|Totale imponibile"),
        "vat": split_options("IVA|Totale IVA"),
        "total": split_options("Totale|Totale documento|Totale da pagare"),
        "code": split_options("Codice|Cod. art."),
        "rate": split_options("IVA %|Aliquota"),
        "base": split_options("Imponibile"),
        "summary": split_options("Riepilogo IVA|Castelletto IVA"),
        "page": split_options("Pagina"),
        "bank": split_options("Banca"),
        "terms": split_options(
            "Pagamento a {days} giorni data fattura.|Termini di pagamento: {days} gg."
        ),
        "thanks": split_options("Grazie per la preferenza."),
    },
    "es": {
        "title": split_options("FACTURA|Factura"),
        "number": split_options("Nº factura|Número de factura|Factura nº"),
        "date": split_options("Fecha|Fecha de factura|Fecha de emisión"),
        "due": split_options("Vencimiento|Fecha de vencimiento"),
        "buyer": split_options("Cliente|Facturar a|Datos del cliente"),
        "po": split_options("Nº pedido|Pedido|Su pedido"),
        "payref": split_options("Referencia de pago|Referencia"),
        "vatid": split_options("NIF|CIF|NIF-IVA"),
        "desc": split_options("Descripción|Concepto"),
        "qty": split_options("Cantidad|Cant."),
        "unit": split_options("Unidad|Ud."),
        "price": split_options("Precio unitario|Precio"),
        "amount": split_options("Importe|Total"),
        "net": split_options("Base imponible|Subtotal"),
        "vat": split_options("IVA|Cuota IVA"),
        "total": split_options("Total|Total factura|Total a pagar"),
        "code": split_options("Código|Ref."),
        "rate": split_options("% IVA|Tipo"),
        "base": split_options("Base"),
        "summary": split_options("Desglose de IVA|Resumen IVA"),
        "page": split_options("Página"),
        "bank": split_options("Banco"),
        "terms": split_options("Pago a {days} días.|Forma de pago: transferencia a {days} días."),
        "thanks": split_options("Gracias por su confianza."),
    },
    "nl": {
        "title": split_options("FACTUUR|Factuur"),
        "number": split_options("Factuurnummer|Factuurnr.|Factuur nr."),
        "date": split_options("Factuurdatum|Datum"),
        "due": split_options("Vervaldatum|Uiterste betaaldatum"),
        "buyer": split_options("Klant|Factuuradres|Aan"),
        "po": split_options("Ordernummer|Uw referentie|Inkoopordernummer"),
        "payref": split_options("Betalingskenmerk|Kenmerk"),
        "vatid": split_options("BTW-nummer|Btw-nr.|BTW-id"),
        "desc": split_options("Omschrijving|Artikel"),
        "qty": split_options("Aantal"),
        "unit": split_options("Eenheid"),
        "price": split_options("Prijs per stuk|Stukprijs|Prijs"),
        "amount": split_options("Bedrag|Totaal"),
        "net": split_options("Subtotaal|Totaal excl. BTW"),
        "vat": split_options("BTW"),
        "total": split_options("Totaal|Totaal incl. BTW|Te betalen"),
        "code": split_options("Artikelnr.|Code"),
        "rate": split_options("BTW %|Btw"),
        "base": split_options("Grondslag"),
        "summary": split_options("BTW-specificatie|Btw-overzicht"),
        "page": split_options("Pagina"),
        "bank": split_options("Bank"),
        "terms": split_options("Betaling binnen {days} dagen.|Betalingstermijn: {days} dagen."),
        "thanks": split_options("Bedankt voor uw bestelling."),
    },
    "sl": {
        "title": split_options("RAČUN|Račun"),
        "number": split_options("Številka računa|Račun št.|Št. računa"),
        "date": split_options("Datum računa|Datum izdaje|Datum"),
        "due": split_options("Rok plačila|Datum zapadlosti|Zapadlost"),
        "buyer": split_options("Kupec|Prejemnik|Naročnik"),
        "po": split_options("Številka naročila|Naročilnica|Vaše naročilo"),
        "payref": split_options("Sklic|Referenca"),
        "vatid": split_options("ID za DDV|Identifikacijska številka za DDV|ID št. za DDV"),
        "desc": split_options("Opis|Naziv"),
        "qty": split_options("Količina|Kol."),
        "unit": split_options("EM|Enota"),
        "price": split_options("Cena na enoto|Cena"),
        "amount": split_options("Znesek|Vrednost"),
        "net": split_options("Skupaj brez DDV|Osnova"),
        "vat": split_options("DDV|Znesek DDV"),
        "total": split_options("Za plačilo|Skupaj z DDV|Skupaj"),
        "code": split_options("Šifra|Koda"),
        "rate": split_options("DDV %|Stopnja"),
        "base": split_options("Osnova"),
        "summary": split_options("Rekapitulacija DDV|Povzetek DDV"),
        "page": split_options("Stran"),
        "bank": split_options("Banka"),
        "terms": split_options("Rok plačila je {days} dni.|Plačilo v {days} dneh."),
        "thanks": split_options("Hvala za zaupanje."),
    },
}

MONTHS = {
    "en": split_options(
        "January|February|March|April|May|June|July|August|September|October|November|December"
    ),
    "de": split_options(
        "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
    ),
    "fr": split_options(
        "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    ),
    "it": split_options(
        "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre"
    ),
    "es": split_options(
        "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
    ),
    "nl": split_options(
        "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    ),
    "sl": split_options(
        "januarja|februarja|marca|aprila|maja|junija|julija|avgusta|septembra|oktobra|novembra|decembra"
    ),
}

UNITS = {
    "en": split_options("pcs|h|kg|ea|m"),
    "de": split_options("Stk.|Std.|kg|m|Pauschal"),
    "fr": split_options("pce|h|kg|m|forfait"),
    "it": split_options("pz|h|kg|m|nr"),
    "es": split_options("ud.|h|kg|m"),
    "nl": split_options("st.|uur|kg|m"),
    "sl": split_options("kos|ura|kg|m"),
}


@dataclass(frozen=True)
class Locale:
    """One country's way of writing an invoice."""

    code: str  # e.g. "de-AT"
    language: str  # a key of LABELS
    country: str  # ISO 3166 alpha-2, used for VAT ids and IBANs
    cities: str  # a key of words.CITIES
    vat_rates: tuple[Decimal, ...]
    currencies: tuple[tuple[str, str], ...]  # (ISO code, sign)
    number_styles: tuple[str, ...]  # keys of NUMBER_STYLES
    numeric_dates: tuple[str, ...]  # strftime patterns
    letter_paper: bool = False
    has_iban: bool = True
    has_vat_id: bool = True


def _d(*values: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


LOCALES: tuple[Locale, ...] = (
    Locale(
        "en-GB", "en", "GB", "en", _d("20", "5"), (("GBP", "£"),), ("en",), ("%d/%m/%Y", "%d.%m.%Y")
    ),
    Locale(
        "en-IE",
        "en",
        "IE",
        "en",
        _d("23", "13.5"),
        (("EUR", "€"),),
        ("en",),
        ("%d/%m/%Y", "%Y-%m-%d"),
    ),
    Locale(
        "en-US",
        "en",
        "US",
        "us",
        _d("8.25", "6"),
        (("USD", "$"),),
        ("en",),
        ("%m/%d/%Y",),
        letter_paper=True,
        has_iban=False,
        has_vat_id=False,
    ),
    Locale(
        "de-DE",
        "de",
        "DE",
        "de",
        _d("19", "7"),
        (("EUR", "€"),),
        ("de", "plain_comma"),
        ("%d.%m.%Y",),
    ),
    Locale("de-AT", "de", "AT", "de", _d("20", "10"), (("EUR", "€"),), ("de",), ("%d.%m.%Y",)),
    Locale("de-CH", "de", "CH", "ch", _d("8.1", "2.6"), (("CHF", "CHF"),), ("ch",), ("%d.%m.%Y",)),
    Locale(
        "fr-FR",
        "fr",
        "FR",
        "fr",
        _d("20", "10", "5.5"),
        (("EUR", "€"),),
        ("fr", "de"),
        ("%d/%m/%Y",),
    ),
    Locale(
        "it-IT",
        "it",
        "IT",
        "it",
        _d("22", "10", "4"),
        (("EUR", "€"),),
        ("de",),
        ("%d/%m/%Y", "%d-%m-%Y"),
    ),
    Locale(
        "es-ES",
        "es",
        "ES",
        "es",
        _d("21", "10", "4"),
        (("EUR", "€"),),
        ("de",),
        ("%d/%m/%Y", "%d-%m-%Y"),
    ),
    Locale(
        "nl-NL", "nl", "NL", "nl", _d("21", "9"), (("EUR", "€"),), ("de",), ("%d-%m-%Y", "%d/%m/%Y")
    ),
    Locale(
        "sl-SI",
        "sl",
        "SI",
        "sl",
        _d("22", "9.5"),
        (("EUR", "€"),),
        ("de",),
        ("%d.%m.%Y", "%d. %m. %Y"),
    ),
)

# Thousands separator, decimal separator.
NUMBER_STYLES = {
    "en": (",", "."),
    "de": (".", ","),
    "fr": (" ", ","),
    "ch": ("'", "."),
    "plain_comma": ("", ","),
    "plain_dot": ("", "."),
}


def format_amount(value: Decimal, style: str, places: int = 2) -> str:
    """A number as the style prints it: 1234.5 -> '1.234,50' for 'de'."""
    thousands, decimal_sep = NUMBER_STYLES[style]
    text = f"{abs(value):,.{places}f}"
    whole, _, frac = text.partition(".")
    whole = whole.replace(",", thousands)
    out = whole + (decimal_sep + frac if frac else "")
    return "-" + out if value < 0 else out


def format_quantity(value: Decimal, style: str) -> str:
    """Quantities print without decimals when whole, else with as few as needed (2.5, 0.75)."""
    if value == value.to_integral_value():
        return str(int(value))
    places = 1 if (value * 10) == (value * 10).to_integral_value() else 2
    return format_amount(value, style, places)


def format_date(day: dt.date, language: str, pattern: str | None, written_style: int) -> str:
    """A numeric date (``pattern``) or, when pattern is None, the day with the month's name."""
    if pattern is not None:
        return day.strftime(pattern)
    month = MONTHS[language][day.month - 1]
    if language == "en" and written_style:
        return f"{month} {day.day}, {day.year}"
    if language in ("de", "sl"):
        return f"{day.day}. {month} {day.year}"
    if language == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{day.day} {month} {day.year}"
