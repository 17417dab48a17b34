"""The learned ranker: broad candidates, their features, and the ranking stage."""

from __future__ import annotations

import numpy as np

from paperwise.domain.document_types import INVOICE
from paperwise.extraction.pipeline import extract_document, read_by_rules
from paperwise.extraction.ranking.candidates import RANKED_MEANINGS, broad_candidates
from paperwise.extraction.ranking.features import FEATURE_COUNT, RULE_COLUMNS, without_rules
from paperwise.extraction.ranking.model import model_version, shipped_ranker
from paperwise.extraction.ranking.rerank import candidate_table, rank_fields

from .conftest import MakeDoc

LINES = [
    (100, 80, "Acme Supplies Ltd"),
    (100, 105, "12 High Street"),
    (100, 130, "London SW1A 1AA"),
    (700, 80, "INVOICE"),
    (700, 140, "Invoice #: INV-2024-0042"),
    (700, 165, "Invoice Date: 03/04/2024"),
    (700, 190, "Due Date: 03/05/2024"),
    (100, 220, "Bill To:"),
    (100, 245, "Globex Corporation"),
    (100, 400, "Consulting services"),
    (1000, 400, "1,000.00"),
    (700, 600, "Subtotal"),
    (1000, 600, "1,000.00"),
    (700, 625, "VAT 20%"),
    (1000, 625, "200.00"),
    (700, 650, "Total"),
    (1000, 650, "1,200.00"),
]


def test_every_printed_value_of_a_kind_is_a_candidate(make_doc: MakeDoc) -> None:
    index = read_by_rules(make_doc(LINES), INVOICE).index
    amounts = {c.value for c in broad_candidates(index, "total_amount")}
    assert {"1000.0000", "200.0000", "1200.0000"} <= amounts
    dates = {c.value for c in broad_candidates(index, "issue_date")}
    assert {"2024-04-03", "2024-05-03"} <= dates
    numbers = {c.value for c in broad_candidates(index, "invoice_number")}
    assert "INV-2024-0042" in numbers
    names = {c.value for c in broad_candidates(index, "buyer_name")}
    assert "Globex Corporation" in names
    addresses = {c.value for c in broad_candidates(index, "supplier_address")}
    assert "12 High Street London SW1A 1AA" in addresses


def test_one_row_of_features_per_candidate(make_doc: MakeDoc) -> None:
    rules = read_by_rules(make_doc(LINES), INVOICE)
    results = {f.meaning: r for f, r in zip(INVOICE.fields, rules.fields, strict=True) if f.meaning}
    tables = candidate_table(rules.index, results, None)
    assert {t.meaning for t in tables} == {m for m in results if m in RANKED_MEANINGS}
    for t in tables:
        assert t.rows.shape == (len(t.candidates), FEATURE_COUNT)
        assert np.isfinite(t.rows).all()
    again = candidate_table(rules.index, results, None)
    assert all(np.array_equal(a.rows, b.rows) for a, b in zip(tables, again, strict=True))


def test_page_only_rows_lose_the_rules_opinion_alone(make_doc: MakeDoc) -> None:
    rules = read_by_rules(make_doc(LINES), INVOICE)
    results = {f.meaning: r for f, r in zip(INVOICE.fields, rules.fields, strict=True) if f.meaning}
    rows = candidate_table(rules.index, results, None)[0].rows
    blank = without_rules(rows)
    assert (blank[:, RULE_COLUMNS] == 0).all()
    others = [i for i in range(FEATURE_COUNT) if i not in RULE_COLUMNS]
    assert np.array_equal(blank[:, others], rows[:, others])


def test_without_a_model_the_rules_choose(make_doc: MakeDoc) -> None:
    rules = read_by_rules(make_doc(LINES), INVOICE)
    assert rank_fields(None, rules.index, INVOICE.fields, rules.fields, None) is rules.fields


def test_the_shipped_model_chooses_with_calibrated_confidence(make_doc: MakeDoc) -> None:
    assert shipped_ranker() is not None
    assert model_version() != "none"
    result = extract_document(make_doc(LINES), INVOICE)
    assert result.best_value("total_amount") == "1200.0000"
    assert result.best_value("net_amount") == "1000.0000"
    assert result.best_value("tax_amount") == "200.0000"
    assert result.best_value("invoice_number") == "INV-2024-0042"
    for field in result.fields:
        values = field.ranked()
        assert all(0.0 <= v.confidence <= 1.0 for v in values)
        assert [v.confidence for v in values] == sorted(
            (v.confidence for v in values), reverse=True
        )
