"""The picture of a page, in exactly the pixel grid its word boxes use (for review pages and for
drawing boxes): PDF pages rendered at PDF_DPI, images decoded upright by their EXIF orientation;
then, for a page already read, turned by ``Page.rotation`` as the reader turned it."""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image

from paperwise.errors import InvalidFile
from paperwise.reading.file_types import PDF
from paperwise.reading.images import check_image, decode_frame, open_image
from paperwise.reading.model import PDF_DPI, Page, ReadLimits
from paperwise.reading.pdf_document import PDFIUM_LOCK, check_page_images, check_pdf, open_pdf
from paperwise.reading.reader import checked_media_type


def page_image(data: bytes, page: Page, limits: ReadLimits) -> Image.Image:
    """The RGB image of ``page`` (as read from ``data``), ``page.width`` x ``page.height``."""
    image = _render(data, limits, lambda _pages: [page.index])[1][0]
    if page.rotation:
        image = image.rotate(page.rotation, expand=True, fillcolor="white")
    return image


def render_pages(
    data: bytes, limits: ReadLimits, first: int = 0, count: int | None = None
) -> tuple[int, list[Image.Image]]:
    """The document's page count and the RGB images of pages ``first`` .. ``first + count - 1``
    (those that exist), without reading any text: PDF pages at PDF_DPI, image frames upright.

    Every check ``inspect_document`` makes runs first, so a bomb is refused before any pixel is
    decoded; raises the same DocumentErrors. An image page the reader turns upright or deskews
    (``Page.rotation``, known only after OCR) is given as stored, not turned."""

    def wanted(pages: int) -> list[int]:
        return list(range(first, pages if count is None else min(pages, first + count)))

    return _render(data, limits, wanted)


def _render(
    data: bytes, limits: ReadLimits, wanted: Callable[[int], list[int]]
) -> tuple[int, list[Image.Image]]:
    """The page count and the images of the pages ``wanted(page count)`` names, after the
    checks ``inspect_document`` makes (each made once)."""
    images: list[Image.Image] = []
    if checked_media_type(data, limits) == PDF:
        pdf = open_pdf(data)
        try:
            pages = check_pdf(pdf, limits)
            for index in wanted(pages):
                _check_index(index, pages)
                with PDFIUM_LOCK:  # page by page: other threads' PDFs wait one page at most
                    page = pdf[index]
                    try:
                        check_page_images(page, index, limits)
                        bitmap = page.render(scale=PDF_DPI / 72)
                        images.append(bitmap.to_pil().convert("RGB"))
                    finally:
                        page.close()
        finally:
            with PDFIUM_LOCK:
                pdf.close()
        return pages, images
    source = open_image(data)
    frames = check_image(source, limits)
    for index in wanted(frames):
        _check_index(index, frames)
        images.append(decode_frame(source, index))
    return frames, images


def _check_index(index: int, pages: int) -> None:
    if not 0 <= index < pages:
        raise InvalidFile(details=[{"page": index, "reason": "no such page"}])
