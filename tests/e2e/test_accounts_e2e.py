"""Tenant isolation and document types over real HTTP: to another account, nothing exists."""

from __future__ import annotations

import uuid

import pytest

from .api_client import Api
from .documents import invoice_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PURCHASE_ORDER = {
    "name": "purchase-order",
    "fields": [
        {"name": "vendor", "data_type": "AUTHOR"},
        {"name": "number", "data_type": "STRING", "hint": "invoice_number"},
        {"name": "date", "data_type": "DATE"},
    ],
    "line_item_fields": [],
    "vat_rates": False,
}


def test_another_account_gets_404_for_an_extraction(alice: Api, bob: Api) -> None:
    extraction_id = alice.submit_id(invoice_pdf(f"ISO-{uuid.uuid4().hex[:6]}"))
    for response in (
        bob.poll(extraction_id),
        bob.http.delete(f"/api/extractions/{extraction_id}"),
    ):
        assert response.status_code == 404, response.text
        assert response.json()["code"] == "NOT_FOUND"
    never, foreign = bob.poll("0" * 40), bob.poll(extraction_id)
    assert never.status_code == foreign.status_code == 404
    assert never.json()["code"] == foreign.json()["code"] == "NOT_FOUND"
    assert alice.wait(extraction_id)["status"] == "SUCCESS"  # bob's delete did nothing
    assert extraction_id not in bob.http.get("/api/awaiting-poll").json()["extraction_ids"]


def test_document_types_are_per_account(alice: Api, bob: Api) -> None:
    created = alice.http.post("/api/document-types", json=PURCHASE_ORDER)
    assert created.status_code == 201, created.text
    assert created.json()["name"] == "purchase-order"
    assert alice.http.get("/api/document-types/purchase-order").status_code == 200

    url = "/api/document-types/purchase-order"
    for response in (
        bob.http.get(url),
        bob.http.put(url, json=PURCHASE_ORDER),
        bob.http.delete(url),
        bob.extract(invoice_pdf(), document_type_name="purchase-order"),
    ):
        assert response.status_code == 404, response.text
        assert response.json()["code"] == "DOCUMENT_TYPE_NOT_FOUND"
    bob_names = [t["name"] for t in bob.http.get("/api/document-types").json()["document_types"]]
    assert "purchase-order" not in bob_names and {"invoice", "receipt"} <= set(bob_names)

    result = alice.extract(invoice_pdf("PO-77"), document_type_name="purchase-order")
    assert result.status_code == 200, result.text
    fields = {f["name"]: f["values"] for f in result.json()["extracted_fields"]}
    assert list(fields) == ["vendor", "number", "date"]
    assert fields["number"] and fields["number"][0]["value"] == "PO-77"

    assert alice.http.delete(url).status_code == 204
    assert alice.http.get(url).status_code == 404


def test_invalid_document_type_is_422(alice: Api) -> None:
    response = alice.http.post(
        "/api/document-types", json={"name": "bad", "fields": [{"name": "x", "data_type": "?"}]}
    )
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "fields[0].data_type"


def test_training_documents_are_the_accounts_own(alice: Api, bob: Api) -> None:
    supplier = f"Isolation Supplier {uuid.uuid4().hex[:6]} GmbH"
    body = alice.body(invoice_pdf("TD-1"), "taught.pdf")
    body["learning_fields"] = [{"name": "supplier_name", "value": supplier}]
    taught = alice.http.post("/api/add-document", json=body)
    assert taught.status_code == 200, taught.text
    query = {"document_type_name": "invoice", "supplier": supplier}
    listed = alice.http.get("/api/v1/training-documents", params=query).json()
    [document] = listed["training_documents"]
    assert document["file_name"] == "taught.pdf" and document["supplier"] == supplier.casefold()
    assert bob.http.get("/api/training-documents", params=query).json() == {
        "training_documents": []
    }
    foreign = bob.http.delete(f"/api/training-documents/{document['id']}")
    assert foreign.status_code == 404 and foreign.json()["code"] == "NOT_FOUND"
    assert bob.http.delete("/api/training-documents", params=query).json() == {"deleted": 0}
    assert alice.http.delete(f"/api/training-documents/{document['id']}").status_code == 204
    assert alice.http.get("/api/training-documents", params=query).json() == {
        "training_documents": []
    }
