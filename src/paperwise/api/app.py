"""The FastAPI application: ``create_app(settings, service=None)``, never built at import.

Every route of the wire format answers under both ``/api/`` and ``/api/v1/`` (the OpenAPI
document lists the ``/api/`` spelling). When no service is given, the lifespan opens one with
``open_service(settings)`` and closes it on shutdown."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import CapacityLimiter
from fastapi import FastAPI
from prometheus_client import CollectorRegistry
from starlette.concurrency import run_in_threadpool

from paperwise import __version__
from paperwise.api import (
    routes_document_types,
    routes_extraction,
    routes_ops,
    routes_review,
    routes_training,
    routes_webhooks,
)
from paperwise.api.auth import RateLimiter
from paperwise.api.bodies import BodyLimits
from paperwise.api.errors import UnhandledErrorMiddleware, install_error_handlers
from paperwise.api.metrics import HttpMetrics, JobStatsCollector, MetricsMiddleware
from paperwise.config import Settings
from paperwise.services.protocol import Service
from paperwise.web.review_page import install_review_page

API_PREFIXES = ("/api", "/api/v1")
# Synchronous extractions one API process waits on at once; more queue in the process.
SYNC_EXTRACTIONS_IN_FLIGHT = 64

_DESCRIPTION = """Self-hosted document data extraction speaking the Typless wire format.

Authenticate with `Authorization: Token <key>` (or `Bearer <key>`); keys come from
`paperwise keys create NAME`. Every route below also answers under `/api/v1/`. Every error has
the body `{"code", "message", "details"}`."""


def create_app(settings: Settings, service: Service | None = None) -> FastAPI:
    """The HTTP API over ``service`` (or over one opened from ``settings`` for the app's life)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if service is not None:
            yield
            return
        from paperwise.services.paperwise_service import open_service

        opened: Service = await run_in_threadpool(open_service, settings)
        app.state.service = opened
        try:
            yield
        finally:
            app.state.service = None
            await run_in_threadpool(opened.close)

    app = FastAPI(
        title="Paperwise", version=__version__, description=_DESCRIPTION, lifespan=lifespan
    )
    app.state.settings = settings
    app.state.service = service
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute)
    app.state.body_limits = BodyLimits(settings.max_file_bytes)
    app.state.sync_extraction_limiter = CapacityLimiter(SYNC_EXTRACTIONS_IN_FLIGHT)
    app.state.render_limiter = CapacityLimiter(routes_review.RENDERS_IN_FLIGHT)

    registry = CollectorRegistry()
    registry.register(JobStatsCollector(lambda: app.state.service))
    app.state.metrics_registry = registry

    install_error_handlers(app)
    app.add_middleware(UnhandledErrorMiddleware)
    app.add_middleware(MetricsMiddleware, metrics=HttpMetrics(registry))  # last added: outermost

    for prefix in API_PREFIXES:
        in_schema = prefix == API_PREFIXES[0]
        for module in (
            routes_extraction,
            routes_document_types,
            routes_webhooks,
            routes_review,
            routes_training,
        ):
            app.include_router(module.build_router(prefix, in_schema=in_schema))
    app.include_router(routes_ops.router)
    install_review_page(app)
    return app
