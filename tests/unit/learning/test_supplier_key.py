from __future__ import annotations

from paperwise.learning.supplier_key import (
    MATCH_THRESHOLD,
    DocumentView,
    SupplierKey,
    fold_name,
    letterhead_similarity,
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
    malaysia = SupplierKey("MR D.I.Y. (M) SDN BHD", (), (), "MR D.I.Y. (M) SDN BHD")
    assert names_a_branch(fold_name("MR. D.I.Y. (KUCHAI) SDN BHD"), malaysia)
    read = "MR. D.I.Y. (M) SDN BHD"  # a letter in brackets is no stray letter
    assert names_a_branch(fold_name(read), key, read)


def test_a_name_printed_as_it_is_outranks_one_printed_in_most_of_its_words() -> None:
    view = view_of(invoice("Nordwind Technik GmbH"))
    exact = SupplierKey("Nordwind Technik GmbH", (), ())
    partly = SupplierKey("Nordwind Hafen Technik GmbH", (), ())
    assert match_score(exact, view) > match_score(partly, view) >= MATCH_THRESHOLD


def test_a_template_letterhead_without_the_name_does_not_name_the_supplier() -> None:
    # example invoices of one generator: the same title lines, the supplier named further down
    def example(supplier: str) -> DocumentView:
        title = [f"Beispiel Rechnungen Generator Abschnitt{i} Handelsrechnung" for i in range(8)]
        return view_of(
            document(
                *((line, 80, 60 + 24 * i) for i, line in enumerate(title)), (supplier, 80, 600)
            )
        )

    key = supplier_key(example("Kostenlieferant Nord GmbH"), "Kostenlieferant Nord GmbH", [])
    assert letterhead_similarity(key, example("Sued Papier AG")) == 1.0
    assert match_score(key, example("Sued Papier AG"), "Sued Papier AG") < MATCH_THRESHOLD
    assert match_score(key, example("Kostenlieferant Nord GmbH")) >= MATCH_THRESHOLD


def test_one_word_of_a_name_and_a_legal_form_on_the_page_do_not_name_it() -> None:
    key = SupplierKey("Lieferant GmbH", (), ())
    page = view_of(document(("Muster GmbH", 80, 60), ("Lieferant: siehe oben", 80, 84)))
    assert not page.prints_name("Lieferant GmbH")
    assert match_score(key, page, "Muster GmbH") < MATCH_THRESHOLD
    hardware = view_of(document(("ENW HARDWARE CENTRE SDN BHD", 80, 60)))
    assert not hardware.prints_name("KHOO HARDWARE SDN BHD")  # 'sdn bhd' is a legal form


def test_a_learned_vat_id_on_a_page_naming_another_supplier_does_not_match() -> None:
    key = key_of()  # Nordwind, DE123456789
    other = view_of(invoice("Ostsee Werkzeuge KG"))  # prints the same (example) VAT id
    assert match_score(key, other, "Ostsee Werkzeuge KG") < MATCH_THRESHOLD
    assert match_score(key, other, "Nordwind Technik GmbH") == 1.0
