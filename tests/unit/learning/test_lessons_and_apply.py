from __future__ import annotations

from itertools import pairwise

from paperwise.domain.document_types import DocumentType, document_type_from_dict
from paperwise.domain.result import ExtractionResult
from paperwise.learning.anchors import shape
from paperwise.learning.apply import recognised_supplier, supplier_lessons
from paperwise.learning.corrections import parse_corrections
from paperwise.learning.lessons import Lesson
from paperwise.pipeline import (
    DocumentState,
    extract_document,
    learn_document,
    recognise_supplier,
)
from paperwise.reading.model import ReadDocument

from .pages import CHAR, document, invoice

CONTRACTS = document_type_from_dict(
    {
        "name": "supplier-contracts",
        "fields": [
            {"name": "supplier_name", "data_type": "AUTHOR"},
            {"name": "contract_ref", "data_type": "STRING"},
            {"name": "issue_date", "data_type": "DATE"},
            {"name": "total_amount", "data_type": "NUMBER"},
        ],
    }
)
A_VALUES = {
    "supplier_name": "Nordwind Technik GmbH",
    "contract_ref": "K-77-AB",
    "issue_date": "2024-03-04",
    "total_amount": "1190.00",
}


def lesson_from(
    doc: ReadDocument, values: dict[str, str], doctype: DocumentType = CONTRACTS
) -> Lesson:
    fields = [{"name": k, "value": v} for k, v in values.items()]
    corrections = parse_corrections(doctype, fields)
    lesson = learn_document(doc, doctype, corrections).lesson
    return Lesson.from_json(lesson.to_json())  # as stored


def extracted(doc: ReadDocument, lessons: list[Lesson]) -> ExtractionResult:
    return extract_document(doc, CONTRACTS, lessons)


def test_a_field_zero_shot_cannot_know_comes_back_on_the_suppliers_next_document() -> None:
    lesson = lesson_from(invoice(), A_VALUES)
    later = invoice(number="NW-2024-0077", date="11.04.2024", total="238,00", contract="Q-12-ZZ")
    assert extract_document(later, CONTRACTS).best_value("contract_ref") is None
    result = extracted(later, [lesson])
    best = result.field("contract_ref").best  # type: ignore[union-attr]
    assert best is not None and best.value == "Q-12-ZZ"
    assert best.confidence >= 0.9
    assert best.box is not None and best.box.x == 700 + len("Vorgang Ident ") * CHAR
    assert best.box.y == 448
    assert result.best_value("issue_date") == "2024-04-11"
    assert result.best_value("total_amount") == "238.0000"


def test_the_learned_value_leads_and_zero_shot_candidates_stay_behind() -> None:
    lesson = lesson_from(invoice(), A_VALUES)
    later = invoice(number="NW-2024-0077", contract="Q-12-ZZ")
    zero_shot = extract_document(later, CONTRACTS)
    zero_values = {v.value for f in zero_shot.fields for v in f.values}
    result = extract_document(later, CONTRACTS, [lesson])
    for f in result.fields:
        ranked = f.ranked()
        assert all(a.confidence >= b.confidence for a, b in pairwise(ranked))
        assert len(ranked) <= 5
    kept = {v.value for f in result.fields for v in f.values}
    assert zero_values <= kept


# Another supplier of the same buyer, printing the label supplier A's lesson learned.
OTHER_SUPPLIER = (
    ("Sudhang Papier AG", 80, 60),
    ("Bahnhofstrasse 3, 80335 Muenchen", 80, 84),
    ("Buyer Company Ltd", 80, 240),
    ("Vorgang Ident X-1-Y", 700, 448),
)


def assert_unaffected(doc: ReadDocument, lesson: Lesson) -> None:
    before = extract_document(doc, CONTRACTS)
    after = extract_document(doc, CONTRACTS, [lesson])
    assert [f.ranked() for f in after.fields] == [f.ranked() for f in before.fields]


def test_another_supplier_is_unaffected() -> None:
    assert_unaffected(document(*OTHER_SUPPLIER), lesson_from(invoice(), A_VALUES))


def test_the_supplier_name_is_the_taught_one_even_when_printed_otherwise() -> None:
    lesson = lesson_from(invoice(), A_VALUES)
    # the same supplier, its VAT id printed, its name in a stylised logo zero-shot cannot read
    later = invoice("NORDWIND", number="NW-2024-0099")
    result = extracted(later, [lesson])
    best = result.field("supplier_name").best  # type: ignore[union-attr]
    assert best is not None and best.value == "Nordwind Technik GmbH"
    assert best.box is None  # not printed as such: no coordinates


def test_a_reading_of_the_wrong_shape_is_a_low_confidence_candidate() -> None:
    lesson = lesson_from(invoice(), A_VALUES)
    later = invoice(contract="see attachment")
    best = extracted(later, [lesson]).field("contract_ref").best  # type: ignore[union-attr]
    assert best is not None and best.confidence <= 0.5


def test_without_its_label_the_value_is_read_at_its_place_with_less_confidence() -> None:
    lesson = lesson_from(invoice(), A_VALUES)
    later = document(
        ("Nordwind Technik GmbH", 80, 60),
        ("Hafenstrasse 12, 20457 Hamburg", 80, 84),
        ("USt-IdNr. DE123456789", 80, 108),
        ("Ref.", 700, 448),
        ("R-55-CD", 700 + len("Vorgang Ident ") * CHAR, 448),
    )
    best = extracted(later, [lesson]).field("contract_ref").best  # type: ignore[union-attr]
    assert best is not None and best.value == "R-55-CD"
    assert 0.5 < best.confidence < 0.9


def test_a_field_zero_shot_had_right_is_only_confirmed() -> None:
    lesson = lesson_from(invoice(), A_VALUES)
    total = lesson.field("total_amount")
    assert total is not None and total.zero_shot_right is True
    contract = lesson.field("contract_ref")
    assert contract is not None and contract.zero_shot_right is False
    assert contract.anchors[0].label == ("vorgang", "ident") and contract.anchors[0].side == "left"


def test_the_most_recent_lesson_of_the_supplier_wins() -> None:
    older = lesson_from(invoice(), A_VALUES)
    moved = document(
        ("Nordwind Technik GmbH", 80, 60),
        ("Hafenstrasse 12, 20457 Hamburg", 80, 84),
        ("USt-IdNr. DE123456789", 80, 108),
        ("Vertrag", 80, 600),
        ("K-77-AB", 80, 624),
    )
    newer = lesson_from(moved, A_VALUES | {"issue_date": "2024-01-01"} | {"total_amount": "1"})
    later = document(
        ("Nordwind Technik GmbH", 80, 60),
        ("Hafenstrasse 12, 20457 Hamburg", 80, 84),
        ("USt-IdNr. DE123456789", 80, 108),
        ("Vertrag", 80, 600),
        ("M-10-XY", 80, 624),
    )
    assert newer.field("contract_ref").anchors[0].side == "above"  # type: ignore[union-attr]
    assert extracted(later, [newer, older]).best_value("contract_ref") == "M-10-XY"


def test_shapes() -> None:
    assert shape("INV-2024-001") == "A-9-9"
    assert shape("K-77-AB") == shape("Q-12-ZZ")
    assert shape("see attachment") != shape("K-77-AB")


def test_a_sister_company_in_the_same_layout_gets_none_of_the_suppliers_lessons() -> None:
    # the same letterhead and labels, but zero-shot reads a longer name holding the learned one
    lesson = lesson_from(invoice(), A_VALUES)
    sister = invoice("Nordwind Technik Bremen GmbH", contract="S-99-XY", vat_id="DE987654321")
    assert extract_document(sister, CONTRACTS).best_value("supplier_name") == (
        "Nordwind Technik Bremen GmbH"
    )
    assert_unaffected(sister, lesson)


def test_the_learned_names_words_on_another_suppliers_page_do_not_name_it() -> None:
    other = document(
        *OTHER_SUPPLIER, ("Ersatzteile fuer Nordwind Anlagen, Technik Service GmbH", 80, 700)
    )
    assert extract_document(other, CONTRACTS).best_value("supplier_name") == "Sudhang Papier AG"
    assert_unaffected(other, lesson_from(invoice(), A_VALUES))


def test_the_suppliers_name_comes_back_as_printed_when_only_its_punctuation_differs() -> None:
    lesson = lesson_from(invoice(), A_VALUES)
    dotted = extracted(invoice("Nordwind Technik GmbH.", number="NW-2024-0078"), [lesson])
    assert dotted.best_value("supplier_name") == "Nordwind Technik GmbH."
    shouted = extracted(invoice("NORDWIND TECHNIK GMBH", number="NW-2024-0079"), [lesson])
    assert shouted.best_value("supplier_name") == "Nordwind Technik GmbH"  # as taught


B_VALUES = {"supplier_name": "Sudhang Papier AG", "contract_ref": "X-1-Y"}


def recognised(doc: ReadDocument, lessons: list[Lesson]) -> str | None:
    key = recognise_supplier(doc, CONTRACTS, extract_document(doc, CONTRACTS), lessons)
    return key.name if key is not None else None


def test_a_document_is_recognised_as_its_own_taught_supplier_or_as_none() -> None:
    nordwind = lesson_from(invoice(), A_VALUES)
    sudhang = lesson_from(document(*OTHER_SUPPLIER), B_VALUES)
    later = invoice(number="NW-2024-0077", date="11.04.2024")
    assert recognised(later, [sudhang, nordwind]) == "Nordwind Technik GmbH"
    assert recognised(later, [sudhang]) is None
    assert recognised(later, []) is None
    sister = invoice("Nordwind Technik Bremen GmbH", vat_id="DE987654321")
    assert recognised(sister, [sudhang, nordwind]) is None


def test_the_recognised_supplier_is_the_one_whose_lessons_are_applied() -> None:
    nordwind = lesson_from(invoice(), A_VALUES)
    sudhang = lesson_from(document(*OTHER_SUPPLIER), B_VALUES)
    lessons = [sudhang, nordwind]
    for doc in (invoice(number="NW-2024-0078"), document(*OTHER_SUPPLIER), invoice("Andere AG")):
        view = DocumentState(doc, CONTRACTS).view
        name = extract_document(doc, CONTRACTS).best_value("supplier_name")
        key = recognised_supplier(view, lessons, name)
        matched = supplier_lessons(view, lessons, name)
        assert [lesson.key for lesson in matched][:1] == ([key] if key is not None else [])


def test_another_supplier_on_the_same_form_is_not_recognised() -> None:
    # the same letterhead words but for the name (a form many suppliers fill in): zero-shot
    # reads a name the corrected document did not print
    nordwind = lesson_from(invoice(), A_VALUES)
    ostsee = invoice("Ostsee Werkzeuge KG", number="OW-9", contract="Z-5-QQ", vat_id="DE11122233")
    assert recognised(ostsee, [nordwind]) is None
    assert_unaffected(ostsee, nordwind)
