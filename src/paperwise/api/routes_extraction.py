"""Extraction routes of the Typless wire format: extract (sync and async), poll, delete, list the
extractions awaiting a poll. Blocking service calls run in the threadpool."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from paperwise.api.auth import AccountDep, service_of
from paperwise.api.bodies import BodyLimits, read_submission
from paperwise.api.schemas import (
    Accepted,
    ExtractionIds,
    ExtractRequest,
    ExtractUpload,
    PollAnswer,
    ResultObject,
    error_responses,
    request_body,
)
from paperwise.domain.wire import PollBody

# Seconds a client should wait before its first poll: most documents take a few seconds.
POLL_RETRY_AFTER_SECONDS = 2
_EXTRACT_BODY = request_body(
    ("application/json", ExtractRequest), ("multipart/form-data", ExtractUpload)
)


def _limits(request: Request) -> BodyLimits:
    limits: BodyLimits = request.app.state.body_limits
    return limits


async def extract_data(request: Request, account: AccountDep) -> JSONResponse:
    submission = await read_submission(request, _limits(request))
    # A sync extraction waits seconds for a worker: it takes threads from its own limiter, so many
    # of them in flight never starve the default threadpool that every other request needs.
    limiter: CapacityLimiter = request.app.state.sync_extraction_limiter
    extract = partial(service_of(request).extract_now, account, submission)
    result = await anyio.to_thread.run_sync(extract, limiter=limiter)
    return JSONResponse(result)


async def extract_data_async(
    request: Request,
    account: AccountDep,
    idempotency_key: Annotated[
        str | None,
        Header(max_length=255, description="the same key and body return the same extraction"),
    ] = None,
) -> JSONResponse:
    submission = await read_submission(request, _limits(request))
    submit = partial(service_of(request).submit, idempotency_key=idempotency_key)
    extraction_id = await run_in_threadpool(submit, account, submission)
    prefix = request.url.path.removesuffix("/extract-data-async")
    return JSONResponse(
        {"extraction_id": extraction_id},
        status_code=202,
        headers={
            "Location": f"{prefix}/get-extraction-data?extraction_id={extraction_id}",
            "Retry-After": str(POLL_RETRY_AFTER_SECONDS),
        },
    )


async def get_extraction_data(
    request: Request,
    account: AccountDep,
    extraction_id: Annotated[str, Query(min_length=1)],
) -> JSONResponse:
    answer: PollBody = await run_in_threadpool(service_of(request).poll, account, extraction_id)
    in_progress = answer["status"] == "IN_PROGRESS"
    headers = {"Retry-After": str(POLL_RETRY_AFTER_SECONDS)} if in_progress else None
    body = {"error": answer["error"], "result": answer["result"], "status": answer["status"]}
    return JSONResponse(body, headers=headers)


async def delete_extraction(request: Request, account: AccountDep, extraction_id: str) -> Response:
    await run_in_threadpool(service_of(request).delete_extraction, account, extraction_id)
    return Response(status_code=204)


async def awaiting_poll(
    request: Request,
    account: AccountDep,
    customer: Annotated[str | None, Query(max_length=1000)] = None,
) -> JSONResponse:
    ids = await run_in_threadpool(service_of(request).awaiting_poll, account, customer)
    return JSONResponse({"extraction_ids": ids})


def build_router(prefix: str, *, in_schema: bool = True) -> APIRouter:
    """The extraction routes under ``prefix`` (``/api`` or ``/api/v1``)."""
    router = APIRouter(prefix=prefix, tags=["extraction"], include_in_schema=in_schema)
    router.add_api_route(
        "/extract-data",
        extract_data,
        methods=["POST"],
        response_model=ResultObject,
        summary="Extract data from a document and wait for the result",
        openapi_extra=_EXTRACT_BODY,
        responses=error_responses(400, 401, 404, 413, 415, 422, 429, 504),
    )
    router.add_api_route(
        "/extract-data-async",
        extract_data_async,
        methods=["POST"],
        status_code=202,
        response_model=Accepted,
        summary="Queue a document for extraction; poll get-extraction-data for the result",
        openapi_extra=_EXTRACT_BODY,
        responses=error_responses(400, 401, 404, 409, 413, 415, 422, 429),
    )
    router.add_api_route(
        "/get-extraction-data",
        get_extraction_data,
        methods=["GET"],
        response_model=PollAnswer,
        summary="The status of an extraction, and its result or error once finished",
        responses=error_responses(401, 404, 422, 429),
    )
    router.add_api_route(
        "/extractions/{extraction_id}",
        delete_extraction,
        methods=["DELETE"],
        status_code=204,
        response_class=Response,
        summary="Cancel an extraction in progress or purge a finished one; later polls say EXPIRED",
        responses=error_responses(401, 404, 429),
    )
    router.add_api_route(
        "/awaiting-poll",
        awaiting_poll,
        methods=["GET"],
        response_model=ExtractionIds,
        summary="Finished extractions not polled yet",
        responses=error_responses(401, 422, 429),
    )
    return router
