"""Recognise a document's type from its first bytes (never from its name)."""

from __future__ import annotations

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
WEBP = "image/webp"
BMP = "image/bmp"

# PDF readers accept junk before the header; 1024 bytes is what Acrobat tolerates.
_PDF_HEADER_WINDOW = 1024


def sniff_media_type(data: bytes) -> str | None:
    """The media type the magic bytes of ``data`` announce, or None when it is none we read."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return TIFF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data[:2] == b"BM" and len(data) >= 26:
        return BMP
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return PDF
    return None
