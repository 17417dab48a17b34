"""VAT pairs from the printed tax breakdown, checked by arithmetic, and derived ones."""

from paperwise.domain.document_types import DataType
from paperwise.domain.result import FieldResult, Value
from paperwise.extraction.vat_rates import extract_vat_rates

from .conftest import MakeDoc, right_at


def _pairs(results: list[list[FieldResult]]) -> list[tuple[str, str]]:
    out = []
    for rate, net in results:
        assert (rate.name, net.name) == ("vat_rate_percentage", "vat_rate_net")
        assert rate.best is not None and net.best is not None
        out.append((rate.best.value, net.best.value))
    return out


def test_sentence_form(make_doc: MakeDoc) -> None:
    doc = make_doc([(100, 500, "19 % MwSt auf 198,00 EUR: 37,62")])
    results = extract_vat_rates(doc, [], [])
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
    assert _pairs(extract_vat_rates(doc, [], [])) == [
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
    assert _pairs(extract_vat_rates(doc, [], [])) == [
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
    assert _pairs(extract_vat_rates(doc, [], [])) == [("19.0000", "1420.0000")]


def test_zero_rate_needs_zero_tax(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 500, "Umsatzsteuer steuerfrei"),
            right_at(700, 500, "220,00"),
            right_at(800, 500, "0"),
            right_at(1000, 500, "0,00"),
        ]
    )
    assert _pairs(extract_vat_rates(doc, [], [])) == [("0.0000", "220.0000")]


def test_numbers_without_tax_context_are_ignored(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [(100, 500, "Artikel 7"), right_at(700, 500, "100,00"), right_at(900, 500, "7,00")]
    )
    assert extract_vat_rates(doc, [], []) == []


def _field(name: str, value: str) -> FieldResult:
    return FieldResult(name, DataType.NUMBER, [Value(value, 0.9)])


def test_derived_from_line_items_without_boxes(make_doc: MakeDoc) -> None:
    rows = [
        [_field("amount", "100.0000"), _field("vat_rate", "19.0000")],
        [_field("amount", "50.0000"), _field("vat_rate", "7.0000")],
        [_field("amount", "20.0000"), _field("vat_rate", "19.0000")],
    ]
    results = extract_vat_rates(make_doc([(100, 100, "Rechnung")]), [], rows)
    assert _pairs(results) == [("7.0000", "50.0000"), ("19.0000", "120.0000")]
    assert all(v.box is None for pair in results for f in pair for v in f.values)


def test_derived_from_totals_and_the_one_printed_rate(make_doc: MakeDoc) -> None:
    doc = make_doc([(100, 500, "inkl. 20% MwSt")])
    header = [_field("net_amount", "100.0000"), _field("tax_amount", "20.0000")]
    assert _pairs(extract_vat_rates(doc, header, [])) == [("20.0000", "100.0000")]


def test_rate_derived_from_totals_when_no_rate_is_printed(make_doc: MakeDoc) -> None:
    doc = make_doc([(700, 500, "Subtotal 562.75"), (700, 530, "Sales tax 46.43")])
    header = [_field("net_amount", "562.7500"), _field("tax_amount", "46.4300")]
    results = extract_vat_rates(doc, header, [])
    assert _pairs(results) == [("8.2500", "562.7500")]
    assert results[0][0].best is not None and results[0][0].best.box is None
