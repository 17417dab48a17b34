"""Words of born-digital PDFs: the words read are the words written, whatever the font, its size,
the letter and word spacing, justification, or the way the generator placed the glyphs.

Each PDF is built here with reportlab: the 14 standard fonts, the Vera TrueType fonts reportlab
ships, and the DejaVu fonts where Debian's fonts-dejavu is installed (skipped elsewhere)."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import reportlab
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from paperwise.reading.pdf_document import page_pixels
from paperwise.reading.pdf_text import text_layer_words

PAGE = (2000.0, 1000.0)  # points: wide enough for the widest line (at 20 pt, tracked 0.5 em)
SIZES = (6, 9, 14, 20)
SAMPLES = (
    "Industrieservice GmbH, Geschäftsführung: Max Mustermann",
    "AVAILABLE Tyre Wave 7.50 EUR; Rechnung Nr. 2024-0815 (ja)",
    "Summe netto 1.234,56 zzgl. 19 % MwSt. = 1.469,13",
    "Lieferschein-Nr. L876 vom 05.08.2019, Menge 3 x 12 Stk",
)
STANDARD_TEXT_FONTS = [
    f"{family}{style}"
    for family, styles in (
        ("Helvetica", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Times", ("-Roman", "-Bold", "-Italic", "-BoldItalic")),
        ("Courier", ("", "-Bold", "-Oblique", "-BoldOblique")),
    )
    for style in styles
]
_REPORTLAB_FONTS = Path(reportlab.__file__).parent / "fonts"
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
TTF_FILES = sorted(_REPORTLAB_FONTS.glob("Vera*.ttf")) + sorted(_DEJAVU.glob("DejaVu*.ttf"))
FONTS = STANDARD_TEXT_FONTS + [f.stem for f in TTF_FILES]


Writer = Callable[[Canvas, float, float, str, str, float], None]  # (pdf, x, y, text, font, size)
Drawing = Callable[[Canvas], None]


def _font(name: str) -> str:
    """The font's reportlab name, registering a TrueType font on first use."""
    for path in TTF_FILES:
        if path.stem == name and name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


def _read(draw: Drawing) -> list[list[str]]:
    """The words of the page ``draw`` makes, line by line."""
    buf = io.BytesIO()
    pdf = Canvas(buf, pagesize=PAGE)
    draw(pdf)
    pdf.showPage()
    pdf.save()
    page = pdfium.PdfDocument(buf.getvalue())[0]
    lines: dict[int, list[str]] = {}
    for word in text_layer_words(page, *page_pixels(*page.get_size())):
        lines.setdefault(word.line, []).append(word.text)
    return [texts for _, texts in sorted(lines.items())]


def _flat(lines: list[list[str]]) -> list[str]:
    return [word for line in lines for word in line]


def _lines(write: Writer, font: str, texts: tuple[str, ...] = SAMPLES) -> Drawing:
    """A page with each of ``texts`` at each size, written by ``write``, one under another."""

    def draw(pdf: Canvas) -> None:
        y = PAGE[1] - 40
        for size in SIZES:
            for text in texts:
                write(pdf, 40, y, text, _font(font), size)
                y -= 2 * size

    return draw


def _paragraphs(text: str, font: str, width_em: float, justified: bool) -> Drawing:
    """A page with ``text`` (reportlab markup) set as a paragraph ``width_em`` wide at each size."""

    def draw(pdf: Canvas) -> None:
        y = PAGE[1] - 40
        for size in SIZES:
            style = ParagraphStyle("p", fontName=_font(font), fontSize=size, leading=1.5 * size)
            style.alignment = TA_JUSTIFY if justified else TA_LEFT
            para = Paragraph(text, style)
            _, height = para.wrap(width_em * size, PAGE[1])
            para.drawOn(pdf, 40, y - height)
            y -= height + 2 * size

    return draw


EXPECTED = [sample.split(" ") for _ in SIZES for sample in SAMPLES]


def _plain(pdf: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    pdf.setFont(font, size)
    pdf.drawString(x, y, text)


def _tracked(em: float) -> Writer:
    """Letter-spaced text: the text state's character spacing (Tc) of ``em``."""

    def write(pdf: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
        t = pdf.beginText(x, y)
        t.setFont(font, size)
        t.setCharSpace(em * size)
        t.textOut(text)
        pdf.drawText(t)

    return write


def _word_spaced(pdf: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """Wide word spaces: the text state's word spacing (Tw) of half an em."""
    t = pdf.beginText(x, y)
    t.setFont(font, size)
    t.setWordSpace(0.5 * size)
    t.textOut(text)
    pdf.drawText(t)


def _glyph_by_glyph(grid_em: float = 0.0) -> Writer:
    """Each glyph drawn on its own at its position, no space glyphs (as some generators do);
    with ``grid_em``, each advance rounded up to a grid of that many em, so the gaps between
    letters jitter by up to that much."""

    def write(pdf: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
        pdf.setFont(font, size)
        for char in text:
            if char != " ":
                pdf.drawString(x, y, char)
            advance = pdfmetrics.stringWidth(char, font, size)
            grid = grid_em * size
            x += math.ceil(advance / grid) * grid if grid else advance

    return write


def _literal(text: str) -> str:
    """A PDF string of ``text`` in the standard fonts' encoding (WinAnsi)."""
    escaped = (
        "\\" + chr(b) if chr(b) in "\\()" else chr(b) if 32 <= b < 127 else f"\\{b:03o}"
        for b in text.encode("cp1252")
    )
    return "(" + "".join(escaped) + ")"


def _shown(items: list[str | float], scale: float = 100) -> Writer:
    """Text shown by one TJ: strings, and moves in thousandths of an em between them."""

    def write(pdf: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
        t = pdf.beginText(x, y)
        t.setFont(font, size)
        t.setHorizScale(scale)
        shown = (_literal(i) if isinstance(i, str) else f"{i:g}" for i in items)
        t._code.append(f"[{' '.join(shown)}] TJ")
        pdf.drawText(t)

    return write


def _tj_words(scale: float = 100) -> Writer:
    """Word spaces as moves of a third of an em, no space glyphs (as TeX sets them); the text
    scaled to ``scale`` % of its width (Tz: condensed or expanded)."""

    def write(pdf: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
        items: list[str | float] = []
        for word in text.split(" "):
            items += [-333, word] if items else [word]
        _shown(items, scale)(pdf, x, y, text, font, size)

    return write


def _tj_tracked(em: float) -> Writer:
    """Every glyph moved ``em`` apart by TJ (a tracking PDFium takes for spaces between the
    letters), word spaces a space glyph's width more, no space glyphs."""

    def write(pdf: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
        space = pdfmetrics.stringWidth(" ", font, 1000)
        items: list[str | float] = []
        for char in text:
            if char == " ":
                items[-1] = -1000 * em - space
            else:
                items += [char, -1000 * em]
        _shown(items)(pdf, x, y, text, font, size)

    return write


def _kerned(pdf: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """Every pair of letters around a A, V, W, T, Y, f or r pulled a tenth of an em together
    (kerning), word spaces as moves of a quarter of an em."""
    items: list[str | float] = []
    for a, b in zip(text, text[1:] + " ", strict=True):
        if a == " ":
            items.append(-250)
        elif b != " " and {a, b} & set("AVWTYfr"):
            items += [a, 100]
        else:
            items.append(a)
    _shown(items)(pdf, x, y, text, font, size)


def _grouped(gap_em: float) -> Writer:
    """The number in ``text`` ("1 234,56") with its groups ``gap_em`` apart, no space glyph."""

    def write(pdf: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
        label, head, tail = text.split(" ")
        _plain(pdf, x, y, f"{label} {head}", font, size)
        x += pdfmetrics.stringWidth(f"{label} {head}", font, size) + gap_em * size
        _plain(pdf, x, y, tail, font, size)

    return write


def _heading(pdf: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """A letter-spaced word, plain text, a letter-spaced name in one text object."""
    heading, plain, name = text.split("|")
    t = pdf.beginText(x, y)
    t.setFont(font, size)
    for words, tracking in ((heading, 0.4), (plain, 0), (name, 0.4)):
        t.setCharSpace(tracking * size)
        t.textOut(words)
    pdf.drawText(t)


@pytest.mark.parametrize("font", FONTS)
@pytest.mark.parametrize(
    "way",
    ["plain", "tracked 0.05 em", "tracked 0.3 em", "tracked 0.5 em", "word spaced", "by glyph"],
)
def test_words_read_are_the_words_written(font: str, way: str) -> None:
    writers = {
        "plain": _plain,
        "tracked 0.05 em": _tracked(0.05),
        "tracked 0.3 em": _tracked(0.3),
        "tracked 0.5 em": _tracked(0.5),
        "word spaced": _word_spaced,
        "by glyph": _glyph_by_glyph(),
    }
    assert _read(_lines(writers[way], font)) == EXPECTED


@pytest.mark.parametrize("font", FONTS)
def test_justified_paragraphs_keep_their_words(font: str) -> None:
    text = " ".join(SAMPLES)
    assert _flat(_read(_paragraphs(text, font, 32, justified=True))) == text.split() * len(SIZES)


@pytest.mark.parametrize("font", STANDARD_TEXT_FONTS)
@pytest.mark.parametrize(
    "way",
    [
        "TJ word spaces",
        "TJ condensed 70 %",
        "TJ expanded 130 %",
        "TJ tracked 0.15 em",
        "TJ tracked 0.4 em",
        "kerned",
    ],
)
def test_words_shown_by_positioning_are_the_words_written(font: str, way: str) -> None:
    # no space glyphs: the words are where the PDF moves the glyphs apart
    writers = {
        "TJ word spaces": _tj_words(),
        "TJ condensed 70 %": _tj_words(70),
        "TJ expanded 130 %": _tj_words(130),
        "TJ tracked 0.15 em": _tj_tracked(0.15),
        "TJ tracked 0.4 em": _tj_tracked(0.4),
        "kerned": _kerned,
    }
    assert _read(_lines(writers[way], font)) == EXPECTED


@pytest.mark.parametrize("font", ["Helvetica", "Times-Roman", "Courier-Bold", "Vera", "VeraBI"])
def test_glyphs_placed_on_a_coarse_grid_keep_their_words(font: str) -> None:
    # advances rounded up to a ninth of an em: letter gaps of up to 0.11 em, as one generator of
    # the ZUGFeRD samples leaves them (PDFium puts spaces into some of its words)
    assert _read(_lines(_glyph_by_glyph(grid_em=1 / 9), font)) == EXPECTED


@pytest.mark.parametrize(
    ("regular", "bold"),
    [
        ("Helvetica", "Helvetica-Bold"),
        ("Times-Roman", "Times-Bold"),
        ("Courier", "Courier-Bold"),
        ("Vera", "VeraBd"),
        ("DejaVuSans", "DejaVuSans-Bold"),
        ("DejaVuSerifCondensed", "DejaVuSerifCondensed-BoldItalic"),
    ],
)
@pytest.mark.parametrize("justified", [False, True])
def test_bold_words_next_to_regular_ones(regular: str, bold: str, justified: bool) -> None:
    if not {regular, bold} <= set(FONTS):
        pytest.skip("DejaVu fonts are not installed")
    b = f'<font name="{_font(bold)}">'
    text = (
        f"Summe {b}1.469,13</font> EUR, Art.-Nr.{b}4711</font>/B, {b}Lieferant</font> GmbH "
        f"{b}Rechnung</font>snummer R-{b}2024</font>-17 fällig"
    )
    written = [
        "Summe", "1.469,13", "EUR,", "Art.-Nr.4711/B,", "Lieferant", "GmbH",
        "Rechnungsnummer", "R-2024-17", "fällig",
    ]  # fmt: skip
    drawing = _paragraphs(text, regular, 14 if justified else 80, justified)
    assert _flat(_read(drawing)) == written * len(SIZES)


@pytest.mark.parametrize(
    ("font", "space"),
    [
        ("Helvetica", "\u00a0"),  # no-break space
        ("Times-Roman", "\u00a0"),
        ("Vera", "\u00a0"),
        ("DejaVuSans", "\u202f"),  # narrow no-break space
        ("DejaVuSans", "\u2009"),  # thin space
        ("DejaVuSansMono", "\u202f"),
    ],
)
def test_a_number_grouped_by_a_space_character_reads_as_printed(font: str, space: str) -> None:
    # the digit groups are words of their own on one line: its text is the number as printed
    if font not in FONTS:
        pytest.skip("DejaVu fonts are not installed")
    lines = _read(_lines(_plain, font, (f"Summe 1{space}234,56 EUR",)))
    assert lines == [["Summe", "1", "234,56", "EUR"]] * len(SIZES)


@pytest.mark.parametrize("font", ["Helvetica", "Times-Roman", "Courier", "Vera", "VeraBd"])
@pytest.mark.parametrize(
    ("gap_em", "words"),
    [(1 / 6, ["1", "234,56"]), (1 / 5, ["1", "234,56"]), (1 / 12, ["1234,56"]), (0, ["1234,56"])],
)
def test_a_number_grouped_by_a_gap_reads_as_printed(
    font: str, gap_em: float, words: list[str]
) -> None:
    # a gap of a thin space (1/6 em and up) parts the groups as a space character does; a
    # narrower one is letter spacing
    lines = _read(_lines(_grouped(gap_em), font, ("Summe 1 234,56",)))
    assert lines == [["Summe", *words]] * len(SIZES)


@pytest.mark.parametrize("font", ["Helvetica", "Times-Bold", "Courier", "Vera"])
def test_a_letter_spaced_heading_next_to_plain_text(font: str) -> None:
    # the tracking of a word is told by its own letter pairs, not by the plain text beside it
    lines = _read(_lines(_heading, font, ("RECHNUNG |Nr. 2024-17 vom 05.08.2019 an| KUNDE AG",)))
    written = ["RECHNUNG", "Nr.", "2024-17", "vom", "05.08.2019", "an", "KUNDE", "AG"]
    assert lines == [written] * len(SIZES)


@pytest.mark.parametrize("font", ["DejaVuSerif-Italic", "DejaVuSans-BoldOblique", "DejaVuSans"])
def test_the_letters_of_a_ligature_stay_in_their_word(font: str) -> None:
    # PDFium reads a ligature glyph as its letters, each with the ligature's box
    if font not in FONTS:
        pytest.skip("DejaVu fonts are not installed")
    lines = _read(_lines(_plain, font, ("Kaﬀee Baustoﬀgemisch oﬀen, ﬁnal ﬂach Auﬂage",)))
    words = ["Kaffee", "Baustoffgemisch", "offen,", "final", "flach", "Auflage"]
    assert lines == [words] * len(SIZES)


@pytest.mark.parametrize("gap_em", [1 / 12, 1 / 5])
def test_the_em_is_the_font_size_the_matrix_scales(gap_em: float) -> None:
    # size 1 scaled by the current matrix, as some generators write every text
    def draw(pdf: Canvas) -> None:
        pdf.translate(40, PAGE[1] - 60)
        pdf.scale(11, 11)
        _grouped(gap_em)(pdf, 0, 0, "Summe 1 234,56", "Helvetica", 1)

    assert _read(draw) == [["Summe", "1234,56"] if gap_em < 0.12 else ["Summe", "1", "234,56"]]


def test_text_set_over_other_text_stays_apart() -> None:
    # a cell's text running into the next cell's, whose text starts half an em back over the
    # last letter: PDFium generates a space there, and the jump back is no kerning
    def draw(pdf: Canvas) -> None:
        _plain(pdf, 40, 900, "Pos. 1 Pencil", "Helvetica", 9)
        last = 40 + pdfmetrics.stringWidth("Pos. 1 Penci", "Helvetica", 9)
        _plain(pdf, last - 0.5 * 9, 900, "Premium", "Helvetica", 9)

    assert _read(draw) == [["Pos.", "1", "Pencil", "Premium"]]
