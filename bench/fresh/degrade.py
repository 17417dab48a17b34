"""Scans and phone photos of fresh PDFs: render at 150-300 dpi, then grey, skew, blur, noise,
uneven light, perspective and JPEG, as cheap scanners and phones do."""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image


def render(pdf: bytes, dpi: int) -> np.ndarray:
    """The first page as an RGB array."""
    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()
    return np.asarray(image)


def _rotate(img: np.ndarray, angle: float, border: int) -> np.ndarray:
    h, w = img.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return np.asarray(cv2.warpAffine(img, matrix, (w, h), borderValue=(border, border, border)))


def _light(img: np.ndarray, rng: random.Random, strength: float) -> np.ndarray:
    """A smooth brightness gradient, as from a desk lamp."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / max(h, w)
    gain: np.ndarray = 1.0 - strength * dist
    lit: np.ndarray = np.clip(img.astype(np.float32) * gain[..., None], 0, 255)
    return lit.astype(np.uint8)


def _noise(img: np.ndarray, rng: random.Random, sigma: float) -> np.ndarray:
    gen = np.random.default_rng(rng.randint(0, 2**31))
    noisy = img.astype(np.float32) + gen.normal(0, sigma, img.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def scan(pdf: bytes, rng: random.Random) -> tuple[bytes, str, str]:
    """A flatbed or sheet-feeder scan: (image bytes, extension, description)."""
    dpi = rng.choice((150, 200, 200, 300))
    img = render(pdf, dpi)
    steps = [f"scan{dpi}"]
    if rng.random() < 0.7:
        img = cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)
        steps.append("grey")
    angle = rng.uniform(-2.5, 2.5)
    img = _rotate(img, angle, 245)
    steps.append(f"rot{angle:.1f}")
    if rng.random() < 0.5:
        img = cv2.GaussianBlur(img, (3, 3), rng.uniform(0.4, 1.0))
        steps.append("blur")
    img = _noise(img, rng, rng.uniform(3, 9))
    if rng.random() < 0.4:
        img = _light(img, rng, rng.uniform(0.1, 0.25))
        steps.append("light")
    quality = rng.randint(45, 85)
    steps.append(f"jpeg{quality}")
    return _encode(img, "JPEG", quality), "jpg", "+".join(steps)


def photo(pdf: bytes, rng: random.Random) -> tuple[bytes, str, str]:
    """A phone photo of a receipt: on a table, in perspective, under uneven light."""
    paper = render(pdf, rng.choice((200, 250)))
    ph, pw = paper.shape[:2]
    pad_x, pad_y = int(pw * 0.35), int(ph * 0.12)
    canvas_w, canvas_h = pw + 2 * pad_x, ph + 2 * pad_y
    table = np.array([rng.randint(60, 140), rng.randint(50, 120), rng.randint(40, 100)], np.uint8)
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)

    def jitter(x: float, y: float) -> list[float]:
        return [x + rng.uniform(-0.06, 0.06) * pw, y + rng.uniform(-0.03, 0.03) * ph]

    dst = np.array(
        [
            jitter(pad_x, pad_y),
            jitter(pad_x + pw, pad_y),
            jitter(pad_x + pw, pad_y + ph),
            jitter(pad_x, pad_y + ph),
        ],
        np.float32,
    )
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(
        paper, matrix, (canvas_w, canvas_h), borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0)
    )
    mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), matrix, (canvas_w, canvas_h))
    img = np.where(mask[..., None] > 0, warped, table).astype(np.uint8)
    img = _light(img, rng, rng.uniform(0.2, 0.45))
    img = np.asarray(cv2.GaussianBlur(img, (3, 3), rng.uniform(0.5, 1.2)), np.uint8)
    img = _noise(img, rng, rng.uniform(4, 10))
    quality = rng.randint(55, 85)
    return _encode(img, "JPEG", quality), "jpg", f"photo+persp+light+jpeg{quality}"


def _encode(img: np.ndarray, fmt: str, quality: int) -> bytes:
    out = io.BytesIO()
    Image.fromarray(img).save(out, format=fmt, quality=quality)
    return out.getvalue()
