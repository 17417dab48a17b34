"""What the review page needs beyond the wire format: the pages of a document as PNG images in the
pixel grid of the result's coordinates (PDF pages at PDF_DPI, images in their own upright pixels),
so boxes can be drawn on them. Nothing is stored; the same limits as extraction apply before any
pixel is decoded."""

from __future__ import annotations

import base64
import binascii
import io
from functools import partial
from typing import Annotated, Any

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from PIL import Image
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from paperwise.api.auth import AccountDep
from paperwise.api.bodies import BodyLimits, decode_base64, parse_json_object, read_capped_body
from paperwise.api.schemas import error_responses, request_body
from paperwise.config import Settings
from paperwise.errors import ValidationFailed
from paperwise.reading.model import PDF_DPI, ReadLimits
from paperwise.reading.page_images import render_pages

# Pages one request renders at most (a client asks for the next ones with first_page).
MAX_PAGES_PER_REQUEST = 10
DEFAULT_PAGES_PER_REQUEST = 4
# A page image larger than this on its longer side (a big photo or scan) is sent scaled down;
# PDF pages at PDF_DPI stay below it up to A3. Coordinates stay in the page's own grid.
MAX_IMAGE_SIDE = 3000
# Renders running at once per API process: they are CPU work, extraction's workers come first.
RENDERS_IN_FLIGHT = 2


class RenderRequest(BaseModel):
    file: str = Field(min_length=1, description="the document, base64 (as for extract-data)")
    file_name: str | None = Field(default=None, examples=["invoice.pdf"], description="ignored")


class RenderedPage(BaseModel):
    page_number: int = Field(description="0-based, as in the result's page_number")
    width: int = Field(description="the page's width in the grid of the result's coordinates")
    height: int = Field(description="the page's height in that grid")
    png_base64: str = Field(
        description=f"the page as PNG; scaled down when its longer side passes {MAX_IMAGE_SIDE}"
    )


class RenderedPages(BaseModel):
    page_count: int = Field(description="pages in the document")
    first_page: int
    dpi: int = Field(description="the resolution PDF pages are rendered at (images: their own)")
    pages: list[RenderedPage]


def _file_of(body: bytes, limits: BodyLimits) -> bytes:
    """The decoded ``file`` of a JSON body; 422 when it is missing or not base64."""
    encoded = parse_json_object(body).get("file")
    if not isinstance(encoded, str) or not encoded:
        raise ValidationFailed(
            "The render request is not valid.",
            [{"field": "file", "problem": "required: the document, base64"}],
        )
    try:
        data = decode_base64(encoded)
    except (ValueError, binascii.Error) as exc:
        raise ValidationFailed(
            "The render request is not valid.", [{"field": "file", "problem": "not valid base64"}]
        ) from exc
    if len(data) > limits.max_file_bytes:
        raise limits.too_large()
    return data


def _png_base64(image: Image.Image) -> str:
    longer = max(image.size)
    if longer > MAX_IMAGE_SIDE:
        scale = MAX_IMAGE_SIDE / longer
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return base64.b64encode(out.getvalue()).decode("ascii")


def _render_answer(data: bytes, limits: ReadLimits, first: int, count: int) -> dict[str, Any]:
    page_count, images = render_pages(data, limits, first, count)
    if first >= page_count:
        raise ValidationFailed(
            f"The document has {page_count} page(s); first_page {first} is past the last one.",
            [{"field": "first_page", "problem": f"at most {page_count - 1}"}],
        )
    pages = [
        {
            "page_number": first + offset,
            "width": image.width,
            "height": image.height,
            "png_base64": _png_base64(image),
        }
        for offset, image in enumerate(images)
    ]
    return {"page_count": page_count, "first_page": first, "dpi": PDF_DPI, "pages": pages}


async def render_pages_route(
    request: Request,
    account: AccountDep,
    first_page: Annotated[int, Query(ge=0, description="0-based page to start at")] = 0,
    page_count: Annotated[
        int, Query(ge=1, le=MAX_PAGES_PER_REQUEST, description="pages to render at most")
    ] = DEFAULT_PAGES_PER_REQUEST,
) -> JSONResponse:
    limits: BodyLimits = request.app.state.body_limits
    body = await read_capped_body(
        request, limits.max_body_bytes, limits.too_large("The request body")
    )
    data = await run_in_threadpool(_file_of, body, limits)
    settings: Settings = request.app.state.settings
    render = partial(_render_answer, data, settings.read_limits(), first_page, page_count)
    limiter: CapacityLimiter = request.app.state.render_limiter
    answer = await anyio.to_thread.run_sync(render, limiter=limiter)
    return JSONResponse(answer)


def build_router(prefix: str, *, in_schema: bool = True) -> APIRouter:
    """The review routes under ``prefix`` (``/api`` or ``/api/v1``)."""
    router = APIRouter(prefix=prefix, tags=["review"], include_in_schema=in_schema)
    router.add_api_route(
        "/render-pages",
        render_pages_route,
        methods=["POST"],
        response_model=RenderedPages,
        summary="Render a document's pages as PNG in the grid of the result's coordinates",
        openapi_extra=request_body(("application/json", RenderRequest)),
        responses=error_responses(400, 401, 413, 415, 422, 429),
    )
    return router
