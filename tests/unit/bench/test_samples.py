"""The outside-layouts sample generator: deterministic, every layout, amounts consistent to the
cent, and the labelled names and numbers printed on the page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bench.samples import LAYOUTS, SampleDoc, generate

from paperwise.domain.document_types import INVOICE

from .test_fresh import _pdf_text


@pytest.fixture(scope="module")
def docs() -> list[SampleDoc]:
    return generate(seed=3, per_layout=2)


def test_same_seed_same_bytes_and_labels(docs: list[SampleDoc]) -> None:
    again = generate(seed=3, per_layout=2)
    assert [d.data for d in again] == [d.data for d in docs]
    assert [d.label for d in again] == [d.label for d in docs]
    assert generate(seed=4, per_layout=1)[0].data != docs[0].data


def test_every_layout_appears_with_invoice_fields(docs: list[SampleDoc]) -> None:
    templates = {d.label["meta"]["template"] for d in docs}  # type: ignore[index]
    assert templates == set(LAYOUTS)
    names = {f.name for f in INVOICE.fields}
    for doc in docs:
        fields = doc.label["fields"]
        assert isinstance(fields, dict) and set(fields) <= names


def test_amounts_add_up_and_labels_are_printed(docs: list[SampleDoc]) -> None:
    for doc in docs:
        fields = doc.label["fields"]
        assert isinstance(fields, dict)
        net, tax, total = (Decimal(fields[k]) for k in ("net_amount", "tax_amount", "total_amount"))
        assert net + tax == total
        items = doc.label["line_items"]
        assert isinstance(items, list)
        assert sum(Decimal(i["amount"]) for i in items) == net
        text = _pdf_text(doc.data).lower()  # the scoring folds case
        for key in ("supplier_name", "buyer_name", "invoice_number"):
            assert str(fields[key]).lower() in text, (doc.file, key)
