"""Training through the real service, in both modes: a correction of one document of a supplier
counts for the supplier's very next document, and for nothing else."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import pytest
from reportlab.pdfgen import canvas

from paperwise.config import Settings
from paperwise.domain.accounts import Account
from paperwise.domain.document_types import document_type_from_dict
from paperwise.errors import DocumentTypeNotFound, InvalidFile, NotFound, ValidationFailed
from paperwise.jobs.worker import Worker
from paperwise.services.paperwise_service import PaperwiseService
from paperwise.services.protocol import Feedback, Submission

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TYPE = "supplier-contracts"
CONTRACTS = document_type_from_dict(
    {
        "name": TYPE,
        "fields": [
            {"name": "supplier_name", "data_type": "AUTHOR"},
            {"name": "contract_ref", "data_type": "STRING"},
            {"name": "total_amount", "data_type": "NUMBER"},
        ],
    }
)


def invoice_pdf(supplier: str, vat_id: str, number: str, contract: str, total: str) -> bytes:
    """A supplier's invoice with a text layer; the contract reference under an odd label."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    lines = [
        (72, 780, supplier),
        (72, 764, "Hafenstrasse 12, 20457 Hamburg"),
        (72, 748, f"USt-IdNr. {vat_id}"),
        (72, 680, "Buyer Company Ltd"),
        (72, 600, "Rechnung"),
        (340, 600, f"Beleg Nr. {number}"),
        (340, 584, f"Vorgang Ident {contract}"),
        (340, 400, f"Gesamtbetrag EUR {total}"),
    ]
    for x, y, text in lines:
        page.drawString(x, y, text)
    page.save()
    return buffer.getvalue()


def field(result: Mapping[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(f for f in result["extracted_fields"] if f["name"] == name)
    return found


def best(result: Mapping[str, Any], name: str) -> dict[str, Any] | None:
    values = field(result, name)["values"]
    return values[0] if values else None


def through_a_worker(
    service: PaperwiseService, settings: Settings, account: Account, submission: Submission
) -> dict[str, Any]:
    """The poll answer of ``submission`` extracted asynchronously, by one worker run."""
    extraction_id = service.submit(account, submission)
    worker = Worker(settings, service.db)
    try:
        assert worker.run_once()
    finally:
        worker.sandbox.close()
    return {**service.poll(account, extraction_id), "extraction_id": extraction_id}


@pytest.fixture
def account(service: PaperwiseService) -> Account:
    account = service.authenticate(service.create_key("acme")[1])
    service.document_types.create(account, CONTRACTS)
    return account


def corrections(contract: str, total: str) -> Feedback:
    return Feedback(
        TYPE,
        [
            {"name": "supplier_name", "value": "Nordwind Technik GmbH"},
            {"name": "contract_ref", "value": contract},
            {"name": "total_amount", "value": total},
        ],
    )


def test_feedback_counts_for_the_suppliers_next_document_only(
    service: PaperwiseService, account: Account, settings: Settings
) -> None:
    nordwind_a = invoice_pdf("Nordwind Technik GmbH", "DE123456789", "NW-1", "K-77-AB", "1.190,00")
    first = service.extract_now(account, Submission(nordwind_a, "a.pdf", TYPE))
    assert best(first, "contract_ref") is None  # zero-shot cannot know the field

    answer = service.add_document_feedback(
        account, first["object_id"], corrections("K-77-AB", "1190.00")
    )
    assert set(answer) == {"message", "details"}
    assert {"field": "contract_ref", "learned": "position", "found_on_page": True} in answer[
        "details"
    ]

    # the supplier's next document, synchronously: the learned field comes back, boxed
    nordwind_b = invoice_pdf("Nordwind Technik GmbH", "DE123456789", "NW-2", "Q-12-ZZ", "238,00")
    second = service.extract_now(account, Submission(nordwind_b, "b.pdf", TYPE))
    contract = best(second, "contract_ref")
    assert contract is not None and contract["value"] == "Q-12-ZZ"
    assert contract["confidence_score"] >= 0.9
    assert contract["page_number"] == 0 and contract["x"] > 0 and contract["width"] > 0

    # and asynchronously, through a worker
    nordwind_c = invoice_pdf("Nordwind Technik GmbH", "DE123456789", "NW-3", "Z-01-QQ", "10,00")
    polled = through_a_worker(service, settings, account, Submission(nordwind_c, "c.pdf", TYPE))
    assert polled["status"] == "SUCCESS"
    contract = best(polled["result"], "contract_ref")
    assert contract is not None and contract["value"] == "Z-01-QQ"

    # another supplier's document, printing the same label, is unaffected
    other = invoice_pdf("Sudhang Papier AG", "DE987654321", "SP-9", "X-99-XX", "5,00")
    unaffected = service.extract_now(account, Submission(other, "o.pdf", TYPE))
    assert best(unaffected, "contract_ref") is None
    assert best(unaffected, "supplier_name") != best(second, "supplier_name")

    # another account is unaffected
    stranger = service.authenticate(service.create_key("stranger")[1])
    service.document_types.create(stranger, CONTRACTS)
    theirs = service.extract_now(stranger, Submission(nordwind_b, "b.pdf", TYPE))
    assert best(theirs, "contract_ref") is None


def test_add_document_teaches_without_an_earlier_extraction(
    service: PaperwiseService, account: Account
) -> None:
    nordwind_a = invoice_pdf("Nordwind Technik GmbH", "DE123456789", "NW-1", "K-77-AB", "1.190,00")
    answer = service.add_document(
        account, Submission(nordwind_a, "a.pdf", TYPE), corrections("K-77-AB", "1190.00")
    )
    assert answer["message"]
    nordwind_b = invoice_pdf("Nordwind Technik GmbH", "DE123456789", "NW-2", "Q-12-ZZ", "238,00")
    result = service.extract_now(account, Submission(nordwind_b, "b.pdf", TYPE))
    contract = best(result, "contract_ref")
    assert contract is not None and contract["value"] == "Q-12-ZZ"


def test_forgetting_a_suppliers_training_documents_makes_extraction_zero_shot_again(
    service: PaperwiseService, account: Account, settings: Settings
) -> None:
    nordwind_a = invoice_pdf("Nordwind Technik GmbH", "DE123456789", "NW-1", "K-77-AB", "1.190,00")
    first = service.extract_now(account, Submission(nordwind_a, "a.pdf", TYPE))
    service.add_document_feedback(account, first["object_id"], corrections("K-77-AB", "1190.00"))
    nordwind_b = invoice_pdf("Nordwind Technik GmbH", "DE123456789", "NW-2", "Q-12-ZZ", "238,00")
    service.add_document(
        account, Submission(nordwind_b, "b.pdf", TYPE), corrections("Q-12-ZZ", "238.00")
    )
    other = invoice_pdf("Sudhang Papier AG", "DE987654321", "SP-9", "X-99-XX", "5,00")
    service.add_document(
        account,
        Submission(other, "o.pdf", TYPE),
        Feedback(TYPE, [{"name": "supplier_name", "value": "Sudhang Papier AG"}]),
    )
    listed = service.list_training_documents(account, TYPE, "NORDWIND TECHNIK GMBH")
    assert [(d["file_name"], d["supplier"]) for d in listed] == [
        ("b.pdf", "nordwind technik gmbh"),  # most recent first
        ("a.pdf", "nordwind technik gmbh"),  # feedback: the extraction's file name
    ]
    assert len(service.list_training_documents(account)) == 3
    stranger = service.authenticate(service.create_key("stranger")[1])
    with pytest.raises(NotFound):
        service.delete_training_document(stranger, listed[0]["id"])

    nordwind_c = invoice_pdf("Nordwind Technik GmbH", "DE123456789", "NW-3", "Z-01-QQ", "10,00")
    taught = service.extract_now(account, Submission(nordwind_c, "c.pdf", TYPE))
    assert best(taught, "contract_ref") is not None

    assert service.delete_training_documents(account, TYPE, "Nordwind Technik GmbH") == 2
    assert [d["supplier"] for d in service.list_training_documents(account)] == [
        "sudhang papier ag"
    ]
    # the next extraction, synchronous or through a worker, is zero-shot again
    again = service.extract_now(account, Submission(nordwind_c, "c.pdf", TYPE))
    assert best(again, "contract_ref") is None
    polled = through_a_worker(service, settings, account, Submission(nordwind_c, "c.pdf", TYPE))
    assert polled["status"] == "SUCCESS"
    zero_shot = service.extract_now(
        stranger_with_type(service), Submission(nordwind_c, "c.pdf", TYPE)
    )
    for result in (again, polled["result"]):
        assert [f["values"] for f in result["extracted_fields"]] == [
            f["values"] for f in zero_shot["extracted_fields"]
        ]


def stranger_with_type(service: PaperwiseService) -> Account:
    """An account that never taught anything, with the same document type."""
    fresh = service.authenticate(service.create_key("fresh")[1])
    service.document_types.create(fresh, CONTRACTS)
    return fresh


def test_bad_training_requests_are_refused(
    service: PaperwiseService, account: Account, settings: Settings
) -> None:
    pdf = invoice_pdf("Nordwind Technik GmbH", "DE123456789", "NW-1", "K-77-AB", "1.190,00")
    first = service.extract_now(account, Submission(pdf, "a.pdf", TYPE))
    with pytest.raises(ValidationFailed):
        service.add_document_feedback(
            account, first["object_id"], Feedback(TYPE, [{"name": "nope", "value": "1"}])
        )
    with pytest.raises(DocumentTypeNotFound):
        service.add_document_feedback(
            account, first["object_id"], Feedback("nope", [{"name": "x", "value": "1"}])
        )
    stranger = service.authenticate(service.create_key("stranger")[1])
    service.document_types.create(stranger, CONTRACTS)
    with pytest.raises(NotFound):
        service.add_document_feedback(stranger, first["object_id"], corrections("K", "1"))
    with pytest.raises(InvalidFile):
        service.add_document(
            account, Submission(b"%PDF-1.7 broken", "x.pdf", TYPE), corrections("K", "1")
        )
    # once the extraction is purged (expired or deleted) its document is gone: feedback is 404
    polled = through_a_worker(service, settings, account, Submission(pdf, "a2.pdf", TYPE))
    extraction_id, object_id = polled["extraction_id"], polled["result"]["object_id"]
    service.add_document_feedback(account, object_id, corrections("K-77-AB", "1190"))
    service.delete_extraction(account, extraction_id)
    with pytest.raises(NotFound):
        service.add_document_feedback(account, object_id, corrections("K-77-AB", "1190"))


ITEMS_TYPE = "work-orders"
WORK_ORDERS = document_type_from_dict(
    {
        "name": ITEMS_TYPE,
        "fields": [{"name": "supplier_name", "data_type": "AUTHOR"}],
        # names that tell zero-shot nothing: only the corrections say which column is which
        "line_item_fields": [
            {"name": "what", "data_type": "STRING"},
            {"name": "n_a", "data_type": "NUMBER"},
            {"name": "n_b", "data_type": "NUMBER"},
            {"name": "n_c", "data_type": "NUMBER"},
        ],
        "vat_rates": True,
    }
)


def table_pdf(number: str, rows: list[tuple[str, str, str, str]], taxes: list[str]) -> bytes:
    """A supplier's invoice with an item table (text, quantity, price, amount as printed), the
    net sum and one 'MwSt <rate> % <tax>' line per entry of ``taxes`` ('7|0,84')."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    lines = [
        (72, 780, "Nordwind Technik GmbH"),
        (72, 764, "Hafenstrasse 12, 20457 Hamburg"),
        (72, 748, "USt-IdNr. DE123456789"),
        (72, 680, "Buyer Company Ltd"),
        (340, 600, f"Beleg Nr. {number}"),
        (72, 540, "Bezeichnung"),
        (300, 540, "Menge"),
        (380, 540, "Preis"),
        (470, 540, "Betrag"),
    ]
    y = 520
    for text, quantity, price, amount in rows:
        lines += [(72, y, text), (300, y, quantity), (380, y, price), (470, y, amount)]
        y -= 16
    net = sum(float(r[3].replace(".", "").replace(",", ".")) for r in rows)
    y -= 20
    lines += [(300, y, "Zwischensumme"), (470, y, f"{net:.2f}".replace(".", ","))]
    for tax in taxes:
        rate, amount = tax.split("|")
        y -= 16
        lines += [(300, y, f"MwSt {rate} %"), (470, y, amount)]
    for x, y_, text in lines:
        page.drawString(x, y_, text)
    page.save()
    return buffer.getvalue()


def test_corrected_line_items_and_vat_rates_count_for_the_suppliers_next_document(
    service: PaperwiseService, account: Account, settings: Settings
) -> None:
    service.document_types.create(account, WORK_ORDERS)
    first = table_pdf(
        "NW-1",
        [("Schraube M8", "10", "1,50", "15,00"), ("Montage", "2", "80,00", "160,00")],
        ["7|1,05", "19|30,40"],
    )
    rows = [("Schraube M8", "10", "1.50", "15.00"), ("Montage", "2", "80.00", "160.00")]
    feedback = Feedback(
        ITEMS_TYPE,
        [{"name": "supplier_name", "value": "Nordwind Technik GmbH"}],
        [
            [{"name": k, "value": v} for k, v in zip(("what", "n_a", "n_b", "n_c"), r, strict=True)]
            for r in rows
        ],
        [
            [
                {"name": "vat_rate_percentage", "value": "7"},
                {"name": "vat_rate_net", "value": "15"},
            ],
            [
                {"name": "vat_rate_percentage", "value": "19"},
                {"name": "vat_rate_net", "value": "160"},
            ],
        ],
    )
    answer = service.add_document(account, Submission(first, "a.pdf", ITEMS_TYPE), feedback)
    assert {"line_items": 2, "learned": "table layout"} in answer["details"]
    assert {"vat_rates": 2, "learned": "summary layout"} in answer["details"]

    later = table_pdf(
        "NW-2",
        [
            ("Duebel 8 mm", "100", "0,12", "12,00"),
            ("Wartung Heizung", "3", "95,00", "285,00"),
            ("Rohr 22 mm", "4", "7,25", "29,00"),
        ],
        ["7|0,84", "19|59,66"],
    )
    expected = [
        {"what": "Duebel 8 mm", "n_a": "100.0000", "n_b": "0.1200", "n_c": "12.0000"},
        {"what": "Wartung Heizung", "n_a": "3.0000", "n_b": "95.0000", "n_c": "285.0000"},
        {"what": "Rohr 22 mm", "n_a": "4.0000", "n_b": "7.2500", "n_c": "29.0000"},
    ]
    pairs = [("7.0000", "12.0000"), ("19.0000", "314.0000")]

    def rows_of(result: Mapping[str, Any]) -> list[dict[str, str]]:
        return [{c["name"]: c["values"][0]["value"] for c in row} for row in result["line_items"]]

    def pairs_of(result: Mapping[str, Any]) -> list[tuple[str, str]]:
        return [
            (p[0]["values"][0]["value"], p[1]["values"][0]["value"]) for p in result["vat_rates"]
        ]

    result = service.extract_now(account, Submission(later, "b.pdf", ITEMS_TYPE))
    assert rows_of(result) == expected
    assert pairs_of(result) == pairs
    amount = result["line_items"][0][3]["values"][0]
    assert amount["confidence_score"] >= 0.9 and amount["page_number"] == 0 and amount["x"] > 0

    polled = through_a_worker(service, settings, account, Submission(later, "c.pdf", ITEMS_TYPE))
    assert polled["status"] == "SUCCESS"
    assert rows_of(polled["result"]) == expected
    assert pairs_of(polled["result"]) == pairs
