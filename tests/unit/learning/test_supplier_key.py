from __future__ import annotations

from paperwise.learning.supplier_key import (
    MATCH_THRESHOLD,
    SupplierKey,
    fold_name,
    match_score,
    names_a_branch,
    supplier_key,
)

from .pages import document, invoice, view_of


def key_of(doc_name: str = "Nordwind Technik GmbH", **kwargs: str) -> SupplierKey:
    return supplier_key(view_of(invoice(doc_name, **kwargs)), doc_name, ["DE123456789"])


def test_the_same_supplier_matches_by_its_vat_id() -> None:
    key = key_of()
    other_look = document(("Nordwind", 60, 60), ("VAT DE 123 456 789", 60, 90))
    assert match_score(key, view_of(other_look)) == 1.0


def test_the_same_supplier_matches_by_name_and_letterhead() -> None:
    key = supplier_key(view_of(invoice()), "Nordwind Technik GmbH", [])
    later = view_of(invoice(number="NW-2024-0077", date="11.04.2024", vat_id="DE999999999"))
    assert match_score(key, later) >= 0.9


def test_another_supplier_to_the_same_buyer_does_not_match() -> None:
    key = supplier_key(view_of(invoice()), "Nordwind Technik GmbH", ["DE123456789"])
    other = view_of(
        document(
            ("Sudhang Papier AG", 80, 60),
            ("Bahnhofstrasse 3, 80335 Muenchen", 80, 84),
            ("Buyer Company Ltd", 80, 240),
            ("Rechnung", 80, 400),
        )
    )
    assert match_score(key, other) < MATCH_THRESHOLD


def test_zero_shot_reading_the_same_wrong_name_counts_with_a_similar_letterhead() -> None:
    # half of the letterhead words are the same (the other half: this document's number, date)
    key = SupplierKey("Nordwind Technik GmbH", (), ("alpha", "beta", "gamma", "delta"), "Beta")
    view = view_of(document(("alpha beta gamma delta omega sigma tau", 80, 60)))
    assert match_score(key, view, "Beta") >= MATCH_THRESHOLD
    assert match_score(key, view, "Something Else") < MATCH_THRESHOLD


def test_the_key_survives_json() -> None:
    key = key_of()
    assert SupplierKey.from_json(key.to_json()) == key
    assert "nordwind" in key.letterhead and key.identifiers == ("DE123456789",)


def test_a_longer_name_holding_the_learned_one_is_a_sister_company() -> None:
    key = SupplierKey("MR. D.I.Y. SDN BHD", (), (), "MR. D.I.Y. SDN BHD")
    assert names_a_branch(fold_name("MR. D.I.Y. (KUCHAI) SDN BHD"), key)
    assert not names_a_branch(fold_name("MR D.I.Y. SDN. BHD."), key)  # the learned name
    assert not names_a_branch(fold_name("MR I D.I.Y. SDN BHD"), key)  # a letter OCR added


def test_a_name_printed_as_it_is_outranks_one_printed_in_most_of_its_words() -> None:
    view = view_of(invoice("Nordwind Technik GmbH"))
    exact = SupplierKey("Nordwind Technik GmbH", (), ())
    partly = SupplierKey("Nordwind Hafen Technik GmbH", (), ())
    assert match_score(exact, view) > match_score(partly, view) >= MATCH_THRESHOLD
