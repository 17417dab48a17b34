"""Value boxes back in the pixel grid of the page as sent.

The reader turns a scanned page upright and straight before it reads it (``Page.rotation``:
Pillow's ``image.rotate(rotation, expand=True)``), and extraction works in that turned grid.
A user draws boxes on the image they sent, so the result's boxes are mapped back into it: the
four corners of each box are turned back about the page centre and the box becomes the
smallest upright rectangle around them (exact for quarter turns, a pixel or two larger for a
small skew). Text-layer pages and pages read as they were are left as they are."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from paperwise.domain.result import Box, ExtractionResult, FieldResult, Value
from paperwise.reading.model import Page


def source_size(page: Page) -> tuple[float, float]:
    """The width and height of the image the reader turned by ``page.rotation`` into
    ``page.width`` x ``page.height`` (the expanded canvas of the turn, solved back)."""
    theta = math.radians(page.rotation)
    c, s = abs(math.cos(theta)), abs(math.sin(theta))
    det = c * c - s * s
    if abs(det) < 1e-6:  # a 45° turn cannot be solved back; the reader never deskews that far
        return float(page.width), float(page.height)
    width = (c * page.width - s * page.height) / det
    height = (c * page.height - s * page.width) / det
    return width, height


def to_source(page: Page, x: float, y: float) -> tuple[float, float]:
    """A point of the turned page grid in the grid of the page as sent."""
    theta = math.radians(page.rotation)
    cos, sin = math.cos(theta), math.sin(theta)
    width, height = source_size(page)
    dx, dy = x - page.width / 2, y - page.height / 2
    return width / 2 + dx * cos - dy * sin, height / 2 + dx * sin + dy * cos


def box_to_source(page: Page, box: Box) -> Box:
    if not page.rotation:
        return box
    corners = [
        to_source(page, x, y)
        for x in (box.x, box.x + box.width)
        for y in (box.y, box.y + box.height)
    ]
    width, height = source_size(page)
    left = max(0, math.floor(min(x for x, _ in corners)))
    top = max(0, math.floor(min(y for _, y in corners)))
    right = min(round(width), math.ceil(max(x for x, _ in corners)))
    bottom = min(round(height), math.ceil(max(y for _, y in corners)))
    return replace(box, x=left, y=top, width=max(right - left, 0), height=max(bottom - top, 0))


def result_in_source_grid(result: ExtractionResult, pages: Sequence[Page]) -> ExtractionResult:
    """``result`` with every located value's box in the grid of its page as sent."""
    if not any(page.rotation for page in pages):
        return result
    by_index = {page.index: page for page in pages}

    def value(v: Value) -> Value:
        page = by_index.get(v.box.page) if v.box is not None else None
        if v.box is None or page is None:
            return v
        return replace(v, box=box_to_source(page, v.box))

    def field(f: FieldResult) -> FieldResult:
        return replace(f, values=[value(v) for v in f.values])

    return replace(
        result,
        fields=[field(f) for f in result.fields],
        line_items=[[field(f) for f in row] for row in result.line_items],
        vat_rates=[[field(f) for f in pair] for pair in result.vat_rates],
    )
