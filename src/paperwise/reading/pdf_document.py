"""PDF files through pypdfium2: open with our errors, check limits, find embedded e-invoice XML.

PDFium is not thread-safe: every call into it holds ``PDFIUM_LOCK`` (the API inspects uploads
from several threads)."""

from __future__ import annotations

import math
import re
import threading

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from paperwise.errors import (
    EmptyDocument,
    EncryptedDocument,
    ImageTooLarge,
    InvalidFile,
    TooManyPages,
)
from paperwise.reading.model import PDF_DPI, ReadLimits

PDFIUM_LOCK = threading.RLock()

_EMPTY_PAGE_TREE = re.compile(rb"/Count\s*0\b")
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page\b")

# Names the e-invoice standards give their XML attachment, best first.
_EINVOICE_NAMES = (
    "factur-x.xml",
    "zugferd-invoice.xml",
    "xrechnung.xml",
    "order-x.xml",
)
# Root elements of the XML invoice syntaxes (CII and UBL), for attachments with other names.
_EINVOICE_ROOTS = (
    b"CrossIndustryInvoice",
    b"CrossIndustryDocument",
    b"<Invoice",
    b":Invoice",
    b"CreditNote",
)


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open a PDF from bytes. Raises EncryptedDocument or InvalidFile."""
    with PDFIUM_LOCK:
        try:
            return pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                reason = "a password is needed to open it"
                raise EncryptedDocument(details=[{"reason": reason}]) from exc
            if _EMPTY_PAGE_TREE.search(data) and not _PAGE_OBJECT.search(data):
                # PDFium refuses to open a document whose page tree is empty
                raise EmptyDocument(details=[{"pages": 0}]) from exc
            raise InvalidFile(details=[{"reason": f"not a readable PDF: {exc}"}]) from exc


def check_pdf(pdf: pdfium.PdfDocument, limits: ReadLimits) -> int:
    """Check page count and page sizes (at PDF_DPI) without rendering; return the page count."""
    with PDFIUM_LOCK:
        pages = len(pdf)
        if pages == 0:
            raise EmptyDocument(details=[{"pages": 0}])
        if pages > limits.max_pages:
            raise TooManyPages(
                f"The document has {pages} pages; at most {limits.max_pages} are allowed.",
                details=[{"limit": limits.max_pages, "pages": pages}],
            )
        for index in range(pages):
            try:
                width_pt, height_pt = pdf.get_page_size(index)
            except pdfium.PdfiumError as exc:
                reason = "page cannot be read"
                raise InvalidFile(details=[{"page": index, "reason": reason}]) from exc
            width, height = page_pixels(width_pt, height_pt)
            if width < 1 or height < 1:
                raise InvalidFile(details=[{"page": index, "reason": "page has no area"}])
            if width * height > limits.max_image_pixels:
                raise ImageTooLarge(
                    f"Page {index + 1} would be {width}x{height} pixels at {PDF_DPI} DPI; at most "
                    f"{limits.max_image_pixels} pixels per page are allowed.",
                    details=[
                        {
                            "page": index,
                            "width": width,
                            "height": height,
                            "limit": limits.max_image_pixels,
                        }
                    ],
                )
    return pages


def check_page_images(page: pdfium.PdfPage, index: int, limits: ReadLimits) -> None:
    """Refuse a page whose embedded images hold more pixels than one page may, before rendering
    it: PDFium decodes every image at its full size whatever the render scale, so a small stream
    declaring a huge image would otherwise cost its full decode. Call holding PDFIUM_LOCK."""
    total = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        if isinstance(obj, pdfium.PdfImage):
            width, height = obj.get_px_size()  # from the image dictionary: nothing is decoded
            total += max(width, 0) * max(height, 0)
    if total > limits.max_image_pixels:
        raise ImageTooLarge(
            f"The images on page {index + 1} hold {total} pixels; at most "
            f"{limits.max_image_pixels} pixels per page are allowed.",
            details=[{"page": index, "pixels": total, "limit": limits.max_image_pixels}],
        )


def page_pixels(width_pt: float, height_pt: float, dpi: float = PDF_DPI) -> tuple[int, int]:
    """The pixel size of a page of that many points rendered at ``dpi`` (as pypdfium2 renders)."""
    return math.ceil(width_pt * dpi / 72), math.ceil(height_pt * dpi / 72)


def embedded_einvoice_xml(pdf: pdfium.PdfDocument) -> bytes | None:
    """The XML of a ZUGFeRD / Factur-X / XRechnung attachment, when the PDF carries one."""
    candidates: list[tuple[int, bytes]] = []
    with PDFIUM_LOCK:
        for index in range(pdf.count_attachments()):
            attachment = pdf.get_attachment(index)
            name = attachment.get_name().strip().lower()
            if not name.endswith(".xml"):
                continue
            try:
                data = bytes(attachment.get_data())
            except pdfium.PdfiumError:
                continue
            if name in _EINVOICE_NAMES:
                candidates.append((_EINVOICE_NAMES.index(name), data))
            elif any(root in data[:4096] for root in _EINVOICE_ROOTS):
                candidates.append((len(_EINVOICE_NAMES), data))
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])[1]
