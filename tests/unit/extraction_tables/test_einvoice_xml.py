"""Parsing embedded e-invoice XML: CII (ZUGFeRD 2 / Factur-X / XRechnung), ZUGFeRD 1, UBL,
and what is refused: other XML, broken XML, entity expansion."""

from paperwise.extraction.einvoice_xml import parse_einvoice

CII = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice
    xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocument>
    <ram:ID>471102</ram:ID>
    <ram:IssueDateTime><udt:DateTimeString format="102">20180305</udt:DateTimeString>
    </ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID>
      </ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct>
        <ram:SellerAssignedID>TB100A4</ram:SellerAssignedID>
        <ram:Name>Trennblätter
          A4</ram:Name>
      </ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement>
        <ram:NetPriceProductTradePrice><ram:ChargeAmount>9.9000</ram:ChargeAmount>
        </ram:NetPriceProductTradePrice>
      </ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery>
        <ram:BilledQuantity unitCode="H87">20.0000</ram:BilledQuantity>
      </ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:RateApplicablePercent>19.00</ram:RateApplicablePercent>
        </ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation>
          <ram:LineTotalAmount>198.00</ram:LineTotalAmount>
        </ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty>
        <ram:Name>Lieferant GmbH</ram:Name>
        <ram:PostalTradeAddress><ram:PostcodeCode>80333</ram:PostcodeCode>
          <ram:LineOne>Lieferantenstraße 20</ram:LineOne><ram:CityName>München</ram:CityName>
        </ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">201/113/40209</ram:ID>
        </ram:SpecifiedTaxRegistration>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID>
        </ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Kunden AG Mitte</ram:Name></ram:BuyerTradeParty>
      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>PO-7</ram:IssuerAssignedID>
      </ram:BuyerOrderReferencedDocument>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:PaymentReference>2018-471102</ram:PaymentReference>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans>
        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE02120300000000202051</ram:IBANID>
        </ram:PayeePartyCreditorFinancialAccount>
      </ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:ApplicableTradeTax>
        <ram:CalculatedAmount>37.62</ram:CalculatedAmount><ram:BasisAmount>198.00</ram:BasisAmount>
        <ram:RateApplicablePercent>19.00</ram:RateApplicablePercent>
      </ram:ApplicableTradeTax>
      <ram:SpecifiedTradePaymentTerms>
        <ram:DueDateDateTime><udt:DateTimeString format="102">20180404</udt:DateTimeString>
        </ram:DueDateDateTime>
      </ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:TaxBasisTotalAmount>198.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="USD">44.00</ram:TaxTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">37.62</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>235.62</ram:GrandTotalAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
""".encode()


def test_cii_header_lines_and_taxes() -> None:
    invoice = parse_einvoice(CII)
    assert invoice is not None and invoice.syntax == "CII"
    assert invoice.header == {
        "invoice_number": "471102",
        "issue_date": "2018-03-05",
        "pay_due_date": "2018-04-04",
        "supplier_name": "Lieferant GmbH",
        "buyer_name": "Kunden AG Mitte",
        "supplier_vat_id": "DE123456789",
        "supplier_address": "Lieferantenstraße 20, 80333 München",
        "purchase_order_number": "PO-7",
        "currency": "EUR",
        "payment_reference": "2018-471102",
        "supplier_iban": "DE02120300000000202051",
        "total_amount": "235.6200",
        "net_amount": "198.0000",
        "tax_amount": "37.6200",
    }
    assert [line.values for line in invoice.lines] == [
        {
            "description": "Trennblätter A4",
            "product_code": "TB100A4",
            "quantity": "20.0000",
            "unit": "H87",
            "unit_price": "9.9000",
            "amount": "198.0000",
            "vat_rate": "19.0000",
        }
    ]
    assert [(t.rate, t.basis, t.tax) for t in invoice.taxes] == [("19.0000", "198.0000", "37.6200")]


ZUGFERD1 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
  <rsm:HeaderExchangedDocument><ram:ID>KR87654321012</ram:ID>
    <ram:IssueDateTime><udt:DateTimeString format="102">20131006</udt:DateTimeString>
    </ram:IssueDateTime>
  </rsm:HeaderExchangedDocument>
  <rsm:SpecifiedSupplyChainTradeTransaction>
    <ram:ApplicableSupplyChainTradeAgreement>
      <ram:SellerTradeParty><ram:Name>MUSTERLIEFERANT GMBH</ram:Name></ram:SellerTradeParty>
    </ram:ApplicableSupplyChainTradeAgreement>
    <ram:ApplicableSupplyChainTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:ApplicableTradeTax><ram:CalculatedAmount>200.65</ram:CalculatedAmount>
        <ram:BasisAmount>1056.05</ram:BasisAmount><ram:ApplicablePercent>19.00</ram:ApplicablePercent>
      </ram:ApplicableTradeTax>
      <ram:SpecifiedTradeSettlementMonetarySummation>
        <ram:TaxBasisTotalAmount>1056.05</ram:TaxBasisTotalAmount>
        <ram:GrandTotalAmount>1256.70</ram:GrandTotalAmount>
      </ram:SpecifiedTradeSettlementMonetarySummation>
    </ram:ApplicableSupplyChainTradeSettlement>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:IncludedNote><ram:Content>Nur ein Hinweis
      </ram:Content></ram:IncludedNote></ram:AssociatedDocumentLineDocument>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:SpecifiedSupplyChainTradeDelivery>
        <ram:BilledQuantity unitCode="KWH">10000.0000</ram:BilledQuantity>
      </ram:SpecifiedSupplyChainTradeDelivery>
      <ram:SpecifiedSupplyChainTradeSettlement>
        <ram:ApplicableTradeTax><ram:ApplicablePercent>19.00</ram:ApplicablePercent>
        </ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementMonetarySummation>
          <ram:LineTotalAmount>520.00</ram:LineTotalAmount>
        </ram:SpecifiedTradeSettlementMonetarySummation>
      </ram:SpecifiedSupplyChainTradeSettlement>
      <ram:SpecifiedTradeProduct><ram:Name>Wirkarbeit HT</ram:Name></ram:SpecifiedTradeProduct>
    </ram:IncludedSupplyChainTradeLineItem>
  </rsm:SpecifiedSupplyChainTradeTransaction>
</rsm:CrossIndustryDocument>
"""


def test_zugferd1_skips_note_lines_and_reads_v1_paths() -> None:
    invoice = parse_einvoice(ZUGFERD1)
    assert invoice is not None and invoice.syntax == "ZUGFeRD1"
    assert invoice.header["invoice_number"] == "KR87654321012"
    assert invoice.header["total_amount"] == "1256.7000"
    assert [line.values["description"] for line in invoice.lines] == ["Wirkarbeit HT"]
    assert invoice.lines[0].values["vat_rate"] == "19.0000"
    assert [(t.rate, t.basis) for t in invoice.taxes] == [("19.0000", "1056.0500")]


UBL = b"""<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>R-2024-17</cbc:ID>
  <cbc:IssueDate>2024-03-04</cbc:IssueDate>
  <cbc:DueDate>2024-04-03</cbc:DueDate>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PostalAddress><cbc:StreetName>Hauptstr. 1</cbc:StreetName>
      <cbc:CityName>Berlin</cbc:CityName><cbc:PostalZone>10115</cbc:PostalZone>
    </cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>DE999999999</cbc:CompanyID>
      <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Seller AG</cbc:RegistrationName>
    </cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>Buyer Ltd</cbc:Name>
  </cac:PartyName></cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentMeans><cbc:PaymentID>R-2024-17</cbc:PaymentID>
    <cac:PayeeFinancialAccount><cbc:ID>DE75512108001245126199</cbc:ID></cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>
    <cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>
      <cac:TaxCategory><cbc:Percent>19</cbc:Percent></cac:TaxCategory></cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal><cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">119.00</cbc:TaxInclusiveAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:InvoicedQuantity unitCode="HUR">4</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Beratung</cbc:Name>
      <cac:ClassifiedTaxCategory><cbc:Percent>19</cbc:Percent></cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>
</Invoice>
"""


def test_ubl_invoice() -> None:
    invoice = parse_einvoice(UBL)
    assert invoice is not None and invoice.syntax == "UBL"
    header = invoice.header
    assert (header["supplier_name"], header["buyer_name"]) == ("Seller AG", "Buyer Ltd")
    assert (header["issue_date"], header["pay_due_date"]) == ("2024-03-04", "2024-04-03")
    assert (header["net_amount"], header["tax_amount"], header["total_amount"]) == (
        "100.0000",
        "19.0000",
        "119.0000",
    )
    assert header["supplier_address"] == "Hauptstr. 1, 10115 Berlin"
    assert header["supplier_iban"] == "DE75512108001245126199"
    assert invoice.lines[0].values == {
        "description": "Beratung",
        "quantity": "4.0000",
        "unit": "HUR",
        "unit_price": "25.0000",
        "amount": "100.0000",
        "vat_rate": "19.0000",
    }
    assert [(t.rate, t.basis) for t in invoice.taxes] == [("19.0000", "100.0000")]


def test_other_or_broken_xml_is_none() -> None:
    assert parse_einvoice(b"<html><body>no invoice</body></html>") is None
    assert parse_einvoice(b"<Invoice><unclosed></Invoice>") is None
    assert parse_einvoice(b"not xml at all") is None
    assert parse_einvoice(b"") is None


def test_entities_are_not_expanded() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY ext SYSTEM "file:///etc/passwd">
]>
<Invoice xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>&c;</cbc:ID><cbc:Note>&ext;</cbc:Note>
</Invoice>
"""
    invoice = parse_einvoice(bomb)
    assert invoice is None or "aaaa" not in invoice.header.get("invoice_number", "")
    assert invoice is None or "root:" not in repr(invoice)


def test_numbers_that_are_not_amounts_are_dropped() -> None:
    odd = UBL.replace(b">119.00<", b">NaN<").replace(
        b">100.00</cbc:TaxExclusiveAmount", b">1E+999</cbc:TaxExclusiveAmount"
    )
    invoice = parse_einvoice(odd)
    assert invoice is not None
    assert "total_amount" not in invoice.header and "net_amount" not in invoice.header


def test_strings_are_cleaned_as_the_page_words_are() -> None:
    # XML may carry zero-width and C1 control characters (as references or raw) and NFD text
    odd = (
        CII.decode()
        .replace("Lieferant GmbH", "Liefer&#x200B;ant&#xAD; &#x85;Gmb&#xFEFF;H \U0001f600")
        .replace("München", "Mu\u0308nchen")
        .replace(">471102<", ">4711&#x200D;02<")
    )
    invoice = parse_einvoice(odd.encode())
    assert invoice is not None
    assert invoice.header["supplier_name"] == "Lieferant GmbH \U0001f600"
    assert invoice.header["supplier_address"] == "Lieferantenstraße 20, 80333 München"
    assert invoice.header["invoice_number"] == "471102"
