"""Hand-built pages for table tests: text placed at pixel positions, one word per token."""

from collections.abc import Callable, Sequence

import pytest

from paperwise.reading.model import Page, PageSource, ReadDocument, Word

CHAR_WIDTH = 10.0
SPACE_WIDTH = 6.0  # about a third of the line height, as in typeset text
LINE_HEIGHT = 20.0

Placed = tuple[float, float, str]  # x, y (top), text
MakeDoc = Callable[..., ReadDocument]


def words_at(x: float, y: float, text: str, line: int = 0) -> list[Word]:
    """The words of ``text`` starting at x, one character width apart."""
    out: list[Word] = []
    cursor = x
    for token in text.split(" "):
        if token:
            width = CHAR_WIDTH * len(token)
            out.append(Word(token, cursor, y, cursor + width, y + LINE_HEIGHT, line=line))
            cursor += width
        cursor += SPACE_WIDTH
    return out


def right_at(x1: float, y: float, text: str) -> tuple[float, float, str]:
    """Place ``text`` so that it ends at x1 (numbers are right-aligned)."""
    tokens = text.split(" ")
    width = CHAR_WIDTH * sum(len(t) for t in tokens) + SPACE_WIDTH * (len(tokens) - 1)
    return (x1 - width, y, text)


def build(*pages: Sequence[Placed], xml: bytes | None = None) -> ReadDocument:
    built = [
        Page(
            index=i,
            width=1240,
            height=1754,
            words=[w for k, (x, y, t) in enumerate(placed) for w in words_at(x, y, t, k)],
            source=PageSource.TEXT_LAYER,
        )
        for i, placed in enumerate(pages)
    ]
    return ReadDocument(pages=built, media_type="application/pdf", embedded_xml=xml)


@pytest.fixture
def make_doc() -> MakeDoc:
    return build
