"""Orientation geometry: votes to quarter turns, skew from line quads, points rotated as Pillow
rotates images."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image

from paperwise.reading.orientation import (
    OrientationVotes,
    count_votes,
    rotate_points,
    rotated_size,
    skew_degrees,
    upright_turn,
)


def _line(x: float, y: float, length: float, height: float, degrees: float) -> np.ndarray:
    """A text line's quad starting at (x, y), running ``degrees`` counter-clockwise on screen."""
    a = math.radians(degrees)
    along = np.array([math.cos(a), -math.sin(a)]) * length
    down = np.array([math.sin(a), math.cos(a)]) * height
    start = np.array([x, y])
    return np.array([start, start + along, start + along + down, start + down])


@pytest.mark.parametrize(
    ("votes", "turn"),
    [
        (OrientationVotes(lines=20, tall=1, flipped=2), 0),
        (OrientationVotes(lines=20, tall=0, flipped=18), 180),
        (OrientationVotes(lines=20, tall=19, flipped=17), 270),
        (OrientationVotes(lines=20, tall=19, flipped=1), 90),
        (OrientationVotes(lines=0, tall=0, flipped=0), 0),
    ],
)
def test_votes_give_the_quarter_turn_to_upright(votes: OrientationVotes, turn: int) -> None:
    assert upright_turn(votes) == turn


def test_tall_boxes_are_counted() -> None:
    quads = np.array([_line(0, 0, 200, 20, 0), _line(0, 50, 200, 20, 90), _line(0, 90, 30, 25, 0)])
    assert count_votes(quads, flipped=1) == OrientationVotes(lines=3, tall=1, flipped=1)


@pytest.mark.parametrize("degrees", [-6.0, -1.5, 2.0, 4.5])
def test_skew_is_the_median_direction_of_long_lines(degrees: float) -> None:
    quads = [_line(50, 100 + 40 * i, 300, 20, degrees + (0.2 if i % 2 else -0.2)) for i in range(7)]
    quads.append(_line(50, 500, 40, 20, 30))  # a short box says nothing
    assert skew_degrees(quads) == pytest.approx(degrees, abs=0.25)


def test_skew_is_read_whichever_way_round_the_quad_points_run() -> None:
    quads = [np.roll(_line(50, 100 + 40 * i, 300, 20, 3.0), 1, axis=0) for i in range(5)]
    assert skew_degrees(quads) == pytest.approx(3.0, abs=0.1)


def test_negligible_or_implausible_skew_is_zero() -> None:
    assert skew_degrees([_line(0, 40 * i, 300, 20, 0.1) for i in range(5)]) == 0.0
    assert skew_degrees([_line(0, 40 * i, 300, 20, 40) for i in range(5)]) == 0.0
    assert skew_degrees([_line(0, 0, 300, 20, 3)]) == 0.0  # too few lines to tell


@pytest.mark.parametrize("angle", [90, 180, 270, 4.0, -7.5, 93.0])
def test_points_move_where_pillow_moves_pixels(angle: float) -> None:
    size = (120, 80)
    image = Image.new("L", size, 0)
    image.putpixel((30, 20), 255)
    turned = image.rotate(angle, expand=True, resample=Image.Resampling.BILINEAR)
    assert turned.size == rotated_size(size, angle)
    pixels = np.asarray(turned, dtype=float)
    ys, xs = np.nonzero(pixels)
    weights = pixels[ys, xs]
    found = (np.average(xs, weights=weights) + 0.5, np.average(ys, weights=weights) + 0.5)
    moved = rotate_points(np.array([[30.5, 20.5]]), angle, size)[0]
    assert moved == pytest.approx(found, abs=1.0)


def test_faint_upside_down_calls_count_when_most_lines_are_upside_down() -> None:
    from paperwise.reading.ocr import unsure_flips

    mostly_flipped = [("180", 0.99), ("180", 0.7), ("0", 0.95), ("180", 0.9), ("180", 0.6)]
    assert unsure_flips(mostly_flipped, 0.9) == [1, 3, 4]  # RapidOCR turns only those > 0.9
    upright = [("0", 0.99), ("180", 0.7), ("0", 0.95), ("180", 0.6)]
    assert unsure_flips(upright, 0.9) == []  # a page of upright lines keeps its odd calls
    assert unsure_flips([("180", 0.99), ("180", 0.95)], 0.9) == []  # all turned already
    assert unsure_flips([], 0.9) == []
