"""Scoring a result against a label, adding scores up and printing the table."""

from __future__ import annotations

from typing import Any

from bench.metrics import match_one_to_one, score_document, summarise
from bench.report import markdown_table
from bench.scoring import description_matches

from paperwise.domain.document_types import INVOICE, DataType
from paperwise.domain.result import ExtractionResult, FieldResult, Value

S, N = DataType.STRING, DataType.NUMBER


def _field(name: str, dtype: DataType, value: str | None, confidence: float = 0.95) -> FieldResult:
    return FieldResult(name, dtype, [Value(value, confidence)] if value is not None else [])


def _result() -> ExtractionResult:
    fields = [_field(f.name, f.data_type, None) for f in INVOICE.fields]
    fields[INVOICE.fields.index(next(f for f in INVOICE.fields if f.name == "invoice_number"))] = (
        _field("invoice_number", S, "inv-42")
    )
    by_name = {f.name: f for f in fields}
    by_name["total_amount"].values.append(Value("120.0000", 0.97))
    by_name["net_amount"].values.append(Value("99.0000", 0.92))
    by_name["supplier_iban"].values.append(Value("DE89370400440532013000", 0.6))
    rows = [
        [_field("description", S, "Widget  blue"), _field("amount", N, "60.0000")],
        [_field("description", S, "Widget blue"), _field("amount", N, "60.0000")],
        [_field("description", S, "Shipping"), _field("amount", N, "5.0000")],
    ]
    vat = [[_field("vat_rate_percentage", N, "20.0000"), _field("vat_rate_net", N, "100.0000")]]
    return ExtractionResult(fields=list(by_name.values()), line_items=rows, vat_rates=vat)


LABEL: dict[str, Any] = {
    "file": "a.pdf",
    "document_type": "invoice",
    "fields": {
        "invoice_number": "INV-42",
        "total_amount": "120.0000",
        "net_amount": "100.0000",
        "supplier_iban": "DE89 3704 0044 0532 0130 00",
        "buyer_name": "Someone",
        "pay_due_date": None,
    },
    "line_items": [
        {"description": "widget blue", "amount": "60.00"},
        {"description": "Widget blue", "amount": "60"},
        {"description": "Widget blue", "amount": "60"},
    ],
    "vat_rates": [{"percentage": "20", "net": "100"}, {"percentage": "10", "net": "5"}],
}


def test_fields_rows_and_vat_pairs_are_scored() -> None:
    score = score_document(_result(), LABEL, INVOICE, "a.pdf")
    outcomes = {o.field: o.right for o in score.fields}
    assert outcomes == {
        "invoice_number": True,  # case does not count
        "total_amount": True,
        "net_amount": False,
        "supplier_iban": True,  # identifiers compare without spaces
        "buyer_name": False,  # nothing predicted
    }
    assert (score.rows_matched, score.rows_expected, score.rows_predicted) == (2, 3, 3)
    assert (score.vat_matched, score.vat_expected) == (1, 2)


def test_a_failed_document_misses_every_label() -> None:
    score = score_document(None, LABEL, INVOICE, "a.pdf")
    assert len(score.fields) == 5 and not any(o.right for o in score.fields)
    assert score.rows_matched == 0 and score.rows_expected == 3


def test_one_to_one_matching_uses_each_prediction_once() -> None:
    same = lambda e, p: e["k"] == p["k"]  # noqa: E731
    assert match_one_to_one([{"k": "1"}, {"k": "1"}], [{"k": "1"}], same) == 1
    assert match_one_to_one([{"k": "1"}, {"k": "2"}], [{"k": "2"}, {"k": "1"}], same) == 2


def test_summary_and_table() -> None:
    scores = [score_document(_result(), LABEL, INVOICE, "a.pdf")]
    scores[0].pages, scores[0].extract_seconds = 1, 0.5
    summary = summarise("demo", scores, [f.name for f in INVOICE.fields])
    assert summary.field_accuracy["invoice_number"] == (1, 1)
    assert summary.calibration[0.9] == (2, 3)  # invoice number and total right, net wrong
    assert summary.calibration[0.5] == (3, 4)
    assert summary.mean_field_accuracy == 0.6
    table = markdown_table([summary])
    assert "| invoice_number | 1.00 (1) |" in table
    assert "| extract s/page | 0.500 |" in table


def test_one_to_one_matching_finds_the_largest_matching() -> None:
    # the first label could take either prediction; taking the first would starve the second
    pairs = {("0", "0"), ("0", "1"), ("1", "0")}
    same = lambda e, p: (e["i"], p["j"]) in pairs  # noqa: E731
    assert match_one_to_one([{"i": "0"}, {"i": "1"}], [{"j": "0"}, {"j": "1"}], same) == 2


def test_a_description_may_go_on_with_more_of_its_printed_cell() -> None:
    assert description_matches("PRESTATION SUPPORT - Description", "Prestation support")
    assert description_matches("Luftballon: Bunt, ca. 500ml", "Luftballon")
    assert description_matches("Coffee Beans 1kg (1 kg)", "Coffee Beans 1kg")
    assert description_matches("Widget  blue", "widget blue")
    assert not description_matches("Coffee Beans", "Coffee")  # no separator: another text
    assert not description_matches("Foo-Bar", "Foo")  # a hyphenated word goes on
    assert not description_matches("Coffee", "Coffee Beans 1kg")  # stops short of the label
    assert not description_matches(None, "Coffee")
