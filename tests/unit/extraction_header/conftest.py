"""Hand-built pages: text placed at pixel positions, split into words with plausible boxes."""

from collections.abc import Callable, Sequence

import pytest

from paperwise.extraction.candidates import TextLine, text_lines
from paperwise.extraction.doc_index import DocumentIndex
from paperwise.extraction.layout import document_lines
from paperwise.reading.model import Page, PageSource, ReadDocument, Word

CHAR_WIDTH = 10.0
LINE_HEIGHT = 20.0

Placed = tuple[float, float, str]  # x, y (top), text
MakeDoc = Callable[..., ReadDocument]


def _words(x: float, y: float, text: str, line: int) -> list[Word]:
    out: list[Word] = []
    cursor = x
    for token in text.split(" "):
        if token:
            width = CHAR_WIDTH * len(token)
            out.append(Word(token, cursor, y, cursor + width, y + LINE_HEIGHT, line=line))
            cursor += width
        cursor += CHAR_WIDTH
    return out


def build(
    placed: Sequence[Placed], *, width: int = 1240, height: int = 1754, ocr: bool = False
) -> ReadDocument:
    words = [w for i, (x, y, text) in enumerate(placed) for w in _words(x, y, text, i)]
    source = PageSource.OCR if ocr else PageSource.TEXT_LAYER
    page = Page(index=0, width=width, height=height, words=words, source=source)
    return ReadDocument(pages=[page], media_type="application/pdf")


@pytest.fixture
def make_doc() -> MakeDoc:
    return build


def segments_of(doc: ReadDocument) -> list[TextLine]:
    """The document's line segments, as the pipeline's DocumentState builds them."""
    return text_lines(document_lines(doc.pages))


def index_of(doc: ReadDocument) -> DocumentIndex:
    return DocumentIndex.build(doc, segments_of(doc))
