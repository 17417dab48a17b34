from __future__ import annotations

import json
from typing import Any

import pytest
from httpx import AsyncClient

from .fake_service import FakeService
from .http_helpers import PDF, assert_error, extract_body

pytestmark = pytest.mark.anyio

FIELDS = [
    {"name": "supplier_name", "value": "Acme GmbH"},
    {"name": "issue_date", "value": "2024-03-04"},
    {"name": "total_amount", "value": "119.00"},
]


def add_body(**overrides: Any) -> dict[str, Any]:
    body = extract_body(customer=None)
    body["learning_fields"] = FIELDS
    body.update(overrides)
    return body


@pytest.mark.parametrize("prefix", ["/api", "/api/v1"])
async def test_add_document_learns_the_corrections(
    client: AsyncClient, auth: dict[str, str], service: FakeService, prefix: str
) -> None:
    rows = [[{"name": "description", "value": "Bolts"}, {"name": "amount", "value": "10.5"}]]
    vat = [
        [{"name": "vat_rate_percentage", "value": "19"}, {"name": "vat_rate_net", "value": "100"}]
    ]
    body = add_body(line_items=rows, vat_rates=vat)
    response = await client.post(f"{prefix}/add-document", json=body, headers=auth)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert set(answer) == {"message", "details"} and answer["message"]
    _, type_name, corrections = service.learned[-1]
    assert type_name == "invoice"
    assert corrections.fields["total_amount"] == "119.0000"
    assert corrections.line_items == [{"description": "Bolts", "amount": "10.5000"}]
    assert corrections.vat_rates == [{"vat_rate_percentage": "19.0000", "vat_rate_net": "100.0000"}]


async def test_add_document_takes_a_multipart_upload(
    client: AsyncClient, auth: dict[str, str], service: FakeService
) -> None:
    response = await client.post(
        "/api/add-document",
        files={"file": ("scan.pdf", PDF, "application/pdf")},
        data={"document_type_name": "invoice", "learning_fields": json.dumps(FIELDS)},
        headers=auth,
    )
    assert response.status_code == 200, response.text
    assert service.learned[-1][2].fields["supplier_name"] == "Acme GmbH"


async def test_multipart_lists_must_be_json(client: AsyncClient, auth: dict[str, str]) -> None:
    response = await client.post(
        "/api/add-document",
        files={"file": ("scan.pdf", PDF, "application/pdf")},
        data={"document_type_name": "invoice", "learning_fields": "not json"},
        headers=auth,
    )
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert body["details"][0]["field"] == "learning_fields"


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ([{"name": "no_such_field", "value": "x"}], "learning_fields[0].name"),
        ([{"name": "issue_date", "value": "04.03.2024"}], "learning_fields[0].value"),
        ([{"name": "total_amount", "value": "1.234,50"}], "learning_fields[0].value"),
        ([{"value": "x"}], "learning_fields[0]"),
        ("supplier_name=Acme", "learning_fields"),
        ([], "learning_fields"),
    ],
)
async def test_bad_corrections_are_422_with_the_place(
    client: AsyncClient, auth: dict[str, str], fields: Any, where: str
) -> None:
    response = await client.post(
        "/api/add-document", json=add_body(learning_fields=fields), headers=auth
    )
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert where in [d["field"] for d in body["details"]]


async def test_missing_learning_fields_is_422(client: AsyncClient, auth: dict[str, str]) -> None:
    body = add_body()
    del body["learning_fields"]
    response = await client.post("/api/add-document", json=body, headers=auth)
    assert_error(response, 422, "VALIDATION_ERROR")


async def test_add_document_refuses_unknown_types_and_bad_files(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    unknown = await client.post(
        "/api/add-document", json=add_body(document_type_name="nope"), headers=auth
    )
    assert_error(unknown, 404, "DOCUMENT_TYPE_NOT_FOUND")
    not_a_document = extract_body(b"hello", customer=None) | {"learning_fields": FIELDS}
    bad = await client.post("/api/add-document", json=not_a_document, headers=auth)
    assert_error(bad, 415, "UNSUPPORTED_FILE_TYPE")
    missing = await client.post("/api/add-document", json=add_body(file=None), headers=auth)
    assert_error(missing, 422, "VALIDATION_ERROR")


async def test_training_needs_a_key(client: AsyncClient) -> None:
    for route in ("add-document", "add-document-feedback", "start-training"):
        response = await client.post(f"/api/{route}", json={})
        assert_error(response, 401, "UNAUTHORIZED")


@pytest.mark.parametrize("prefix", ["/api", "/api/v1"])
async def test_feedback_on_an_earlier_extraction(
    client: AsyncClient, auth: dict[str, str], service: FakeService, prefix: str
) -> None:
    result = (await client.post("/api/extract-data", json=extract_body(), headers=auth)).json()
    body = {
        "document_type_name": "invoice",
        "document_object_id": result["object_id"],
        "learning_fields": FIELDS,
    }
    response = await client.post(f"{prefix}/add-document-feedback", json=body, headers=auth)
    assert response.status_code == 200, response.text
    assert set(response.json()) == {"message", "details"}
    assert service.learned[-1][2].fields["issue_date"] == "2024-03-04"


async def test_feedback_on_another_accounts_or_unknown_document_is_404(
    client: AsyncClient, auth: dict[str, str], other_auth: dict[str, str]
) -> None:
    result = (await client.post("/api/extract-data", json=extract_body(), headers=auth)).json()
    body = {
        "document_type_name": "invoice",
        "document_object_id": result["object_id"],
        "learning_fields": FIELDS,
    }
    other = await client.post("/api/add-document-feedback", json=body, headers=other_auth)
    assert_error(other, 404, "NOT_FOUND")
    body["document_object_id"] = "0" * 40
    unknown = await client.post("/api/add-document-feedback", json=body, headers=auth)
    assert_error(unknown, 404, "NOT_FOUND")


async def test_feedback_needs_an_object_id_and_a_type(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    no_id = {"document_type_name": "invoice", "learning_fields": FIELDS}
    response = await client.post("/api/add-document-feedback", json=no_id, headers=auth)
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert body["details"][0]["field"] == "document_object_id"
    no_type = {"document_object_id": "a" * 40, "learning_fields": FIELDS}
    response = await client.post("/api/add-document-feedback", json=no_type, headers=auth)
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert body["details"][0]["field"] == "document_type_name"


async def test_start_training_answers_for_compatibility(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    for prefix in ("/api", "/api/v1"):
        response = await client.post(f"{prefix}/start-training", headers=auth)
        assert response.status_code == 200
        assert set(response.json()) == {"message", "details"}


async def test_training_routes_are_documented(client: AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    for route in ("add-document", "add-document-feedback", "start-training"):
        assert f"/api/{route}" in paths
        assert f"/api/v1/{route}" not in paths


async def _teach(client: AsyncClient, auth: dict[str, str], supplier: str, doctype: str) -> None:
    fields = [{"name": "supplier_name", "value": supplier}]
    body = add_body(learning_fields=fields, document_type_name=doctype)
    response = await client.post("/api/add-document", json=body, headers=auth)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("prefix", ["/api", "/api/v1"])
async def test_training_documents_are_listed_by_type_and_supplier(
    client: AsyncClient, auth: dict[str, str], other_auth: dict[str, str], prefix: str
) -> None:
    await _teach(client, auth, "Acme GmbH", "invoice")
    await _teach(client, auth, "Globex AG", "invoice")
    await _teach(client, auth, "Acme GmbH", "receipt")
    await _teach(client, other_auth, "Acme GmbH", "invoice")
    route = f"{prefix}/training-documents"
    listed = (await client.get(route, headers=auth)).json()["training_documents"]
    assert len(listed) == 3
    assert set(listed[0]) == {"id", "document_type_name", "supplier", "file_name", "created_at"}
    invoices = await client.get(route, params={"document_type_name": "invoice"}, headers=auth)
    assert {d["supplier"] for d in invoices.json()["training_documents"]} == {
        "acme gmbh",
        "globex ag",
    }
    acme = await client.get(
        route, params={"document_type_name": "invoice", "supplier": "ACME GmbH"}, headers=auth
    )
    assert [d["supplier"] for d in acme.json()["training_documents"]] == ["acme gmbh"]
    unknown = await client.get(route, params={"document_type_name": "nope"}, headers=auth)
    assert_error(unknown, 404, "DOCUMENT_TYPE_NOT_FOUND")


async def test_one_training_document_is_deleted_and_another_accounts_is_404(
    client: AsyncClient, auth: dict[str, str], other_auth: dict[str, str]
) -> None:
    await _teach(client, auth, "Acme GmbH", "invoice")
    listed = (await client.get("/api/training-documents", headers=auth)).json()
    document_id = listed["training_documents"][0]["id"]
    theirs = await client.delete(f"/api/training-documents/{document_id}", headers=other_auth)
    assert_error(theirs, 404, "NOT_FOUND")
    deleted = await client.delete(f"/api/v1/training-documents/{document_id}", headers=auth)
    assert deleted.status_code == 204 and not deleted.content
    again = await client.delete(f"/api/training-documents/{document_id}", headers=auth)
    assert_error(again, 404, "NOT_FOUND")
    assert (await client.get("/api/training-documents", headers=auth)).json() == {
        "training_documents": []
    }


async def test_a_suppliers_training_documents_are_deleted_together(
    client: AsyncClient, auth: dict[str, str], other_auth: dict[str, str]
) -> None:
    for _ in range(2):
        await _teach(client, auth, "Acme GmbH", "invoice")
    await _teach(client, auth, "Globex AG", "invoice")
    await _teach(client, other_auth, "Acme GmbH", "invoice")
    route = "/api/training-documents"
    answer = await client.delete(
        route, params={"document_type_name": "invoice", "supplier": "Acme GmbH"}, headers=auth
    )
    assert answer.status_code == 200 and answer.json() == {"deleted": 2}
    left = (await client.get(route, headers=auth)).json()["training_documents"]
    assert [d["supplier"] for d in left] == ["globex ag"]
    theirs = (await client.get(route, headers=other_auth)).json()["training_documents"]
    assert [d["supplier"] for d in theirs] == ["acme gmbh"]  # another account's stay
    assert_error(await client.delete(route, headers=auth), 422, "VALIDATION_ERROR")
    unknown = await client.delete(route, params={"document_type_name": "nope"}, headers=auth)
    assert_error(unknown, 404, "DOCUMENT_TYPE_NOT_FOUND")


async def test_training_documents_need_a_key(client: AsyncClient) -> None:
    assert_error(await client.get("/api/training-documents"), 401, "UNAUTHORIZED")
    assert_error(await client.delete("/api/training-documents/x"), 401, "UNAUTHORIZED")
