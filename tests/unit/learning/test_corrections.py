from __future__ import annotations

from typing import Any

import pytest

from paperwise.domain.document_types import INVOICE, RECEIPT
from paperwise.errors import ValidationFailed
from paperwise.learning.corrections import MAX_PAIRS, MAX_PROBLEMS, parse_corrections


def problems(doctype: Any, *args: Any) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        parse_corrections(doctype, *args)
    return [d["field"] for d in caught.value.details]


def test_values_are_put_in_the_results_normalised_forms() -> None:
    got = parse_corrections(
        INVOICE,
        [
            {"name": "supplier_name", "value": "  Acme   GmbH "},
            {"name": "issue_date", "value": "2024-03-04"},
            {"name": "total_amount", "value": "1190.5"},
            {"name": "tax_amount", "value": 19},
            {"name": "buyer_name", "value": None},
        ],
        [[{"name": "quantity", "value": "2"}]],
        [
            [
                {"name": "vat_rate_percentage", "value": "19"},
                {"name": "vat_rate_net", "value": "1000"},
            ]
        ],
    )
    assert got.fields == {
        "supplier_name": "Acme GmbH",
        "issue_date": "2024-03-04",
        "total_amount": "1190.5000",
        "tax_amount": "19.0000",
    }
    assert got.line_items == [{"quantity": "2.0000"}]
    assert got.vat_rates == [{"vat_rate_percentage": "19.0000", "vat_rate_net": "1000.0000"}]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("issue_date", "04.03.2024"),
        ("issue_date", "2024-02-30"),
        ("total_amount", "1.190,50"),
        ("total_amount", "1,190.50"),
        ("total_amount", "twelve"),
        ("total_amount", "NaN"),
        ("total_amount", "1e3"),
        ("total_amount", ".5"),
        ("supplier_name", "   "),
        ("supplier_name", ["a"]),
    ],
)
def test_values_not_in_normalised_form_are_refused(name: str, value: Any) -> None:
    assert problems(INVOICE, [{"name": name, "value": value}]) == ["learning_fields[0].value"]


def test_every_problem_is_reported_with_its_place() -> None:
    found = problems(
        RECEIPT,
        [{"name": "invoice_number", "value": "1"}, "x"],
        [[{"name": "vat_rate", "value": "19"}]],
        [[{"name": "vat_rate_percentage", "value": "19"}]],
    )
    assert found == [
        "learning_fields[0].name",
        "learning_fields[1]",
        "line_items[0][0].name",
        "vat_rates[0][0].name",
    ]


def test_nothing_to_learn_is_refused() -> None:
    assert problems(INVOICE, []) == ["learning_fields"]
    assert problems(INVOICE, "supplier_name") == ["learning_fields"]


def test_huge_bad_lists_give_a_bounded_answer() -> None:
    too_long = [{"name": "supplier_name", "value": "x"}] * (MAX_PAIRS + 1)
    assert problems(INVOICE, too_long) == ["learning_fields"]
    row = [{"name": "no_such_field", "value": "x"}] * MAX_PAIRS
    found = problems(INVOICE, [], [row, row])
    assert len(found) == MAX_PROBLEMS + 1
    assert found[0] == "line_items[0][0].name"
