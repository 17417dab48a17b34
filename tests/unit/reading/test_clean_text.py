"""Every word that leaves the reader is valid Unicode: surrogate pairs joined, no lone surrogates,
controls or zero-width characters, ligatures split, NFC; from the text layer and from OCR."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from PIL import Image
from tests.unicode_pdfs import EMOJI, mapped_text_pdf, unmapped_font_pdf

import paperwise.reading.reader as reader
from paperwise.reading.clean_text import clean_text, clean_word, clean_words
from paperwise.reading.model import Page, PageSource, ReadDocument, ReadLimits, Word
from paperwise.reading.reader import read_document


def assert_valid_words(document: ReadDocument) -> list[str]:
    """Every word's text is non-empty, encodes to UTF-8 strictly, is NFC and holds no control,
    surrogate, format or space character; returns the texts."""
    texts = [word.text for page in document.pages for word in page.words]
    for text in texts:
        assert text, "an empty word"
        text.encode("utf-8")  # strict: raises on any surrogate
        assert unicodedata.is_normalized("NFC", text), ascii(text)
        bad = [ch for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Cf", "Zs")]
        assert not bad, ascii(text)
    return texts


def read_mapped(*texts: str) -> list[str]:
    """The valid words read from a text-layer page showing each text on a line of its own."""
    data = mapped_text_pdf([(72, 100 + 30 * i, text) for i, text in enumerate(texts)])
    document = read_document(data, ReadLimits())
    assert document.pages[0].source is PageSource.TEXT_LAYER
    return assert_valid_words(document)


# ---- the pure cleaning ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Merci \ud83d\ude00", f"Merci {EMOJI}"),  # a pair of UTF-16 code units joined
        (f"Merci {EMOJI}", f"Merci {EMOJI}"),  # already one character: kept
        ("a\ud83db", "a\ufffdb"),  # a lone high surrogate
        ("\ude00b", "\ufffdb"),  # a lone low surrogate
        ("\ude00\ud83d", "\ufffd\ufffd"),  # low before high is no pair
        ("be\x07ll\x00 \x9bC1", "bell C1"),  # controls dropped, C1 included
        ("two\tcolumns\nlines", "two\tcolumns\nlines"),  # whitespace is text's own
        (
            "zero\u200bwidth \u200cnon\u200djoin\u2060er \ufeffbom sof\u00adt",
            "zerowidth nonjoiner bom soft",
        ),
        ("\u200fשלום\u200e", "שלום"),  # bidi marks
        ("\ufb01nal \ufb02ow o\ufb03ce \ufb00 \ufb06", "final flow office ff st"),
        ("cafe\u0301", "café"),  # NFC
        ("m² CO₂ ½ Nº", "m² CO₂ ½ Nº"),  # other compatibility forms: not ours to fold
        ("\ue001 icon", "\ue001 icon"),  # private use: valid, kept
        ("plain ASCII, 12.50", "plain ASCII, 12.50"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_a_word_holds_no_whitespace_and_may_end_empty() -> None:
    assert clean_word("\tINV-\n42\u00a0") == "INV-42"
    assert clean_word("\u200b\ufeff\x00") == ""


def test_words_left_empty_are_dropped_and_boxes_kept() -> None:
    words = [
        Word("ok", 1, 2, 3, 4, 0.9, 0),
        Word("\u200b", 5, 6, 7, 8),
        Word("\ufb01x", 9, 9, 9, 9),
    ]
    assert clean_words(words) == [
        Word("ok", 1, 2, 3, 4, 0.9, 0),
        Word("fix", 9, 9, 9, 9),
    ]
    assert clean_words(words)[0] is words[0]  # a clean word is not copied


# ---- PDFs --------------------------------------------------------------------------------------
def test_an_emoji_in_the_text_layer_is_read_as_one_character() -> None:
    words = read_mapped(f"Merci {EMOJI} beaucoup", f"ab{EMOJI}{EMOJI}cd")
    assert words == ["Merci", EMOJI, "beaucoup", f"ab{EMOJI}{EMOJI}cd"]


def test_a_broken_unicode_map_gives_valid_words() -> None:
    # codes mapped to a lone surrogate, a control character, C1 controls
    words = read_mapped("lone\ud83dhigh \ude00low", "bell\x07 nul\x85c1 csi\x9bend")
    assert words[:2] == ["lone\ufffdhigh", "\ufffdlow"]
    assert "".join(words[2:]) == "bellnulc1csiend"


def test_right_to_left_text_keeps_every_letter() -> None:
    hebrew, arabic = "שלום עולם", "مرحبا بالعالم"
    words = read_mapped(f"{hebrew} 12.50", arabic)
    letters = "".join(words)
    for letter in (hebrew + arabic).replace(" ", ""):
        assert letter in letters
    assert "12.50" in words


def test_ligatures_read_as_their_letters() -> None:
    assert read_mapped("\ufb01nal \ufb02ow of\ufb01ce") == ["final", "flow", "office"]


def test_zero_width_characters_leave_no_trace() -> None:
    words = read_mapped("Rech\u00adnung \ufeffTotal", "in\u200bvoice no\u200cn\u200djoin\u2060ed")
    assert all(ch.isalpha() for word in words for ch in word)
    assert "Total" in words


def test_private_use_glyphs_are_valid_and_kept() -> None:
    words = read_mapped("\ue001 +49 30 123456 \uf0e0 mail@example.com", "Invoice total 12.50")
    assert "\ue001" in words and "mail@example.com" in words


def test_a_font_without_a_unicode_map_gives_valid_words() -> None:
    # PDFium reports the glyph ids themselves: controls, surrogate halves, a C1 control
    ids = [0x49, 0x4E, 0x56, 0x01, 0x02, 0x31, 0xD83D, 0x32, 0xDE00, 0x33, 0x85, 0x34, 0x09]
    words = assert_valid_words(read_document(unmapped_font_pdf(ids), ReadLimits()))
    assert "".join(words).startswith("INV")


def test_ocr_words_are_cleaned_too(
    monkeypatch: pytest.MonkeyPatch, encode_image: Callable[..., bytes]
) -> None:
    def fake_ocr(index: int, image: Image.Image) -> Page:
        raw = ["ok", "\ud83d\ude00", "\u200b", "\ufb01x\t", "cafe\u0301"]
        words = [Word(text, 10 * i, 0, 10 * i + 9, 9) for i, text in enumerate(raw)]
        return Page(index, image.width, image.height, words, PageSource.OCR)

    monkeypatch.setattr(reader, "ocr_page", fake_ocr)
    png = encode_image(Image.new("RGB", (64, 32), "white"), "PNG")
    document = read_document(png, ReadLimits())
    assert assert_valid_words(document) == ["ok", EMOJI, "fix", "café"]
