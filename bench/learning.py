"""Learning bench: how much one (or two) corrected documents of a supplier improve the
supplier's next documents.

    python -m bench.learning [--sets synthetic-learning,sroie,zugferd-pdf]

Per set, documents are grouped by their supplier label and taken in file order. The labels of
the first document of every supplier with at least two documents are fed back (as a caller of
add-document would: header fields, line items and VAT rates); every later document is then
scored zero-shot and with the account's lessons applied. With a third document the labels of the
first two are fed back. Documents of suppliers never corrected are scored too: the lessons of
others must leave them unchanged. Fields are scored per field; line items as row recall and
precision (a row is right with its description and amount), VAT rates as pair recall.
``zugferd-pdf`` is the ZUGFeRD set read from the page alone (its embedded XML dropped);
``synthetic-learning-scanned`` the synthetic set as scans (read by OCR: minutes the first time,
then from the read cache). Supplier recognition is measured on its own too: which taught
supplier (if any) every scored document is recognised as, against its own supplier group:
precision, recall and the wrong matches (examples to stderr)."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import defaultdict
from typing import Any

from bench.datasets import LabelledFile, load_set
from bench.learning_set import ensure_learning_set
from bench.metrics import DocScore, score_document
from bench.read_cache import cached_read
from paperwise.domain.document_types import DocumentType, builtin_type, document_type_from_dict
from paperwise.domain.result import ExtractionResult
from paperwise.extraction.pipeline import extract_document, learn_document, recognise_supplier
from paperwise.learning.corrections import parse_corrections
from paperwise.learning.lessons import Lesson
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


def _read(f: LabelledFile, set_name: str) -> ReadDocument:
    doc = cached_read(f.path)
    return dataclasses.replace(doc, embedded_xml=None) if set_name == "zugferd-pdf" else doc


def _supplier(f: LabelledFile) -> str:
    return str((f.label.get("fields") or {}).get("supplier_name") or "")


def _item_name(doctype: DocumentType, label_name: str) -> str | None:
    names = {f.name for f in doctype.line_item_fields}
    if label_name in names:
        return label_name
    return next(
        (k for k, meaning in LABEL_NAMES.items() if meaning == label_name and k in names), None
    )


def _lesson(doc: ReadDocument, doctype: DocumentType, label: dict[str, Any]) -> Lesson:
    fields = label.get("fields") or {}
    learning_fields = [
        {"name": f.name, "value": str(fields[f.name])}
        for f in doctype.fields
        if fields.get(f.name) is not None
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
    return learn_document(doc, doctype, corrections).lesson


class Tally:
    def __init__(self) -> None:
        self.right: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.rows = [0, 0, 0]  # matched, expected, predicted
        self.vat = [0, 0]  # matched, expected

    def add(self, score: DocScore) -> None:
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


class Recognition:
    """Supplier recognition on its own: which taught supplier (if any) each scored document is
    recognised as, against its own supplier group."""

    EXAMPLES = 8

    def __init__(self) -> None:
        self.matches = 0
        self.right = 0
        self.taught = 0  # documents whose supplier was taught
        self.untaught_matched = 0  # documents of suppliers never taught, matched to one
        self.wrong: list[tuple[str, str, str, bool]] = []  # file, recognised as, truth, taught

    def add(self, file_name: str, recognised: str | None, truth: str, *, taught: bool) -> None:
        self.taught += taught
        if recognised is None:
            return
        self.matches += 1
        if recognised == truth:
            self.right += 1
            return
        self.untaught_matched += not taught
        self.wrong.append((file_name, recognised, truth, taught))

    def precision(self) -> str:
        return f"{self.right / self.matches:.3f}" if self.matches else "  - "

    def recall(self) -> str:
        return f"{self.right / self.taught:.3f}" if self.taught else "  - "

    def report(self, set_name: str) -> None:
        # the same name labelled with other punctuation or spacing: most likely the same company
        relabelled = sum(_letters(w[1]) == _letters(w[2]) for w in self.wrong)
        print(
            f"\nsupplier recognition: precision {self.precision()} ({self.right}/{self.matches}),"
            f" recall {self.recall()} ({self.right}/{self.taught} of taught suppliers' later"
            f" documents), wrong matches {len(self.wrong)} ({self.untaught_matched} of them"
            f" documents of suppliers never taught; {relabelled} the same name but for"
            " punctuation and spacing)"
        )
        for file_name, recognised, truth, taught in self.wrong[: self.EXAMPLES]:
            print(
                f"wrong match [{set_name}]: {file_name}: recognised as {recognised!r},"
                f" truth {truth!r}" + ("" if taught else " (never taught)"),
                file=sys.stderr,
            )


def _letters(name: str) -> str:
    return "".join(c for c in name.upper() if c.isalnum())


def run_set(name: str, *, custom: bool = False) -> None:
    set_name = name
    files = _files(name)
    doctype = builtin_type(str(files[0].label.get("document_type") or "invoice"))
    assert doctype is not None
    if custom:
        builtin = doctype
        doctype = opaque(builtin, files[0].label)[0]
        files = [LabelledFile(f.path, opaque(builtin, f.label)[1]) for f in files]
        name += " (user-defined type, opaque field names)"
    groups: dict[str, list[LabelledFile]] = defaultdict(list)
    for f in sorted(files, key=lambda f: f.name):
        groups[_supplier(f)].append(f)
    reads = {f.name: _read(f, set_name) for f in files}
    taught = {s: g for s, g in groups.items() if len(g) >= 2 and s}
    # the account's lessons after one correction of every supplier, most recent first
    first_lessons = [_lesson(reads[g[0].name], doctype, g[0].label) for g in taught.values()]
    second_lessons = {
        s: _lesson(reads[g[1].name], doctype, g[1].label) for s, g in taught.items() if len(g) >= 3
    }
    taught_as = {lesson.key: s for s, lesson in zip(taught, first_lessons, strict=True)}
    recognition = Recognition()
    zero, one, zero3, two, control_zero, control = (Tally() for _ in range(6))
    for supplier, group in groups.items():
        for position, f in enumerate(group):
            doc = reads[f.name]
            if supplier in taught and position == 0:
                continue
            zero_shot = extract_document(doc, doctype, [])
            key = recognise_supplier(doc, doctype, zero_shot, first_lessons)
            recognised = taught_as[key] if key is not None else None
            recognition.add(f.name, recognised, supplier, taught=supplier in taught)
            zero_score = _score(zero_shot, doctype, f)
            if supplier not in taught:
                control_zero.add(zero_score)
                control.add(_score(extract_document(doc, doctype, first_lessons), doctype, f))
                continue
            zero.add(zero_score)
            one.add(_score(extract_document(doc, doctype, first_lessons), doctype, f))
            if position >= 2 and supplier in second_lessons:
                zero3.add(zero_score)
                lessons = [second_lessons[supplier], *first_lessons]
                two.add(_score(extract_document(doc, doctype, lessons), doctype, f))
    later = sum(len(g) - 1 for g in taught.values())
    untaught = sum(len(g) for s, g in groups.items() if s not in taught)
    print(f"\n## {name}: {len(taught)} suppliers corrected once, {later} later documents")
    print(f"third+ documents (two corrections): {sum(max(len(g) - 2, 0) for g in taught.values())}")
    print(f"documents of suppliers never corrected (control): {untaught}\n")
    header = "| field | zero-shot | after 1 | zero-shot (3rd+) | after 2 | control before | after |"
    print(header)
    print("|---|---|---|---|---|---|---|")
    for fdef in doctype.fields:
        if fdef.name not in zero.right and fdef.name not in control.right:
            continue
        row = [zero, one, zero3, two, control_zero, control]
        print(f"| {fdef.name} | " + " | ".join(t.share(fdef.name) for t in row) + " |")
    tallies = (zero, one, zero3, two, control_zero, control)
    print(f"| **mean** | {' | '.join(t.mean() for t in tallies)} |")
    if any(t.rows[1] for t in tallies):
        print(f"| line-item row recall | {' | '.join(t.row_recall() for t in tallies)} |")
        print(f"| line-item row precision | {' | '.join(t.row_precision() for t in tallies)} |")
    if any(t.vat[1] for t in tallies):
        print(f"| VAT pair recall | {' | '.join(t.vat_recall() for t in tallies)} |")
    recognition.report(name)


def _score(result: ExtractionResult, doctype: DocumentType, f: LabelledFile) -> DocScore:
    for row in result.line_items:  # opaque names back to the label's, which scoring compares
        for cell in row:
            cell.name = LABEL_NAMES.get(cell.name, cell.name)
    return score_document(result, f.label, doctype, f.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="synthetic-learning,sroie,zugferd-pdf")
    args = parser.parse_args()
    for name in args.sets.split(","):
        run_set(name.strip())
        run_set(name.strip(), custom=True)


if __name__ == "__main__":
    main()
