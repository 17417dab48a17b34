"""inspect_document and read_document refuse bad input with the same errors, before decoding."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from paperwise.config import Settings
from paperwise.errors import (
    DocumentError,
    EmptyDocument,
    EncryptedDocument,
    FileTooLarge,
    ImageTooLarge,
    InvalidFile,
    TooManyPages,
    UnsupportedFileType,
)
from paperwise.reading.model import ReadLimits
from paperwise.reading.reader import inspect_document, read_document

from .conftest import PdfFactory


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares a huge size but carries almost no data: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _both(data: bytes, limits: ReadLimits, error: type[DocumentError]) -> DocumentError:
    with pytest.raises(error) as inspected:
        inspect_document(data, limits)
    with pytest.raises(error):
        read_document(data, limits)
    return inspected.value


def test_a_text_pdf_is_inspected(make_pdf: PdfFactory) -> None:
    data = make_pdf([[(72, 72, "one")], [(72, 72, "two")], [(72, 72, "three")]])
    info = inspect_document(data, ReadLimits())
    assert (info.media_type, info.pages) == ("application/pdf", 3)


def test_unknown_bytes_are_unsupported_whatever_their_name() -> None:
    error = _both(b"PK\x03\x04 a zip file, not a document", ReadLimits(), UnsupportedFileType)
    assert error.code == "UNSUPPORTED_FILE_TYPE"
    assert error.details


def test_too_many_bytes(text_pdf: bytes) -> None:
    error = _both(text_pdf, ReadLimits(max_bytes=100), FileTooLarge)
    assert error.details == [{"limit": 100, "bytes": len(text_pdf)}]


def test_encrypted_pdf(make_pdf: PdfFactory) -> None:
    data = make_pdf([[(72, 72, "secret")]], user_password="s3cret")
    error = _both(data, ReadLimits(), EncryptedDocument)
    assert error.code == "ENCRYPTED_DOCUMENT"


def test_pdf_with_only_an_owner_password_is_read(make_pdf: PdfFactory) -> None:
    data = make_pdf(
        [[(72, 72, "readable by anyone, but printing is restricted")]], user_password=""
    )
    assert inspect_document(data, ReadLimits()).pages == 1


def test_corrupt_pdf_is_invalid(text_pdf: bytes) -> None:
    error = _both(text_pdf[:200], ReadLimits(), InvalidFile)
    assert error.code == "INVALID_FILE"


def test_pdf_without_pages_is_empty() -> None:
    import pypdfium2 as pdfium

    buf = io.BytesIO()
    pdfium.PdfDocument.new().save(buf)
    error = _both(buf.getvalue(), ReadLimits(), EmptyDocument)
    assert error.code == "EMPTY_DOCUMENT"


def test_too_many_pages_states_the_limit(make_pdf: PdfFactory) -> None:
    data = make_pdf([[(72, 72, f"page {n}")] for n in range(5)])
    error = _both(data, ReadLimits(max_pages=3), TooManyPages)
    assert error.details == [{"limit": 3, "pages": 5}]
    assert "3" in error.message


def test_huge_pdf_page_is_refused_before_rendering(make_pdf: PdfFactory) -> None:
    data = make_pdf([[(72, 72, "poster")]], pagesize=(14_400, 14_400))
    error = _both(data, ReadLimits(), ImageTooLarge)
    assert error.details[0]["limit"] == ReadLimits().max_image_pixels
    assert error.details[0]["width"] == 30_000


def test_image_bomb_is_refused_from_its_header() -> None:
    bomb = _png_header(100_000, 100_000)  # 10 gigapixels declared in 80 bytes
    error = _both(bomb, ReadLimits(), ImageTooLarge)
    assert error.code == "IMAGE_TOO_LARGE"
    assert error.details


def test_image_just_over_the_limit_reports_its_size() -> None:
    error = _both(_png_header(8_000, 8_000), ReadLimits(), ImageTooLarge)
    assert error.details[0]["width"] == 8_000
    assert error.details[0]["limit"] == ReadLimits().max_image_pixels


def test_image_over_a_small_limit_is_refused(encode_image: Callable[..., bytes]) -> None:
    data = encode_image(Image.new("RGB", (200, 100), "white"), "PNG")
    error = _both(data, ReadLimits(max_image_pixels=10_000), ImageTooLarge)
    assert error.details == [{"page": 0, "width": 200, "height": 100, "limit": 10_000}]


def test_pillow_bomb_threshold_never_surfaces_as_a_warning() -> None:
    # Above Pillow's own warning threshold (~89 Mpx) but within our generous limit: no warning.
    header = _png_header(10_000, 9_000)
    info = inspect_document(header, ReadLimits(max_image_pixels=100_000_000))
    assert info.pages == 1


def test_truncated_image_is_invalid(encode_image: Callable[..., bytes]) -> None:
    data = encode_image(Image.new("RGB", (64, 64), "white"), "PNG")
    _both(data[:30], ReadLimits(), InvalidFile)


def test_multi_page_tiff_counts_its_frames(encode_image: Callable[..., bytes]) -> None:
    frames = [Image.new("L", (50, 40), shade) for shade in (255, 200, 150)]
    data = encode_image(frames[0], "TIFF", save_all=True, append_images=frames[1:])
    info = inspect_document(data, ReadLimits())
    assert (info.media_type, info.pages) == ("image/tiff", 3)
    error = _both(data, ReadLimits(max_pages=2), TooManyPages)
    assert error.details[0]["limit"] == 2


def _pdf_with_image(width: int, height: int) -> bytes:
    """A one-page PDF without text that draws one grey image declaring ``width`` x ``height``
    pixels, its stream a few bytes of deflate: the shape of a PDF decompression bomb."""
    stream = zlib.compress(bytes(4096))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
    ]
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects.append(
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (width, height, len(stream))
        + stream
        + b"\nendstream"
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_pdf_image_bomb_is_refused_before_the_page_is_rendered() -> None:
    from paperwise.reading.page_images import render_pages

    bomb = _pdf_with_image(60_000, 60_000)  # 3.6 gigapixels declared in about 4 kB
    with pytest.raises(ImageTooLarge) as caught:
        read_document(bomb, ReadLimits())
    assert caught.value.details == [{"page": 0, "pixels": 3_600_000_000, "limit": 60_000_000}]
    with pytest.raises(ImageTooLarge):
        render_pages(bomb, ReadLimits())


def test_pdf_page_with_a_small_image_is_still_rendered() -> None:
    from paperwise.reading.page_images import render_pages

    pages, images = render_pages(_pdf_with_image(300, 400), ReadLimits())
    assert pages == 1 and images[0].size[0] > 0


def test_the_settings_give_the_read_limits(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, max_file_mb=0.5, max_pages=3, max_image_pixels=1000)
    assert settings.read_limits() == ReadLimits(
        max_bytes=512 * 1024, max_pages=3, max_image_pixels=1000
    )


def test_the_default_limits_take_200_pages_and_refuse_201_before_reading_one(
    make_pdf: PdfFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from paperwise.reading import reader

    def no_page_read(*_args: object) -> None:
        raise AssertionError("a page was read before the page count was checked")

    monkeypatch.setattr(reader, "_read_pdf_page", no_page_read)
    limits = Settings(data_dir=tmp_path).read_limits()
    assert inspect_document(make_pdf([[(72, 72, "page")]] * 200), limits).pages == 200
    error = _both(make_pdf([[(72, 72, "page")]] * 201), limits, TooManyPages)
    assert error.details == [{"limit": 200, "pages": 201}]
