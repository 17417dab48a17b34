"""Webhook routes: register, list, remove and rotate endpoints; list delivery attempts and replay
one. The signing secret is in the answer to POST /webhooks and to rotate-secret, never again."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from paperwise.api.auth import AccountDep, service_of
from paperwise.api.bodies import read_json_object
from paperwise.api.schemas import error_responses, request_body
from paperwise.domain.webhooks import (
    DeliveryFilter,
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
)
from paperwise.errors import ValidationFailed
from paperwise.services import webhooks as webhook_use_cases

MAX_WEBHOOK_BODY_BYTES = 16 * 1024
MAX_DELIVERIES = 1000


class WebhookIn(BaseModel):
    url: str = Field(examples=["https://example.com/paperwise-events"])
    document_type_name: str | None = Field(
        default=None, description="only events of this document type; null for all"
    )


class WebhookOut(BaseModel):
    id: str
    url: str
    document_type_name: str | None
    created_at: str
    disabled_at: str | None = Field(description="set when the receiver answered 410 Gone")


class WebhookCreated(WebhookOut):
    secret: str = Field(description="the signing secret (whsec_...), shown only here")


class Webhooks(BaseModel):
    webhooks: list[WebhookOut]


class Secret(BaseModel):
    secret: str


class AttemptOut(BaseModel):
    attempt: int
    at: str
    url: str
    response_code: int | None
    duration_ms: int
    error: str | None


class DeliveryOut(BaseModel):
    id: str
    event_id: str = Field(description="the same on every attempt and replay (webhook-id)")
    webhook_id: str
    extraction_id: str
    status: DeliveryStatus
    attempts: list[AttemptOut]
    next_attempt_at: str | None
    created_at: str


class Deliveries(BaseModel):
    deliveries: list[DeliveryOut]


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def webhook_json(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return {
        "id": endpoint.id,
        "url": endpoint.url,
        "document_type_name": endpoint.document_type_name,
        "created_at": _iso(endpoint.created_at),
        "disabled_at": _iso(endpoint.disabled_at),
    }


def delivery_json(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "event_id": delivery.event_id,
        "webhook_id": delivery.webhook_id,
        "extraction_id": delivery.extraction_id,
        "status": delivery.status.value,
        "attempts": [
            {
                "attempt": a.attempt,
                "at": _iso(a.at),
                "url": a.url,
                "response_code": a.response_code,
                "duration_ms": a.duration_ms,
                "error": a.error,
            }
            for a in delivery.attempts
        ],
        "next_attempt_at": _iso(delivery.next_attempt_at),
        "created_at": _iso(delivery.created_at),
    }


def webhooks_of(request: Request) -> webhook_use_cases.Webhooks:
    return service_of(request).webhooks


def _webhook_body(body: dict[str, Any]) -> tuple[str, str | None]:
    url, type_name = body.get("url"), body.get("document_type_name")
    problems = []
    if not isinstance(url, str) or not url.strip():
        problems.append({"field": "url", "problem": "required: an http or https URL"})
    if type_name is not None and (not isinstance(type_name, str) or not type_name.strip()):
        problems.append({"field": "document_type_name", "problem": "a document type or null"})
    if problems:
        raise ValidationFailed("The webhook is not valid.", problems)
    assert isinstance(url, str)
    return url.strip(), type_name.strip() if isinstance(type_name, str) else None


async def create_webhook(request: Request, account: AccountDep) -> JSONResponse:
    url, type_name = _webhook_body(await read_json_object(request, MAX_WEBHOOK_BODY_BYTES))
    endpoint, secret = await run_in_threadpool(
        webhooks_of(request).create_webhook, account.id, url, type_name
    )
    location = f"{request.url.path}/{endpoint.id}"
    return JSONResponse(
        {**webhook_json(endpoint), "secret": secret},
        status_code=201,
        headers={"Location": location},
    )


async def list_webhooks(request: Request, account: AccountDep) -> JSONResponse:
    endpoints = await run_in_threadpool(webhooks_of(request).list_webhooks, account.id)
    return JSONResponse({"webhooks": [webhook_json(e) for e in endpoints]})


async def delete_webhook(request: Request, account: AccountDep, webhook_id: str) -> Response:
    await run_in_threadpool(webhooks_of(request).delete_webhook, account.id, webhook_id)
    return Response(status_code=204)


async def rotate_secret(request: Request, account: AccountDep, webhook_id: str) -> JSONResponse:
    secret = await run_in_threadpool(
        webhooks_of(request).rotate_webhook_secret, account.id, webhook_id
    )
    return JSONResponse({"secret": secret})


async def list_deliveries(
    request: Request,
    account: AccountDep,
    extraction_id: str | None = None,
    webhook_id: str | None = None,
    status: DeliveryStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_DELIVERIES)] = 100,
) -> JSONResponse:
    where = DeliveryFilter(
        extraction_id=extraction_id, webhook_id=webhook_id, status=status, limit=limit
    )
    deliveries = await run_in_threadpool(webhooks_of(request).list_deliveries, account.id, where)
    return JSONResponse({"deliveries": [delivery_json(d) for d in deliveries]})


async def replay_delivery(request: Request, account: AccountDep, delivery_id: str) -> JSONResponse:
    delivery = await run_in_threadpool(
        webhooks_of(request).replay_delivery, account.id, delivery_id
    )
    return JSONResponse(delivery_json(delivery), status_code=202)


def build_router(prefix: str, *, in_schema: bool = True) -> APIRouter:
    """The webhook routes under ``prefix`` (``/api`` or ``/api/v1``)."""
    router = APIRouter(prefix=prefix, tags=["webhooks"], include_in_schema=in_schema)
    router.add_api_route(
        "/webhooks",
        create_webhook,
        methods=["POST"],
        status_code=201,
        response_model=WebhookCreated,
        summary="Register a webhook endpoint; the answer holds its signing secret, shown once",
        openapi_extra=request_body(("application/json", WebhookIn)),
        responses=error_responses(400, 401, 404, 409, 413, 422, 429),
    )
    router.add_api_route(
        "/webhooks",
        list_webhooks,
        methods=["GET"],
        response_model=Webhooks,
        summary="The account's webhook endpoints (without secrets)",
        responses=error_responses(401, 429),
    )
    router.add_api_route(
        "/webhooks/{webhook_id}",
        delete_webhook,
        methods=["DELETE"],
        status_code=204,
        response_class=Response,
        summary="Remove a webhook endpoint and its deliveries",
        responses=error_responses(401, 404, 429),
    )
    router.add_api_route(
        "/webhooks/{webhook_id}/rotate-secret",
        rotate_secret,
        methods=["POST"],
        response_model=Secret,
        summary="A new signing secret; the old one also signs for 24 hours",
        responses=error_responses(401, 404, 429),
    )
    router.add_api_route(
        "/webhook-deliveries",
        list_deliveries,
        methods=["GET"],
        response_model=Deliveries,
        summary="Webhook deliveries, newest first, with every attempt",
        responses=error_responses(401, 422, 429),
    )
    router.add_api_route(
        "/webhook-deliveries/{delivery_id}/replay",
        replay_delivery,
        methods=["POST"],
        status_code=202,
        response_model=DeliveryOut,
        summary="Send a delivery again now, with the same event id",
        responses=error_responses(401, 404, 409, 429),
    )
    return router
