"""Corrected line items and VAT rates: learned as the supplier's table and tax summary layout,
applied to its next documents when the reading adds up."""

from __future__ import annotations

from decimal import Decimal

from paperwise.domain.document_types import DocumentType, builtin_type, document_type_from_dict
from paperwise.domain.result import ExtractionResult, FieldResult
from paperwise.learning.corrections import parse_corrections
from paperwise.learning.item_reading import Verdict
from paperwise.learning.lessons import Lesson
from paperwise.learning.supplier_key import DocumentView
from paperwise.learning.vat_summary import learn_vat, read_vat, split_over_rates
from paperwise.pipeline import extract_document, learn_document
from paperwise.reading.model import Page, ReadDocument, Word

from .pages import document, german, table_invoice, view_of

# A user-defined type whose line-item field names tell zero-shot nothing.
OPAQUE = document_type_from_dict(
    {
        "name": "opaque-items",
        "fields": [{"name": "supplier_name", "data_type": "AUTHOR"}],
        "line_item_fields": [
            {"name": "text_1", "data_type": "STRING"},
            {"name": "n_1", "data_type": "NUMBER"},
            {"name": "n_2", "data_type": "NUMBER"},
            {"name": "n_3", "data_type": "NUMBER"},
        ],
        "vat_rates": True,
    }
)
NAMES = ("text_1", "n_1", "n_2", "n_3")

A_ROWS = [
    ("Schraube M8", "10", "1.50", "15.00"),
    ("Montage|vor Ort", "2", "80.00", "160.00"),
    ("Kabel NYM", "25", "2.40", "60.00"),
]
A_TAXES = [("7", "1.05"), ("19", "41.80")]  # 15.00 at 7 %, 220.00 at 19 %
A_VAT = [("7", "15.00"), ("19", "220.00")]
B_ROWS = [
    ("Duebel 8 mm", "100", "0.12", "12.00"),
    ("Wartung|Heizungsanlage", "3", "95.00", "285.00"),
    ("Rohr 22 mm", "4", "7.25", "29.00"),
    ("Fahrtkosten", "1", "35.00", "35.00"),
]
B_TAXES = [("7", "0.84"), ("19", "66.31")]  # 12.00 at 7 %, 349.00 at 19 %


def _number(text: str) -> str:
    return f"{Decimal(text):.4f}"


def _expected(rows: list[tuple[str, str, str, str]]) -> list[dict[str, str]]:
    return [
        {
            "text_1": description.replace("|", " "),
            "n_1": _number(quantity),
            "n_2": _number(price),
            "n_3": _number(amount),
        }
        for description, quantity, price, amount in rows
    ]


def _lesson(
    doc: ReadDocument,
    rows: list[dict[str, str]],
    vat: list[tuple[str, str]],
    doctype: DocumentType = OPAQUE,
) -> Lesson:
    items = [[{"name": k, "value": v} for k, v in row.items()] for row in rows]
    rates = [
        [{"name": "vat_rate_percentage", "value": r}, {"name": "vat_rate_net", "value": n}]
        for r, n in vat
    ]
    supplier = [{"name": "supplier_name", "value": "Nordwind Technik GmbH"}]
    corrections = parse_corrections(doctype, supplier, items, rates)
    lesson = learn_document(doc, doctype, corrections).lesson
    return Lesson.from_json(lesson.to_json())  # as stored


def _rows(result: ExtractionResult) -> list[dict[str, str]]:
    out = []
    for row in result.line_items:
        values = {}
        for cell in row:
            best = cell.best
            if best is not None:
                values[cell.name] = best.value
        out.append(values)
    return out


def _pairs(pairs: list[list[FieldResult]]) -> list[tuple[str | None, str | None]]:
    def best(pair: list[FieldResult], name: str) -> str | None:
        cell = next(f for f in pair if f.name == name)
        return cell.best.value if cell.best else None

    return [(best(p, "vat_rate_percentage"), best(p, "vat_rate_net")) for p in pairs]


def _a_lesson(doctype: DocumentType = OPAQUE) -> Lesson:
    rows = _expected(A_ROWS)
    if doctype is not OPAQUE:
        meaning = dict(zip(NAMES, ("description", "quantity", "unit_price", "amount"), strict=True))
        rows = [{meaning[k]: v for k, v in row.items()} for row in rows]
    return _lesson(table_invoice(A_ROWS, A_TAXES), rows, A_VAT, doctype)


def test_rows_zero_shot_cannot_name_come_back_on_the_suppliers_next_document() -> None:
    lesson = _a_lesson()
    assert lesson.table is not None
    later = table_invoice(B_ROWS, B_TAXES, number="NW-2024-0077")
    zero_shot = extract_document(later, OPAQUE)
    assert not any(_rows(zero_shot))  # no field of the type has a meaning zero-shot knows
    result = extract_document(later, OPAQUE, [lesson])
    assert _rows(result) == _expected(B_ROWS)  # the wrapped description read whole
    first_amount = next(c for c in result.line_items[0] if c.name == "n_3").best
    assert first_amount is not None and first_amount.confidence >= 0.9
    assert first_amount.box is not None and first_amount.box.x == 950


def test_vat_rates_are_read_from_the_learned_tax_lines_and_split_over_the_rows() -> None:
    result = extract_document(table_invoice(B_ROWS, B_TAXES), OPAQUE, [_a_lesson()])
    assert _pairs(result.vat_rates) == [("7.0000", "12.0000"), ("19.0000", "349.0000")]
    rate = result.vat_rates[0][0].best
    assert rate is not None and rate.confidence >= 0.9 and rate.box is not None


def test_the_builtin_invoice_type_learns_its_rows_too() -> None:
    invoice = builtin_type("invoice")
    assert invoice is not None
    later = table_invoice(B_ROWS, B_TAXES)
    result = extract_document(later, invoice, [_a_lesson(invoice)])
    rows = _rows(result)
    assert [r["description"] for r in rows] == [r["text_1"] for r in _expected(B_ROWS)]
    assert [r["amount"] for r in rows] == [r["n_3"] for r in _expected(B_ROWS)]


def test_a_reading_that_does_not_add_up_leaves_zero_shot_alone() -> None:
    lesson = _a_lesson()
    # a discount: 3 x 95,00 printed as 270,00, and the sum no longer the printed one
    odd = [B_ROWS[0], ("Wartung", "3", "95.00", "270.00"), *B_ROWS[2:]]
    later = table_invoice(odd, B_TAXES)
    zero_shot = extract_document(later, OPAQUE)
    before = _rows(zero_shot)
    result = extract_document(later, OPAQUE, [lesson])
    assert _rows(result) == before


def test_a_note_the_corrections_left_out_of_the_description_stays_out() -> None:
    rows = _expected(A_ROWS)
    lesson = _lesson(table_invoice(A_ROWS, A_TAXES, notes=True), rows, A_VAT)
    assert lesson.table is not None and lesson.table.lines_per_row == 2
    later = table_invoice(B_ROWS, B_TAXES, notes=True)
    result = extract_document(later, OPAQUE, [lesson])
    assert [r["text_1"] for r in _rows(result)] == [r["text_1"] for r in _expected(B_ROWS)]


def test_rows_not_printed_on_the_page_are_stored_but_not_applied() -> None:
    rows = [{"text_1": "Nicht gedruckt", "n_1": "1", "n_2": "5.00", "n_3": "5.00"}]
    lesson = _lesson(table_invoice(A_ROWS, A_TAXES), rows, [])
    assert lesson.table is None and lesson.line_items == [
        {"text_1": "Nicht gedruckt", "n_1": "1.0000", "n_2": "5.0000", "n_3": "5.0000"}
    ]
    assert Lesson.from_json({**lesson.to_json(), "table": None}).table is None


def test_line_amounts_split_over_the_rates_one_way_only() -> None:
    taxes = [(Decimal(7), Decimal("0.84")), (Decimal(19), Decimal("66.31"))]
    amounts = [Decimal(a) for a in ("12.00", "285.00", "29.00", "35.00")]
    assert split_over_rates(amounts, taxes) == [Decimal("12.00"), Decimal("349.00")]
    assert split_over_rates([*amounts, Decimal("5.00")], taxes) is None  # an amount no rate takes
    assert split_over_rates([], taxes) is None


def _summary(*lines: tuple[str, float, float]) -> DocumentView:
    return view_of(document(("Nordwind Technik GmbH", 80, 60), *lines))


def _rate_line(rate: str, net: str, tax: str, y: float) -> list[tuple[str, float, float]]:
    return [("USt", 600, y), (f"{rate} %", 680, y), (net, 800, y), (tax, 950, y)]


def test_a_net_printed_with_its_rate_is_read_and_checked_against_the_tax() -> None:
    learned = _summary(
        *_rate_line("7", "15,00", "1,05", 900), *_rate_line("19", "220,00", "41,80", 926)
    )
    pairs = [
        {"vat_rate_percentage": "7.0000", "vat_rate_net": "15.0000"},
        {"vat_rate_percentage": "19.0000", "vat_rate_net": "220.0000"},
    ]
    lesson = learn_vat(learned, pairs, set())
    assert lesson is not None and lesson.kind == "net" and lesson.tax_on_line
    later = _summary(*_rate_line("19", "1.000,00", "190,00", 900))
    readings, found = read_vat(later, lesson, [])
    assert found is Verdict.CONSISTENT
    assert [(r.rate, r.net) for r in readings] == [(Decimal(19), Decimal(1000))]
    wrong = _summary(*_rate_line("19", "1.000,00", "180,00", 900))
    assert read_vat(wrong, lesson, [])[1] is Verdict.INCONSISTENT


def test_a_rate_not_printed_is_the_round_rate_of_the_tax_on_the_net() -> None:
    def totals(net: str, tax: str) -> DocumentView:
        return _summary(
            ("Summe netto", 600, 900), (net, 950, 900), ("Umsatzsteuer", 600, 926), (tax, 950, 926)
        )

    pairs = [{"vat_rate_percentage": "19.0000", "vat_rate_net": "1000.0000"}]
    lesson = learn_vat(totals("1.000,00", "190,00"), pairs, set())
    assert lesson is not None and lesson.kind == "derived"
    readings, found = read_vat(totals("500,00", "35,00"), lesson, [])
    assert found is Verdict.CONSISTENT
    assert [(r.rate, r.net) for r in readings] == [(Decimal(7), Decimal(500))]


def _two_line_rows(rows: list[tuple[str, str, str, str]]) -> ReadDocument:
    """Rows whose amount sits on the line under the row line, beside a code that is no field."""
    lines: list[tuple[str, float, float]] = [
        ("Nordwind Technik GmbH", 80, 60),
        ("Pos Beschreibung Preis Menge Betrag", 80, 500),
    ]
    y = 530.0
    for k, (description, quantity, price, amount) in enumerate(rows, start=1):
        lines += [(str(k), 80, y), (description, 200, y), (german(price), 700, y)]
        lines += [(quantity, 850, y), (f"GTIN-{k}", 200, y + 20), (german(amount), 1000, y + 20)]
        y += 60
    net = sum(Decimal(r[3]) for r in rows)
    lines += [("Positionssumme", 700, y + 20), (german(str(net)), 1000, y + 20)]
    doc: ReadDocument = document(*lines)
    return doc


def test_a_number_printed_under_its_row_line_is_read_there() -> None:
    a_rows = [
        ("Trennblaetter A4", "20", "9.90", "198.00"),
        ("Joghurt Banane", "50", "5.50", "275.00"),
    ]
    lesson = _lesson(_two_line_rows(a_rows), _expected(a_rows), [])
    assert lesson.table is not None
    assert [c.offset for c in lesson.table.columns if c.name == "n_3"] == [1]
    b_rows = [("Kunstrasen gruen", "3", "3.33", "9.99"), *a_rows, ("Pfand", "20", "2.77", "55.40")]
    later = _two_line_rows(b_rows)
    result = extract_document(later, OPAQUE, [lesson])
    assert _rows(result) == _expected(b_rows)


def _scanned(doc: ReadDocument, scale: float, shift: float) -> ReadDocument:
    """The document as a scan would have it: every word moved right and squeezed."""
    pages = []
    for page in doc.pages:
        words = [
            Word(
                w.text, w.x0 * scale + shift, w.y0, w.x1 * scale + shift, w.y1, w.confidence, w.line
            )
            for w in page.words
        ]
        pages.append(Page(index=page.index, width=page.width, height=page.height, words=words))
    return ReadDocument(pages=pages, media_type="image/png")


def test_a_scan_whose_table_sits_elsewhere_on_the_page_is_read_by_its_header() -> None:
    later = _scanned(table_invoice(B_ROWS, B_TAXES), 0.85, 90)
    result = extract_document(later, OPAQUE, [_a_lesson()])
    assert _rows(result) == _expected(B_ROWS)
