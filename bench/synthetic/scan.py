"""Turn a born-digital PDF into what a scanner or a phone makes of it: page images rotated a
little (or a quarter turn), blurred, noisy, downsampled and JPEG-compressed."""

from __future__ import annotations

import io
import random

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter


def render_pages(pdf: bytes, dpi: int) -> list[Image.Image]:
    """Every page of the PDF as an RGB image at ``dpi``."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def degrade(image: Image.Image, rng: random.Random, steps: list[str]) -> Image.Image:
    """One page degraded at random; what was done is appended to ``steps``."""
    noise_seed = rng.randrange(2**32)
    if rng.random() < 0.3:
        tint = rng.randint(225, 245)
        arr = np.asarray(image, dtype=np.float32)
        image = Image.fromarray((arr * (tint / 255.0)).astype(np.uint8))
        steps.append(f"tint={tint}")
    roll = rng.random()
    if roll < 0.2:
        turn = rng.choice((90, 180, 270))
        image = image.rotate(turn, expand=True)
        steps.append(f"turn={turn}")
    if rng.random() < 0.65:
        angle = rng.choice((-1, 1)) * rng.uniform(1.0, 3.0)
        white = 255 if image.mode == "L" else (255, 255, 255)
        image = image.rotate(
            angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=white
        )
        steps.append(f"rot={angle:.1f}")
    if rng.random() < 0.5:
        radius = rng.uniform(0.4, 1.1)
        image = image.filter(ImageFilter.GaussianBlur(radius))
        steps.append(f"blur={radius:.1f}")
    if rng.random() < 0.6:
        sigma = rng.uniform(4, 16)
        arr = np.asarray(image, dtype=np.float32)
        noisy = arr + np.random.default_rng(noise_seed).normal(0, sigma, arr.shape)
        image = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
        steps.append(f"noise={sigma:.0f}")
    return image


def _perspective_coefficients(
    source: list[tuple[float, float]], target: list[tuple[float, float]]
) -> list[float]:
    """PIL's eight PERSPECTIVE coefficients mapping output corners ``target`` to ``source``."""
    rows = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    rhs = np.array([c for point in source for c in point], dtype=np.float64)
    return [float(c) for c in np.linalg.solve(np.array(rows, dtype=np.float64), rhs)]


def photograph(image: Image.Image, rng: random.Random, steps: list[str]) -> Image.Image:
    """What a phone adds: a page not quite square to the lens, light falling off to one side."""
    if rng.random() < 0.2:
        w, h = image.size
        jitter = [(rng.uniform(0, 0.03) * w, rng.uniform(0, 0.03) * h) for _ in range(4)]
        corners = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]
        signs = [(1, 1), (-1, 1), (-1, -1), (1, -1)]
        moved = [
            (x + sx * dx, y + sy * dy)
            for (x, y), (sx, sy), (dx, dy) in zip(corners, signs, jitter, strict=True)
        ]
        white = 255 if image.mode == "L" else (255, 255, 255)
        coefficients = _perspective_coefficients(corners, moved)
        image = image.transform(
            image.size,
            Image.Transform.PERSPECTIVE,
            coefficients,
            Image.Resampling.BILINEAR,
            fillcolor=white,
        )
        steps.append("perspective")
    if rng.random() < 0.25:
        arr = np.asarray(image, dtype=np.float32)
        low = rng.uniform(0.65, 0.85)
        axis = rng.choice((0, 1))
        ramp = np.linspace(1.0, low, arr.shape[axis], dtype=np.float32)
        if rng.random() < 0.5:
            ramp = ramp[::-1]
        shape = [1] * arr.ndim
        shape[axis] = arr.shape[axis]
        image = Image.fromarray((arr * ramp.reshape(shape)).astype(np.uint8))
        steps.append(f"shade={low:.2f}")
    return image


def degrade_pdf(
    pdf: bytes, rng: random.Random, extra: random.Random | None = None
) -> tuple[bytes, str, str]:
    """(image bytes, file extension, what was done). One page gives a JPEG or PNG, several a
    multi-page TIFF. Degradations added later draw from ``extra``, so that adding one leaves
    the images that do not use it as they were."""
    render_dpi = rng.choice((150, 200))
    target_dpi = rng.choice((110, 130, 150, 150, 200))
    steps = [f"dpi={min(render_dpi, target_dpi)}"]
    pages = []
    gray = rng.random() < 0.6
    for rendered in render_pages(pdf, render_dpi):
        page = degrade(rendered.convert("L") if gray else rendered, rng, steps)
        if extra is not None:
            page = photograph(page, extra, steps)
        if target_dpi < render_dpi:
            scale = target_dpi / render_dpi
            page = page.resize(
                (round(page.width * scale), round(page.height * scale)), Image.Resampling.BILINEAR
            )
        pages.append(page)
    out = io.BytesIO()
    if len(pages) > 1:
        pages[0].save(
            out,
            format="TIFF",
            save_all=True,
            append_images=pages[1:],
            compression="jpeg",
            quality=70,
        )
        return out.getvalue(), "tiff", " ".join([*steps, "tiff"])
    if rng.random() < 0.75:
        quality = rng.randint(35, 75)
        pages[0].save(out, format="JPEG", quality=quality)
        return out.getvalue(), "jpg", " ".join([*steps, f"jpeg={quality}"])
    pages[0].save(out, format="PNG", compress_level=1)
    return out.getvalue(), "png", " ".join([*steps, "png"])
