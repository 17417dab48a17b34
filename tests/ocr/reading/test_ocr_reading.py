"""Real OCR (RapidOCR) on generated pages: text, boxes, and pages turned or skewed."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from paperwise.reading.model import Page, PageSource, ReadLimits, Word
from paperwise.reading.reader import read_document

from .conftest import LINES, PAGE_PT, PrintedPage, png

pytestmark = pytest.mark.ocr


def _word(page: Page, text: str) -> Word:
    matches = [w for w in page.words if w.text == text]
    assert matches, f"{text!r} not read; words: {[w.text for w in page.words]}"
    return matches[0]


def _assert_reads_the_page(page: Page, truth: Page, tolerance: float) -> None:
    lines: dict[int, list[str]] = {}
    for word in page.words:
        lines.setdefault(word.line, []).append(word.text)
    assert [" ".join(ws) for _, ws in sorted(lines.items())] == list(LINES)
    for expected in truth.words:
        got = _word(page, expected.text)
        assert (got.x0, got.y0, got.x1, got.y1) == pytest.approx(
            (expected.x0, expected.y0, expected.x1, expected.y1), abs=tolerance
        ), expected.text
        assert 0.5 < got.confidence <= 1.0


def test_an_image_is_read_word_by_word_in_its_own_pixels(printed_page: PrintedPage) -> None:
    doc = read_document(png(printed_page.image), ReadLimits())
    page = doc.pages[0]
    assert (doc.media_type, page.source, page.rotation) == ("image/png", PageSource.OCR, 0.0)
    assert (page.width, page.height) == printed_page.image.size
    _assert_reads_the_page(page, printed_page.truth, tolerance=8)


@pytest.mark.parametrize("turned", [90, 180, 270])
def test_a_turned_image_is_read_upright(printed_page: PrintedPage, turned: int) -> None:
    image = printed_page.image.rotate(turned, expand=True)
    page = read_document(png(image), ReadLimits()).pages[0]
    assert page.rotation == pytest.approx(-turned % 360, abs=0.5)
    assert (page.width, page.height) == pytest.approx(printed_page.image.size, abs=2)
    _assert_reads_the_page(page, printed_page.truth, tolerance=8)


def test_a_skewed_image_is_straightened(printed_page: PrintedPage) -> None:
    image = printed_page.image.rotate(4, expand=True, fillcolor="white")
    page = read_document(png(image), ReadLimits()).pages[0]
    assert page.rotation == pytest.approx(-4, abs=0.5)
    first, last = _word(page, "Invoice"), _word(page, "INV-20417")
    assert abs(first.cy - last.cy) < 3  # one line, level again


def test_exif_orientation_is_applied_before_reading(printed_page: PrintedPage) -> None:
    stored = printed_page.image.rotate(90, expand=True)  # what the camera stored...
    exif = Image.Exif()
    exif[0x0112] = 6  # ...and the tag saying "turn 90 clockwise to view"
    buf = io.BytesIO()
    stored.save(buf, "JPEG", quality=95, exif=exif)
    page = read_document(buf.getvalue(), ReadLimits()).pages[0]
    assert page.rotation == 0.0
    assert (page.width, page.height) == printed_page.image.size
    _assert_reads_the_page(page, printed_page.truth, tolerance=8)


def test_a_scanned_pdf_page_is_read_on_the_150_dpi_grid(printed_page: PrintedPage) -> None:
    scan = printed_page.image.resize(
        (printed_page.image.width * 2, printed_page.image.height * 2)  # a 300-DPI scan
    )
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=PAGE_PT)
    pdf.drawImage(ImageReader(scan), 0, 0, width=PAGE_PT[0], height=PAGE_PT[1])
    pdf.showPage()
    pdf.save()
    doc = read_document(buf.getvalue(), ReadLimits())
    page = doc.pages[0]
    assert page.source is PageSource.OCR
    assert (page.width, page.height) == printed_page.image.size
    _assert_reads_the_page(page, printed_page.truth, tolerance=8)


def test_every_frame_of_a_tiff_is_read(printed_page: PrintedPage) -> None:
    blank = Image.new("RGB", printed_page.image.size, "white")
    buf = io.BytesIO()
    printed_page.image.save(buf, "TIFF", save_all=True, append_images=[blank, printed_page.image])
    doc = read_document(buf.getvalue(), ReadLimits())
    assert [len(p.words) > 0 for p in doc.pages] == [True, False, True]
    assert [p.index for p in doc.pages] == [0, 1, 2]
    assert np.mean([w.confidence for w in doc.pages[2].words]) > 0.8


@pytest.mark.parametrize("turned", [90, 4])
def test_result_boxes_fall_on_the_image_as_sent(printed_page: PrintedPage, turned: int) -> None:
    from PIL import ImageDraw

    from paperwise.domain.document_types import INVOICE
    from paperwise.pipeline import extract_document

    sent = printed_page.image.rotate(turned, expand=True, fillcolor="white")
    result = extract_document(read_document(png(sent), ReadLimits()), INVOICE)
    number = result.field("invoice_number")
    assert number is not None and number.best is not None and number.best.box is not None
    assert number.best.value == "INV-20417"
    # where that word's ink is in the image as sent: its upright box, turned the same way
    truth = _word(printed_page.truth, "INV-20417")
    mask = Image.new("L", printed_page.image.size, 0)
    ImageDraw.Draw(mask).rectangle((truth.x0, truth.y0, truth.x1, truth.y1), fill=255)
    left, top, right, bottom = mask.rotate(turned, expand=True).getbbox() or (0, 0, 0, 0)
    box = number.best.box
    assert (box.x, box.y, box.x + box.width, box.y + box.height) == pytest.approx(
        (left, top, right, bottom), abs=10
    )


def test_lines_batched_by_input_width_read_as_lines_read_one_at_a_time(
    printed_page: PrintedPage,
) -> None:
    from paperwise.reading import ocr

    engine = ocr.ocr_engine()
    batched = ocr.recognise(printed_page.image)
    batching, engine.text_rec = engine.text_rec, engine.text_rec.rec
    try:
        alone = ocr.recognise(printed_page.image)
    finally:
        engine.text_rec = batching
    assert [line.text for line in batched.lines] == [line.text for line in alone.lines]
    assert [w.text for line in batched.lines for w in line.words] == [
        w.text for line in alone.lines for w in line.words
    ]
    for a, b in zip(batched.lines, alone.lines, strict=True):
        assert a.score == pytest.approx(b.score, abs=1e-4)
        assert np.array_equal(a.quad, b.quad)
