"""page_image gives the picture in the grid of the page's word boxes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import cast

import pytest
from PIL import Image

from paperwise.errors import InvalidFile
from paperwise.reading.model import ReadLimits
from paperwise.reading.page_images import page_image
from paperwise.reading.reader import read_document


def test_a_pdf_page_image_matches_the_page_size(text_pdf: bytes) -> None:
    page = read_document(text_pdf, ReadLimits()).pages[0]
    image = page_image(text_pdf, page, ReadLimits())
    assert image.size == (page.width, page.height)
    word = page.words[0]
    crop = image.convert("L").crop((int(word.x0), int(word.y0), int(word.x1), int(word.y1)))
    darkest = cast(tuple[int, int], crop.getextrema())[0]  # a greyscale image's
    assert darkest < 100  # the word's ink is inside its box


def test_an_image_page_is_turned_as_the_reader_turned_it(
    encode_image: Callable[..., bytes],
) -> None:
    data = encode_image(Image.new("RGB", (40, 20), "white"), "PNG")
    page = read_document(data, ReadLimits()).pages[0]  # blank: no OCR needed
    assert page_image(data, page, ReadLimits()).size == (40, 20)
    assert page_image(data, replace(page, rotation=90.0), ReadLimits()).size == (20, 40)
    with pytest.raises(InvalidFile):
        page_image(data, replace(page, index=3), ReadLimits())


def test_faint_print_is_ink_and_a_blank_scan_is_not() -> None:
    from PIL import ImageDraw

    from paperwise.reading.images import has_ink

    paper = Image.new("L", (600, 300), 210)
    assert not has_ink(paper)
    ImageDraw.Draw(paper).text((20, 20), "FAINT THERMAL PRINT 52.00", fill=150)
    assert has_ink(paper)
