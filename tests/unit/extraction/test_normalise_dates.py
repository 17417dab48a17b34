"""Dates in numeric and written forms, the DMY/MDY ambiguity, and currency codes."""

from datetime import date

import pytest

from paperwise.extraction.normalise import (
    DateOrder,
    currency_code,
    find_currencies,
    find_dates,
    infer_date_order,
    normalise_date,
    normalise_number,
    parse_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-04", "2024-03-04"),
        ("04.03.2024", "2024-03-04"),
        ("4/3/24", "2024-03-04"),
        ("04. 03. 2024", "2024-03-04"),
        ("4 March 2024", "2024-03-04"),
        ("March 4, 2024", "2024-03-04"),
        ("Mar 4th 2024", "2024-03-04"),
        ("4-Mar-24", "2024-03-04"),
        ("4. März 2024", "2024-03-04"),
        ("4 mars 2024", "2024-03-04"),
        ("4 marzo 2024", "2024-03-04"),
        ("4 de marzo de 2024", "2024-03-04"),
        ("4 maart 2024", "2024-03-04"),
        ("4. marca 2024", "2024-03-04"),
        ("25. decembra 2023", "2023-12-25"),
        ("1er février 2024", "2024-02-01"),
    ],
)
def test_dates_in_every_supported_form(text: str, expected: str) -> None:
    assert normalise_date(text) == expected


def test_not_a_date() -> None:
    assert normalise_date("12.50") is None
    assert normalise_date("31.02.2024") is None
    assert normalise_date("Summary 2024") is None
    assert parse_date("Invoice 2024-03-04 and more") is None


def test_ambiguous_numeric_date_has_both_readings() -> None:
    (match,) = find_dates("Date: 03/04/2024")
    assert match.ambiguous
    assert match.resolve(DateOrder.DMY) == date(2024, 4, 3)
    assert match.resolve(DateOrder.MDY) == date(2024, 3, 4)


def test_unambiguous_date_decides_the_order() -> None:
    matches = find_dates("Issued 03/04/2024, due 05/17/2024")
    order, certainty = infer_date_order(matches)
    assert order is DateOrder.MDY
    assert certainty > 0.9


def test_without_evidence_the_locale_decides_with_little_certainty() -> None:
    matches = find_dates("03/04/2024")
    assert infer_date_order(matches) == (DateOrder.DMY, 0.6)
    assert infer_date_order(matches, month_first_locale=True)[0] is DateOrder.MDY


def test_time_glued_to_the_year_by_ocr() -> None:
    assert [m.dmy for m in find_dates("14/03/20185:57:07PM")] == [date(2018, 3, 14)]


def test_currencies_by_code_and_symbol() -> None:
    assert [c.code for c in find_currencies("Total EUR 12,00 (€)")] == ["EUR", "EUR"]
    assert [c.code for c in find_currencies("RM 9.00")] == ["MYR"]
    assert find_currencies("ALL items on TOP") == []
    assert find_currencies("Vinyl banner 3x6 ft") == []  # a foot, not forints
    assert [c.code for c in find_currencies("1 200 Ft")] == ["HUF"]
    assert currency_code("£") == "GBP"
    assert currency_code("chf") == "CHF"
    assert currency_code("points") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.234,56", "1234.5600"), ("1,234.56", "1234.5600"), ("1 234,56", "1234.5600"),
     ("1'234.56", "1234.5600"), ("-12,50", "-12.5000"), ("(3.00)", "-3.0000")],
)  # fmt: skip
def test_number_formats(text: str, expected: str) -> None:
    assert normalise_number(text) == expected


def test_date_glued_to_its_label_word_but_not_to_a_code() -> None:
    glued = find_dates("Leistungsdatum: 27.08.2026 - Fälligkeitsdatum16.09.2026")
    assert [m.dmy for m in glued] == [date(2026, 8, 27), date(2026, 9, 16)]
    assert find_dates("INV12.03.2024") == []
    assert find_dates("A-1.2.2024") == []
