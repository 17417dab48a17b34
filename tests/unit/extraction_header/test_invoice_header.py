"""Header fields of invoices built word by word: labels, layout, arithmetic and confidence."""

from paperwise.domain.document_types import INVOICE, DataType, DocumentType, FieldDef
from paperwise.domain.result import ExtractionResult
from paperwise.extraction.header import HeaderExtractor

from .conftest import index_of

ENGLISH = [
    (100, 110, "Acme Widgets Ltd | 12 High Street | London SW1A 1AA"),
    (100, 140, "Globex Corporation"),
    (100, 165, "1 Main Road"),
    (100, 190, "90210 Springfield"),
    (700, 140, "Invoice No.: INV-2024-0042"),
    (700, 165, "Invoice date: 15/03/2024"),
    (700, 190, "Due date: 14/04/2024"),
    (700, 215, "PO number: PO-7781"),
    (100, 400, "Widget"),
    (800, 400, "1,000.00"),
    (700, 600, "Subtotal"),
    (1000, 600, "1,000.00"),
    (700, 625, "VAT 20%"),
    (1000, 625, "200.00"),
    (700, 650, "Total due"),
    (1000, 650, "GBP 1,200.00"),
    (100, 800, "IBAN: GB82 WEST 1234 5698 7654 32"),
    (100, 825, "VAT number: GB123456789"),
    (100, 850, "Payment reference: RF18 5390 0754 7034"),
]


def _extract(doc_placed, make_doc, doctype: DocumentType = INVOICE) -> ExtractionResult:
    doc = make_doc(doc_placed)
    return ExtractionResult(HeaderExtractor(index_of(doc)).results(doctype.fields))


def test_every_field_in_order_with_values(make_doc) -> None:
    result = _extract(ENGLISH, make_doc)
    assert [f.name for f in result.fields] == [f.name for f in INVOICE.fields]
    assert result.best_value("supplier_name") == "Acme Widgets Ltd"
    assert result.best_value("buyer_name") == "Globex Corporation"
    assert result.best_value("invoice_number") == "INV-2024-0042"
    assert result.best_value("issue_date") == "2024-03-15"
    assert result.best_value("pay_due_date") == "2024-04-14"
    assert result.best_value("purchase_order_number") == "PO-7781"
    assert result.best_value("currency") == "GBP"
    assert result.best_value("supplier_iban") == "GB82WEST12345698765432"
    assert result.best_value("supplier_vat_id") == "GB123456789"
    assert result.best_value("payment_reference") == "RF18 5390 0754 7034"


def test_arithmetic_confirms_amounts_and_raises_confidence(make_doc) -> None:
    result = _extract(ENGLISH, make_doc)
    for name, value in (("total_amount", "1200.0000"), ("net_amount", "1000.0000"),
                        ("tax_amount", "200.0000")):  # fmt: skip
        field = result.field(name)
        assert field is not None and field.best is not None
        assert field.best.value == value
        assert field.best.confidence >= 0.9
        assert field.best.box is not None and field.best.box.x >= 1000


def test_amounts_that_do_not_add_up_score_lower(make_doc) -> None:
    broken = [p if p[2] != "200.00" else (1000, 625, "150.00") for p in ENGLISH]
    result = _extract(broken, make_doc)
    total = result.field("total_amount")
    assert total is not None and total.best is not None
    assert total.best.confidence < 0.9


def test_german_labels_and_number_format(make_doc) -> None:
    placed = [
        (100, 110, "Muster GmbH · Hauptstraße 5 · 80333 München"),
        (100, 140, "Kunde AG"),
        (700, 140, "Rechnungsnummer: RE-881"),
        (700, 165, "Rechnungsdatum: 5. März 2024"),
        (700, 600, "Nettobetrag"),
        (1000, 600, "1.234,50"),
        (700, 625, "MwSt. 19 %"),
        (1000, 625, "234,56"),
        (700, 650, "Gesamtbetrag"),
        (1000, 650, "1.469,06 €"),
    ]
    result = _extract(placed, make_doc)
    assert result.best_value("supplier_name") == "Muster GmbH"
    assert result.best_value("buyer_name") == "Kunde AG"
    assert result.best_value("invoice_number") == "RE-881"
    assert result.best_value("issue_date") == "2024-03-05"
    assert result.best_value("net_amount") == "1234.5000"
    assert result.best_value("tax_amount") == "234.5600"
    assert result.best_value("total_amount") == "1469.0600"
    assert result.best_value("currency") == "EUR"


def test_value_under_its_column_heading(make_doc) -> None:
    placed = [
        (100, 100, "Facture n°"),
        (400, 100, "Date de facture"),
        (100, 125, "FA-2017-0009"),
        (400, 125, "05/11/2017"),
    ]
    result = _extract(placed, make_doc)
    assert result.best_value("invoice_number") == "FA-2017-0009"
    assert result.best_value("issue_date") == "2017-11-05"


def test_ambiguous_date_scores_lower_than_a_clear_one(make_doc) -> None:
    clear = _extract([(100, 100, "Invoice date: 15/03/2024")], make_doc).field("issue_date")
    ambiguous = _extract([(100, 100, "Invoice date: 03/04/2024")], make_doc).field("issue_date")
    assert clear is not None and clear.best is not None
    assert ambiguous is not None and ambiguous.best is not None
    assert ambiguous.best.value == "2024-04-03"
    assert [v.value for v in ambiguous.ranked()][:2] == ["2024-04-03", "2024-03-04"]
    assert ambiguous.best.confidence < clear.best.confidence


def test_iban_with_a_wrong_check_digit_is_not_offered(make_doc) -> None:
    result = _extract([(100, 100, "IBAN: GB83 WEST 1234 5698 7654 32")], make_doc)
    field = result.field("supplier_iban")
    assert field is not None and field.values == []


def test_fields_of_unknown_meaning_are_empty_and_types_are_respected(make_doc) -> None:
    doctype = DocumentType(
        name="custom",
        fields=(
            FieldDef("supplier_name", DataType.AUTHOR),
            FieldDef("favourite_colour", DataType.STRING),
            FieldDef("number", DataType.STRING),
            FieldDef("grand", DataType.NUMBER, hint="total_amount"),
        ),
    )
    result = _extract(ENGLISH, make_doc, doctype)
    assert [f.name for f in result.fields] == [
        "supplier_name",
        "favourite_colour",
        "number",
        "grand",
    ]
    colour = result.field("favourite_colour")
    assert colour is not None and colour.values == []
    assert result.best_value("number") == "INV-2024-0042"
    assert result.best_value("grand") == "1200.0000"


def test_us_address_reads_numeric_dates_month_first(make_doc) -> None:
    placed = [
        (100, 110, "Acme Inc. | 1 Main St | Springfield, IL 62701"),
        (700, 140, "Invoice date: 03/04/2024"),
    ]
    assert _extract(placed, make_doc).best_value("issue_date") == "2024-03-04"


def test_column_with_a_row_per_rate_takes_its_sum_row(make_doc) -> None:
    placed = [
        (400, 500, "Nettobetrag"),
        (600, 500, "MwSt-Betrag"),
        (800, 500, "Endbetrag"),
        (400, 525, "100,00"),
        (600, 525, "19,00"),
        (800, 525, "119,00"),
        (400, 550, "50,00"),
        (600, 550, "3,50"),
        (800, 550, "53,50"),
        (400, 575, "150,00"),
        (600, 575, "22,50"),
        (800, 575, "172,50"),
    ]
    result = _extract(placed, make_doc)
    assert result.best_value("net_amount") == "150.0000"
    assert result.best_value("tax_amount") == "22.5000"
    assert result.best_value("total_amount") == "172.5000"


def test_label_broken_by_a_space_is_still_found(make_doc) -> None:
    placed = [
        (100, 500, "Netto"),
        (400, 500, "100,00"),
        (100, 525, "Br uttosumme"),
        (400, 525, "119,00"),
        (100, 550, "MwSt"),
        (400, 550, "19,00"),
    ]
    assert _extract(placed, make_doc).best_value("total_amount") == "119.0000"


def test_brand_letterhead_takes_the_legal_name_from_the_footer(make_doc) -> None:
    from paperwise.domain.document_types import INVOICE
    from paperwise.domain.result import ExtractionResult
    from paperwise.extraction.header import HeaderExtractor

    doc = make_doc(
        [
            (540, 90, "ARCO"),
            (540, 145, "115 rue de la Paix"),
            (540, 168, "75002 Paris"),
            (540, 190, "Tél.: +36 68 5665978"),
            (100, 400, "Facture n° R2342716"),
            (100, 1597, "Arco Bâtiment SARL"),
        ]
    )
    result = ExtractionResult(HeaderExtractor(index_of(doc)).results(INVOICE.fields))
    assert result.best_value("supplier_name") == "Arco Bâtiment SARL"
    assert result.best_value("supplier_address") == "115 rue de la Paix 75002 Paris"


def _header(placed, make_doc):
    from paperwise.domain.document_types import INVOICE
    from paperwise.domain.result import ExtractionResult
    from paperwise.extraction.header import HeaderExtractor

    doc = make_doc(placed)
    return ExtractionResult(HeaderExtractor(index_of(doc)).results(INVOICE.fields))


def test_addressee_after_a_salutation_is_the_buyer(make_doc) -> None:
    result = _header(
        [
            (148, 149, "Muster Versicherung AG"),
            (148, 220, "Herrn"),
            (148, 244, "Max Mustermann"),
            (148, 268, "Musterstr. 11"),
            (148, 292, "12346 Musterhausen"),
        ],
        make_doc,
    )
    assert result.best_value("buyer_name") == "Herrn Max Mustermann"


def test_recipient_block_without_header_is_the_buyer_not_the_delivery_address(make_doc) -> None:
    result = _header(
        [
            (232, 66, "Au moulin SARL - 12 chemin de l'olive - 84340 Malaucène - France"),
            (65, 191, "Facture FA-2017-0010"),
            (77, 257, "Adresse de livraison"),
            (77, 282, "Entrepôt Nord"),
            (77, 306, "5 rue du Port"),
            (77, 330, "59000 Lille"),
            (680, 257, "Ma jolie boutique"),
            (680, 282, "35 rue de la République"),
            (680, 306, "69001 Lyon"),
        ],
        make_doc,
    )
    assert result.best_value("buyer_name") == "Ma jolie boutique"
    assert result.best_value("supplier_name") == "Au moulin SARL"


def test_customer_details_header_names_the_buyer(make_doc) -> None:
    result = _header(
        [
            (888, 103, "Auroraline S.A."),
            (987, 145, "Calle Mayor, 120"),
            (987, 168, "48001 Bilbao"),
            (104, 300, "Datos del cliente:"),
            (104, 324, "FalkPoint Servicios S.A."),
            (104, 349, "Calle Real, 148"),
            (104, 374, "28013 Madrid"),
        ],
        make_doc,
    )
    assert result.best_value("buyer_name") == "FalkPoint Servicios S.A."


def test_due_date_from_payment_terms_when_none_is_printed(make_doc) -> None:
    result = _header(
        [
            (100, 100, "Acme Widgets Ltd"),
            (700, 140, "Invoice No.: INV-7"),
            (700, 165, "Invoice date: 15/03/2024"),
            (100, 900, "Please pay within 30 days."),
        ],
        make_doc,
    )
    due = result.field("pay_due_date")
    assert due is not None and due.best is not None
    assert due.best.value == "2024-04-14"
    assert due.best.confidence < 0.9  # derived, not printed


def test_early_payment_discount_is_not_the_payment_term(make_doc) -> None:
    result = _header(
        [
            (700, 165, "Invoice date: 15/03/2024"),
            (100, 900, "Payment: 2 % discount within 10 days"),
        ],
        make_doc,
    )
    assert result.best_value("pay_due_date") is None


def test_reference_column_ends_before_the_currency(make_doc) -> None:
    result = _header(
        [
            (700, 140, "Payment reference"),
            (700, 165, "RF86 1164 3688 70 EUR"),
        ],
        make_doc,
    )
    assert result.best_value("payment_reference") == "RF86 1164 3688 70"


def test_negative_amount_broken_after_its_minus_rejoins_it(make_doc) -> None:
    # a narrow cell wraps "-1,12" after the minus: the sign ends the label's line
    credit_note = [
        (100, 110, "Muster GmbH"),
        (700, 140, "Rechnungskorrektur Nr. RK-12"),
        (600, 600, "Rechnungssumme ohne USt."),
        (1000, 600, "-7,67"),
        (600, 625, "Steuerbetrag in EUR"),
        (1040, 625, "-"),
        (1000, 646, "1,12"),
        (600, 670, "Bruttosumme"),
        (1000, 670, "-8,79"),
        (600, 700, "Rabatt"),
        (1040, 700, "-"),
        (600, 725, "Zahlbetrag"),
        (1000, 725, "-8,79"),
    ]
    result = _extract(credit_note, make_doc)
    assert result.best_value("tax_amount") == "-1.1200"
    assert result.best_value("total_amount") == "-8.7900"  # "-" over a labelled line is a nil


def test_amount_with_its_decimal_comma_read_as_a_stop(make_doc) -> None:
    dutch = [
        (700, 600, "Totaal excl. BTW € 3.225.21"),  # OCR of '3.225,21'
        (700, 625, "BTW 21 % € 14,40"),
        (700, 650, "BTW 9 % € 284,10"),
        (700, 675, "Totaal € 3.523,71"),
    ]
    result = _extract(dutch, make_doc)
    assert result.best_value("net_amount") == "3225.2100"
    assert result.best_value("tax_amount") == "298.5000"


def test_title_on_the_letterhead_name_row_is_not_part_of_the_name(make_doc) -> None:
    letterhead = [
        (100, 89, "Gebäudereinigung Scholz UG (haftungsbeschränkt) RECHNUNG"),
        (100, 131, "Lindenstraße 15"),
        (100, 154, "04109 Leipzig"),
        (700, 154, "Beleg-Nr. H484665"),
        (100, 300, "Lehmann Spedition e.K."),
        (100, 323, "Lindenstraße 98"),
        (100, 349, "80331 München"),
    ]
    result = _extract(letterhead, make_doc)
    assert result.best_value("supplier_name") == "Gebäudereinigung Scholz UG (haftungsbeschränkt)"


def test_date_of_a_related_invoice_is_not_the_issue_date(make_doc) -> None:
    result = _header(
        [
            (100, 100, "LE FOURNISSEUR SARL"),
            (700, 100, "FACTURE N° : F20220023"),
            (700, 125, "Date :"),
            (900, 125, "31/01/2022"),
            (100, 600, "N° DE FACTURE ASSOCIÉE : F20220003"),
            (100, 625, "DATE DE FACTURE ASSOCIÉE : 01/01/2022"),
            (100, 650, "Original invoice date: 15/12/2021"),
        ],
        make_doc,
    )
    assert result.best_value("issue_date") == "2022-01-31"
    assert result.best_value("invoice_number") == "F20220023"


def test_totals_heading_row_over_its_values_past_a_paragraph_beside_it(make_doc) -> None:
    result = _header(
        [
            (100, 1300, "Tout retard de paiement engendre une pénalité de trois fois le taux"),
            (800, 1340, "TOTAL HT"),
            (950, 1340, "TOTAL TVA"),
            (1100, 1340, "TOTAL TTC"),
            (100, 1362, "d'intérêt légal."),
            (810, 1385, "100,00"),
            (960, 1385, "0,00"),
            (1110, 1385, "100,00"),
            (100, 1410, "Indemnité forfaitaire pour frais de recouvrement : 40 €."),
            (900, 1440, "Montant déjà payé :"),
            (1110, 1440, "10,00"),
            (800, 1500, "NET A PAYER"),
            (1000, 1500, "90,00 EUR"),
        ],
        make_doc,
    )
    assert result.best_value("net_amount") == "100.0000"
    assert result.best_value("total_amount") == "100.0000"


def test_totals_named_as_in_en_16931(make_doc) -> None:
    result = _header(
        [
            (150, 700, "Line Total Amount"),
            (1000, 700, "€135.00"),
            (150, 730, "Allowance (Tax: 19.00%): Discount"),
            (1000, 730, "- €13.50"),
            (150, 760, "Net Total Amount"),
            (1000, 760, "€121.50"),
            (150, 790, "Value Added Tax (19.00% of €121.50)"),
            (1000, 790, "€23.09"),
            (150, 820, "Gross Total Amount"),
            (1000, 820, "€144.59"),
            (150, 850, "Rounding Amount"),
            (1000, 850, "€0.01"),
        ],
        make_doc,
    )
    assert result.best_value("net_amount") == "121.5000"
    assert result.best_value("tax_amount") == "23.0900"
    assert result.best_value("total_amount") == "144.5900"


def test_a_keyed_row_under_a_totals_column_is_not_part_of_it(make_doc) -> None:
    result = _header(
        [
            (800, 1340, "TOTAL HT"),
            (950, 1340, "TOTAL TVA"),
            (1100, 1340, "TOTAL TTC"),
            (100, 1362, "de trois fois le taux d'intérêt légal."),
            (810, 1385, "100,00"),
            (960, 1385, "10,00"),
            (1110, 1385, "110,00"),
            (950, 1410, "Acompte : 10,00"),
            (800, 1440, "NET A PAYER"),
            (1000, 1440, "100,00 EUR"),
        ],
        make_doc,
    )
    assert result.best_value("net_amount") == "100.0000"
    assert result.best_value("tax_amount") == "10.0000"
    assert result.best_value("total_amount") == "110.0000"


def test_taxes_in_the_plural_label_the_tax_row(make_doc) -> None:
    for label in ("Taxes", "Sales Taxes"):
        result = _header(
            [
                (850, 500, "Subtotal"),
                (1050, 500, "100.00"),
                (850, 525, label),
                (1050, 525, "8.00"),
                (850, 550, "Total"),
                (1050, 550, "108.00"),
            ],
            make_doc,
        )
        assert result.best_value("tax_amount") == "8.0000"
