"""Image files: header checks before any pixel is decoded, then upright RGB frames.

Pillow's ``Image.open`` reads only the header, so sizes and frame counts are known before the
pixels are decoded: a decompression bomb is refused at the cost of reading a few bytes."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from paperwise.errors import EmptyDocument, ImageTooLarge, InvalidFile, TooManyPages
from paperwise.reading.model import ReadLimits

_INK_CONTRAST = 40  # grey levels between ink (even faint thermal print) and the paper


@contextmanager
def _pillow_guard() -> Iterator[None]:
    """Pillow's own bomb warning must never surface (warnings may be errors); we check sizes."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            yield
        except Image.DecompressionBombError as exc:
            # Pillow's hard ceiling (2x its MAX_IMAGE_PIXELS), met before our own check
            raise ImageTooLarge(details=[{"reason": str(exc)}]) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
            raise InvalidFile(details=[{"reason": f"image cannot be decoded: {exc}"}]) from exc


def open_image(data: bytes) -> Image.Image:
    """Open the image lazily (header only). Raises InvalidFile when Pillow cannot parse it."""
    with _pillow_guard():
        return Image.open(io.BytesIO(data))


def check_image(image: Image.Image, limits: ReadLimits) -> int:
    """Check every frame's declared size and the frame count; return the number of frames."""
    frames = 0
    with _pillow_guard():
        while True:
            try:
                image.seek(frames)
            except EOFError:
                break
            frames += 1
            width, height = image.size
            if width <= 0 or height <= 0:
                raise InvalidFile(details=[{"page": frames - 1, "reason": "image has no pixels"}])
            if width * height > limits.max_image_pixels:
                raise ImageTooLarge(
                    f"Page {frames} is {width}x{height} pixels; at most "
                    f"{limits.max_image_pixels} pixels per page are allowed.",
                    details=[
                        {
                            "page": frames - 1,
                            "width": width,
                            "height": height,
                            "limit": limits.max_image_pixels,
                        }
                    ],
                )
            if frames > limits.max_pages:
                raise TooManyPages(
                    f"The document has more than {limits.max_pages} pages; "
                    f"at most {limits.max_pages} are allowed.",
                    details=[{"limit": limits.max_pages, "pages_at_least": frames}],
                )
        image.seek(0)
    if frames == 0:
        raise EmptyDocument(details=[{"pages": 0}])
    return frames


def decode_frame(image: Image.Image, index: int) -> Image.Image:
    """Frame ``index`` decoded, turned upright by its EXIF orientation, as RGB on white."""
    with _pillow_guard():
        image.seek(index)
        frame = ImageOps.exif_transpose(image)
        return to_rgb(frame)


def has_ink(image: Image.Image, min_share: float = 0.0002) -> bool:
    """Whether anything is printed: more than ``min_share`` of the pixels stand out from the
    paper (the median grey) by INK_CONTRAST. Blank pages skip OCR; faint print is not blank."""
    step = max(1, int((image.width * image.height / 1_000_000) ** 0.5))
    if step > 1:  # a million pixels, sampled not averaged (thin faint strokes stay), tell enough
        image = image.resize((image.width // step, image.height // step), Image.Resampling.NEAREST)
    grey = np.asarray(image.convert("L"), dtype=np.int16)
    paper = int(np.median(grey))
    return bool((np.abs(grey - paper) > _INK_CONTRAST).mean() > min_share)


def to_rgb(image: Image.Image) -> Image.Image:
    """RGB pixels; transparency composed onto white (documents are printed on white)."""
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    if image.mode.startswith("I;16"):
        # 16-bit grey: scale to 8 bits rather than clip
        return image.convert("I").point(lambda v: v / 256).convert("L").convert("RGB")
    return image.convert("RGB")
