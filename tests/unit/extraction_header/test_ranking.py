"""The learned ranker: broad candidates, their features, and the ranking stage."""

from __future__ import annotations

import dataclasses

import numpy as np

from paperwise.domain.document_types import INVOICE
from paperwise.extraction.ranking.candidates import RANKED_MEANINGS, broad_candidates
from paperwise.extraction.ranking.features import FEATURE_COUNT, RULE_COLUMNS, without_rules
from paperwise.extraction.ranking.model import (
    Calibration,
    Ranker,
    calibration_from_json,
    model_version,
    shipped_ranker,
)
from paperwise.extraction.ranking.rerank import candidate_table, rank_fields
from paperwise.pipeline import extract_document, read_by_rules

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


def _ranker_with(calibration: dict[str, Calibration], meanings: frozenset[str]) -> Ranker:
    shipped = shipped_ranker()
    assert shipped is not None
    return dataclasses.replace(shipped, meanings=meanings, calibration=calibration)


def test_a_calibration_is_piecewise_linear_through_its_points() -> None:
    c = Calibration(np.asarray([0.1, 0.5, 0.9]), np.asarray([0.2, 0.6, 0.98]))
    assert c(0.0) == 0.2
    assert c(0.5) == 0.6
    assert abs(c(0.7) - 0.79) < 1e-9
    assert c(1.0) == 0.98
    assert calibration_from_json(c.to_json())(0.7) == c(0.7)


def test_the_rules_value_keeps_its_place_with_a_calibrated_confidence(make_doc: MakeDoc) -> None:
    rules = read_by_rules(make_doc(LINES), INVOICE)
    sure = Calibration(np.asarray([0.0, 1.0]), np.asarray([0.93, 0.93]))
    unsure = Calibration(np.asarray([0.0, 1.0]), np.asarray([0.4, 0.4]))
    calibration = {m: sure for m in RANKED_MEANINGS} | {"total_amount": unsure}
    ranker = _ranker_with(calibration, frozenset())
    out = rank_fields(ranker, rules.index, INVOICE.fields, rules.fields, None)
    for f, before, after in zip(INVOICE.fields, rules.fields, out, strict=True):
        if f.meaning not in RANKED_MEANINGS:
            assert after is before
            continue
        assert [v.value for v in after.ranked()] == [v.value for v in before.ranked()]
        best = after.best
        if best is None:
            continue
        assert best.confidence == (0.4 if f.meaning == "total_amount" else 0.93)
        assert all(v.confidence < best.confidence for v in after.ranked()[1:])


def test_a_meaning_without_a_calibration_stays_as_the_rules_had_it(make_doc: MakeDoc) -> None:
    rules = read_by_rules(make_doc(LINES), INVOICE)
    ranker = _ranker_with({}, frozenset())
    assert rank_fields(ranker, rules.index, INVOICE.fields, rules.fields, None) == rules.fields
