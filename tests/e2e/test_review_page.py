"""The review page in a real browser (Debian's Chromium through Playwright) against a real
``paperwise serve``: key, upload, boxes on the page image, correction sent as feedback, errors."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pypdfium2
import pytest
from PIL import Image, ImageChops
from playwright.sync_api import (
    Browser,
    FilePayload,
    Locator,
    Page,
    Response,
    ViewportSize,
    sync_playwright,
)

from paperwise.reading.pdf_document import page_pixels

from .documents import invoice_pdf
from .server_process import Server

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package: `.ci/run` installs it when missing
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 800}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: install the Debian package 'chromium'")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def key(server: Server) -> str:
    """An account of its own: the corrections sent here teach no other test's account."""
    return server.add_accounts("reviewer")["reviewer"]


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    """A fresh page (its own storage: no key saved) on the review page."""
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(60_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(f"{server.url}/")
    yield tab
    context.close()
    assert not errors, f"the page's script failed: {errors}"


def enter_key(page: Page, key: str) -> None:
    page.get_by_label("API key", exact=True).fill(key)
    page.get_by_role("button", name="Use this key").click()


def upload(page: Page, name: str, data: bytes, mime_type: str) -> Response:
    """Choose the file, press Extract; the extract-data response the page got."""
    payload: FilePayload = {"name": name, "mimeType": mime_type, "buffer": data}
    page.get_by_label("Document (PDF").set_input_files(files=[payload])
    with page.expect_response("**/api/extract-data") as response:
        page.get_by_role("button", name="Extract").click()
    return response.value


def box_of(page: Page, key: str) -> Locator:
    return page.locator(f'.box[data-key="{key}"][data-rank="0"]')


def assert_box_over(page: Page, key: str, value: dict[str, Any], grid: tuple[int, int]) -> None:
    """The box of ``key`` covers the value's coordinates scaled to the image as displayed."""
    image = page.locator(f'.page[data-page="{value["page_number"]}"] img').bounding_box()
    box = box_of(page, key).bounding_box()
    assert image is not None and box is not None
    scale_x, scale_y = image["width"] / grid[0], image["height"] / grid[1]
    expected = {
        "x": image["x"] + value["x"] * scale_x,
        "y": image["y"] + value["y"] * scale_y,
        "width": value["width"] * scale_x,
        "height": value["height"] * scale_y,
    }
    for side, want in expected.items():
        got = cast(dict[str, float], box)[side]
        assert got == pytest.approx(want, abs=1.5), (key, side, box, expected)


def ink_under(page: Page, key: str) -> int:
    """Dark pixels on screen inside the box (the border, blue or pink, is never that dark)."""
    shot = box_of(page, key).screenshot()  # what is on screen there, the page image included
    red, green, blue = Image.open(io.BytesIO(shot)).convert("RGB").split()
    lightest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return lightest.point(lambda v: 255 if v < 128 else 0).histogram()[255]


def best(result: dict[str, Any], name: str) -> dict[str, Any]:
    field = next(f for f in result["extracted_fields"] if f["name"] == name)
    value: dict[str, Any] = field["values"][0]
    return value


def test_a_person_reviews_an_invoice_and_sends_a_correction(page: Page, key: str) -> None:
    enter_key(page, key)
    page.wait_for_selector('#document-type option[value="invoice"]', state="attached")
    assert page.get_by_label("Document type", exact=True).input_value() == "invoice"

    pdf = invoice_pdf(number="INV-7001")
    response = upload(page, "invoice.pdf", pdf, "application/pdf")
    assert response.status == 200
    result = response.json()
    width_pt, height_pt = pypdfium2.PdfDocument(pdf).get_page_size(0)
    grid = page_pixels(width_pt, height_pt)  # the page at the documented 150 dpi

    # every located best value has its box, drawn over the value's place on the page image
    box_of(page, "field:invoice_number").wait_for()
    page.locator('.page[data-page="0"] img').wait_for()
    page.wait_for_function("document.querySelector('.page img').complete")
    number = best(result, "invoice_number")
    assert number["value"] == "INV-7001"
    for name in ("invoice_number", "total_amount", "issue_date"):
        assert_box_over(page, f"field:{name}", best(result, name), grid)
        assert ink_under(page, f"field:{name}") > 20, name  # the printed value is under it
    first_amount = next(c for c in result["line_items"][0] if c["name"] == "amount")
    assert_box_over(page, f"item:{_row_id(page, 0)}:amount", first_amount["values"][0], grid)

    # a box selects its row, a row selects its box
    box_of(page, "field:invoice_number").click()
    number_input = page.get_by_label("Invoice number", exact=True)
    assert page.evaluate("document.activeElement.id") == "value-invoice_number"
    assert "selected" in (
        page.locator('tr[data-key="field:invoice_number"]').get_attribute("class") or ""
    )
    for _ in range(20):  # by keyboard alone, from the invoice number down to the total
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "value-total_amount":
            break
    assert page.evaluate("document.activeElement.id") == "value-total_amount"
    assert "selected" in (box_of(page, "field:total_amount").get_attribute("class") or "")
    assert "selected" not in (box_of(page, "field:invoice_number").get_attribute("class") or "")
    total = next(f for f in result["extracted_fields"] if f["name"] == "total_amount")
    for rank, value in enumerate(total["values"][1:], start=1):  # other candidates show dashed
        if value["page_number"] >= 0:
            candidate = page.locator(f'.box[data-key="field:total_amount"][data-rank="{rank}"]')
            assert candidate.is_visible()
    page.keyboard.press("Shift+Tab")  # away from the total: its candidates hide again
    hidden = "boxes => boxes.every(box => getComputedStyle(box).display === 'none')"
    assert page.locator('.box-alternative[data-key="field:total_amount"]').evaluate_all(hidden)

    # a number not in the normalised form is caught before anything is sent
    total_input = page.get_by_label("Total amount", exact=True)
    total_input.fill("1.190,00")
    page.get_by_role("button", name="Send correction").click()
    assert (
        "Total amount: write the number with a dot"
        in page.locator("#feedback-message").inner_text()
    )
    assert total_input.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "value-total_amount"
    total_input.fill(best(result, "total_amount")["value"])

    # correct a value and send it as feedback
    number_input.fill("INV-7001-A")
    assert "1 change to send" in page.locator("#changes").inner_text()
    with page.expect_response("**/api/add-document-feedback") as answered:
        page.get_by_role("button", name="Send correction").click()
    answer = answered.value
    body = answer.request.post_data_json
    assert body is not None
    assert body["document_type_name"] == "invoice"
    assert body["document_object_id"] == result["object_id"]
    fields = {field["name"]: field["value"] for field in body["learning_fields"]}
    assert fields["invoice_number"] == "INV-7001-A"
    assert fields["total_amount"] == best(result, "total_amount")["value"]
    found = [f["name"] for f in result["extracted_fields"] if f["values"]]
    assert sorted(fields) == sorted(found)  # fields with no value are left out
    assert len(body["line_items"]) == len(result["line_items"])
    assert {cell["name"] for cell in body["line_items"][0]} >= {"description", "amount"}
    assert [[c["name"] for c in pair] for pair in body["vat_rates"]] == [
        ["vat_rate_percentage", "vat_rate_net"]
    ] * len(result["vat_rates"])

    assert answer.status == 200, answer.text()
    page.locator('#feedback-message[data-kind="success"]').wait_for()
    assert page.locator("#feedback-message").inner_text() == answer.json()["message"]


def _row_id(page: Page, index: int) -> str:
    row_id = page.locator("#items-body tr").nth(index).get_attribute("data-row")
    assert row_id is not None
    return row_id


def test_a_dropped_file_on_a_narrow_screen_gets_its_boxes(page: Page, key: str) -> None:
    page.set_viewport_size(PHONE)
    enter_key(page, key)
    page.wait_for_selector('#document-type option[value="invoice"]', state="attached")
    pdf = invoice_pdf(number="INV-7002")
    dropped = page.evaluate_handle(
        """bytes => {
            const files = new DataTransfer();
            files.items.add(new File([new Uint8Array(bytes)], "dropped.pdf",
                                     {type: "application/pdf"}));
            return files;
        }""",
        list(pdf),
    )
    with page.expect_response("**/api/extract-data") as response:
        page.dispatch_event("#drop-zone", "drop", {"dataTransfer": dropped})
    result = response.value.json()
    assert result["file_name"] == "dropped.pdf"
    box_of(page, "field:total_amount").wait_for()
    page.wait_for_function("document.querySelector('.page img').complete")
    width_pt, height_pt = pypdfium2.PdfDocument(pdf).get_page_size(0)
    assert_box_over(
        page, "field:total_amount", best(result, "total_amount"), page_pixels(width_pt, height_pt)
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_every_page_of_a_long_document_is_shown(page: Page, key: str) -> None:
    single = pypdfium2.PdfDocument(invoice_pdf(number="INV-7003"))
    long = pypdfium2.PdfDocument.new()
    for _ in range(6):  # more pages than one render-pages request gives
        long.import_pages(single)
    out = io.BytesIO()
    long.save(out)
    enter_key(page, key)
    page.wait_for_selector('#document-type option[value="invoice"]', state="attached")
    upload(page, "long.pdf", out.getvalue(), "application/pdf")
    page.get_by_text("Page 6 of 6", exact=True).wait_for()
    assert page.locator(".page").count() == 6
    assert page.locator("#pages-status").inner_text() == ""


def test_a_file_that_is_not_a_document_shows_the_error(page: Page, key: str) -> None:
    enter_key(page, key)
    page.wait_for_selector('#document-type option[value="invoice"]', state="attached")
    response = upload(page, "notes.txt", b"these are notes, not an invoice", "text/plain")
    assert response.status == 415
    error = page.get_by_role("alert")
    error.wait_for()
    text = error.inner_text()
    assert "notes.txt could not be extracted" in text
    assert response.json()["message"] in text
    assert page.locator("#review").is_hidden()


def test_a_wrong_key_is_refused_in_plain_words(page: Page, server: Server) -> None:
    enter_key(page, "not-a-key")
    error = page.get_by_role("alert")
    error.wait_for()
    assert "No valid API key" in error.inner_text()
    assert page.get_by_label("API key", exact=True).is_visible()
    assert page.locator("#upload-section").is_hidden()
