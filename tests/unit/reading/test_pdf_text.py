"""Text-layer PDFs: words with boxes in 150-DPI pixels, lines in reading order, embedded XML."""

from __future__ import annotations

import io
import math

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from paperwise.reading.model import PDF_DPI, PageSource, ReadLimits
from paperwise.reading.pdf_document import page_pixels
from paperwise.reading.pdf_text import fold_compatibility, text_layer_words
from paperwise.reading.reader import read_document

from .conftest import PdfFactory

PX = PDF_DPI / 72  # pixels per point


def test_words_sit_at_their_150_dpi_pixels(text_pdf: bytes) -> None:
    doc = read_document(text_pdf, ReadLimits())
    page = doc.pages[0]
    assert (page.width, page.height) == (math.ceil(A4[0] * PX), math.ceil(A4[1] * PX))
    assert page.source is PageSource.TEXT_LAYER
    assert [w.text for w in page.words][:4] == ["Invoice", "INV-42", "total", "12.50"]
    first = page.words[0]
    assert first.x0 == pytest.approx(72 * PX, abs=1)  # drawn at x = 72 pt
    baseline = 144 * PX  # drawn with its baseline 144 pt below the top
    assert first.y0 < baseline < first.y1
    assert first.y1 - first.y0 == pytest.approx(12 * PX, rel=0.35)  # about the font size
    assert all(w.confidence == 1.0 and w.line == 0 for w in page.words)


def test_lines_are_numbered_in_reading_order(make_pdf: PdfFactory) -> None:
    # written bottom line first, and the right-hand value before its label
    data = make_pdf(
        [
            [
                (72, 300, "Thank you for your business"),
                (400, 200, "1,234.50"),
                (72, 200, "Total amount due"),
                (72, 100, "ACME Tools Ltd"),
            ]
        ]
    )
    page = read_document(data, ReadLimits()).pages[0]
    lines: dict[int, list[str]] = {}
    for word in page.words:
        lines.setdefault(word.line, []).append(word.text)
    assert [" ".join(ws) for _, ws in sorted(lines.items())] == [
        "ACME Tools Ltd",
        "Total amount due",
        "1,234.50",
        "Thank you for your business",
    ]


def test_words_without_space_characters_are_split_by_their_gaps(make_pdf: PdfFactory) -> None:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.setFont("Helvetica", 12)
    for x, word in ((72, "Net"), (100, "amount"), (150, "EUR"), (180, "100.00"), (230, "and more")):
        pdf.drawString(x, 700, word)
    pdf.drawString(72, 600, "padding text so the page has a text layer of real length")
    pdf.showPage()
    pdf.save()
    page = read_document(buf.getvalue(), ReadLimits()).pages[0]
    assert [w.text for w in page.words][:6] == ["Net", "amount", "EUR", "100.00", "and", "more"]


def test_every_page_is_read(make_pdf: PdfFactory) -> None:
    data = make_pdf([[(72, 72, f"This is page number {n} of the document")] for n in (1, 2, 3)])
    doc = read_document(data, ReadLimits())
    assert [p.index for p in doc.pages] == [0, 1, 2]
    assert [p.words[4].text for p in doc.pages] == ["1", "2", "3"]
    assert doc.embedded_xml is None


def test_rotated_page_boxes_are_in_the_displayed_orientation() -> None:
    # a landscape media box shown portrait by /Rotate 90; text drawn turned reads horizontally
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)  # reportlab lays the media box landscape for /Rotate 90
    pdf.setPageRotation(90)
    pdf.setFont("Helvetica", 12)
    pdf.saveState()
    pdf.rotate(90)  # text (a, b) lands on the displayed page at a from the left, -b from the top
    pdf.drawString(72, -144, "Invoice INV-42 total 12.50 due in thirty days")
    pdf.restoreState()
    pdf.showPage()
    pdf.save()
    page = read_document(buf.getvalue(), ReadLimits()).pages[0]
    assert (page.width, page.height) == (math.ceil(A4[0] * PX), math.ceil(A4[1] * PX))
    assert [w.text for w in page.words][:2] == ["Invoice", "INV-42"]
    assert page.words[0].x0 == pytest.approx(72 * PX, abs=2)
    assert page.words[0].y0 < 144 * PX < page.words[0].y1


@pytest.mark.parametrize("name", ["factur-x.xml", "ZUGFeRD-invoice.xml", "xrechnung.xml"])
def test_embedded_einvoice_xml_is_returned(text_pdf: bytes, name: str) -> None:
    xml = b'<?xml version="1.0"?><rsm:CrossIndustryInvoice xmlns:rsm="urn:x"/>'
    pdf = pdfium.PdfDocument(text_pdf)
    pdf.new_attachment("notes.txt").set_data(b"not this one")
    pdf.new_attachment(name).set_data(xml)
    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    doc = read_document(buf.getvalue(), ReadLimits())
    assert doc.embedded_xml == xml
    assert doc.pages[0].words


def test_vertical_text_makes_whole_words_along_its_direction() -> None:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, 700, "Horizontal text on the page reads as usual")
    for degrees, x in ((90, 30), (270, 560)):
        pdf.saveState()
        pdf.translate(x, 400)
        pdf.rotate(degrees)
        pdf.drawString(0, 0, "Printed sideways")
        pdf.restoreState()
    pdf.showPage()
    pdf.save()
    page = read_document(buf.getvalue(), ReadLimits()).pages[0]
    texts = [w.text for w in page.words]
    assert texts.count("Printed") == 2 and texts.count("sideways") == 2
    for word in page.words:
        if word.text == "sideways":
            assert word.y1 - word.y0 > 3 * (word.x1 - word.x0)  # a tall, narrow box


def test_text_outside_the_visible_page_is_not_read(make_pdf: PdfFactory) -> None:
    data = make_pdf([[(72, 100, "Visible invoice text on the page"), (72, 2000, "Hidden below")]])
    page = read_document(data, ReadLimits()).pages[0]
    assert "Hidden" not in [w.text for w in page.words]
    assert "Visible" in [w.text for w in page.words]


def test_superscripts_are_kept_and_ligatures_folded(make_pdf: PdfFactory) -> None:
    data = make_pdf([[(72, 100, "Kopierpapier A4 80g/m² 3 m³ Summe¹")]])
    page = read_document(data, ReadLimits()).pages[0]
    assert [w.text for w in page.words] == ["Kopierpapier", "A4", "80g/m²", "3", "m³", "Summe¹"]
    # compatibility forms without meaning of their own are folded as before
    assert fold_compatibility("ﬁnal １２ a\u00a0b CO₂") == "final 12 a b CO₂"
    # ordinal indicators are no letter o or a: 'C/ Alcalá 31, 2º', 'Nº' (labels list 'nº')
    assert fold_compatibility("C/ Alcalá 31, 2º 1ª Nº") == "C/ Alcalá 31, 2º 1ª Nº"


@pytest.mark.parametrize(("unicode", "read"), [(b"D83DDCDE", "\U0001f4de"), (b"D83D", "\ufffd")])
def test_characters_beyond_the_basic_plane_are_text_utf8_can_hold(
    unicode: bytes, read: str
) -> None:
    # the ToUnicode map gives "A" an emoji (U+1F4DE, in UTF-16 D83D DCDE), or half of one:
    # PDFium hands on the halves, which no UTF-8 text can hold alone
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def "
        b"1 begincodespacerange <00> <FF> endcodespacerange "
        b"1 beginbfchar <41> <%s> endbfchar endcmap "
        b"CMapName currentdict /CMap defineresource pop end end"
    ) % unicode
    content = b"BT /F1 12 Tf 20 50 Td (Tel A 0123 456) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    ]
    pdf = b"%PDF-1.4\n" + b"".join(
        b"%d 0 obj\n%s\nendobj\n" % (n, body) for n, body in enumerate(objects, start=1)
    )
    page = pdfium.PdfDocument(pdf + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")[0]
    words = text_layer_words(page, *page_pixels(*page.get_size()))
    assert [w.text for w in words] == ["Tel", read, "0123", "456"]
