"""Word spaces the recogniser missed, found from the gaps in a line crop's ink."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from numpy.typing import NDArray

from paperwise.reading.ocr import join_word_groups, split_word_groups
from paperwise.reading.word_gaps import insert_spaces, missing_spaces, spurious_spaces

GLYPH = 12  # pixels wide, 20 high, in a 40-pixel-high crop
LETTER_GAP = 3


def _crop(gaps: list[int]) -> tuple[NDArray[np.uint8], list[float]]:
    """A white crop with black glyph blocks separated by ``gaps``; the x where each begins."""
    width = 10 + GLYPH * (len(gaps) + 1) + sum(gaps) + 10
    crop = np.full((40, width, 3), 235, dtype=np.uint8)
    starts: list[float] = []
    x = 10
    for gap in [*gaps, 0]:
        crop[10:30, x : x + GLYPH] = 20
        starts.append(float(x))
        x += GLYPH + gap
    return crop, starts


def test_a_wide_gap_between_letters_is_a_missing_space() -> None:
    crop, starts = _crop([LETTER_GAP, LETTER_GAP, 15, LETTER_GAP, LETTER_GAP])
    before = missing_spaces(crop, "SANYUS", starts)
    assert before == [3]
    assert insert_spaces("SANYUS", before) == "SAN YUS"


def test_even_spacing_has_no_missing_space() -> None:
    crop, starts = _crop([LETTER_GAP] * 5)
    assert missing_spaces(crop, "SANYUS", starts) == []


def test_a_gap_beside_a_narrow_glyph_or_between_digits_is_not_a_space() -> None:
    crop, starts = _crop([LETTER_GAP, LETTER_GAP, 15, LETTER_GAP, LETTER_GAP])
    assert missing_spaces(crop, "ABIDEF", starts) == []  # "I" is narrow in monospaced print
    assert missing_spaces(crop, "234567", starts) == []  # a faint decimal point, maybe


def test_a_space_already_read_is_not_added_again() -> None:
    crop, starts = _crop([LETTER_GAP, LETTER_GAP, 15, LETTER_GAP, LETTER_GAP])
    assert missing_spaces(crop, "SAN YUS", starts) == []


def test_a_blank_crop_or_mismatched_positions_add_nothing() -> None:
    blank = np.full((40, 200, 3), 240, dtype=np.uint8)
    assert missing_spaces(blank, "SANYUS", [10, 30, 50, 70, 90, 110]) == []
    crop, starts = _crop([LETTER_GAP, LETTER_GAP, 15, LETTER_GAP, LETTER_GAP])
    assert missing_spaces(crop, "SANYUS", starts[:-1]) == []


def test_word_groups_are_split_where_the_new_spaces_go() -> None:
    info = SimpleNamespace(
        words=[list("SANYUSTA"), list("SHOP")],
        word_cols=[list(range(0, 16, 2)), [30, 32, 34, 36]],
        word_types=["en", "en"],
    )
    split_word_groups(info, {5, 8})  # 8 is already a group start
    assert ["".join(w) for w in info.words] == ["SANYU", "STA", "SHOP"]
    assert info.word_cols == [[0, 2, 4, 6, 8], [10, 12, 14], [30, 32, 34, 36]]
    assert info.word_types == ["en", "en", "en"]


def _print(cells: str, gap: int = 2, space: int = 12) -> tuple[NDArray[np.uint8], list[float]]:
    """A crop of a printed line: 'X' a glyph, ',' a narrow stop at the baseline, ' ' a word space;
    the recogniser's positions of the non-space characters."""
    width = 10 + sum(GLYPH + gap if c == "X" else 4 + gap if c == "," else space for c in cells)
    crop = np.full((40, width + 10, 3), 235, dtype=np.uint8)
    crop[0:4, :] = 20  # the edge of the line above, across the whole crop
    starts: list[float] = []
    x = 10
    for c in cells:
        if c == " ":
            x += space
            continue
        starts.append(float(x))
        glyph = GLYPH if c == "X" else 4
        crop[(10 if c == "X" else 25) : 30, x : x + glyph] = 20
        x += glyph + gap
    return crop, starts


def test_a_space_read_after_a_tight_comma_goes() -> None:
    crop, starts = _print("XX XX,XXX XXX")
    assert spurious_spaces(crop, "NO 28, JAL ABC", starts) == [6]


def test_a_space_printed_after_a_comma_stays() -> None:
    crop, starts = _print("XX XX, XXX XXX")
    assert spurious_spaces(crop, "NO 28, JAL ABC", starts) == []


def test_no_space_judged_without_word_spaces_or_letters_to_compare() -> None:
    crop, starts = _print("XXXX,XXXX")
    assert spurious_spaces(crop, "ABCD, EFGH", starts) == []  # no word space on the line
    crop, starts = _print("X,X X")
    assert spurious_spaces(crop, "A, B C", starts) == []


def test_word_groups_are_joined_where_a_space_goes() -> None:
    info = SimpleNamespace(
        words=[list("NO"), list("28,"), list("JALAN")],
        word_cols=[[0, 2], [6, 8, 10], [14, 16, 18, 20, 22]],
        word_types=["en", "en", "en"],
    )
    join_word_groups(info, {5})
    assert ["".join(w) for w in info.words] == ["NO", "28,JALAN"]
    assert info.word_cols == [[0, 2], [6, 8, 10, 14, 16, 18, 20, 22]]
    assert info.word_types == ["en", "en"]
