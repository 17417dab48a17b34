"""What a user-defined field's name means follows Typless's templates."""

from __future__ import annotations

import pytest

from paperwise.domain.document_types import DataType, field_meaning


@pytest.mark.parametrize(
    ("name", "meaning"),
    [
        ("company_name", "buyer_name"),
        ("receiver_name", "buyer_name"),
        ("customer_name", "buyer_name"),
        ("bill_to", "buyer_name"),
        ("Bill To", "buyer_name"),
        ("payment_term_date", "pay_due_date"),
        ("due_date", "pay_due_date"),
        ("pay_due_date", "pay_due_date"),
        ("company", "supplier_name"),
        ("vendor_name", "supplier_name"),
        ("untaxed_amount", "net_amount"),
        ("k5", None),
    ],
)
def test_names_mean_what_typless_templates_mean(name: str, meaning: str | None) -> None:
    assert field_meaning(name) == meaning


def test_a_hint_wins_over_the_name() -> None:
    assert field_meaning("company_name", "supplier") == "supplier_name"


def test_an_author_field_is_the_supplier() -> None:
    assert field_meaning("k1", None, DataType.AUTHOR) == "supplier_name"
