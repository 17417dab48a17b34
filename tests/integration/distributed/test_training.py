"""Training through the real service, in both modes: a correction of one document of a supplier
counts for the supplier's very next document, and for nothing else."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from reportlab.pdfgen import canvas

from paperwise.config import Settings
from paperwise.domain.document_types import document_type_from_dict
from paperwise.errors import DocumentTypeNotFound, InvalidFile, NotFound, ValidationFailed
from paperwise.jobs.worker import Worker
from paperwise.services.facade import Account, Feedback, Submission
from paperwise.services.paperwise_service import PaperwiseService, open_service

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


def field(result: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(f for f in result["extracted_fields"] if f["name"] == name)
    return found


def best(result: dict[str, Any], name: str) -> dict[str, Any] | None:
    values = field(result, name)["values"]
    return values[0] if values else None


@pytest.fixture
def service(settings: Settings) -> Iterator[PaperwiseService]:
    opened = open_service(settings)
    yield opened
    opened.close()


@pytest.fixture
def account(service: PaperwiseService) -> Account:
    account = service.authenticate(service.create_key("acme")[1])
    service.create_document_type(account, CONTRACTS)
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
    extraction_id = service.submit(account, Submission(nordwind_c, "c.pdf", TYPE))
    worker = Worker(settings, service.db)
    try:
        assert worker.run_once()
    finally:
        worker.sandbox.close()
    polled = service.poll(account, extraction_id)
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
    service.create_document_type(stranger, CONTRACTS)
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
    service.create_document_type(stranger, CONTRACTS)
    with pytest.raises(NotFound):
        service.add_document_feedback(stranger, first["object_id"], corrections("K", "1"))
    with pytest.raises(InvalidFile):
        service.add_document(
            account, Submission(b"%PDF-1.7 broken", "x.pdf", TYPE), corrections("K", "1")
        )
    # once the extraction is purged (expired or deleted) its document is gone: feedback is 404
    extraction_id = service.submit(account, Submission(pdf, "a2.pdf", TYPE))
    worker = Worker(settings, service.db)
    try:
        assert worker.run_once()
    finally:
        worker.sandbox.close()
    object_id = service.poll(account, extraction_id)["result"]["object_id"]
    service.add_document_feedback(account, object_id, corrections("K-77-AB", "1190"))
    service.delete_extraction(account, extraction_id)
    with pytest.raises(NotFound):
        service.add_document_feedback(account, object_id, corrections("K-77-AB", "1190"))
