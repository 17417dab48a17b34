from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient

from .http_helpers import assert_error

pytestmark = pytest.mark.anyio

SUPPLIER_INVOICE: dict[str, Any] = {
    "name": "supplier-invoice",
    "fields": [
        {"name": "supplier_name", "data_type": "AUTHOR"},
        {"name": "number", "data_type": "STRING", "hint": "invoice_number"},
    ],
    "line_item_fields": [{"name": "quantity", "data_type": "NUMBER"}],
    "vat_rates": True,
}


async def test_create_get_list_update_delete(client: AsyncClient, auth: dict[str, str]) -> None:
    created = await client.post("/api/document-types", json=SUPPLIER_INVOICE, headers=auth)
    assert created.status_code == 201
    assert created.headers["location"] == "/api/document-types/supplier-invoice"
    assert created.json() == {**SUPPLIER_INVOICE, "builtin": False}

    fetched = await client.get("/api/v1/document-types/supplier-invoice", headers=auth)
    assert fetched.json() == created.json()
    names = [
        d["name"]
        for d in (await client.get("/api/document-types", headers=auth)).json()["document_types"]
    ]
    assert names == ["invoice", "receipt", "supplier-invoice"]

    replacement = {"fields": [{"name": "total", "data_type": "NUMBER"}]}
    updated = await client.put(
        "/api/document-types/supplier-invoice", json=replacement, headers=auth
    )
    assert updated.status_code == 200
    assert [f["name"] for f in updated.json()["fields"]] == ["supplier_name", "total"]

    deleted = await client.delete("/api/document-types/supplier-invoice", headers=auth)
    assert deleted.status_code == 204
    missing = await client.get("/api/document-types/supplier-invoice", headers=auth)
    assert_error(missing, 404, "DOCUMENT_TYPE_NOT_FOUND")


async def test_invalid_type_is_422_naming_the_problem(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    bad = {"name": "x y", "fields": [{"name": "a", "data_type": "MONEY"}]}
    response = await client.post("/api/document-types", json=bad, headers=auth)
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert {d["field"] for d in body["details"]} == {"name", "fields[0].data_type"}


async def test_duplicate_is_409(client: AsyncClient, auth: dict[str, str]) -> None:
    await client.post("/api/document-types", json=SUPPLIER_INVOICE, headers=auth)
    again = await client.post("/api/document-types", json=SUPPLIER_INVOICE, headers=auth)
    assert_error(again, 409, "CONFLICT")


async def test_renaming_through_put_is_422(client: AsyncClient, auth: dict[str, str]) -> None:
    await client.post("/api/document-types", json=SUPPLIER_INVOICE, headers=auth)
    renamed = {**SUPPLIER_INVOICE, "name": "other"}
    response = await client.put("/api/document-types/supplier-invoice", json=renamed, headers=auth)
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert body["details"][0]["field"] == "name"


async def test_builtin_types_cannot_change(client: AsyncClient, auth: dict[str, str]) -> None:
    put = await client.put("/api/document-types/invoice", json={"fields": []}, headers=auth)
    assert_error(put, 403, "FORBIDDEN")
    assert_error(await client.delete("/api/document-types/receipt", headers=auth), 403, "FORBIDDEN")


async def test_other_accounts_types_do_not_exist(
    client: AsyncClient, auth: dict[str, str], other_auth: dict[str, str]
) -> None:
    await client.post("/api/document-types", json=SUPPLIER_INVOICE, headers=auth)
    url = "/api/document-types/supplier-invoice"
    for response in (
        await client.get(url, headers=other_auth),
        await client.put(url, json=SUPPLIER_INVOICE, headers=other_auth),
        await client.delete(url, headers=other_auth),
    ):
        assert_error(response, 404, "DOCUMENT_TYPE_NOT_FOUND")


async def test_body_that_is_not_json_is_400(client: AsyncClient, auth: dict[str, str]) -> None:
    response = await client.post("/api/document-types", content=b"name=x", headers=auth)
    assert_error(response, 400, "BAD_REQUEST")
