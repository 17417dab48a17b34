"""The picture of a read page, in exactly the pixel grid its word boxes use (for review pages
and for drawing boxes): PDF pages rendered at PDF_DPI, images decoded upright; then turned by
``Page.rotation`` as the reader turned them."""

from __future__ import annotations

from PIL import Image

from paperwise.errors import InvalidFile
from paperwise.reading.file_types import PDF, sniff_media_type
from paperwise.reading.images import check_image, decode_frame, open_image
from paperwise.reading.model import PDF_DPI, Page, ReadLimits
from paperwise.reading.pdf_document import PDFIUM_LOCK, check_pdf, open_pdf


def page_image(data: bytes, page: Page, limits: ReadLimits) -> Image.Image:
    """The RGB image of ``page`` (as read from ``data``), ``page.width`` x ``page.height``."""
    image: Image.Image
    if sniff_media_type(data) == PDF:
        pdf = open_pdf(data)
        try:
            with PDFIUM_LOCK:
                if page.index >= check_pdf(pdf, limits):
                    raise InvalidFile(details=[{"page": page.index, "reason": "no such page"}])
                image = pdf[page.index].render(scale=PDF_DPI / 72).to_pil().convert("RGB")
        finally:
            with PDFIUM_LOCK:
                pdf.close()
    else:
        source = open_image(data)
        if page.index >= check_image(source, limits):
            raise InvalidFile(details=[{"page": page.index, "reason": "no such page"}])
        image = decode_frame(source, page.index)
    if page.rotation:
        image = image.rotate(page.rotation, expand=True, fillcolor="white")
    return image
