"""Hand-written one-page PDFs whose text layer says exactly what a test wants, however odd.

``mapped_text_pdf`` shows text in Helvetica through a ToUnicode map that gives every character
back as written: an emoji (mapped to the surrogate pair ``<D83DDE00>``, as real fonts do), a lone
surrogate, a control or zero-width character, Hebrew or Arabic letters, a private-use glyph.
``unmapped_font_pdf`` shows glyph ids in a font without any ToUnicode map (PDFium then reports
the ids themselves as the characters). ``emoji_invoice_pdf`` is an invoice whose letterhead
prints an emoji, as several French Factur-X samples do."""

from __future__ import annotations

from collections.abc import Sequence

A4_HEIGHT = 842
# (x points from the left, y points from the top, text)
Placed = tuple[float, float, str]
EMOJI = "\U0001f600"
EMOJI_SUPPLIER = f"La Boulangerie {EMOJI} SARL"


def emoji_invoice_pdf() -> bytes:
    """An invoice from EMOJI_SUPPLIER, total 120.00 EUR, read from its text layer."""
    return mapped_text_pdf(
        [
            (72, 60, EMOJI_SUPPLIER),
            (72, 78, "12 rue de la Paix, 75002 Paris"),
            (72, 140, "FACTURE"),
            (72, 170, "Facture n° FA-2024-17"),
            (72, 188, "Date : 14/03/2025"),
            (72, 230, f"Croissants {EMOJI} au beurre   10   1,00   10,00"),
            (300, 300, "Total HT : 100,00 EUR"),
            (300, 318, "TVA 20 % : 20,00 EUR"),
            (300, 336, "Total TTC : 120,00 EUR"),
        ]
    )


def mapped_text_pdf(lines: Sequence[Placed], font_size: float = 12) -> bytes:
    """An A4 page with each text placed; printable ASCII keeps its own code, every other
    character gets a code of its own (at most 128 of them per document)."""
    extra = sorted({ch for _, _, text in lines for ch in text if not " " <= ch <= "~"})
    if len(extra) > 128:
        raise ValueError("too many distinct non-ASCII characters for one simple font")
    codes = {ch: ord(ch) for _, _, text in lines for ch in text if " " <= ch <= "~"}
    codes.update({ch: 0x80 + i for i, ch in enumerate(extra)})
    bfchars = "\n".join(
        f"<{code:02X}> <{ch.encode('utf-16-be', 'surrogatepass').hex().upper()}>"
        for ch, code in codes.items()
    )
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(codes)} beginbfchar\n{bfchars}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    shown = [(x, y, bytes(codes[ch] for ch in text).hex().upper().encode()) for x, y, text in lines]
    font = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 0 /LastChar 255"
        b" /Widths [" + b" 556" * 256 + b"] /ToUnicode 6 0 R >>"
    )
    return _one_page_pdf(_content(shown, font_size), font, [_stream(cmap)])


def unmapped_font_pdf(glyph_ids: Sequence[int], font_size: float = 12) -> bytes:
    """A page showing two-byte glyph ids (Identity-H) in a font with no ToUnicode map."""
    shown = [(72.0, 100.0, "".join(f"{gid:04X}" for gid in glyph_ids).encode())]
    font = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H"
        b" /DescendantFonts [6 0 R] >>"
    )
    descendant = (
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo"
        b" << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R"
        b" /DW 556 >>"
    )
    descriptor = (
        b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 -200 1000 900]"
        b" /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>"
    )
    return _one_page_pdf(_content(shown, font_size), font, [descendant, descriptor])


def _content(shown: Sequence[tuple[float, float, bytes]], font_size: float) -> bytes:
    ops = [
        b"BT /F1 %g Tf 1 0 0 1 %g %g Tm <%s> Tj ET" % (font_size, x, A4_HEIGHT - y, hexed)
        for x, y, hexed in shown
    ]
    return b"\n".join(ops)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _one_page_pdf(content: bytes, font: bytes, more: Sequence[bytes]) -> bytes:
    """Objects 1-5 are catalog, pages, page, content and font; ``more`` are objects 6, 7, ..."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 %d] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>" % A4_HEIGHT,
        _stream(content),
        font,
        *more,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
