"""A thin HTTP client for the end-to-end tests and ``bench.corpus``: one account's view of a running
server."""

from __future__ import annotations

import base64
import time
from typing import Any

import httpx


class Api:
    def __init__(self, base_url: str, key: str, scheme: str = "Token") -> None:
        self.http = httpx.Client(
            base_url=base_url, headers={"Authorization": f"{scheme} {key}"}, timeout=120
        )

    @staticmethod
    def body(data: bytes, file_name: str = "invoice.pdf", **fields: Any) -> dict[str, Any]:
        return {
            "file": base64.b64encode(data).decode(),
            "file_name": file_name,
            "document_type_name": "invoice",
            **fields,
        }

    def extract(self, data: bytes, file_name: str = "invoice.pdf", **fields: Any) -> httpx.Response:
        return self.http.post("/api/extract-data", json=self.body(data, file_name, **fields))

    def submit(
        self,
        data: bytes,
        file_name: str = "invoice.pdf",
        headers: dict[str, str] | None = None,
        **fields: Any,
    ) -> httpx.Response:
        return self.http.post(
            "/api/extract-data-async", json=self.body(data, file_name, **fields), headers=headers
        )

    def submit_id(self, data: bytes, **fields: Any) -> str:
        response = self.submit(data, **fields)
        assert response.status_code == 202, response.text
        extraction_id: str = response.json()["extraction_id"]
        return extraction_id

    def poll(self, extraction_id: str) -> httpx.Response:
        return self.http.get("/api/get-extraction-data", params={"extraction_id": extraction_id})

    def wait(self, extraction_id: str, timeout: float = 90.0) -> dict[str, Any]:
        """Poll until the extraction leaves IN_PROGRESS; its final poll answer."""
        deadline = time.monotonic() + timeout
        while True:
            response = self.poll(extraction_id)
            assert response.status_code == 200, response.text
            answer: dict[str, Any] = response.json()
            if answer["status"] != "IN_PROGRESS" or time.monotonic() > deadline:
                return answer
            time.sleep(0.3)

    def close(self) -> None:
        self.http.close()
