"""Request bodies and assertions shared by the API tests."""

from __future__ import annotations

import base64
from typing import Any

PDF = b"%PDF-1.7\n% a tiny stand-in document\n%%EOF\n"


def extract_body(data: bytes = PDF, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "file": base64.b64encode(data).decode(),
        "file_name": "invoice.pdf",
        "document_type_name": "invoice",
        "customer": "cust-1",
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["details"], list)
    return body
