"""Receipt items (no header row): names that hold numbers, "quantity x price" lines under their
item, and the amount to pay and its payment in several languages ending the items."""

import pytest

from paperwise.domain.document_types import RECEIPT
from paperwise.extraction.layout import document_lines
from paperwise.extraction.line_items import extract_line_items
from paperwise.reading.model import ReadDocument

from .conftest import MakeDoc, right_at


def _rows(doc: ReadDocument) -> list[dict[str, str | None]]:
    results = extract_line_items(document_lines(doc.pages), RECEIPT.line_item_fields)
    return [{f.name: (f.best.value if f.best else None) for f in row} for row in results]


def _receipt(*items: tuple[float, float, str]) -> list[tuple[float, float, str]]:
    return [(100, 50, "MARKET KRAJNC"), *items]


def test_numbers_within_a_name_stay_and_a_count_before_it_goes(make_doc: MakeDoc) -> None:
    doc = make_doc(
        _receipt(
            (100, 120, "Mleko 3,5% 1L"),
            right_at(500, 120, "1,15"),
            (520, 120, "A"),
            (100, 150, "Jajca 10 kos"),  # "10" under "3,5%" by chance, on two lines of five
            right_at(500, 150, "1,46"),
            (100, 180, "Free range eggs 6"),
            right_at(500, 180, "4,04"),
            (100, 210, "1 Croque-monsieur"),  # a café's count before the name
            right_at(500, 210, "6,50"),
            (100, 240, "Kaffee 250g"),
            (300, 240, "2"),  # a number in a column of its own, far from the name
            right_at(500, 240, "9,98"),
            (100, 290, "SUMME EUR"),
            right_at(500, 290, "23,13"),
        )
    )
    assert [r["description"] for r in _rows(doc)] == [
        "Mleko 3,5% 1L",
        "Jajca 10 kos",
        "Free range eggs 6",
        "Croque-monsieur",
        "Kaffee 250g",
    ]


def test_a_column_of_counts_is_no_part_of_the_names(make_doc: MakeDoc) -> None:
    # the counts stand a space after names cut to one width; they line up on every item line
    doc = make_doc(
        _receipt(
            (100, 120, "KAYA PUFF 4 1.60"),
            right_at(500, 120, "6.40"),
            (100, 150, "Slice Cak 1 8.70"),
            right_at(500, 150, "8.70"),
            (100, 180, "Cheese Le 1 3.50"),
            right_at(500, 180, "3.50"),
            (100, 230, "TOTAL"),
            right_at(500, 230, "18.60"),
        )
    )
    assert [r["description"] for r in _rows(doc)] == ["KAYA PUFF", "Slice Cak", "Cheese Le"]


def test_a_quantity_line_gives_its_item_the_count_and_price(make_doc: MakeDoc) -> None:
    doc = make_doc(
        _receipt(
            (100, 120, "Jogurt navadni"),
            right_at(500, 120, "8,06"),
            (120, 150, "2 x 4,03"),  # under its item
            (120, 180, "3 x 1,10"),  # over its item
            (100, 210, "Banane"),
            right_at(500, 210, "3,30"),
            (100, 240, "Kruh"),
            right_at(500, 240, "2,10"),
            (100, 290, "SKUPAJ"),
            right_at(500, 290, "13,46"),
        )
    )
    rows = _rows(doc)
    assert [(r["description"], r["quantity"], r["unit_price"], r["amount"]) for r in rows] == [
        ("Jogurt navadni", "2.0000", "4.0300", "8.0600"),
        ("Banane", "3.0000", "1.1000", "3.3000"),
        ("Kruh", None, None, "2.1000"),
    ]


def test_a_quantity_line_may_name_its_unit(make_doc: MakeDoc) -> None:
    doc = make_doc(
        _receipt(
            (100, 120, "Bananen"),
            right_at(500, 120, "2,25"),
            (120, 150, "0,754 kg x 2,99 EUR/kg"),
            (100, 180, "Joghurt"),
            right_at(500, 180, "2,98"),
            (120, 210, "2 Stk x 1,49"),
            (100, 260, "SUMME"),
            right_at(500, 260, "5,23"),
        )
    )
    rows = _rows(doc)
    assert [(r["description"], r["quantity"], r["unit_price"]) for r in rows] == [
        ("Bananen", "0.7540", "2.9900"),
        ("Joghurt", "2.0000", "1.4900"),
    ]


@pytest.mark.parametrize(
    ("to_pay", "paid"),
    [
        ("Te betalen EUR", "PIN"),
        ("ZA PLAČILO €", "Plačilna kartica"),
        ("A PAYER EUR", "Espèces"),
        ("ZU ZAHLEN CHF", "Bargeld"),
        ("DA PAGARE", "Contanti"),
    ],
)
def test_the_amount_to_pay_and_its_payment_are_no_items(
    make_doc: MakeDoc, to_pay: str, paid: str
) -> None:
    doc = make_doc(
        _receipt(
            (100, 120, "Banane"),
            right_at(500, 120, "3,30"),
            (100, 170, to_pay),
            right_at(500, 170, "3,30"),
            (100, 200, paid),
            right_at(500, 200, "3,30"),
        )
    )
    assert [r["description"] for r in _rows(doc)] == ["Banane"]
