"""Parse embedded e-invoice XML into plain values: ZUGFeRD 1 (CrossIndustryDocument), ZUGFeRD 2 /
Factur-X / XRechnung CII (CrossIndustryInvoice) and UBL (Invoice, CreditNote).

Elements are found by local name, so every namespace version of a syntax reads the same. Parsing
is safe: no network, no entity expansion, no DTD, no huge trees. Values come out normalised
(numbers ``"1234.5000"``, dates ``YYYY-MM-DD``, strings cleaned as the page's words are and
whitespace-folded)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from lxml import etree
from lxml.etree import _Element

from paperwise.extraction.normalise import fold_whitespace, format_number
from paperwise.reading.clean_text import clean_text


@dataclass(frozen=True)
class EInvoiceLine:
    """One invoice line; ``values`` maps a line-item meaning to its normalised value."""

    values: dict[str, str]


@dataclass(frozen=True)
class EInvoiceTax:
    """One VAT breakdown entry: rate in percent, taxable base, tax (normalised numbers)."""

    rate: str | None
    basis: str | None
    tax: str | None


@dataclass(frozen=True)
class EInvoice:
    syntax: str  # "CII" (ZUGFeRD 2 / Factur-X / XRechnung CII), "ZUGFeRD1" or "UBL"
    header: dict[str, str] = field(default_factory=dict)  # meaning -> normalised value
    lines: list[EInvoiceLine] = field(default_factory=list)
    taxes: list[EInvoiceTax] = field(default_factory=list)


_LARGEST = Decimal(10) ** 15
_DIGITS8 = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_einvoice(xml: bytes) -> EInvoice | None:
    """The invoice data of one e-invoice XML document, or None when it is not one we read."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(xml, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    kind = etree.QName(root).localname
    if kind == "CrossIndustryInvoice":
        return _read_cii(root, "CII")
    if kind == "CrossIndustryDocument":
        return _read_cii(root, "ZUGFeRD1")
    if kind in ("Invoice", "CreditNote"):
        return _read_ubl(root)
    return None


# ---- element helpers --------------------------------------------------------------------------
def _children(el: _Element, name: str) -> list[_Element]:
    return [c for c in el if isinstance(c.tag, str) and etree.QName(c).localname == name]


def _path(el: _Element | None, *names: str) -> list[_Element]:
    """Every element reached from ``el`` by the chain of child local names."""
    found = [el] if el is not None else []
    for name in names:
        found = [c for parent in found for c in _children(parent, name)]
    return found


def _text(el: _Element | None, *names: str) -> str | None:
    for node in _path(el, *names):
        text = _own_text(node)
        if text:
            return text
    return None


def _descendants(el: _Element, name: str) -> list[_Element]:
    return [d for d in el.iter() if isinstance(d.tag, str) and etree.QName(d).localname == name]


def _number(text: str | None) -> str | None:
    """A finite decimal of sensible size, normalised; else None ("NaN", "1E+999", "abc")."""
    if text is None:
        return None
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or abs(value) >= _LARGEST:
        return None
    return format_number(value)


def _date(el: _Element | None, *names: str) -> str | None:
    for node in _path(el, *names):
        raw = _own_text(node) or ""
        m = _DIGITS8.match(raw)
        if m:
            return f"{m[1]}-{m[2]}-{m[3]}"
        m = _ISO_DATE.match(raw)
        if m:
            return f"{m[1]}-{m[2]}-{m[3]}"
    return None


def _put(target: dict[str, str], meaning: str, value: str | None) -> None:
    if value and meaning not in target:
        target[meaning] = value


def _address(lines: list[str | None], postcode: str | None, city: str | None) -> str | None:
    parts = [p for p in lines if p]
    town = " ".join(p for p in (postcode, city) if p)
    if town:
        parts.append(town)
    return ", ".join(parts) or None


# ---- CII (ZUGFeRD 1 and 2, Factur-X, XRechnung CII) -------------------------------------------
def _read_cii(root: _Element, syntax: str) -> EInvoice:
    header: dict[str, str] = {}
    doc = _first(root, "ExchangedDocument", "HeaderExchangedDocument")
    transaction = _first(
        root, "SupplyChainTradeTransaction", "SpecifiedSupplyChainTradeTransaction"
    )
    agreement = _first(
        transaction, "ApplicableHeaderTradeAgreement", "ApplicableSupplyChainTradeAgreement"
    )
    settlement = _first(
        transaction, "ApplicableHeaderTradeSettlement", "ApplicableSupplyChainTradeSettlement"
    )
    _put(header, "invoice_number", _text(doc, "ID"))
    _put(header, "issue_date", _date(doc, "IssueDateTime", "DateTimeString"))
    seller = _first(agreement, "SellerTradeParty")
    buyer = _first(agreement, "BuyerTradeParty")
    _put(header, "supplier_name", _text(seller, "Name"))
    _put(header, "buyer_name", _text(buyer, "Name"))
    if seller is not None:
        for reg in _path(seller, "SpecifiedTaxRegistration", "ID"):
            if reg.get("schemeID") == "VA":
                _put(header, "supplier_vat_id", _own_text(reg))
        addr = _first(seller, "PostalTradeAddress")
        _put(
            header,
            "supplier_address",
            _address(
                [_text(addr, "LineOne"), _text(addr, "LineTwo"), _text(addr, "LineThree")],
                _text(addr, "PostcodeCode"),
                _text(addr, "CityName"),
            ),
        )
    _put(
        header,
        "purchase_order_number",
        _text(agreement, "BuyerOrderReferencedDocument", "IssuerAssignedID")
        or _text(agreement, "BuyerOrderReferencedDocument", "ID"),
    )
    _put(header, "currency", _text(settlement, "InvoiceCurrencyCode"))
    _put(header, "payment_reference", _text(settlement, "PaymentReference"))
    for means in _path(settlement, "SpecifiedTradeSettlementPaymentMeans"):
        _put(header, "supplier_iban", _text(means, "PayeePartyCreditorFinancialAccount", "IBANID"))
    _put(
        header,
        "pay_due_date",
        _date(settlement, "SpecifiedTradePaymentTerms", "DueDateDateTime", "DateTimeString"),
    )
    summation = _first(
        settlement,
        "SpecifiedTradeSettlementHeaderMonetarySummation",
        "SpecifiedTradeSettlementMonetarySummation",
    )
    currency = header.get("currency")
    _put(header, "total_amount", _number(_text(summation, "GrandTotalAmount")))
    _put(header, "net_amount", _number(_text(summation, "TaxBasisTotalAmount")))
    _put(header, "tax_amount", _number(_amount_in(summation, "TaxTotalAmount", currency)))
    taxes = [
        EInvoiceTax(
            rate=_number(_text(tax, "RateApplicablePercent") or _text(tax, "ApplicablePercent")),
            basis=_number(_text(tax, "BasisAmount")),
            tax=_number(_text(tax, "CalculatedAmount")),
        )
        for tax in _path(settlement, "ApplicableTradeTax")
    ]
    lines = [_cii_line(item) for item in _descendants(root, "IncludedSupplyChainTradeLineItem")]
    return EInvoice(syntax, header, [ln for ln in lines if ln is not None], taxes)


def _first(el: _Element | None, *names: str) -> _Element | None:
    """The first child of ``el`` with the first of the names that has one."""
    if el is None:
        return None
    for name in names:
        found = _children(el, name)
        if found:
            return found[0]
    return None


def _amount_in(el: _Element | None, name: str, currency: str | None) -> str | None:
    """An amount element's text, preferring the one in the invoice currency when repeated."""
    nodes = _path(el, name)
    for node in nodes:
        if currency and node.get("currencyID") == currency:
            return _own_text(node)
    return _own_text(nodes[0]) if nodes else None


def _own_text(node: _Element) -> str | None:
    """The element's text, cleaned as the page's words are (XML may hold zero-width and C1
    control characters, and text not in NFC), whitespace folded; None when empty."""
    return fold_whitespace(clean_text("".join(node.itertext()))) or None


def _cii_line(item: _Element) -> EInvoiceLine | None:
    product = _first(item, "SpecifiedTradeProduct")
    agreement = _first(item, "SpecifiedLineTradeAgreement", "SpecifiedSupplyChainTradeAgreement")
    delivery = _first(item, "SpecifiedLineTradeDelivery", "SpecifiedSupplyChainTradeDelivery")
    settlement = _first(item, "SpecifiedLineTradeSettlement", "SpecifiedSupplyChainTradeSettlement")
    values: dict[str, str] = {}
    _put(values, "description", _text(product, "Name"))
    _put(values, "product_code", _text(product, "SellerAssignedID"))
    quantity = _first(delivery, "BilledQuantity")
    if quantity is not None:
        _put(values, "quantity", _number(_own_text(quantity)))
        _put(values, "unit", quantity.get("unitCode"))
    _put(
        values, "unit_price", _number(_text(agreement, "NetPriceProductTradePrice", "ChargeAmount"))
    )
    summation = _first(
        settlement,
        "SpecifiedTradeSettlementLineMonetarySummation",
        "SpecifiedTradeSettlementMonetarySummation",
    )
    _put(values, "amount", _number(_text(summation, "LineTotalAmount")))
    tax = _first(settlement, "ApplicableTradeTax")
    _put(
        values,
        "vat_rate",
        _number(_text(tax, "RateApplicablePercent") or _text(tax, "ApplicablePercent")),
    )
    if "description" not in values and "amount" not in values:
        return None  # a note-only line
    return EInvoiceLine(values)


# ---- UBL (XRechnung UBL, PEPPOL) ---------------------------------------------------------------
def _read_ubl(root: _Element) -> EInvoice:
    header: dict[str, str] = {}
    _put(header, "invoice_number", _text(root, "ID"))
    _put(header, "issue_date", _date(root, "IssueDate"))
    _put(
        header,
        "pay_due_date",
        _date(root, "DueDate") or _date(root, "PaymentMeans", "PaymentDueDate"),
    )
    _put(header, "currency", _text(root, "DocumentCurrencyCode"))
    _put(header, "purchase_order_number", _text(root, "OrderReference", "ID"))
    seller = _first(_first(root, "AccountingSupplierParty"), "Party")
    buyer = _first(_first(root, "AccountingCustomerParty"), "Party")
    for meaning, party in (("supplier_name", seller), ("buyer_name", buyer)):
        _put(
            header,
            meaning,
            _text(party, "PartyLegalEntity", "RegistrationName")
            or _text(party, "PartyName", "Name"),
        )
    for scheme in _path(seller, "PartyTaxScheme"):
        if (_text(scheme, "TaxScheme", "ID") or "VAT").upper() == "VAT":
            _put(header, "supplier_vat_id", _text(scheme, "CompanyID"))
    addr = _first(seller, "PostalAddress")
    _put(
        header,
        "supplier_address",
        _address(
            [_text(addr, "StreetName"), _text(addr, "AdditionalStreetName")],
            _text(addr, "PostalZone"),
            _text(addr, "CityName"),
        ),
    )
    for means in _path(root, "PaymentMeans"):
        _put(header, "payment_reference", _text(means, "PaymentID"))
        _put(header, "supplier_iban", _text(means, "PayeeFinancialAccount", "ID"))
    totals = _first(root, "LegalMonetaryTotal")
    _put(header, "total_amount", _number(_text(totals, "TaxInclusiveAmount")))
    _put(header, "net_amount", _number(_text(totals, "TaxExclusiveAmount")))
    currency = header.get("currency")
    taxes: list[EInvoiceTax] = []
    for total in _path(root, "TaxTotal"):
        amount = _first(total, "TaxAmount")
        if amount is not None and (not currency or amount.get("currencyID") in (None, currency)):
            _put(header, "tax_amount", _number(_own_text(amount)))
        for sub in _path(total, "TaxSubtotal"):
            taxes.append(
                EInvoiceTax(
                    rate=_number(_text(sub, "TaxCategory", "Percent")),
                    basis=_number(_text(sub, "TaxableAmount")),
                    tax=_number(_text(sub, "TaxAmount")),
                )
            )
    lines = [
        _ubl_line(item) for name in ("InvoiceLine", "CreditNoteLine") for item in _path(root, name)
    ]
    return EInvoice("UBL", header, lines, taxes)


def _ubl_line(item: _Element) -> EInvoiceLine:
    values: dict[str, str] = {}
    _put(values, "description", _text(item, "Item", "Name"))
    _put(values, "product_code", _text(item, "Item", "SellersItemIdentification", "ID"))
    for name in ("InvoicedQuantity", "CreditedQuantity"):
        quantity = _first(item, name)
        if quantity is not None:
            _put(values, "quantity", _number(_own_text(quantity)))
            _put(values, "unit", quantity.get("unitCode"))
    _put(values, "unit_price", _number(_text(item, "Price", "PriceAmount")))
    _put(values, "amount", _number(_text(item, "LineExtensionAmount")))
    _put(values, "vat_rate", _number(_text(item, "Item", "ClassifiedTaxCategory", "Percent")))
    return EInvoiceLine(values)
