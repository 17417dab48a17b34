"""The review page's routes: POST render-pages (pages as PNG in the grid of the result's
coordinates, under the extraction limits) and the page itself with its static files."""

from __future__ import annotations

import base64
import io
import struct
import zlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from httpx import AsyncClient
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from paperwise.api.app import create_app
from paperwise.config import Settings
from paperwise.reading.model import ReadLimits
from paperwise.reading.reader import read_document

from .fake_service import FakeService
from .http_helpers import assert_error

pytestmark = pytest.mark.anyio

A4_AT_150_DPI = (1241, 1754)  # ceil(595.28 * 150 / 72), ceil(841.89 * 150 / 72)


def pdf_bytes(pages: int = 1, encrypt: str | None = None) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    for number in range(pages):
        pdf.setFont("Helvetica", 14)
        pdf.drawString(72, 700, f"Invoice INV-{number + 1} total 12.50")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def png_bytes(size: tuple[int, int], color: str = "white") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def forged_png(width: int, height: int) -> bytes:
    """A 1x1 PNG whose header claims ``width`` x ``height``: decoding it would be a bomb."""
    data = bytearray(png_bytes((1, 1)))
    ihdr = bytearray(data[12:29])  # chunk type + 13 bytes of header data
    ihdr[4:12] = struct.pack(">II", width, height)
    data[16:29] = ihdr[4:]
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


def body(data: bytes, **extra: Any) -> dict[str, Any]:
    return {"file": base64.b64encode(data).decode(), "file_name": "invoice.pdf", **extra}


def decoded(page: dict[str, Any]) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(page["png_base64"])))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, max_file_mb=0.05, rate_limit_per_minute=0, workers=0)


async def render(
    client: AsyncClient, auth: dict[str, str], data: bytes, prefix: str = "/api", **params: Any
) -> httpx.Response:
    return await client.post(f"{prefix}/render-pages", json=body(data), headers=auth, params=params)


@pytest.mark.parametrize("prefix", ["/api", "/api/v1"])
async def test_pdf_pages_come_back_as_png_at_the_coordinates_dpi(
    client: AsyncClient, auth: dict[str, str], prefix: str
) -> None:
    response = await render(client, auth, pdf_bytes(pages=2), prefix)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["page_count"] == 2 and answer["first_page"] == 0 and answer["dpi"] == 150
    assert [page["page_number"] for page in answer["pages"]] == [0, 1]
    for page in answer["pages"]:
        assert (page["width"], page["height"]) == A4_AT_150_DPI
        image = decoded(page)
        assert image.format == "PNG" and image.size == A4_AT_150_DPI


async def test_the_page_image_shows_each_word_where_the_reader_boxes_it(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    data = pdf_bytes()
    words = read_document(data, ReadLimits()).pages[0].words
    response = await render(client, auth, data)
    image = decoded(response.json()["pages"][0]).convert("L")
    for word in words:
        box = (int(word.x0), int(word.y0), int(word.x1) + 1, int(word.y1) + 1)
        assert _darkest(image.crop(box)) < 100, word  # ink inside the word's box
    assert _darkest(image.crop((0, 0, 100, 100))) > 200  # and none in a blank corner


async def test_pages_are_rendered_in_batches(client: AsyncClient, auth: dict[str, str]) -> None:
    data = pdf_bytes(pages=3)
    response = await render(client, auth, data, first_page=1, page_count=1)
    answer = response.json()
    assert answer["page_count"] == 3 and answer["first_page"] == 1
    assert [page["page_number"] for page in answer["pages"]] == [1]
    assert len((await render(client, auth, data, first_page=2, page_count=5)).json()["pages"]) == 1
    past = await render(client, auth, data, first_page=3)
    assert_error(past, 422, "VALIDATION_ERROR")
    assert_error(await render(client, auth, data, page_count=11), 422, "VALIDATION_ERROR")


async def test_an_image_keeps_its_own_pixels_and_a_huge_one_is_sent_smaller(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    small = (await render(client, auth, png_bytes((300, 200)))).json()["pages"][0]
    assert (small["width"], small["height"]) == (300, 200)
    assert decoded(small).size == (300, 200)
    wide = (await render(client, auth, png_bytes((4000, 100)))).json()["pages"][0]
    assert (wide["width"], wide["height"]) == (4000, 100)  # the coordinates' grid
    assert decoded(wide).size == (3000, 75)  # the picture, scaled to fit


async def test_a_jpeg_is_turned_upright_by_its_exif_orientation(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored turned: display rotated 90 degrees clockwise
    out = io.BytesIO()
    Image.new("RGB", (120, 40), "white").save(out, format="JPEG", exif=exif)
    page = (await render(client, auth, out.getvalue())).json()["pages"][0]
    assert (page["width"], page["height"]) == (40, 120)


async def test_a_data_url_from_a_browser_is_accepted(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    encoded = "data:application/pdf;base64," + base64.b64encode(pdf_bytes()).decode()
    response = await client.post("/api/render-pages", json={"file": encoded}, headers=auth)
    assert response.status_code == 200, response.text


async def test_rendering_needs_a_key(client: AsyncClient) -> None:
    assert_error(await render(client, {}, pdf_bytes()), 401, "UNAUTHORIZED")
    bad = {"Authorization": "Token nope"}
    assert_error(await render(client, bad, pdf_bytes()), 401, "UNAUTHORIZED")


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"just some text, not a document", 415, "UNSUPPORTED_FILE_TYPE"),
        (b"%PDF-1.7\nbroken beyond repair\n%%EOF\n", 400, "INVALID_FILE"),
        (pdf_bytes(encrypt="secret"), 400, "ENCRYPTED_DOCUMENT"),
        (forged_png(50_000, 50_000), 400, "IMAGE_TOO_LARGE"),
        (b"", 422, "VALIDATION_ERROR"),
    ],
)
async def test_a_bad_document_is_the_standard_error(
    client: AsyncClient, auth: dict[str, str], data: bytes, status: int, code: str
) -> None:
    assert_error(await render(client, auth, data), status, code)


async def test_a_body_without_a_valid_file_is_a_validation_error(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    missing = await client.post("/api/render-pages", json={"file_name": "x.pdf"}, headers=auth)
    assert assert_error(missing, 422, "VALIDATION_ERROR")["details"][0]["field"] == "file"
    garbled = await client.post("/api/render-pages", json={"file": "@@@"}, headers=auth)
    assert_error(garbled, 422, "VALIDATION_ERROR")
    not_json = await client.post("/api/render-pages", content=b"{", headers=auth)
    assert_error(not_json, 400, "BAD_REQUEST")


async def test_a_file_over_the_size_limit_is_refused(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    big = b"%PDF-1.7\n" + bytes(60 * 1024)
    assert_error(await render(client, auth, big), 413, "FILE_TOO_LARGE")


@pytest.fixture
async def strict_client(tmp_path: Path, service: FakeService) -> AsyncIterator[AsyncClient]:
    """An app whose page and pixel limits are tiny."""
    settings = Settings(
        data_dir=tmp_path, rate_limit_per_minute=0, workers=0, max_pages=2, max_image_pixels=10_000
    )
    transport = httpx.ASGITransport(app=create_app(settings, service))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_the_extraction_limits_apply(
    strict_client: AsyncClient, auth: dict[str, str]
) -> None:
    too_long = await render(strict_client, auth, pdf_bytes(pages=3))
    assert assert_error(too_long, 400, "TOO_MANY_PAGES")["details"][0]["limit"] == 2
    too_big = await render(strict_client, auth, png_bytes((200, 200)))
    assert_error(too_big, 400, "IMAGE_TOO_LARGE")
    a4 = await render(strict_client, auth, pdf_bytes())  # 1241 x 1754 pixels at 150 dpi
    assert_error(a4, 400, "IMAGE_TOO_LARGE")


# --- the page ------------------------------------------------------------------------------------


async def test_the_review_page_is_served_with_a_strict_content_policy(client: AsyncClient) -> None:
    page = await client.get("/review")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy and "base-uri 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-frame-options"] == "DENY"
    assert '<script type="module" src="/review/static/review.js">' in page.text
    assert 'for="api-key"' in page.text and 'for="file"' in page.text
    root = await client.get("/", follow_redirects=False)
    assert root.status_code in (302, 307) and root.headers["location"] == "/review"


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("review.js", "javascript"),
        ("api.js", "javascript"),
        ("result_view.js", "javascript"),
        ("review.css", "text/css"),
    ],
)
async def test_the_static_files_are_served(client: AsyncClient, name: str, media_type: str) -> None:
    response = await client.get(f"/review/static/{name}")
    assert response.status_code == 200
    assert media_type in response.headers["content-type"]
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_a_missing_static_file_is_the_standard_404(client: AsyncClient) -> None:
    assert_error(await client.get("/review/static/nothing.js"), 404, "NOT_FOUND")


async def test_the_render_route_is_in_the_openapi_document(client: AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert "post" in paths["/api/render-pages"]
    assert "/review" not in paths and "/api/v1/render-pages" not in paths


# --- CORS: off -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/document-types", "/review", "/health"])
async def test_cors_is_off_a_cross_origin_caller_gets_no_allow_origin(
    client: AsyncClient, auth: dict[str, str], path: str
) -> None:
    origin = {"Origin": "https://evil.example"}
    response = await client.get(path, headers={**auth, **origin})
    assert response.status_code == 200
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]
    preflight = await client.options(
        path,
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert_error(preflight, 405, "METHOD_NOT_ALLOWED")
    assert not [h for h in preflight.headers if h.lower().startswith("access-control-")]


def _darkest(grey: Image.Image) -> int:
    """The darkest pixel of a greyscale ("L") image."""
    return cast(tuple[int, int], grey.getextrema())[0]
