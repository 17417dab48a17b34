"""Item-table rules for layouts seen on printed e-invoices: margin text running up the page,
amounts printed without decimals, counts under a "#" title, and allowances among items."""

from paperwise.domain.document_types import INVOICE
from paperwise.extraction.layout import document_lines, is_vertical, page_lines
from paperwise.extraction.line_items import extract_line_items
from paperwise.extraction.table_columns import column_meaning
from paperwise.reading.model import Page, ReadDocument, Word

from .conftest import MakeDoc, right_at


def _rows(doc: ReadDocument) -> list[dict[str, str | None]]:
    results = extract_line_items(document_lines(doc.pages), INVOICE.line_item_fields)
    return [{f.name: (f.best.value if f.best else None) for f in row} for row in results]


TABLE_HEADER = [
    (100, 300, "Art.Nr."),
    (250, 300, "Artikelbeschreibung"),
    (600, 300, "Menge"),
    (760, 300, "Preis"),
    (1000, 300, "Betrag"),
]


def test_vertical_margin_text_joins_no_line(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            *TABLE_HEADER,
            (100, 340, "TB100A4"),
            (250, 340, "Trennblätter A4"),
            right_at(650, 340, "20"),
            right_at(860, 340, "9,90"),
            right_at(1100, 340, "198,00"),
        ]
    )
    # "2014" of a copyright line printed up the left margin, level with the table's titles
    margin = Word("2014", 40, 296, 52, 324)
    doc.pages[0].words.append(margin)
    assert is_vertical(margin) and not is_vertical(Word("III", 0, 0, 18, 22))
    assert all(margin not in line.words for line in page_lines(doc.pages[0]))
    # a page whose text all runs up the page is read as it is, not emptied
    sideways = Page(
        index=0, width=1240, height=1754, words=[margin, Word("Rechnung", 40, 340, 52, 420)]
    )
    assert [line.words for line in page_lines(sideways)] == [(margin,), (sideways.words[1],)]
    rows = _rows(doc)
    assert [(r["product_code"], r["description"], r["amount"]) for r in rows] == [
        ("TB100A4", "Trennblätter A4", "198.0000")
    ]


def test_amount_without_decimals_counts_when_the_product_gives_it(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            *TABLE_HEADER,
            (250, 340, "Amboss"),
            right_at(650, 340, "1"),
            right_at(860, 340, "1.000,00"),
            right_at(1100, 340, "1.000,00"),
            (250, 380, "Kette"),
            right_at(650, 380, "30"),
            right_at(860, 380, "10"),
            right_at(1100, 380, "300"),
            (250, 420, "Seil"),
            right_at(650, 420, "3"),
            right_at(860, 420, "10"),
            right_at(1100, 420, "2025"),  # a year, say: three times ten it is not
            (600, 500, "Summe netto"),
            right_at(1100, 500, "1.300,00"),
        ]
    )
    rows = _rows(doc)
    assert [(r["description"], r["amount"]) for r in rows] == [
        ("Amboss", "1000.0000"),
        ("Kette", "300.0000"),
    ]


def test_decimal_numbers_under_a_hash_title_are_the_quantity(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "#"),
            (250, 300, "Produkt"),
            (600, 300, "USt"),
            (760, 300, "Einzelpreis"),
            (1000, 300, "Summe"),
            right_at(160, 340, "400,00"),
            (250, 340, "Luftballon"),
            right_at(650, 340, "19%"),
            right_at(860, 340, "0,79"),
            right_at(1100, 340, "316,00"),
            right_at(160, 380, "2"),
            (250, 380, "Heiße Luft"),
            right_at(650, 380, "19%"),
            right_at(860, 380, "10,00"),
            right_at(1100, 380, "20,00"),
        ]
    )
    rows = _rows(doc)
    assert [(r["description"], r["quantity"]) for r in rows] == [
        ("Luftballon", "400.0000"),
        ("Heiße Luft", None),  # "2" numbers the row
    ]


def test_a_discount_below_charged_items_is_no_item(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            *TABLE_HEADER,
            (250, 340, "Stahlcoil"),
            right_at(650, 340, "10"),
            right_at(860, 340, "100,00"),
            right_at(1100, 340, "1.000,00"),
            (250, 380, "Abschlag Direktbelieferung"),
            right_at(1100, 380, "-50,00"),
            (250, 420, "Fracht"),
            right_at(1100, 420, "30,00"),
        ]
    )
    rows = _rows(doc)
    assert [(r["description"], r["amount"]) for r in rows] == [
        ("Stahlcoil", "1000.0000"),
        ("Fracht", "30.0000"),
    ]


def test_a_credit_note_keeps_its_negative_rows(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            *TABLE_HEADER,
            (250, 340, "Zitronensäure 100ml"),
            right_at(650, 340, "-5"),
            right_at(860, 340, "1,00"),
            right_at(1100, 340, "-5,00"),
            (250, 380, "Versandkosten"),
            right_at(1100, 380, "-4,90"),
        ]
    )
    rows = _rows(doc)
    assert [(r["description"], r["amount"]) for r in rows] == [
        ("Zitronensäure 100ml", "-5.0000"),
        ("Versandkosten", "-4.9000"),
    ]


def test_column_titles_of_common_layouts() -> None:
    assert column_meaning("GP") == column_meaning("Ext. Price") == "amount"
    assert column_meaning("Brutto") == column_meaning("Gross") == "amount"
    assert column_meaning("Article") == "description"
    assert column_meaning("N° article") == "product_code"
    assert column_meaning("Std.") == "quantity"
    assert column_meaning("Ud.") == "unit"
    assert column_meaning("Lieferdatum") == column_meaning("Date") == "date"
    assert column_meaning("Update") is None


def test_a_date_column_stays_out_of_the_description(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Datum"),
            (250, 300, "Leistung"),
            (600, 300, "Stunden"),
            (1000, 300, "Betrag"),
            (100, 340, "05.03.2024"),
            (250, 340, "Beratung vor Ort"),
            right_at(650, 340, "4"),
            right_at(1100, 340, "480,00"),
        ]
    )
    rows = _rows(doc)
    assert [(r["description"], r["quantity"], r["amount"]) for r in rows] == [
        ("Beratung vor Ort", "4.0000", "480.0000")
    ]


def test_the_line_amount_is_the_net_one_beside_a_gross_column(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Bezeichnung"),
            (450, 300, "Menge"),
            (600, 300, "Einzelpreis"),
            (800, 300, "Netto"),
            (920, 300, "MwSt"),
            (1040, 300, "Brutto"),
            (100, 340, "Künstlerische Gestaltung"),
            right_at(500, 340, "1"),
            right_at(720, 340, "160,00"),
            right_at(880, 340, "160,00"),
            right_at(980, 340, "7%"),
            right_at(1120, 340, "171,20"),
        ]
    )
    rows = _rows(doc)
    assert [(r["description"], r["amount"], r["vat_rate"]) for r in rows] == [
        ("Künstlerische Gestaltung", "160.0000", "7.0000")
    ]


def test_key_value_lines_annotate_a_row_unless_inside_a_wrapped_text(make_doc: MakeDoc) -> None:
    header = [
        (100, 300, "Pos"),
        (200, 300, "Beschreibung"),
        (600, 300, "Menge"),
        (760, 300, "Preis"),
        (1000, 300, "Betrag"),
    ]
    doc = make_doc(
        [
            *header,
            # a name wrapped word by word in a narrow cell, details and all
            (100, 340, "1"),
            (200, 340, "GTIN"),
            right_at(650, 340, "-5"),
            right_at(860, 340, "1,00"),
            right_at(1100, 340, "-5,00"),
            (200, 362, "4123456000014"),
            (200, 384, "Zitronensäure"),
            (200, 406, "Verpackung:"),
            (200, 428, "Flasche"),
            (200, 450, "VKE/Geb: 1"),
            (200, 472, "Lieferdatum: 05.08.2019"),  # a date: a note on the row
            # a one-line name with notes below it
            (100, 520, "2"),
            (200, 520, "Wirkarbeit HT"),
            right_at(650, 520, "10"),
            right_at(860, 520, "5,20"),
            right_at(1100, 520, "52,00"),
            (200, 542, "Liefer-Datum: 01.09.2013"),
            (200, 564, "Bruttopreis: 5,50"),
        ]
    )
    rows = _rows(doc)
    assert [r["description"] for r in rows] == [
        "GTIN 4123456000014 Zitronensäure Verpackung: Flasche VKE/Geb: 1",
        "Wirkarbeit HT",
    ]


def test_a_total_with_tax_column_is_not_the_line_amount(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Désignation"),
            (450, 300, "Qté"),
            (600, 300, "P.U."),
            (800, 300, "Montant"),
            (1000, 300, "Total TTC"),
            (100, 340, "Nougat de l'Abbaye"),
            right_at(500, 340, "20"),
            right_at(700, 340, "4,55"),
            right_at(900, 340, "91,00"),
            right_at(1120, 340, "109,20"),
        ]
    )
    rows = _rows(doc)
    assert [(r["description"], r["amount"]) for r in rows] == [("Nougat de l'Abbaye", "91.0000")]


def test_a_total_right_of_the_line_tax_is_not_the_line_amount(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (80, 300, "Description"),
            (420, 300, "Unit Price"),
            (560, 300, "Qty"),
            (640, 300, "Net Amount"),
            (800, 300, "Tax Rate"),
            (920, 300, "Tax Amount"),
            (1060, 300, "Total Amount"),
            (80, 340, "Annual software license"),
            right_at(530, 340, "£776.16"),
            right_at(600, 340, "3"),
            right_at(760, 340, "£2,328.48"),
            right_at(880, 340, "20%"),
            right_at(1030, 340, "£465.70"),
            right_at(1180, 340, "£2,794.18"),
        ]
    )
    rows = _rows(doc)
    assert [(r["description"], r["amount"]) for r in rows] == [
        ("Annual software license", "2328.4800")
    ]


def test_an_item_column_left_of_the_description_holds_the_code(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Item"),
            (260, 300, "Description"),
            (700, 300, "Qty"),
            (850, 300, "Rate"),
            (1050, 300, "Amount"),
            (100, 340, "001"),
            (260, 340, "On-site support, hours"),
            right_at(740, 340, "2"),
            right_at(930, 340, "129.89"),
            right_at(1130, 340, "259.78"),
        ]
    )
    rows = _rows(doc)
    assert [(r["description"], r["product_code"], r["amount"]) for r in rows] == [
        ("On-site support, hours", "001", "259.7800")
    ]


def test_a_total_named_under_the_number_columns_ends_the_table(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Naziv"),
            (800, 300, "Kol."),
            (900, 300, "Cena"),
            (1000, 300, "Vrednost"),
            (100, 340, "Licenca za programsko opremo"),
            right_at(840, 340, "6"),
            right_at(950, 340, "5,91"),
            right_at(1100, 340, "35,46"),
            (560, 400, "Medvsota"),  # a subtotal, in no list of total names
            right_at(1100, 400, "35,46"),
            (560, 430, "Sous-total HT"),
            right_at(1100, 430, "35,46"),
        ]
    )
    rows = _rows(doc)
    assert [(r["description"], r["amount"]) for r in rows] == [
        ("Licenca za programsko opremo", "35.4600")
    ]


def test_two_titles_printed_without_a_space_are_two_columns(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Concepto"),
            (700, 300, "Cant.Precio unitario"),  # "Cant." runs into "Precio"
            (1000, 300, "Total"),
            (100, 340, "Cartucho de tóner"),
            right_at(750, 340, "8"),
            right_at(900, 340, "24,66"),
            right_at(1050, 340, "197,28"),
        ]
    )
    rows = _rows(doc)
    assert [(r["description"], r["quantity"], r["unit_price"]) for r in rows] == [
        ("Cartucho de tóner", "8.0000", "24.6600")
    ]


def test_line_total_is_one_title(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Item"),
            (600, 300, "Qty"),
            (760, 300, "Rate"),
            (1000, 300, "Line Total"),
            (100, 340, "Network cable"),
            right_at(640, 340, "7"),
            right_at(860, 340, "613.85"),
            right_at(1100, 340, "4,296.95"),  # wider than "Total", under "Line"
        ]
    )
    rows = _rows(doc)
    assert [(r["description"], r["amount"]) for r in rows] == [("Network cable", "4296.9500")]


def test_a_ruling_line_read_beside_a_title_leaves_its_meaning() -> None:
    assert column_meaning("Pos. 1") == column_meaning("Pos.") == "position"
    assert column_meaning("l Menge") == "quantity"
    assert column_meaning("1") is None
