"""Document bytes -> ReadDocument: pages of words with pixel boxes, plus embedded e-invoice XML.

    doc = read_document(data, ReadLimits())      # text layer, else OCR; raises DocumentError
    info = inspect_document(data, ReadLimits())  # cheap validation: no rendering, no OCR

PDF pages with a usable text layer are read from it; other PDF pages are rendered and OCR'd, with
boxes scaled to the PDF_DPI grid. Images are OCR'd in their own (EXIF-upright) pixel grid. OCR'd
pages are turned upright and deskewed: ``Page.rotation`` says how (see ``page_images``). Every
word, from the text layer or OCR, leaves as valid Unicode (``clean_text``)."""

from __future__ import annotations

import math

import pypdfium2 as pdfium

from paperwise.errors import FileTooLarge, InvalidFile, UnsupportedFileType
from paperwise.reading.clean_text import clean_document
from paperwise.reading.file_types import PDF, sniff_media_type
from paperwise.reading.images import check_image, decode_frame, open_image
from paperwise.reading.model import (
    DocumentInfo,
    Page,
    PageSource,
    ReadDocument,
    ReadLimits,
)
from paperwise.reading.ocr_page import ocr_page
from paperwise.reading.pdf_document import (
    PDFIUM_LOCK,
    check_page_images,
    check_pdf,
    embedded_einvoice_xml,
    open_pdf,
    page_pixels,
)
from paperwise.reading.pdf_text import text_layer_usable, text_layer_words

__all__ = ["OCR_READER_VERSION", "inspect_document", "read_document"]

# Bump whenever the words OCR reads from the same bytes change (bench/read_cache.py keys on it;
# text-layer reads are never cached).
OCR_READER_VERSION = "9"

# Pages are rendered at this DPI for OCR (then boxes are scaled to PDF_DPI): on A4 pages 200 DPI
# read 95% of the words, 250 DPI 96% at 1.4x the cost.
OCR_DPI = 200
# ... unless the page is larger than A3: its longer side is rendered at most this many pixels.
OCR_MAX_SIDE = 3500


def inspect_document(data: bytes, limits: ReadLimits) -> DocumentInfo:
    """Type and page count, after every check read_document makes before decoding.

    Raises UnsupportedFileType, FileTooLarge, InvalidFile, EncryptedDocument, EmptyDocument,
    TooManyPages or ImageTooLarge."""
    media_type = checked_media_type(data, limits)
    if media_type == PDF:
        pdf = open_pdf(data)
        try:
            return DocumentInfo(media_type, check_pdf(pdf, limits))
        finally:
            with PDFIUM_LOCK:
                pdf.close()
    return DocumentInfo(media_type, check_image(open_image(data), limits))


def read_document(data: bytes, limits: ReadLimits) -> ReadDocument:
    """Read every page's words. Raises the DocumentErrors inspect_document lists."""
    media_type = checked_media_type(data, limits)
    if media_type == PDF:
        document = _read_pdf(data, limits)
    else:
        document = _read_image(data, media_type, limits)
    return clean_document(document)


def checked_media_type(data: bytes, limits: ReadLimits) -> str:
    """The media type of ``data`` after the size and type checks; raises FileTooLarge,
    InvalidFile (empty) or UnsupportedFileType."""
    if len(data) > limits.max_bytes:
        raise FileTooLarge(
            f"The file is {len(data)} bytes; at most {limits.max_bytes} bytes are allowed.",
            details=[{"limit": limits.max_bytes, "bytes": len(data)}],
        )
    if not data:
        raise InvalidFile("The file is empty.", details=[{"bytes": 0}])
    media_type = sniff_media_type(data)
    if media_type is None:
        raise UnsupportedFileType(
            details=[
                {
                    "reason": "the first bytes are not those of a "
                    "PDF, PNG, JPEG, TIFF, WebP or BMP file"
                }
            ]
        )
    return media_type


def _read_image(data: bytes, media_type: str, limits: ReadLimits) -> ReadDocument:
    image = open_image(data)
    frames = check_image(image, limits)
    pages = [ocr_page(index, decode_frame(image, index)) for index in range(frames)]
    return ReadDocument(pages=pages, media_type=media_type)


def _read_pdf(data: bytes, limits: ReadLimits) -> ReadDocument:
    pdf = open_pdf(data)
    try:
        count = check_pdf(pdf, limits)
        xml = embedded_einvoice_xml(pdf)
        pages = [_read_pdf_page(pdf, index, limits) for index in range(count)]
    finally:
        with PDFIUM_LOCK:
            pdf.close()
    return ReadDocument(pages=pages, media_type=PDF, embedded_xml=xml)


def _read_pdf_page(pdf: pdfium.PdfDocument, index: int, limits: ReadLimits) -> Page:
    with PDFIUM_LOCK:
        try:
            page = pdf[index]
        except pdfium.PdfiumError as exc:
            raise InvalidFile(details=[{"page": index, "reason": "page cannot be read"}]) from exc
        try:
            width_pt, height_pt = page.get_size()  # as displayed: /Rotate applied
            width, height = page_pixels(width_pt, height_pt)
            words = text_layer_words(page, width, height)
            if text_layer_usable(page, words):
                return Page(index, width, height, words, PageSource.TEXT_LAYER)
            check_page_images(page, index, limits)
            dpi = _ocr_dpi(width_pt, height_pt, limits)
            image = page.render(scale=dpi / 72, draw_annots=True).to_pil()
        finally:
            page.close()
    return ocr_page(index, image, rendered_at=dpi, size=(width, height))


def _ocr_dpi(width_pt: float, height_pt: float, limits: ReadLimits) -> float:
    """OCR_DPI, lowered for pages so large that the render would pass the pixel limit or
    OCR_MAX_SIDE (OCR reads the render at full resolution: its cost grows with the pixels)."""
    by_pixels = 72 * math.sqrt(limits.max_image_pixels / (width_pt * height_pt))
    by_side = 72 * OCR_MAX_SIDE / max(width_pt, height_pt)
    return min(float(OCR_DPI), by_pixels, by_side)
