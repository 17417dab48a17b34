"""Training routes of the Typless wire format: add-document (a document with its correct values),
add-document-feedback (corrections of an earlier extraction's document) and start-training
(compatibility only: learning is immediate). Bodies are JSON, or multipart/form-data with the
file as an upload part and the lists as JSON text parts.

training-documents lists what an account taught (one entry per stored lesson) and forgets it:
one by id (204), or every one of a document type, of one supplier when given (200 with the
number deleted). Empty query values count as absent."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from paperwise.api.auth import AccountDep, service_of
from paperwise.api.bodies import BodyLimits, build_submission, load_json, read_fields
from paperwise.api.schemas import (
    NOT_BLANK,
    Base64File,
    FileName,
    TypeNameRef,
    error_responses,
    request_body,
)
from paperwise.errors import ValidationFailed
from paperwise.learning.corrections import MAX_PAIRS, MAX_ROWS, MAX_VALUE_CHARS
from paperwise.services.protocol import Feedback

MAX_OBJECT_ID_CHARS = 100
_LISTS = ("learning_fields", "line_items", "vat_rates")


class NameValue(BaseModel):
    name: str = Field(examples=["invoice_number"])
    value: str | None = Field(
        default=None,
        max_length=MAX_VALUE_CHARS,
        examples=["INV-2024-001"],
        description="in normalised form; null or missing: nothing to learn for this field",
    )


Row = Annotated[list[NameValue], Field(max_length=MAX_PAIRS)]


class _Corrections(BaseModel):
    learning_fields: list[NameValue] = Field(
        max_length=MAX_PAIRS, description="the correct value of each field"
    )
    line_items: list[Row] | None = Field(
        default=None, max_length=MAX_ROWS, description="rows of fields"
    )
    vat_rates: list[Row] | None = Field(
        default=None,
        max_length=MAX_ROWS,
        description="pairs of vat_rate_percentage and vat_rate_net",
    )


class AddDocumentRequest(_Corrections):
    file: Base64File
    file_name: FileName
    document_type_name: TypeNameRef


class AddDocumentUpload(BaseModel):
    file: bytes = Field(json_schema_extra={"format": "binary"}, description="the document")
    file_name: str | None = Field(default=None, description="defaults to the upload's file name")
    document_type_name: str
    learning_fields: str = Field(description="JSON: [{name, value}, ...]")
    line_items: str | None = Field(default=None, description="JSON: [[{name, value}, ...], ...]")
    vat_rates: str | None = Field(default=None, description="JSON: [[{name, value}, ...], ...]")


class FeedbackRequest(_Corrections):
    document_type_name: TypeNameRef
    document_object_id: str = Field(
        min_length=1,
        max_length=MAX_OBJECT_ID_CHARS,
        pattern=NOT_BLANK,
        description="the object_id of an earlier extraction's result",
    )


class TrainingAnswer(BaseModel):
    message: str
    details: list[dict[str, Any]]


class TrainingDocument(BaseModel):
    id: str
    document_type_name: str
    supplier: str = Field(description="the supplier key: the corrected supplier name, folded")
    file_name: str | None
    created_at: str


class TrainingDocuments(BaseModel):
    training_documents: list[TrainingDocument]


class TrainingDocumentsDeleted(BaseModel):
    deleted: int


def _limits(request: Request) -> BodyLimits:
    limits: BodyLimits = request.app.state.body_limits
    return limits


def _feedback(fields: dict[str, Any], document_type_name: str) -> Feedback:
    """The corrections of a body; a multipart form carries each list as JSON text."""
    lists: dict[str, Any] = {}
    problems: list[dict[str, Any]] = []
    for name in _LISTS:
        value = fields.get(name)
        if isinstance(value, str):
            try:
                value = load_json(value)
            except ValueError as exc:
                problems.append({"field": name, "problem": f"not valid JSON: {exc}"})
                continue
        lists[name] = value
    if lists.get("learning_fields") is None and not problems:
        problems.append(
            {"field": "learning_fields", "problem": "required: a list of {name, value}"}
        )
    if problems:
        raise ValidationFailed("The training request is not valid.", problems)
    return Feedback(document_type_name, **lists)


def _type_name(fields: dict[str, Any]) -> str:
    name = fields.get("document_type_name")
    if not isinstance(name, str) or not name.strip():
        raise ValidationFailed(
            "The training request is not valid.",
            [{"field": "document_type_name", "problem": "required: a document type"}],
        )
    return name.strip()


async def add_document(request: Request, account: AccountDep) -> JSONResponse:
    limits = _limits(request)
    fields, file_data, upload_name = await read_fields(request, limits)
    submission = await run_in_threadpool(build_submission, fields, file_data, upload_name, limits)
    feedback = _feedback(fields, submission.document_type_name)
    # Reading the document takes seconds, like a synchronous extraction: the same limiter.
    limiter: CapacityLimiter = request.app.state.sync_extraction_limiter
    learn = partial(service_of(request).add_document, account, submission, feedback)
    return JSONResponse(await anyio.to_thread.run_sync(learn, limiter=limiter))


async def add_document_feedback(request: Request, account: AccountDep) -> JSONResponse:
    fields, _, _ = await read_fields(request, _limits(request))
    object_id = fields.get("document_object_id")
    if not isinstance(object_id, str) or not 0 < len(object_id.strip()) <= MAX_OBJECT_ID_CHARS:
        raise ValidationFailed(
            "The training request is not valid.",
            [{"field": "document_object_id", "problem": "required: an extraction's object_id"}],
        )
    feedback = _feedback(fields, _type_name(fields))
    limiter: CapacityLimiter = request.app.state.sync_extraction_limiter
    learn = partial(service_of(request).add_document_feedback, account, object_id.strip(), feedback)
    return JSONResponse(await anyio.to_thread.run_sync(learn, limiter=limiter))


async def start_training(request: Request, account: AccountDep) -> JSONResponse:
    return JSONResponse(service_of(request).start_training(account))


def _given(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


async def list_training_documents(
    request: Request,
    account: AccountDep,
    document_type_name: str | None = None,
    supplier: str | None = None,
) -> JSONResponse:
    found = await run_in_threadpool(
        service_of(request).list_training_documents,
        account,
        _given(document_type_name),
        _given(supplier),
    )
    return JSONResponse({"training_documents": found})


async def delete_training_document(
    request: Request, account: AccountDep, training_document_id: str
) -> Response:
    await run_in_threadpool(
        service_of(request).delete_training_document, account, training_document_id
    )
    return Response(status_code=204)


async def delete_training_documents(
    request: Request,
    account: AccountDep,
    document_type_name: str | None = None,
    supplier: str | None = None,
) -> JSONResponse:
    type_name = _given(document_type_name)
    if type_name is None:
        raise ValidationFailed(
            "Say which training documents to delete.",
            [{"field": "document_type_name", "problem": "required: a document type"}],
        )
    deleted = await run_in_threadpool(
        service_of(request).delete_training_documents, account, type_name, _given(supplier)
    )
    return JSONResponse({"deleted": deleted})


def build_router(prefix: str, *, in_schema: bool = True) -> APIRouter:
    """The training routes under ``prefix`` (``/api`` or ``/api/v1``)."""
    router = APIRouter(prefix=prefix, tags=["training"], include_in_schema=in_schema)
    router.add_api_route(
        "/add-document",
        add_document,
        methods=["POST"],
        response_model=TrainingAnswer,
        summary="Learn from a document and its correct values",
        openapi_extra=request_body(
            ("application/json", AddDocumentRequest), ("multipart/form-data", AddDocumentUpload)
        ),
        responses=error_responses(400, 401, 404, 413, 415, 422, 429, 504),
    )
    router.add_api_route(
        "/add-document-feedback",
        add_document_feedback,
        methods=["POST"],
        response_model=TrainingAnswer,
        summary="Learn from the corrected values of an earlier extraction",
        openapi_extra=request_body(("application/json", FeedbackRequest)),
        responses=error_responses(400, 401, 404, 413, 422, 429, 504),
    )
    router.add_api_route(
        "/start-training",
        start_training,
        methods=["POST"],
        response_model=TrainingAnswer,
        summary="For compatibility: learning takes effect at once, there is nothing to start",
        responses=error_responses(401, 429),
    )
    router.add_api_route(
        "/training-documents",
        list_training_documents,
        methods=["GET"],
        response_model=TrainingDocuments,
        summary="What the account has taught, most recent first, by document type and supplier",
        responses=error_responses(401, 404, 429),
    )
    router.add_api_route(
        "/training-documents",
        delete_training_documents,
        methods=["DELETE"],
        response_model=TrainingDocumentsDeleted,
        summary="Forget every training document of a type (of one supplier when given)",
        responses=error_responses(401, 404, 422, 429),
    )
    router.add_api_route(
        "/training-documents/{training_document_id}",
        delete_training_document,
        methods=["DELETE"],
        status_code=204,
        response_class=Response,
        summary="Forget one training document from the next extraction on",
        responses=error_responses(401, 404, 429),
    )
    return router
