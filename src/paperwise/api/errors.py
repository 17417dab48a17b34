"""Error codes to HTTP statuses, and the handlers that give every non-2xx answer one body shape:
``{"code", "message", "details"}``. This module and its table are the only place codes meet HTTP."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from paperwise.errors import ErrorBody, NotReady, PaperwiseError, RateLimited, Unauthorized

log = logging.getLogger("paperwise.api")

STATUS_BY_CODE: dict[str, int] = {
    "BAD_REQUEST": 400,
    "INVALID_FILE": 400,
    "EMPTY_DOCUMENT": 400,
    "ENCRYPTED_DOCUMENT": 400,
    "TOO_MANY_PAGES": 400,
    "IMAGE_TOO_LARGE": 400,
    "UNAUTHORIZED": 401,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "DOCUMENT_TYPE_NOT_FOUND": 404,
    "METHOD_NOT_ALLOWED": 405,
    "CONFLICT": 409,
    "IDEMPOTENCY_CONFLICT": 409,
    "FILE_TOO_LARGE": 413,
    "UNSUPPORTED_FILE_TYPE": 415,
    "VALIDATION_ERROR": 422,
    "WEBHOOK_URL_REFUSED": 422,
    "RATE_LIMITED": 429,
    "INTERNAL_ERROR": 500,
    "EXTRACTION_FAILED": 500,
    "NOT_READY": 503,
    "OCR_UNAVAILABLE": 503,
    # The service's own hard limit on one extraction: the gateway-timeout status is the closest
    # standard answer to "we gave up waiting for the worker"; retrying later may succeed.
    "EXTRACTION_TIMEOUT": 504,
}

# Codes for the framework's own HTTP errors (unknown route, wrong method, ...).
CODE_BY_STATUS: dict[int, str] = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "FILE_TOO_LARGE",
    415: "UNSUPPORTED_FILE_TYPE",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMITED",
    503: "NOT_READY",
}

_INTERNAL_MESSAGE = "An unexpected error occurred."


def status_for(error: PaperwiseError) -> int:
    """The HTTP status of a Paperwise error; unknown codes are 500."""
    return STATUS_BY_CODE.get(error.code, 500)


def error_body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> ErrorBody:
    return {"code": code, "message": message, "details": details or []}


def error_response(error: PaperwiseError) -> JSONResponse:
    """The JSON answer for a Paperwise error, with Retry-After / WWW-Authenticate where useful."""
    status = status_for(error)
    body = error.to_body()
    if status == 500:  # a deliberate error, but its message may still carry internals
        body = error_body(error.code, type(error).default_message)
    headers: dict[str, str] = {}
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.retry_after)
    elif isinstance(error, NotReady):
        headers["Retry-After"] = "5"
    elif isinstance(error, Unauthorized):
        headers["WWW-Authenticate"] = "Token"
    return JSONResponse(body, status_code=status, headers=headers)


async def _paperwise_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PaperwiseError)
    if status_for(exc) >= 500:  # with its cause on the same line (a database's refusal)
        log.error("request failed: %s %s", exc.code, exc.message, exc_info=exc.__cause__)
    return error_response(exc)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = CODE_BY_STATUS.get(
        exc.status_code, "BAD_REQUEST" if exc.status_code < 500 else "INTERNAL_ERROR"
    )
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ").capitalize()
    if exc.status_code == 404 and message == "Not Found":
        message = "There is nothing at this URL."
    elif exc.status_code == 405:
        message = "This method is not allowed on this URL."
    return JSONResponse(
        error_body(code, message), status_code=exc.status_code, headers=dict(exc.headers or {})
    )


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {"field": ".".join(str(part) for part in err.get("loc", ())), "problem": err.get("msg", "")}
        for err in exc.errors()
    ]
    return JSONResponse(
        error_body("VALIDATION_ERROR", "The request is not valid.", details), status_code=422
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(PaperwiseError, _paperwise_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)


class UnhandledErrorMiddleware:
    """Turns an exception nothing else handled into a logged 500 with the standard body and no
    internals. Sits inside the metrics middleware so the 500 is counted."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = JSONResponse(
                error_body("INTERNAL_ERROR", _INTERNAL_MESSAGE), status_code=500
            )
            await response(scope, receive, send)
