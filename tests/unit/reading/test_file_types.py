from __future__ import annotations

from collections.abc import Callable

import pytest
from PIL import Image

from paperwise.reading.file_types import BMP, JPEG, PDF, PNG, TIFF, WEBP, sniff_media_type


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [("PNG", PNG), ("JPEG", JPEG), ("TIFF", TIFF), ("WEBP", WEBP), ("BMP", BMP)],
)
def test_images_are_recognised_by_their_magic_bytes(
    encode_image: Callable[..., bytes], fmt: str, media_type: str
) -> None:
    data = encode_image(Image.new("RGB", (8, 8), "white"), fmt)
    assert sniff_media_type(data) == media_type


def test_pdf_is_recognised_even_after_leading_junk(text_pdf: bytes) -> None:
    assert sniff_media_type(text_pdf) == PDF
    assert sniff_media_type(b"\r\n junk \r\n" + text_pdf) == PDF


@pytest.mark.parametrize(
    "data",
    [b"", b"hello world", b"PK\x03\x04zipfile", b"GIF89a\x01\x00", b"<html>%PDF" + b" " * 2000],
)
def test_other_bytes_are_not_recognised(data: bytes) -> None:
    assert sniff_media_type(data) is None


def test_pdf_marker_far_into_the_file_does_not_count() -> None:
    assert sniff_media_type(b" " * 2000 + b"%PDF-1.7") is None
