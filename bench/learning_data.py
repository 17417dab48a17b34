"""What both learning benches share (``bench.learning``: one supplier's next documents;
``bench.learning_transfer``: suppliers never corrected): a set's documents grouped by
supplier, read once, each one's zero-shot result and the lesson its labels teach (as a caller of
add-document would send them: header fields, line items and VAT rates) computed once, the opaque
user-defined type, and per-field tallies."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from bench.datasets import LabelledFile, load_set
from bench.learning_set import ensure_learning_set
from bench.metrics import DocScore, score_document
from bench.read_cache import cached_read
from paperwise.domain.document_types import DocumentType, builtin_type, document_type_from_dict
from paperwise.domain.result import ExtractionResult
from paperwise.learning.corrections import parse_corrections
from paperwise.learning.lessons import Lesson
from paperwise.learning.meanings import AccountModel, fit
from paperwise.pipeline import extract_document, learn_document
from paperwise.reading.model import ReadDocument

# A user-defined type whose field names tell zero-shot nothing: only learning can fill them.
OPAQUE_FIELDS = {
    "ref_a": ("STRING", "invoice_number"),
    "day_a": ("DATE", "issue_date"),
    "sum_a": ("NUMBER", "total_amount"),
    "ref_b": ("STRING", "purchase_order_number"),
}
OPAQUE_ITEM_FIELDS = {
    "col_a": ("STRING", "description"),
    "col_b": ("NUMBER", "quantity"),
    "col_c": ("NUMBER", "unit_price"),
    "col_d": ("NUMBER", "amount"),
}
LABEL_NAMES = {k: meaning for k, (_, meaning) in OPAQUE_ITEM_FIELDS.items()}


def opaque(doctype: DocumentType, label: dict[str, Any]) -> tuple[DocumentType, dict[str, Any]]:
    """``doctype`` as an opaque user-defined type, and ``label`` relabelled for it (its line
    items keep the label's names, which the scoring compares)."""
    fields = label.get("fields") or {}
    present = {k: v for k, v in OPAQUE_FIELDS.items() if v[1] in fields}
    body: dict[str, object] = {
        "name": "opaque",
        "fields": [{"name": "supplier_name", "data_type": "AUTHOR"}]
        + [{"name": k, "data_type": dt} for k, (dt, _) in present.items()],
        "line_item_fields": [
            {"name": k, "data_type": dt} for k, (dt, _) in OPAQUE_ITEM_FIELDS.items()
        ],
        "vat_rates": doctype.vat_rates,
    }
    relabelled = {"supplier_name": fields.get("supplier_name")}
    relabelled |= {k: fields.get(source) for k, (_, source) in present.items()}
    return document_type_from_dict(body), {**label, "fields": relabelled}


def _files(name: str) -> list[LabelledFile]:
    if name in ("synthetic-learning", "synthetic-learning-scanned"):
        return ensure_learning_set(scan=name.endswith("scanned"))
    return load_set("zugferd" if name == "zugferd-pdf" else name)


def supplier_group(label: dict[str, Any]) -> str:
    """The supplier a labelled document is of, as the benches group them: its supplier label's
    letters and digits (the same name labelled with other punctuation or spacing, 'MR D.I.Y.
    (M) SDN BHD' and 'MR. D.I.Y. (M) SDN BHD', is one supplier); empty when it has none."""
    name = str((label.get("fields") or {}).get("supplier_name") or "")
    return "".join(c for c in name.upper() if c.isalnum())


def _item_name(doctype: DocumentType, label_name: str) -> str | None:
    names = {f.name for f in doctype.line_item_fields}
    if label_name in names:
        return label_name
    return next(
        (k for k, meaning in LABEL_NAMES.items() if meaning == label_name and k in names), None
    )


class LearningSet:
    """One set as one account's documents of one type (built-in, or the opaque type)."""

    def __init__(self, name: str, *, custom: bool = False) -> None:
        self.set_name = name
        files = _files(name)
        doctype = builtin_type(str(files[0].label.get("document_type") or "invoice"))
        assert doctype is not None
        self.title = name
        if custom:
            builtin = doctype
            doctype = opaque(builtin, files[0].label)[0]
            files = [LabelledFile(f.path, opaque(builtin, f.label)[1]) for f in files]
            self.title += " (user-defined type, opaque field names)"
        self.doctype = doctype
        self.files = sorted(files, key=lambda f: f.name)
        self.groups: dict[str, list[LabelledFile]] = defaultdict(list)
        for f in self.files:
            self.groups[supplier_group(f.label)].append(f)
        self._zero_shot: dict[str, ExtractionResult] = {}
        self._lessons: dict[str, Lesson] = {}

    @cached_property
    def reads(self) -> dict[str, ReadDocument]:
        drop_xml = self.set_name == "zugferd-pdf"
        reads = {f.name: cached_read(f.path) for f in self.files}
        if drop_xml:
            reads = {k: dataclasses.replace(d, embedded_xml=None) for k, d in reads.items()}
        return reads

    def zero_shot(self, f: LabelledFile) -> ExtractionResult:
        if f.name not in self._zero_shot:
            self._zero_shot[f.name] = extract_document(self.reads[f.name], self.doctype, [])
        return self._zero_shot[f.name]

    def lesson(self, f: LabelledFile) -> Lesson:
        """What the labels of ``f`` teach when fed back."""
        if f.name not in self._lessons:
            self._lessons[f.name] = self._learn(f)
        return self._lessons[f.name]

    def teaches(self, f: LabelledFile) -> bool:
        """Whether ``f``'s labels hold anything to feed back for the type."""
        fields = f.label.get("fields") or {}
        return any(fields.get(d.name) is not None for d in self.doctype.fields) or bool(
            f.label.get("line_items")
        )

    def _learn(self, f: LabelledFile) -> Lesson:
        doctype, label = self.doctype, f.label
        fields = label.get("fields") or {}
        learning_fields = [
            {"name": d.name, "value": str(fields[d.name])}
            for d in doctype.fields
            if fields.get(d.name) is not None
        ]
        line_items = [
            [
                {"name": name, "value": str(value)}
                for key, value in row.items()
                if value is not None and (name := _item_name(doctype, key)) is not None
            ]
            for row in label.get("line_items") or []
        ]
        vat_rates = [
            [
                {"name": "vat_rate_percentage", "value": str(pair["percentage"])},
                {"name": "vat_rate_net", "value": str(pair["net"])},
            ]
            for pair in label.get("vat_rates") or []
            if doctype.vat_rates
        ]
        corrections = parse_corrections(doctype, learning_fields, line_items, vat_rates)
        return learn_document(self.reads[f.name], doctype, corrections).lesson

    def model(self, lessons: Sequence[Lesson]) -> AccountModel:
        """The account's model after ``lessons`` (what the background refit computes)."""
        return fit(self.doctype, [lesson.meanings for lesson in lessons])

    def extract(
        self, f: LabelledFile, lessons: Sequence[Lesson], model: AccountModel | None
    ) -> ExtractionResult:
        return extract_document(self.reads[f.name], self.doctype, lessons, model)

    def score(self, result: ExtractionResult, f: LabelledFile) -> DocScore:
        for row in result.line_items:  # opaque names back to the label's, which scoring compares
            for cell in row:
                cell.name = LABEL_NAMES.get(cell.name, cell.name)
        return score_document(result, f.label, self.doctype, f.name)


class Tally:
    def __init__(self) -> None:
        self.right: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.rows = [0, 0, 0]  # matched, expected, predicted
        self.vat = [0, 0]  # matched, expected
        self.documents = 0

    def add(self, score: DocScore) -> None:
        self.documents += 1
        for outcome in score.fields:
            self.right[outcome.field][0] += outcome.right
            self.right[outcome.field][1] += 1
        self.rows[0] += score.rows_matched
        self.rows[1] += score.rows_expected
        self.rows[2] += score.rows_predicted if score.rows_expected else 0
        self.vat[0] += score.vat_matched
        self.vat[1] += score.vat_expected

    def share(self, name: str) -> str:
        right, n = self.right.get(name, [0, 0])
        return f"{right / n:.2f}" if n else "  - "

    def mean(self) -> str:
        shares = [r / n for r, n in self.right.values() if n]
        return f"{sum(shares) / len(shares):.2f}" if shares else "  - "

    def row_recall(self) -> str:
        return f"{self.rows[0] / self.rows[1]:.2f}" if self.rows[1] else "  - "

    def row_precision(self) -> str:
        return f"{self.rows[0] / self.rows[2]:.2f}" if self.rows[2] else "  - "

    def vat_recall(self) -> str:
        return f"{self.vat[0] / self.vat[1]:.2f}" if self.vat[1] else "  - "


def print_table(doctype: DocumentType, header: Sequence[str], tallies: Sequence[Tally]) -> None:
    """Per field, the mean, line-item rows and VAT pairs: one column per tally."""
    print("| field | " + " | ".join(header) + " |")
    print("|---|" + "---|" * len(header))
    for fdef in doctype.fields:
        if any(fdef.name in t.right for t in tallies):
            print(f"| {fdef.name} | " + " | ".join(t.share(fdef.name) for t in tallies) + " |")
    print(f"| **mean** | {' | '.join(t.mean() for t in tallies)} |")
    if any(t.rows[1] for t in tallies):
        print(f"| line-item row recall | {' | '.join(t.row_recall() for t in tallies)} |")
        print(f"| line-item row precision | {' | '.join(t.row_precision() for t in tallies)} |")
    if any(t.vat[1] for t in tallies):
        print(f"| VAT pair recall | {' | '.join(t.vat_recall() for t in tallies)} |")
