"""Item-table layouts of other invoice generators: column titles beside a description title, codes
set before descriptions, descriptions wrapped over several lines with notes below them, rows
whose numbers sit in the middle of their text, and the totals printed right under the items."""

from paperwise.domain.document_types import INVOICE
from paperwise.extraction.layout import document_lines
from paperwise.extraction.line_items import extract_line_items
from paperwise.extraction.table_columns import column_meaning
from paperwise.reading.model import ReadDocument

from .conftest import MakeDoc, right_at


def _rows(doc: ReadDocument) -> list[dict[str, str | None]]:
    results = extract_line_items(document_lines(doc.pages), INVOICE.line_item_fields)
    return [{f.name: (f.best.value if f.best else None) for f in row} for row in results]


def _described(doc: ReadDocument) -> list[tuple[str | None, str | None]]:
    return [(r["description"], r["amount"]) for r in _rows(doc)]


def test_item_title_beside_a_product_title_heads_the_code(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Item"),
            (220, 300, "Product"),
            (600, 300, "Quantity"),
            (760, 300, "Unit Price"),
            (1000, 300, "Total"),
            (100, 340, "A-100"),
            (220, 340, "Garden hose"),
            right_at(680, 340, "2"),
            right_at(860, 340, "12.50"),
            right_at(1100, 340, "25.00"),
        ]
    )
    rows = _rows(doc)
    assert [(r["product_code"], r["description"], r["amount"]) for r in rows] == [
        ("A-100", "Garden hose", "25.0000")
    ]


def test_a_title_saying_description_wins_over_a_loose_one(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Ligne"),
            (170, 300, "Ligne, Article"),
            (420, 300, "Nom & Désignation"),
            (700, 300, "P.U. HT"),
            (850, 300, "Qté"),
            (1000, 300, "Total HT"),
            (100, 340, "1"),
            (170, 340, "ART_1254"),
            (420, 340, "Fournitures papier"),
            right_at(780, 340, "10,00"),
            right_at(890, 340, "3,00"),
            right_at(1100, 340, "30,00"),
        ]
    )
    rows = _rows(doc)
    assert [(r["product_code"], r["description"], r["amount"]) for r in rows] == [
        ("ART_1254", "Fournitures papier", "30.0000")
    ]


def test_a_position_title_beside_a_description_title_counts_rows(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Position"),
            (260, 300, "Bezeichnung"),
            (600, 300, "Menge"),
            (760, 300, "Einzelpreis"),
            (1000, 300, "Gesamtpreis"),
            (120, 340, "1"),
            (260, 340, "Gartenschlauch"),
            right_at(650, 340, "2"),
            right_at(860, 340, "12,50"),
            right_at(1100, 340, "25,00"),
        ]
    )
    rows = _rows(doc)
    assert [(r["product_code"], r["description"], r["amount"]) for r in rows] == [
        (None, "Gartenschlauch", "25.0000")
    ]


def test_french_product_and_tax_titles() -> None:
    assert column_meaning("Produit") == "description"
    assert column_meaning("Prodotto") == "description"
    assert column_meaning("Taxe") == "vat_rate"
    assert column_meaning("Allowances / Charges") == "discount"


def test_titles_of_rates_codes_and_periods() -> None:
    assert column_meaning("VAT Rate") == column_meaning("Tax rate") == "vat_rate"
    assert column_meaning("Rate") == column_meaning("Hourly rate") == "unit_price"
    assert column_meaning("Item #") == column_meaning("Article No.") == "product_code"
    assert column_meaning("Nº") == "position"
    assert column_meaning("Goods") == "description"
    # a period column keeps its dates out of the description beside it
    assert column_meaning("Leistungszeitraum") == column_meaning("Billing period") == "date"


def test_code_set_off_by_a_dash_before_the_description(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Pos."),
            (180, 300, "Product"),
            (600, 300, "Quantity"),
            (760, 300, "Unit Price"),
            (1000, 300, "Total"),
            (100, 340, "1"),
            (180, 340, "GG-SCRW-A4-01 - High-Grade Screws"),
            right_at(680, 340, "5"),
            right_at(860, 340, "18.00"),
            right_at(1100, 340, "90.00"),
            (100, 380, "2"),
            (180, 380, "Tea - green, loose"),  # a dash inside a description: no code before it
            right_at(680, 380, "1"),
            right_at(860, 380, "4.00"),
            right_at(1100, 380, "4.00"),
        ]
    )
    rows = _rows(doc)
    assert [(r["product_code"], r["description"]) for r in rows] == [
        ("GG-SCRW-A4-01", "High-Grade Screws"),
        (None, "Tea - green, loose"),
    ]


REFERENCED_TABLE = [
    (100, 300, "Pos"),
    (200, 300, "Referenzen"),
    (500, 300, "Beschreibung"),
    (720, 300, "Nettopreis"),
    (880, 300, "Menge"),
    (1000, 300, "Nettobetrag"),
]


def test_a_key_and_value_in_another_column_leave_the_description_going(
    make_doc: MakeDoc,
) -> None:
    doc = make_doc(
        [
            *REFERENCED_TABLE,
            (100, 340, "1"),
            (200, 340, "Art-Nr-Kunde: SE_KR"),
            (500, 340, "Kunstrasen grün 3m"),
            right_at(820, 340, "3,3333"),
            right_at(930, 340, "3"),
            right_at(1110, 340, "10,00"),
            (200, 360, "Art-Nr-Lieferant: KR3M"),
            (500, 360, "breit"),
            (500, 384, "Bruttopreis: 4,00"),  # a note on the row, in the description's column
            (500, 404, "Kunststoff"),
        ]
    )
    assert _described(doc) == [("Kunstrasen grün 3m breit", "10.0000")]


def test_a_numbered_line_does_not_continue_the_row_above(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            *REFERENCED_TABLE,
            (500, 340, "Schweinesteak"),
            right_at(820, 340, "5,50"),
            right_at(930, 340, "1"),
            right_at(1110, 340, "5,50"),
            (100, 362, "2"),
            (500, 362, "Bestellt wurden 5 kg, geliefert 1 kg"),
        ]
    )
    assert _described(doc) == [("Schweinesteak", "5.5000")]


def test_a_code_broken_at_a_hyphen_joins_the_next_line(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            *REFERENCED_TABLE,
            (100, 340, "1"),
            (500, 340, "GWDSTG-DIN976-"),
            right_at(820, 340, "2,06"),
            right_at(930, 340, "25"),
            right_at(1110, 340, "51,50"),
            (500, 360, "A-4.8-(A2K)-M10"),
            (100, 400, "2"),
            (500, 400, "Verkaufs-"),
            right_at(820, 400, "1,00"),
            right_at(930, 400, "1"),
            right_at(1110, 400, "1,00"),
            (500, 420, "und Lieferbedingungen"),  # a word left open before a lower-case one
        ]
    )
    assert _described(doc) == [
        ("GWDSTG-DIN976-A-4.8-(A2K)-M10", "51.5000"),
        ("Verkaufs- und Lieferbedingungen", "1.0000"),
    ]


def test_a_number_ending_a_wrapped_description_line_stays_in_it(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Pos"),
            (200, 300, "Beschreibung"),
            (700, 300, "Nettopreis"),
            (860, 300, "Menge"),
            (1000, 300, "Nettobetrag"),
            (100, 340, "1"),
            (200, 340, "Pflasterdecke aus"),
            right_at(800, 340, "20,00"),
            right_at(910, 340, "250"),
            right_at(1110, 340, "5.000,00"),
            (200, 360, "Beton, Dicke 80"),  # under no title, well left of the prices
            (200, 380, "mm, verlegt"),
        ]
    )
    assert _described(doc) == [("Pflasterdecke aus Beton, Dicke 80 mm, verlegt", "5000.0000")]


CHARGED_TABLE = [
    (100, 300, "Désignation"),
    (560, 300, "P.U. HT"),
    (700, 300, "Unité"),
    (790, 300, "Qté"),
    (1000, 300, "Total HT"),
]


def test_charges_after_priced_items_are_no_items(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            *CHARGED_TABLE,
            (100, 340, "Prestation support"),
            right_at(640, 340, "60,00"),
            (700, 340, "PCE"),
            right_at(830, 340, "1,00"),
            right_at(1100, 340, "60,00"),
            (100, 380, "Fournitures papier"),
            right_at(640, 380, "10,00"),
            (700, 380, "PCE"),
            right_at(830, 380, "3,00"),
            right_at(1100, 380, "30,00"),
            # allowances and charges on the whole invoice: a rate of a base, not price and count
            (100, 440, "Remise commerciale"),
            (580, 440, "5,00% sur 100,00 EUR"),
            right_at(1100, 440, "-5,00"),
            (100, 480, "Frais de déplacement"),
            (580, 480, "10,00% sur 100,00 EUR"),
            right_at(1100, 480, "10,00"),
        ]
    )
    assert _described(doc) == [
        ("Prestation support", "60.0000"),
        ("Fournitures papier", "30.0000"),
    ]


def test_a_total_printed_under_the_quantities_is_no_description(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "SKU"),
            (220, 300, "Description"),
            (700, 300, "Qty"),
            (860, 300, "Unit Price"),
            (1040, 300, "Total"),
            (100, 340, "D9246"),
            (220, 340, "Paper A4 80g"),
            right_at(740, 340, "3"),
            right_at(960, 340, "2,100.00"),
            right_at(1100, 340, "6,300.00"),
            (100, 362, "Total excl. VAT"),  # printed right below the last row
            right_at(600, 362, "6,300.00 $"),
            (100, 384, "VAT 8.25 %"),
            right_at(600, 384, "519.75 $"),
        ]
    )
    assert _described(doc) == [("Paper A4 80g", "6300.0000")]


CENTRED_TABLE = [
    (100, 300, "#"),
    (150, 300, "Positionsbeschreibung"),
    (560, 300, "Artikelnummer"),
    (720, 300, "Menge"),
    (860, 300, "Preis"),
    (1020, 300, "Netto"),
]


def _centred_row(
    y: float, number: str, name: str, detail: str, figures: list[str]
) -> list[tuple[float, float, str]]:
    """A row whose figures sit on the middle of three lines: its name above, a detail below."""
    quantity, price, amount = figures
    return [
        (150, y, name),
        (560, y, f"{number}0"),
        (100, y + 13, number),
        right_at(770, y + 13, quantity),
        right_at(910, y + 13, price),
        right_at(1070, y + 13, amount),
        (150, y + 26, detail),
        (560, y + 26, f"77{number}1231873598"),
    ]


def test_text_printed_above_its_numbers_names_the_row_below(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            *CENTRED_TABLE,
            *_centred_row(
                340, "1", "GWDSTG-DIN976-A-4.8", "Gewindestange", ["25", "2,06", "51,50"]
            ),
            *_centred_row(
                390, "2", "MUELLSACK-BLAU-700X1100", "Müllsack", ["150", "0,49", "73,50"]
            ),
            *_centred_row(440, "3", "KAFFEE-ESPRESSO-1KG", "Kaffee", ["2", "18,90", "37,80"]),
        ]
    )
    assert _described(doc) == [
        ("GWDSTG-DIN976-A-4.8", "51.5000"),
        ("MUELLSACK-BLAU-700X1100", "73.5000"),
        ("KAFFEE-ESPRESSO-1KG", "37.8000"),
    ]


def test_a_description_wrapped_below_its_numbers_stays_with_them(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            *CENTRED_TABLE,
            (150, 340, "Joghurt Banane"),
            right_at(770, 340, "50"),
            right_at(910, 340, "5,50"),
            right_at(1070, 340, "275,00"),
            (150, 360, "laktosefrei"),
            (150, 400, "Trennblätter A4"),
            right_at(770, 400, "20"),
            right_at(910, 400, "9,90"),
            right_at(1070, 400, "198,00"),
        ]
    )
    assert _described(doc) == [
        ("Joghurt Banane laktosefrei", "275.0000"),
        ("Trennblätter A4", "198.0000"),
    ]


def test_a_discount_beside_the_text_above_the_numbers_keeps_the_text(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Désignation"),
            (560, 300, "P.U. HT"),
            (700, 300, "Qté"),
            (820, 300, "Remise"),
            (1000, 300, "Total HT"),
            (100, 340, "Prestation support"),
            right_at(900, 340, "-1,00"),  # under its own title: part of the row
            right_at(640, 353, "60,00"),
            right_at(740, 353, "1,00"),
            right_at(1100, 353, "59,00"),
        ]
    )
    assert _described(doc) == [("Prestation support", "59.0000")]


def test_a_total_sentence_with_a_rate_under_the_prices_is_no_item(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (110, 300, "Item"),
            (750, 300, "Hrs/Qty"),
            (940, 300, "Price"),
            (1086, 300, "Total"),
            (110, 340, "Copywriting"),
            right_at(817, 340, "8"),
            right_at(984, 340, "52.47"),
            right_at(1130, 340, "419.76"),
            (110, 366, "Consulting"),
            right_at(817, 366, "2"),
            right_at(984, 366, "63.38"),
            right_at(1130, 366, "126.76"),
            # "20%" under the prices is no price, "GBP 656.61" under the counts no count
            (632, 414, "Invoice total GBP 656.61 incl. 20% VAT"),
            right_at(1136, 414, "(109.43)"),
        ]
    )
    assert _described(doc) == [("Copywriting", "419.7600"), ("Consulting", "126.7600")]


def test_a_unit_in_lower_case_beside_the_quantity_is_no_currency() -> None:
    from paperwise.extraction.item_line import _names_currency

    assert not _names_currency("ft")
    assert _names_currency("Ft") and _names_currency("EUR") and _names_currency("€")


def test_a_label_printed_into_the_description_is_a_cell_of_its_own(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Item"),  # "Item Product": one title cell, the item label overflows it
            (150, 300, "Product"),
            (600, 300, "Quantity"),
            (760, 300, "Unit Price"),
            (1000, 300, "Total"),
            (100, 340, "LINE-001"),  # its box runs into the product's first word
            (150, 340, "Premium Coffee"),
            right_at(680, 340, "5"),
            right_at(860, 340, "18.00"),
            right_at(1100, 340, "90.00"),
            (100, 380, "LINE-002"),
            (150, 380, "COMP-XYZ-123 - Organic tea"),
            right_at(680, 380, "1"),
            right_at(860, 380, "4.00"),
            right_at(1100, 380, "4.00"),
        ]
    )
    rows = _rows(doc)
    assert [(r["product_code"], r["description"]) for r in rows] == [
        ("LINE-001", "Premium Coffee"),
        ("COMP-XYZ-123", "Organic tea"),  # an article code wins over the row's label
    ]


def test_a_wrapped_line_with_price_details_goes_on_with_the_row(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Product"),
            (600, 300, "Quantity"),
            (760, 300, "Unit Price"),
            (1000, 300, "Total"),
            (100, 340, "Premium Coffee Beans (1"),
            right_at(680, 340, "5"),
            right_at(860, 340, "20.00"),
            right_at(1100, 340, "90.00"),
            (100, 358, "kg)"),  # the description wraps beside the price's discount
            right_at(860, 358, "- 2.00"),
            right_at(860, 376, "= 18.00"),
            (100, 420, "Organic tea"),
            right_at(680, 420, "1"),
            right_at(860, 420, "5.50"),
            right_at(1100, 420, "5.50"),
            (100, 438, "Bruttopreis"),  # a price named by a key: no description
            right_at(860, 438, ": 6.00"),
            (100, 480, "Green tea"),
            right_at(680, 480, "2"),
            right_at(860, 480, "4.00"),
            right_at(1100, 480, "8.00"),
        ]
    )
    assert _described(doc) == [
        ("Premium Coffee Beans (1 kg)", "90.0000"),
        ("Organic tea", "5.5000"),
        ("Green tea", "8.0000"),
    ]
