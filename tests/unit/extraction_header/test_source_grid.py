from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from paperwise.domain.document_types import DataType
from paperwise.domain.result import Box, ExtractionResult, FieldResult, Value
from paperwise.extraction.source_grid import box_to_source, result_in_source_grid, source_size
from paperwise.reading.model import Page

SOURCE = (620, 880)
RECT = (410, 120, 540, 160)  # the ink of one value in the image as sent


def _turned(angle: float) -> tuple[Page, Box]:
    """The page the reader makes of the source image turned by ``angle`` (Pillow's rotate with
    expand, as the reader does) and the box of the rectangle's ink in that turned grid."""
    image = Image.new("L", SOURCE, 255)
    ImageDraw.Draw(image).rectangle(RECT, fill=0)
    turned = image.rotate(angle, expand=True, fillcolor=255)
    ys, xs = np.nonzero(np.asarray(turned) < 128)
    box = Box(0, int(xs.min()), int(ys.min()), int(xs.max() - xs.min()), int(ys.max() - ys.min()))
    return Page(0, turned.width, turned.height, rotation=angle), box


@pytest.mark.parametrize("angle", [90.0, 180.0, 270.0, 3.0, -2.5, 92.0])
def test_a_box_in_the_turned_page_lands_on_the_ink_of_the_page_as_sent(angle: float) -> None:
    page, turned_box = _turned(angle)
    width, height = source_size(page)
    # the turned canvas is whole pixels: solving its size back is off by a pixel or two
    assert abs(width - SOURCE[0]) <= 2.5 and abs(height - SOURCE[1]) <= 2.5
    box = box_to_source(page, turned_box)
    # the rectangle's own corners, within what a skewed box adds around it
    slack = 2 if angle % 90 == 0 else 9
    assert abs(box.x - RECT[0]) <= slack and abs(box.y - RECT[1]) <= slack
    assert abs(box.x + box.width - RECT[2]) <= slack
    assert abs(box.y + box.height - RECT[3]) <= slack


def test_unturned_pages_and_unlocated_values_are_left_alone() -> None:
    box = Box(0, 10, 20, 30, 40)
    result = ExtractionResult(
        [FieldResult("total_amount", DataType.NUMBER, [Value("1.0000", 0.9, box), Value("2", 0.1)])]
    )
    assert result_in_source_grid(result, [Page(0, 100, 200)]) is result
    turned = result_in_source_grid(result, [Page(0, 200, 100, rotation=90.0)])
    moved, unlocated = turned.fields[0].values
    assert moved.box is not None and moved.box != box and moved.box.page == 0
    assert unlocated.box is None
    assert result.fields[0].values[0].box == box  # the input is not changed
