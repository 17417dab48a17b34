"""Page orientation from what OCR saw: quarter turns, small skew, and the rotation of points.

RapidOCR reads turned text already (tall lines are turned before recognition, upside-down lines
are flipped by its direction classifier), so one OCR pass tells how the page lies. Rather than
resample the image and read it again, the read boxes are rotated into the upright page's pixel
grid: the grid of ``image.rotate(angle, expand=True)`` in Pillow's convention (degrees
counter-clockwise about the centre, canvas grown to fit)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Quad = NDArray[np.float64]  # 4 x 2 points: top-left, top-right, bottom-right, bottom-left

# A line box this much taller than wide is text running up or down the page.
_TALL = 1.5
# Lines must be this much longer than high to say which way (and how skewed) the text runs.
_ELONGATED = 3.0
# Skew smaller than this is noise; larger than this is not skew (and not ours to guess).
_MIN_SKEW = 0.5
_MAX_SKEW = 15.0


@dataclass(frozen=True)
class OrientationVotes:
    """What the detector and the direction classifier said about the page's text lines."""

    lines: int
    tall: int  # line boxes taller than wide (text running vertically)
    flipped: int  # lines the classifier confidently found upside down


def upright_turn(votes: OrientationVotes) -> int:
    """Degrees (counter-clockwise, a multiple of 90) that turn the page upright.

    Vertical text whose crops the classifier flipped was turned 90 counter-clockwise; vertical
    text not flipped, 270; horizontal text mostly flipped is upside down."""
    if votes.lines == 0:
        return 0
    vertical = votes.tall * 2 > votes.lines
    flipped = votes.flipped * 2 > votes.lines
    if vertical:
        return 270 if flipped else 90
    return 180 if flipped else 0


def count_votes(quads: NDArray[np.float64], flipped: int) -> OrientationVotes:
    """Votes from the detector's line quads (n x 4 x 2) and the classifier's confident flips."""
    if len(quads) == 0:
        return OrientationVotes(0, 0, 0)
    widths = quads[:, :, 0].max(axis=1) - quads[:, :, 0].min(axis=1)
    heights = quads[:, :, 1].max(axis=1) - quads[:, :, 1].min(axis=1)
    return OrientationVotes(len(quads), int((heights > _TALL * widths).sum()), flipped)


def skew_degrees(quads: Sequence[Quad]) -> float:
    """The page's small skew (counter-clockwise degrees of its text lines), 0 when negligible.

    The length-weighted median direction of the long lines of an upright page."""
    angles: list[float] = []
    weights: list[float] = []
    for quad in quads:
        # opposite edges summed: their mean direction, half the noise of integer corners
        edges = (quad[1] - quad[0] + quad[2] - quad[3], quad[3] - quad[0] + quad[2] - quad[1])
        along, across = sorted(edges, key=lambda e: float(np.hypot(*e)), reverse=True)
        length = float(np.hypot(*along))
        if length < _ELONGATED * max(float(np.hypot(*across)), 1.0):
            continue
        angle = math.degrees(math.atan2(-along[1], along[0]))
        angle = (angle + 90) % 180 - 90  # a line's direction, either way along it
        if abs(angle) <= _MAX_SKEW:
            angles.append(angle)
            weights.append(length)
    if len(angles) < 3:
        return 0.0
    skew = _weighted_median(angles, weights)
    return skew if abs(skew) >= _MIN_SKEW else 0.0


def rotated_size(size: tuple[int, int], angle: float) -> tuple[int, int]:
    """The canvas size of ``image.rotate(angle, expand=True)`` for an image of ``size``."""
    width, height = size
    corners = _rotate(
        np.array([[0, 0], [width, 0], [width, height], [0, height]], float),
        angle,
        (width / 2, height / 2),
        (0.0, 0.0),
    )
    return (
        math.ceil(corners[:, 0].max()) - math.floor(corners[:, 0].min()),
        math.ceil(corners[:, 1].max()) - math.floor(corners[:, 1].min()),
    )


def rotate_points(
    points: NDArray[np.float64], angle: float, size: tuple[int, int]
) -> NDArray[np.float64]:
    """Points of an image of ``size`` moved where ``image.rotate(angle, expand=True)`` puts them."""
    if angle % 360 == 0:
        return points
    new_w, new_h = rotated_size(size, angle)
    return _rotate(points, angle, (size[0] / 2, size[1] / 2), (new_w / 2, new_h / 2))


def _rotate(
    points: NDArray[np.float64],
    angle: float,
    centre: tuple[float, float],
    new_centre: tuple[float, float],
) -> NDArray[np.float64]:
    a = math.radians(angle)
    cos, sin = round(math.cos(a), 15), round(math.sin(a), 15)  # as Pillow rounds them
    dx = points[:, 0] - centre[0]
    dy = points[:, 1] - centre[1]
    # counter-clockwise as seen on screen, where y grows downwards
    x = cos * dx + sin * dy + new_centre[0]
    y = -sin * dx + cos * dy + new_centre[1]
    return np.stack([x, y], axis=1)


def _weighted_median(values: list[float], weights: list[float]) -> float:
    order = sorted(range(len(values)), key=values.__getitem__)
    half = sum(weights) / 2
    running = 0.0
    for i in order:
        running += weights[i]
        if running >= half:
            return values[i]
    return values[order[-1]]
