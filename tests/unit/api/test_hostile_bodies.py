"""Bodies a fuzzer sends: every one gets a 4xx in the standard shape, never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from httpx import AsyncClient

from paperwise.api.bodies import UNSTORABLE_PROBLEM, load_json
from paperwise.learning.corrections import MAX_PAIRS

from .fake_service import FakeService
from .http_helpers import PDF, assert_error, extract_body

pytestmark = pytest.mark.anyio

FIELDS = [{"name": "supplier_name", "value": "Acme GmbH"}]
DEEP = "[" * 100_000 + "]" * 100_000
BIG_INT = "1" * 5000


def training_body(**overrides: Any) -> dict[str, Any]:
    return {**extract_body(customer=None), "learning_fields": FIELDS, **overrides}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (DEEP, "nested too deeply"),
        (f'{{"a": {BIG_INT}}}', "digits"),
        ('{"a": NaN}', "NaN"),
        ('{"a": -Infinity}', "Infinity"),
        ('{"a": 1e309}', "out of range"),
        ('{"a": "x\\u0000"}', r"U\+0000"),
        ('{"a\\ud800": 1}', "surrogate"),
        ('{"a": ["\\udfff"]}', "surrogate"),
    ],
)
def test_load_json_refuses_what_cannot_be_used_or_stored(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        load_json(text)


def test_load_json_keeps_paired_surrogates_and_ordinary_numbers() -> None:
    assert load_json('["\\ud83d\\ude00", 1e308, -0.5, 12]') == ["\U0001f600", 1e308, -0.5, 12]


@pytest.mark.parametrize(
    "path", ["/api/extract-data", "/api/add-document", "/api/render-pages", "/api/document-types"]
)
@pytest.mark.parametrize("body", [DEEP, f'{{"file": {BIG_INT}}}', '{"file": NaN}'])
async def test_json_a_parser_chokes_on_is_a_bad_request(
    client: AsyncClient, auth: dict[str, str], path: str, body: str
) -> None:
    headers = {**auth, "Content-Type": "application/json"}
    response = await client.post(path, content=body.encode(), headers=headers)
    assert_error(response, 400, "BAD_REQUEST")


@pytest.mark.parametrize(
    "overrides",
    [
        {"learning_fields": [{"name": "supplier_name", "value": "Acme\ud800"}]},
        {"learning_fields": [{"name": "supplier_name", "value": "Acme\x00"}]},
        {"file_name": "scan\x00.pdf"},
        {"customer": "\udc80"},
    ],
)
async def test_unstorable_text_is_refused_before_it_reaches_storage(
    client: AsyncClient, auth: dict[str, str], service: FakeService, overrides: dict[str, Any]
) -> None:
    body = json.dumps(training_body(**overrides)).encode()  # ensure_ascii: \\uXXXX escapes
    headers = {**auth, "Content-Type": "application/json"}
    response = await client.post("/api/add-document", content=body, headers=headers)
    assert_error(response, 400, "BAD_REQUEST")
    assert not service.learned


async def test_an_emoji_in_a_value_is_learned(
    client: AsyncClient, auth: dict[str, str], service: FakeService
) -> None:
    fields = [{"name": "supplier_name", "value": "Acme \U0001f600"}]
    response = await client.post(
        "/api/add-document", json=training_body(learning_fields=fields), headers=auth
    )
    assert response.status_code == 200, response.text
    assert service.learned[-1][2].fields["supplier_name"] == "Acme \U0001f600"


@pytest.mark.parametrize("text", [DEEP, f"[{BIG_INT}]", "NaN", '[{"name": "x\\u0000"}]'])
async def test_multipart_lists_a_parser_chokes_on_are_invalid(
    client: AsyncClient, auth: dict[str, str], text: str
) -> None:
    response = await client.post(
        "/api/add-document",
        files={"file": ("scan.pdf", PDF, "application/pdf")},
        data={"document_type_name": "invoice", "learning_fields": text},
        headers=auth,
    )
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert [d["field"] for d in body["details"]] == ["learning_fields"]


def multipart(type_name: bytes, file_name: bytes) -> bytes:
    body: bytes = (
        b'--xyz\r\nContent-Disposition: form-data; name="document_type_name"\r\n\r\n'
        + type_name
        + b'\r\n--xyz\r\nContent-Disposition: form-data; name="file"; filename="'
        + file_name
        + b'"\r\nContent-Type: application/pdf\r\n\r\n'
        + PDF
        + b"\r\n--xyz--\r\n"
    )
    return body


MULTIPART = {"Content-Type": "multipart/form-data; boundary=xyz"}


async def test_a_hand_made_multipart_body_is_read(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    body = multipart(b"invoice", b"scan.pdf")
    response = await client.post("/api/extract-data", content=body, headers={**auth, **MULTIPART})
    assert response.status_code == 200, response.text
    assert response.json()["file_name"] == "scan.pdf"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (multipart(b"invoice\x00", b"scan.pdf"), "document_type_name"),
        (multipart(b"invoice", b"scan\x00.pdf"), "file"),
    ],
)
async def test_multipart_text_with_nul_is_a_bad_request(
    client: AsyncClient, auth: dict[str, str], body: bytes, field: str
) -> None:
    response = await client.post("/api/extract-data", content=body, headers={**auth, **MULTIPART})
    answer = assert_error(response, 400, "BAD_REQUEST")
    assert answer["details"] == [{"field": field, "problem": UNSTORABLE_PROBLEM}]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "my-type\n", "fields": [{"name": "a", "data_type": "STRING"}]},
        {"name": "my-type", "fields": [{"name": "a\n", "data_type": "STRING"}]},
    ],
)
async def test_a_name_with_a_trailing_newline_is_not_a_name(
    client: AsyncClient, auth: dict[str, str], body: dict[str, Any]
) -> None:
    response = await client.post("/api/document-types", json=body, headers=auth)
    assert_error(response, 422, "VALIDATION_ERROR")


async def test_the_schema_documents_the_checked_limits(client: AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    content = paths["/api/add-document"]["post"]["requestBody"]["content"]
    schema = content["application/json"]["schema"]["properties"]
    assert schema["file"]["minLength"] == 1
    assert schema["file_name"]["maxLength"] == 255
    assert schema["learning_fields"]["maxItems"] == MAX_PAIRS


async def test_put_takes_a_null_name_as_the_name_in_the_url(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    created = {"name": "my-type", "fields": [{"name": "a", "data_type": "STRING"}]}
    assert (await client.post("/api/document-types", json=created, headers=auth)).is_success
    replacement = {"name": None, "fields": [{"name": "b", "data_type": "DATE"}]}
    response = await client.put("/api/document-types/my-type", json=replacement, headers=auth)
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "my-type"
    spec = (await client.get("/openapi.json")).json()["paths"]["/api/document-types/{name}"]
    put_schema = spec["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert "name" not in put_schema["required"]
