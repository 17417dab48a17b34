from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from paperwise.api.app import create_app
from paperwise.config import Settings

from .fake_service import FakeService


@pytest.fixture
def service() -> FakeService:
    return FakeService()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, max_file_mb=0.01, rate_limit_per_minute=0, workers=0)


@pytest.fixture
def app(settings: Settings, service: FakeService) -> FastAPI:
    return create_app(settings, service)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as test_client:
        yield test_client


@pytest.fixture
def auth(service: FakeService) -> dict[str, str]:
    return {"Authorization": f"Token {service.create_key('alice')[1]}"}


@pytest.fixture
def other_auth(service: FakeService) -> dict[str, str]:
    return {"Authorization": f"Bearer {service.create_key('bob')[1]}"}
