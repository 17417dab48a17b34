"""The extraction pipeline: a read document and its type in, the result object out. No server,
no database. The CLI, the job sandbox and bench/ call it; nothing else assembles a result.

    result = extract_document(read_document(data, limits), doctype, lessons)

A ``DocumentState`` is made once per document and every stage works on it. What the stages
share is built there once, on first use (a stage that does not run costs nothing): the pages'
words grouped into lines, the lines' text segments, the ``DocumentIndex`` of the dates, amounts
and labels in them, the tax lines with the VAT breakdown printed on them, and the locator that
finds where a known value is printed (which learning uses too).

The stages, in this order (``extract_document``):

1. ``read_einvoice`` — ZUGFeRD / Factur-X / XRechnung XML embedded in the PDF: the issuer's own
   data, each value boxed where the page prints it. When it has every field and the VAT
   breakdown the type asks for, the header and VAT stages below have nothing to do.
2. ``find_line_items`` — item tables and receipt lines. They come before the header because the
   sum of their amounts is evidence for the net or the total.
3. ``score_header`` — every header field's candidates from labels and layout, scored; the
   totals chosen by arithmetic (net + tax = total, the line sum, cash paid less change).
4. ``check_arithmetic`` — a printed breakdown that agrees with the net and tax raises them.
5. ``rank_header`` — the trained ranker (``ranking/``) chooses each field it ships for among
   every candidate on the page, and gives every field of a meaning it is calibrated for (the
   rules' choice or its own) its calibrated chance of being right as the confidence; `make train`
   builds it.
6. ``find_vat_rates`` — one (rate, net) pair per rate: the printed breakdown, else the line
   items or the totals.
7. ``assemble`` — the result: the e-invoice's values first, the page's where it has none.
8. ``apply_learned`` — the supplier's lessons (when given): learned values first.
9. ``map_boxes`` — boxes back onto the page as sent, for a scan the reader turned upright.

The rules' confidences (``confidence.py``: only a check — arithmetic, a checksum, a printed
breakdown, the e-invoice — lifts a rule's value to 0.9 or more) are evidence the ranker reads;
for the header fields of ranked meanings the confidence that leaves is the calibrated one
(stage 5), fitted per meaning on out-of-fold scores, grouped by supplier. The e-invoice's values
(stage 1), the fields the ranker does not know (currency, IBAN, VAT id) and learned values
(stage 8) keep their own."""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence
from functools import cached_property

from paperwise.domain.document_types import DocumentType, FieldDef
from paperwise.domain.result import ExtractionResult, FieldResult
from paperwise.extraction.arithmetic import confirm_with_vat, line_amount_sum
from paperwise.extraction.candidates import TextLine, text_lines
from paperwise.extraction.doc_index import DocumentIndex
from paperwise.extraction.einvoice import result_from_einvoice
from paperwise.extraction.einvoice_xml import parse_einvoice
from paperwise.extraction.header import HeaderExtractor
from paperwise.extraction.layout import Line, document_lines
from paperwise.extraction.line_items import extract_line_items
from paperwise.extraction.ranking.model import shipped_ranker
from paperwise.extraction.ranking.rerank import rank_fields
from paperwise.extraction.source_grid import result_in_source_grid
from paperwise.extraction.value_locator import ValueLocator
from paperwise.extraction.vat_rates import TaxLines, extract_vat_rates
from paperwise.learning.apply import apply_lessons, recognised_supplier
from paperwise.learning.corrections import Corrections
from paperwise.learning.lessons import Learned, Lesson, learn
from paperwise.learning.meanings import PROBE_TYPE, AccountModel, meaning_evidence
from paperwise.learning.supplier_key import DocumentView, SupplierKey
from paperwise.reading.model import ReadDocument

log = logging.getLogger(__name__)


class DocumentState:
    """One document on its way through the pipeline: what is read from it (each part built once,
    on first use) and what the stages have found so far."""

    def __init__(self, doc: ReadDocument, doctype: DocumentType) -> None:
        self.doc = doc
        self.doctype = doctype
        # Set by the stages, in order.
        self.einvoice: ExtractionResult | None = None
        self.header_from_page = True  # no e-invoice, or one without some field or the VAT
        self.line_items: list[list[FieldResult]] = []
        self.header: HeaderExtractor | None = None  # the page's header candidates, when read
        self.fields: list[FieldResult] = []
        self.vat_rates: list[list[FieldResult]] = []

    @cached_property
    def lines(self) -> list[Line]:
        """The words of every page grouped into lines, top to bottom (``layout.page_lines``)."""
        return document_lines(self.doc.pages)

    @cached_property
    def segments(self) -> list[TextLine]:
        """The lines cut at wide gaps (columns), as searchable text."""
        return text_lines(self.lines)

    @cached_property
    def index(self) -> DocumentIndex:
        """The dates, amounts, labels and currencies of the segments."""
        return DocumentIndex.build(self.doc, self.segments)

    @cached_property
    def taxes(self) -> TaxLines:
        """The numbers of every line, the lines about tax and the breakdown printed there."""
        return TaxLines(self.lines)

    @cached_property
    def locator(self) -> ValueLocator:
        """Where a known number, date or text is printed."""
        return ValueLocator(self.lines)

    @cached_property
    def view(self) -> DocumentView:
        """What learning reads from the document (the same lines and locator)."""
        return DocumentView(self.doc, self.locator)


def extract_document(
    doc: ReadDocument,
    doctype: DocumentType,
    lessons: Sequence[Lesson] | None = None,
    model: AccountModel | None = None,
) -> ExtractionResult:
    """The result for a read document: every field of the type in order, line items and VAT
    rates; ``lessons`` (the account's for this type, most recent first) applied when given;
    ``model`` (the meanings the account's corrections taught, ``learning/meanings.py``) read
    into the type first. Pure: same input, same output."""
    if model is not None:
        doctype = model.applied_to(doctype)
    return _run(DocumentState(doc, doctype), lessons)


def learn_document(doc: ReadDocument, doctype: DocumentType, corrections: Corrections) -> Learned:
    """What a read document and its corrected values teach, with what zero-shot extraction
    gave for it (a field it had right is only confirmed later) and which built-in meanings read
    each corrected value (evidence for the account's model)."""
    state = DocumentState(doc, doctype)
    probe = _run(DocumentState(doc, PROBE_TYPE), None)
    evidence = meaning_evidence(doctype, corrections, probe)
    return learn(state.view, doctype, corrections, _run(state, None), evidence)


def recognise_supplier(
    doc: ReadDocument, doctype: DocumentType, zero_shot: ExtractionResult, lessons: Sequence[Lesson]
) -> SupplierKey | None:
    """The taught supplier (its key) whose lessons ``extract_document`` applies to ``doc``, given
    ``zero_shot``, its result without lessons; None when no supplier is recognised."""
    name = zero_shot.best_value(doctype.author_field.name)
    return recognised_supplier(DocumentState(doc, doctype).view, lessons, name)


def _run(state: DocumentState, lessons: Sequence[Lesson] | None) -> ExtractionResult:
    read_einvoice(state)
    find_line_items(state)
    score_header(state)
    check_arithmetic(state)
    state.fields = rank_header(state, state.doctype.fields, state.fields)
    find_vat_rates(state)
    result = assemble(state)
    if lessons:
        result = apply_learned(state, result, lessons)
    return map_boxes(state, result)


# ---- the stages -------------------------------------------------------------------------------
def read_einvoice(state: DocumentState) -> None:
    """The embedded e-invoice's values, and whether the page must give header fields or VAT
    rates it lacks (a MINIMUM or BASIC WL profile: no due date, no parties, no breakdown)."""
    xml = state.doc.embedded_xml
    invoice = parse_einvoice(xml) if xml is not None else None
    if invoice is None:
        return
    doctype = state.doctype
    result = result_from_einvoice(invoice, doctype, state.locator, len(state.doc.pages))
    header_missing = any(
        f.meaning and not r.values for f, r in zip(doctype.fields, result.fields, strict=True)
    )
    vat_missing = bool(doctype.vat_rates and not result.vat_rates)
    state.einvoice = result
    state.header_from_page = header_missing or vat_missing


def find_line_items(state: DocumentState) -> None:
    """The item rows from the page, unless a complete e-invoice has them."""
    if state.einvoice is not None and state.einvoice.line_items and not state.header_from_page:
        return
    state.line_items = extract_line_items(state.lines, state.doctype.line_item_fields)


def score_header(state: DocumentState) -> None:
    """Every header field's candidates from the page, scored, best first."""
    if not state.header_from_page:
        return
    line_sum = line_amount_sum(state.line_items, state.doctype.line_item_fields)
    state.header = HeaderExtractor(state.index, line_sum)
    state.fields = state.header.results(state.doctype.fields)


def rank_header(
    state: DocumentState, fields: Sequence[FieldDef], results: list[FieldResult]
) -> list[FieldResult]:
    """The header with every field the shipped ranker knows chosen by it (``ranking/rerank``),
    the rest as the rules scored it. Nothing to rank when a complete e-invoice gave the header
    (``state.header`` is None and ``results`` empty)."""
    if state.header is None:
        return results
    return rank_fields(shipped_ranker(), state.index, fields, results, state.header.line_sum)


def read_by_rules(doc: ReadDocument, doctype: DocumentType) -> DocumentState:
    """The stages before the ranker, on the printed page alone (no e-invoice): what the ranker
    is trained on (``bench/ranker_data``). ``state.fields`` holds the rules' results."""
    state = DocumentState(doc, doctype)
    find_line_items(state)
    score_header(state)
    check_arithmetic(state)
    return state


def find_vat_rates(state: DocumentState) -> None:
    """The (rate, net) pairs from the page, when the type asks for them and no e-invoice gave
    them all (they need the header's net and tax)."""
    if state.doctype.vat_rates and state.header_from_page:
        state.vat_rates = extract_vat_rates(state.taxes, state.fields, state.line_items)


def check_arithmetic(state: DocumentState) -> None:
    """A printed VAT breakdown that agrees with the net and tax amounts raises their confidence
    (net + tax = total and the line sum were weighed in ``score_header``)."""
    if state.doctype.vat_rates and state.header is not None:
        pairs = [(p.rate, p.net) for p in state.taxes.printed]
        confirm_with_vat(state.fields, state.doctype.fields, pairs)


def assemble(state: DocumentState) -> ExtractionResult:
    """The result: the e-invoice's values, completed from the page for every field, table or
    breakdown it has none of; the page's alone without an e-invoice."""
    pages = len(state.doc.pages)
    xml = state.einvoice
    if xml is None:
        return ExtractionResult(state.fields, state.line_items, state.vat_rates, pages=pages)
    if not state.header_from_page:
        xml.line_items = xml.line_items or state.line_items
        return xml
    fields = [x if x.values else p for x, p in zip(xml.fields, state.fields, strict=True)]
    return ExtractionResult(
        fields,
        xml.line_items or state.line_items,
        xml.vat_rates or state.vat_rates,
        pages=xml.pages,
    )


def apply_learned(
    state: DocumentState, result: ExtractionResult, lessons: Sequence[Lesson]
) -> ExtractionResult:
    """The supplier's lessons applied to a copy of ``result``; a lesson that cannot be applied
    must not cost the extraction: the zero-shot result then stands."""
    try:
        return apply_lessons(state.view, state.doctype, copy.deepcopy(result), lessons)
    except Exception:
        log.exception("applying lessons failed; the zero-shot result stands")
        return result


def map_boxes(state: DocumentState, result: ExtractionResult) -> ExtractionResult:
    """Every box in the grid of its page as sent: a scan the reader turned upright or straightened
    was read turned, and the caller draws on the image it sent (``source_grid``)."""
    return result_in_source_grid(result, state.doc.pages)
