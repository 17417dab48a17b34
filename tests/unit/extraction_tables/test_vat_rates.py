"""VAT pairs from the printed tax breakdown, checked by arithmetic, and derived ones."""

from decimal import Decimal

from paperwise.domain.document_types import DataType
from paperwise.domain.result import FieldResult, Value
from paperwise.extraction.layout import document_lines
from paperwise.extraction.vat_rates import TaxLines, extract_vat_rates
from paperwise.extraction.vat_split import split_net
from paperwise.reading.model import ReadDocument

from .conftest import MakeDoc, right_at


def _vat(
    doc: ReadDocument, header: list[FieldResult], rows: list[list[FieldResult]]
) -> list[list[FieldResult]]:
    return extract_vat_rates(TaxLines(document_lines(doc.pages)), header, rows)


def _pairs(results: list[list[FieldResult]]) -> list[tuple[str, str]]:
    out = []
    for rate, net in results:
        assert (rate.name, net.name) == ("vat_rate_percentage", "vat_rate_net")
        assert rate.best is not None and net.best is not None
        out.append((rate.best.value, net.best.value))
    return out


def test_sentence_form(make_doc: MakeDoc) -> None:
    doc = make_doc([(100, 500, "19 % MwSt auf 198,00 EUR: 37,62")])
    results = _vat(doc, [], [])
    assert _pairs(results) == [("19.0000", "198.0000")]
    rate_box = results[0][0].best.box  # type: ignore[union-attr]
    assert rate_box is not None and (rate_box.x, rate_box.y) == (100, 500)


def test_two_rates_in_lines(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 500, "USt 7%"),
            right_at(700, 500, "275,00"),
            right_at(900, 500, "19,25"),
            (100, 530, "USt 19%"),
            right_at(700, 530, "198,00"),
            right_at(900, 530, "37,62"),
        ]
    )
    assert _pairs(_vat(doc, [], [])) == [
        ("7.0000", "275.0000"),
        ("19.0000", "198.0000"),
    ]


def test_table_rows_without_percent_sign(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 500, "Art"),
            (300, 500, "Basisbetrag"),
            (600, 500, "Steuersatz [%]"),
            (900, 500, "Steuerbetrag"),
            (100, 530, "Umsatzsteuer"),
            right_at(420, 530, "113,03"),
            right_at(660, 530, "7"),
            right_at(1000, 530, "7,91"),
            (100, 560, "Umsatzsteuer"),
            right_at(420, 560, "64,46"),
            right_at(660, 560, "19"),
            right_at(1000, 560, "12,25"),
        ]
    )
    assert _pairs(_vat(doc, [], [])) == [
        ("7.0000", "113.0300"),
        ("19.0000", "64.4600"),
    ]


def test_rate_with_tax_finds_its_base_elsewhere(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (600, 500, "Summe netto"),
            right_at(1100, 500, "1.420,00"),
            (600, 530, "Umsatzsteuer 19%"),
            right_at(1100, 530, "269,80"),
            (600, 560, "Rechnungsbetrag"),
            right_at(1100, 560, "1.689,80"),
        ]
    )
    assert _pairs(_vat(doc, [], [])) == [("19.0000", "1420.0000")]


def test_zero_rate_needs_zero_tax(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 500, "Umsatzsteuer steuerfrei"),
            right_at(700, 500, "220,00"),
            right_at(800, 500, "0"),
            right_at(1000, 500, "0,00"),
        ]
    )
    assert _pairs(_vat(doc, [], [])) == [("0.0000", "220.0000")]


def test_numbers_without_tax_context_are_ignored(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [(100, 500, "Artikel 7"), right_at(700, 500, "100,00"), right_at(900, 500, "7,00")]
    )
    assert _vat(doc, [], []) == []


def _field(name: str, value: str) -> FieldResult:
    return FieldResult(name, DataType.NUMBER, [Value(value, 0.9)])


def test_derived_from_line_items_without_boxes(make_doc: MakeDoc) -> None:
    rows = [
        [_field("amount", "100.0000"), _field("vat_rate", "19.0000")],
        [_field("amount", "50.0000"), _field("vat_rate", "7.0000")],
        [_field("amount", "20.0000"), _field("vat_rate", "19.0000")],
    ]
    results = _vat(make_doc([(100, 100, "Rechnung")]), [], rows)
    assert _pairs(results) == [("7.0000", "50.0000"), ("19.0000", "120.0000")]
    assert all(v.box is None for pair in results for f in pair for v in f.values)


def test_derived_from_totals_and_the_one_printed_rate(make_doc: MakeDoc) -> None:
    doc = make_doc([(100, 500, "inkl. 20% MwSt")])
    header = [_field("net_amount", "100.0000"), _field("tax_amount", "20.0000")]
    assert _pairs(_vat(doc, header, [])) == [("20.0000", "100.0000")]


def test_rate_derived_from_totals_when_no_rate_is_printed(make_doc: MakeDoc) -> None:
    doc = make_doc([(700, 500, "Subtotal 562.75"), (700, 530, "Sales tax 46.43")])
    header = [_field("net_amount", "562.7500"), _field("tax_amount", "46.4300")]
    results = _vat(doc, header, [])
    assert _pairs(results) == [("8.2500", "562.7500")]
    assert results[0][0].best is not None and results[0][0].best.box is None


def test_two_rates_with_their_tax_only_split_the_net_among_the_line_amounts(
    make_doc: MakeDoc,
) -> None:
    doc = make_doc(
        [
            (600, 500, "Summe netto EUR"),
            right_at(1100, 500, "30631,98"),
            (600, 530, "MwSt. 19% EUR"),
            right_at(1100, 530, "4330,02"),
            (600, 560, "MwSt. 7% EUR"),
            right_at(1100, 560, "548,97"),
        ]
    )
    header = [_field("net_amount", "30631.98"), _field("tax_amount", "4878.99")]
    lines = ["158.60", "174.90", "21.83", "5652.68", "1613.80", "362.82", "22588.00", "4.86"]
    rows = [[_field("amount", a)] for a in [*lines, "54.49"]]
    results = _vat(doc, header, rows)
    # the equations alone leave the bases a few cents apart; the lines that add up decide
    assert _pairs(results) == [("7.0000", "7842.3900"), ("19.0000", "22789.5900")]
    rate_box = results[1][0].best.box  # type: ignore[union-attr]
    assert rate_box is not None and rate_box.y == 530


def test_split_by_the_equations_without_line_amounts() -> None:
    taxed = [(Decimal(21), Decimal("210.00")), (Decimal(10), Decimal("50.00"))]
    assert split_net(Decimal("1500.00"), taxed, []) == [
        (Decimal(21), Decimal("1000.00")),
        (Decimal(10), Decimal("500.00")),
    ]


def test_taxes_that_do_not_fit_the_net_give_no_split() -> None:
    gross = [(Decimal(19), Decimal("1190.00"))]  # 'inkl. 19% MwSt 1.190,00': a total, no tax
    assert split_net(Decimal("1000.00"), gross, []) is None
    taxed = [(Decimal(21), Decimal("210.00")), (Decimal(10), Decimal("500.00"))]
    assert split_net(Decimal("1500.00"), taxed, []) is None


def test_split_is_the_middle_of_the_bases_both_taxes_allow() -> None:
    # 8.875% of 59506.63-.65 and 7.25% of the rest both round to the printed taxes
    taxed = [(Decimal("8.875"), Decimal("5281.21")), (Decimal("7.25"), Decimal("1028.81"))]
    assert split_net(Decimal("73697.18"), taxed, []) == [
        (Decimal("8.875"), Decimal("59506.64")),
        (Decimal("7.25"), Decimal("14190.54")),
    ]


def test_three_rates_with_their_tax_only_in_brackets(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (600, 500, "Sous-total HT EUR"),
            right_at(1100, 500, "1 600,00"),
            (600, 530, "20 % TVA EUR"),
            right_at(1100, 530, "200,00"),
            (600, 560, "TVA (10 %) EUR"),
            right_at(1100, 560, "50,00"),
            (600, 590, "5,5 % TVA EUR"),
            right_at(1100, 590, "5,50"),
        ]
    )
    header = [_field("net_amount", "1600.00"), _field("tax_amount", "255.50")]
    assert _pairs(_vat(doc, header, [])) == [
        ("5.5000", "100.0000"),
        ("10.0000", "500.0000"),
        ("20.0000", "1000.0000"),
    ]
