"""What a field means, learned from all of an account's corrections (``learning/meanings.py``)
and carried to suppliers never corrected."""

from __future__ import annotations

from paperwise.domain.document_types import DocumentType, document_type_from_dict
from paperwise.learning.corrections import parse_corrections
from paperwise.learning.lessons import Lesson
from paperwise.learning.meanings import AccountModel, MeaningEvidence, fit
from paperwise.pipeline import extract_document, learn_document
from paperwise.reading.model import ReadDocument

from .pages import invoice

OPAQUE = document_type_from_dict(
    {
        "name": "opaque",
        "fields": [
            {"name": "supplier_name", "data_type": "AUTHOR"},
            {"name": "k5", "data_type": "NUMBER"},
            {"name": "d1", "data_type": "DATE"},
            {"name": "r9", "data_type": "STRING"},
        ],
    }
)
NORDWIND = invoice("Nordwind Technik GmbH")
NORDWIND_VALUES = {
    "supplier_name": "Nordwind Technik GmbH",
    "k5": "1190.00",
    "d1": "2024-03-04",
    "r9": "NW-2024-0042",
}
SUEDLICHT = invoice(
    "Suedlicht Handel AG", number="SL-55", date="01.02.2024", total="238,00", vat_id="DE98765432"
)
SUEDLICHT_VALUES = {
    "supplier_name": "Suedlicht Handel AG",
    "k5": "238.00",
    "d1": "2024-02-01",
    "r9": "SL-55",
}
# a supplier the account never corrected
OSTSEE = invoice(
    "Ostsee Werkzeuge KG", number="OW-9", date="07.05.2024", total="99,50", vat_id="DE11122233"
)


def lesson(doc: ReadDocument, values: dict[str, str], doctype: DocumentType = OPAQUE) -> Lesson:
    corrections = parse_corrections(doctype, [{"name": k, "value": v} for k, v in values.items()])
    return Lesson.from_json(learn_document(doc, doctype, corrections).lesson.to_json())


def best_values(
    doc: ReadDocument, lessons: list[Lesson], model: AccountModel | None
) -> dict[str, str | None]:
    result = extract_document(doc, OPAQUE, lessons, model)
    return {f.name: f.best.value if f.best else None for f in result.fields}


def test_each_corrected_value_records_the_meanings_that_read_it() -> None:
    learned = lesson(NORDWIND, NORDWIND_VALUES)
    assert learned.meanings.fields == {
        "k5": ["total_amount"],
        "d1": ["issue_date"],
        "r9": ["invoice_number"],
    }


def test_opaque_fields_get_their_meaning_on_a_supplier_never_corrected() -> None:
    lessons = [lesson(SUEDLICHT, SUEDLICHT_VALUES), lesson(NORDWIND, NORDWIND_VALUES)]
    model = fit(OPAQUE, [x.meanings for x in lessons])
    assert model.fields == {"k5": "total_amount", "d1": "issue_date", "r9": "invoice_number"}
    before = best_values(OSTSEE, lessons, None)
    assert before == {"supplier_name": "Ostsee Werkzeuge KG", "k5": None, "d1": None, "r9": None}
    after = best_values(OSTSEE, lessons, AccountModel.from_json(model.to_json()))
    assert after["supplier_name"] == "Ostsee Werkzeuge KG"  # no other supplier's values
    assert after["d1"] == "2024-05-07" and after["r9"] == "OW-9"
    assert after["k5"] is not None and float(after["k5"]) == 99.5


def test_one_corrected_document_teaches_no_meaning() -> None:
    model = fit(OPAQUE, [lesson(NORDWIND, NORDWIND_VALUES).meanings])
    assert model.fields == {} and model.documents == 1
    assert model.applied_to(OPAQUE) is OPAQUE


def evidence(*fields: dict[str, list[str]]) -> list[MeaningEvidence]:
    return [MeaningEvidence(f) for f in fields]


def test_a_tie_teaches_nothing_and_a_clear_majority_does() -> None:
    both = {"k5": ["total_amount", "net_amount"]}
    assert fit(OPAQUE, evidence(both, both, both)).fields == {}
    total = {"k5": ["total_amount"]}
    assert fit(OPAQUE, evidence(both, both, total)).fields == {"k5": "total_amount"}
    assert fit(OPAQUE, evidence(total, {"k5": []}, {"k5": []}, {"k5": []})).fields == {}


def test_a_named_field_keeps_its_meaning_unless_the_corrections_nearly_always_say_another() -> None:
    named = document_type_from_dict(
        {
            "name": "named",
            "fields": [
                {"name": "supplier_name", "data_type": "AUTHOR"},
                {"name": "total_amount", "data_type": "NUMBER"},
            ],
        }
    )
    net = {"total_amount": ["net_amount"]}
    total = {"total_amount": ["total_amount"]}
    assert fit(named, evidence(net, net, total, total)).fields == {}
    assert fit(named, evidence(net, net)).fields == {}  # too few
    model = fit(named, evidence(net, net, net, net, {"total_amount": []}))
    assert model.fields == {"total_amount": "net_amount"}
    hinted = model.applied_to(named)
    assert [f.name for f in hinted.fields] == ["supplier_name", "total_amount"]
    assert hinted.fields[1].meaning == "net_amount"


def test_line_item_columns_get_their_meaning() -> None:
    items = {"c1": ["description"], "c2": ["amount", "unit_price"]}
    with_items = document_type_from_dict(
        {
            "name": "with-items",
            "fields": [{"name": "supplier_name", "data_type": "AUTHOR"}],
            "line_item_fields": [
                {"name": "c1", "data_type": "STRING"},
                {"name": "c2", "data_type": "NUMBER"},
            ],
        }
    )
    model = fit(with_items, [MeaningEvidence({}, items), MeaningEvidence({}, items)])
    assert model.line_items == {"c1": "description"}  # c2: a tie
    assert AccountModel.from_json(model.to_json()) == model
