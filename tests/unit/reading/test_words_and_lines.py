"""Pure helpers: OCR lines split into words, segments numbered in reading order."""

from __future__ import annotations

import numpy as np
import pytest

from paperwise.reading.lines import number_lines
from paperwise.reading.model import Word
from paperwise.reading.ocr import OcrLine
from paperwise.reading.ocr_page import _line_words, split_quad


def test_a_line_is_split_into_words_in_proportion_to_their_characters() -> None:
    quad = np.array([[100.0, 50.0], [300.0, 50.0], [300.0, 70.0], [100.0, 70.0]])
    words = split_quad("Total  9.00", 0.9, quad)  # runs of spaces count once
    assert [w.text for w in words] == ["Total", "9.00"]
    total, amount = (w.quad for w in words)
    assert total[0] == pytest.approx([100, 50])
    assert total[1] == pytest.approx([100 + 200 * 5 / 10, 50])
    assert amount[1] == pytest.approx([300, 50])
    assert all(w.score == 0.9 for w in words)


def test_a_skewed_line_is_split_along_its_slope() -> None:
    quad = np.array([[0.0, 10.0], [100.0, 0.0], [100.0, 20.0], [0.0, 30.0]])
    first, second = split_quad("ab cd", 1.0, quad)
    assert first.quad[1] == pytest.approx([40, 6])
    assert second.quad[3] == pytest.approx([60, 24])


def test_blank_text_has_no_words() -> None:
    assert split_quad("   ", 1.0, np.zeros((4, 2))) == []


def _w(text: str, x0: float, y0: float, x1: float | None = None, height: float = 10) -> Word:
    return Word(text, x0, y0, x1 if x1 is not None else x0 + 10 * len(text), y0 + height)


def test_segments_are_numbered_top_to_bottom_then_left_to_right() -> None:
    segments = [
        [_w("9.00", 300, 101)],  # the value, slightly lower than its label
        [_w("Total", 10, 100)],
        [_w("ACME", 10, 20), _w("Ltd", 70, 20)],
        [_w("Thanks", 10, 200)],
    ]
    words = number_lines(segments)
    assert [(w.text, w.line) for w in words] == [
        ("ACME", 0),
        ("Ltd", 0),
        ("Total", 1),
        ("9.00", 2),
        ("Thanks", 3),
    ]


def test_words_of_a_segment_are_put_left_to_right() -> None:
    words = number_lines([[_w("second", 200, 0), _w("first", 0, 0)], []])
    assert [w.text for w in words] == ["first", "second"]


def test_ocr_text_is_folded_like_the_text_layer() -> None:
    quad = np.array([[0.0, 0.0], [200.0, 0.0], [200.0, 20.0], [0.0, 20.0]])
    line = OcrLine("80g/m²  2º ｐiso ﬁ", 0.9, quad, ())
    assert [w.text for w in _line_words(line)] == ["80g/m²", "2º", "piso", "fi"]
