"""Document type routes: create, list, read, replace, delete. Bodies are validated by
``domain.document_types.document_type_from_dict``; built-in types are answered by the service."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from paperwise.api.auth import AccountDep, service_of
from paperwise.api.bodies import read_json_object
from paperwise.api.schemas import (
    DocumentTypeIn,
    DocumentTypeOut,
    DocumentTypes,
    DocumentTypeUpdate,
    error_responses,
    request_body,
)
from paperwise.domain.document_types import document_type_from_dict
from paperwise.errors import ValidationFailed

MAX_DOCUMENT_TYPE_BODY_BYTES = 256 * 1024
_BODY = request_body(("application/json", DocumentTypeIn))


async def create_document_type(request: Request, account: AccountDep) -> JSONResponse:
    doctype = document_type_from_dict(await read_json_object(request, MAX_DOCUMENT_TYPE_BODY_BYTES))
    created = await run_in_threadpool(service_of(request).document_types.create, account, doctype)
    location = f"{request.url.path}/{created.name}"
    return JSONResponse(created.to_dict(), status_code=201, headers={"Location": location})


async def list_document_types(request: Request, account: AccountDep) -> JSONResponse:
    doctypes = await run_in_threadpool(service_of(request).document_types.list, account)
    return JSONResponse({"document_types": [d.to_dict() for d in doctypes]})


async def get_document_type(request: Request, account: AccountDep, name: str) -> JSONResponse:
    doctype = await run_in_threadpool(service_of(request).document_types.get, account, name)
    return JSONResponse(doctype.to_dict())


async def update_document_type(request: Request, account: AccountDep, name: str) -> JSONResponse:
    body = await read_json_object(request, MAX_DOCUMENT_TYPE_BODY_BYTES)
    if body.get("name") is None:  # optional in the body: the URL names the type
        body["name"] = name
    if body["name"] != name:
        raise ValidationFailed(
            "The name in the body differs from the name in the URL.",
            [{"field": "name", "problem": f"must be {name!r} (renaming is not supported)"}],
        )
    doctype = document_type_from_dict(body)
    updated = await run_in_threadpool(
        service_of(request).document_types.update, account, name, doctype
    )
    return JSONResponse(updated.to_dict())


async def delete_document_type(request: Request, account: AccountDep, name: str) -> Response:
    await run_in_threadpool(service_of(request).document_types.delete, account, name)
    return Response(status_code=204)


def build_router(prefix: str, *, in_schema: bool = True) -> APIRouter:
    """The document types routes under ``prefix`` (``/api`` or ``/api/v1``)."""
    router = APIRouter(prefix=prefix, tags=["document types"], include_in_schema=in_schema)
    router.add_api_route(
        "/document-types",
        create_document_type,
        methods=["POST"],
        status_code=201,
        response_model=DocumentTypeOut,
        summary="Create a document type",
        openapi_extra=_BODY,
        responses=error_responses(400, 401, 409, 413, 422, 429),
    )
    router.add_api_route(
        "/document-types",
        list_document_types,
        methods=["GET"],
        response_model=DocumentTypes,
        summary="The account's document types, built-in ones included",
        responses=error_responses(401, 429),
    )
    router.add_api_route(
        "/document-types/{name}",
        get_document_type,
        methods=["GET"],
        response_model=DocumentTypeOut,
        summary="One document type",
        responses=error_responses(401, 404, 429),
    )
    router.add_api_route(
        "/document-types/{name}",
        update_document_type,
        methods=["PUT"],
        response_model=DocumentTypeOut,
        summary="Replace a document type's fields (the name in the body, if given, must match)",
        openapi_extra=request_body(("application/json", DocumentTypeUpdate)),
        responses=error_responses(400, 401, 403, 404, 413, 422, 429),
    )
    router.add_api_route(
        "/document-types/{name}",
        delete_document_type,
        methods=["DELETE"],
        status_code=204,
        response_class=Response,
        summary="Delete a document type",
        responses=error_responses(401, 403, 404, 429),
    )
    return router
