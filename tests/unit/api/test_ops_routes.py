from __future__ import annotations

import sys
import types

import httpx
import pytest
from httpx import AsyncClient

from paperwise.api.app import create_app
from paperwise.config import Settings
from paperwise.services.protocol import Service

from .fake_service import FakeService
from .http_helpers import assert_error, extract_body

pytestmark = pytest.mark.anyio


async def test_health_always_answers(client: AsyncClient, service: FakeService) -> None:
    service.ready = False
    response = await client.get("/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


async def test_ready_follows_the_service(client: AsyncClient, service: FakeService) -> None:
    assert (await client.get("/ready")).status_code == 200
    service.ready = False
    response = await client.get("/ready")
    assert_error(response, 503, "NOT_READY")
    assert "retry-after" in response.headers


async def test_ready_is_503_when_the_check_itself_fails(
    client: AsyncClient, service: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> bool:
        raise OSError("database is locked")

    monkeypatch.setattr(service, "is_ready", broken)
    assert_error(await client.get("/ready"), 503, "NOT_READY")


async def test_metrics_count_requests_and_report_jobs(
    client: AsyncClient, auth: dict[str, str], service: FakeService
) -> None:
    extraction_id = (
        await client.post("/api/extract-data-async", json=extract_body(), headers=auth)
    ).json()["extraction_id"]
    await client.post("/api/extract-data-async", json=extract_body(), headers=auth)
    service.finish(extraction_id)
    await client.get("/api/nowhere")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert (
        'paperwise_http_requests_total{method="POST",route="/api/extract-data-async",'
        'status="202"} 2.0' in text
    )
    assert 'route="unmatched",status="404"' in text
    assert "paperwise_http_request_duration_seconds_bucket" in text
    assert 'paperwise_extractions{status="IN_PROGRESS"} 1.0' in text
    assert 'paperwise_extractions{status="SUCCESS"} 1.0' in text
    assert "paperwise_queue_depth 1.0" in text
    assert "paperwise_jobs_running 0.0" in text
    assert "paperwise_job_duration_seconds_count 1.0" in text
    assert "paperwise_job_duration_seconds_sum 1.5" in text
    assert "paperwise_job_stats_up 1.0" in text
    assert 'paperwise_webhook_deliveries{status="pending"} 2.0' in text


async def test_metrics_survive_a_failing_job_stats(
    client: AsyncClient, service: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise OSError("down")

    monkeypatch.setattr(service, "job_stats", broken)
    response = await client.get("/metrics")
    assert response.status_code == 200 and "paperwise_job_stats_up 0.0" in response.text


async def test_each_app_has_its_own_registry(tmp_path: object) -> None:
    apps = [create_app(Settings(workers=0), FakeService()) for _ in range(2)]
    for app in apps:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t"
        ) as raw_client:
            await raw_client.get("/health")
            text = (await raw_client.get("/metrics")).text
        assert 'route="/health",status="200"} 1.0' in text


async def test_openapi_describes_bodies_and_responses(client: AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    extract = spec["paths"]["/api/extract-data"]["post"]
    content = extract["requestBody"]["content"]
    assert set(content) == {"application/json", "multipart/form-data"}
    assert "document_type_name" in content["application/json"]["schema"]["required"]
    assert extract["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ResultObject"
    )
    assert "413" in extract["responses"]
    assert "/api/v1/extract-data" not in spec["paths"]  # mirrored, listed once
    assert spec["components"]["securitySchemes"]["ApiKey"]["name"] == "Authorization"
    assert extract["security"] == [{"ApiKey": []}]
    doctype_body = spec["paths"]["/api/document-types"]["post"]["requestBody"]
    assert "$defs" not in str(doctype_body) and "data_type" in str(doctype_body)
    assert (await client.get("/docs")).status_code == 200


async def test_lifespan_opens_and_closes_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[FakeService] = []

    def open_service(settings: Settings) -> Service:
        opened.append(FakeService())
        return opened[-1]

    module = types.ModuleType("paperwise.services.paperwise_service")
    module.open_service = open_service  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "paperwise.services.paperwise_service", module)
    app = create_app(Settings(workers=0))
    assert app.state.service is None
    async with app.router.lifespan_context(app):
        assert app.state.service is opened[0]
        assert not opened[0].closed
    assert opened[0].closed and app.state.service is None


async def test_ready_is_503_before_a_service_exists() -> None:
    app = create_app(Settings(workers=0))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as raw_client:
        assert_error(await raw_client.get("/ready"), 503, "NOT_READY")
        assert (await raw_client.get("/metrics")).status_code == 200
