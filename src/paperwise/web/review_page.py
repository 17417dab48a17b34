"""Serves the review page: ``GET /review`` (the HTML), its static files under ``/review/static``,
and ``GET /`` redirecting to it. The page talks only to the public API with the key the person
gives it; these routes need no key and hold no data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).parent / "static"
PAGE_PATH = "/review"
STATIC_PATH = "/review/static"

# The page loads only its own script and style; page images arrive as data: URLs.
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",  # frame-ancestors 'none' for browsers that ignore CSP
    "Cache-Control": "no-cache",
}


class _RevalidatedStaticFiles(StaticFiles):
    """Static files a browser checks again (ETag) before reuse, so an upgrade shows at once."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


router = APIRouter(include_in_schema=False)


@router.get(PAGE_PATH)
async def review_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "review.html", headers=_SECURITY_HEADERS)


@router.get("/")
async def root() -> RedirectResponse:
    return RedirectResponse(PAGE_PATH)


def install_review_page(app: FastAPI) -> None:
    """Add the review page and its static files to ``app``."""
    app.include_router(router)
    app.mount(STATIC_PATH, _RevalidatedStaticFiles(directory=STATIC_DIR), name="review-static")
