"""Operations: liveness, readiness and Prometheus metrics. No authentication."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from starlette.concurrency import run_in_threadpool

from paperwise.api.errors import error_response
from paperwise.api.schemas import Health, error_responses
from paperwise.errors import NotReady
from paperwise.services.protocol import Service

router = APIRouter(tags=["operations"])
log = logging.getLogger("paperwise.api")


async def _is_ready(service: Service | None) -> bool:
    if service is None:
        return False
    try:
        return bool(await run_in_threadpool(service.is_ready))
    except Exception:
        log.exception("readiness check failed")
        return False


@router.get("/health", response_model=Health, summary="The process is alive")
async def health() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get(
    "/ready",
    response_model=Health,
    summary="The database and the workers are reachable",
    responses=error_responses(503),
)
async def ready(request: Request) -> JSONResponse:
    if not await _is_ready(getattr(request.app.state, "service", None)):
        return error_response(NotReady())
    return JSONResponse({"status": "ready"})


@router.get(
    "/metrics",
    response_class=Response,
    summary="Prometheus metrics",
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}},
)
async def metrics(request: Request) -> Response:
    registry: CollectorRegistry = request.app.state.metrics_registry
    body = await run_in_threadpool(generate_latest, registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
