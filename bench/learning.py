"""Learning bench: how much one (or two) corrected documents of a supplier improve the
supplier's next documents.

    python -m bench.learning [--sets synthetic-learning,sroie]

Per set, documents are grouped by their supplier label and taken in file order. The labels of
the first document of every supplier with at least two documents are fed back (as a caller of
add-document would); every later document is then scored zero-shot and with the account's
lessons applied. With a third document the labels of the first two are fed back. Documents of
suppliers never corrected are scored too: the lessons of others must leave them unchanged."""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from bench.datasets import LabelledFile, load_set
from bench.learning_set import ensure_learning_set
from bench.metrics import DocScore, score_document
from bench.read_cache import cached_read
from paperwise.domain.document_types import DocumentType, builtin_type, document_type_from_dict
from paperwise.extraction.engine import extract_from_read
from paperwise.learning.apply import apply_lessons
from paperwise.learning.corrections import parse_corrections
from paperwise.learning.lessons import Lesson, learn
from paperwise.reading.model import ReadDocument

# A user-defined type whose field names tell zero-shot nothing: only learning can fill them.
OPAQUE_FIELDS = {
    "ref_a": ("STRING", "invoice_number"),
    "day_a": ("DATE", "issue_date"),
    "sum_a": ("NUMBER", "total_amount"),
    "ref_b": ("STRING", "purchase_order_number"),
}


def opaque(doctype: DocumentType, label: dict[str, Any]) -> tuple[DocumentType, dict[str, Any]]:
    """``doctype`` as an opaque user-defined type, and ``label`` relabelled for it."""
    fields = label.get("fields") or {}
    present = {k: v for k, v in OPAQUE_FIELDS.items() if v[1] in fields}
    body: dict[str, object] = {
        "name": "opaque",
        "fields": [{"name": "supplier_name", "data_type": "AUTHOR"}]
        + [{"name": k, "data_type": dt} for k, (dt, _) in present.items()],
    }
    relabelled = {"supplier_name": fields.get("supplier_name")}
    relabelled |= {k: fields.get(source) for k, (_, source) in present.items()}
    return document_type_from_dict(body), {**label, "fields": relabelled}


def _files(name: str) -> list[LabelledFile]:
    return ensure_learning_set() if name == "synthetic-learning" else load_set(name)


def _supplier(f: LabelledFile) -> str:
    return str((f.label.get("fields") or {}).get("supplier_name") or "")


def _lesson(doc: ReadDocument, doctype: DocumentType, label: dict[str, Any]) -> Lesson:
    fields = label.get("fields") or {}
    learning_fields = [
        {"name": f.name, "value": str(fields[f.name])}
        for f in doctype.fields
        if fields.get(f.name) is not None
    ]
    corrections = parse_corrections(doctype, learning_fields)
    return learn(doc, doctype, corrections, extract_from_read(doc, doctype)).lesson


class Tally:
    def __init__(self) -> None:
        self.right: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, score: DocScore) -> None:
        for outcome in score.fields:
            self.right[outcome.field][0] += outcome.right
            self.right[outcome.field][1] += 1

    def share(self, name: str) -> str:
        right, n = self.right.get(name, [0, 0])
        return f"{right / n:.2f}" if n else "  - "

    def mean(self) -> str:
        shares = [r / n for r, n in self.right.values() if n]
        return f"{sum(shares) / len(shares):.2f}" if shares else "  - "


def run_set(name: str, *, custom: bool = False) -> None:
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
    reads = {f.name: cached_read(f.path) for f in files}
    taught = {s: g for s, g in groups.items() if len(g) >= 2 and s}
    # the account's lessons after one correction of every supplier, most recent first
    first_lessons = [_lesson(reads[g[0].name], doctype, g[0].label) for g in taught.values()]
    second_lessons = {
        s: _lesson(reads[g[1].name], doctype, g[1].label) for s, g in taught.items() if len(g) >= 3
    }
    zero, one, zero3, two, control_zero, control = (Tally() for _ in range(6))
    for supplier, group in groups.items():
        for position, f in enumerate(group):
            doc = reads[f.name]
            if supplier not in taught:
                control_zero.add(_score(doc, doctype, f, []))
                control.add(_score(doc, doctype, f, first_lessons))
                continue
            if position == 0:
                continue
            zero.add(_score(doc, doctype, f, []))
            one.add(_score(doc, doctype, f, first_lessons))
            if position >= 2 and supplier in second_lessons:
                zero3.add(_score(doc, doctype, f, []))
                lessons = [second_lessons[supplier], *first_lessons]
                two.add(_score(doc, doctype, f, lessons))
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
    means = " | ".join(t.mean() for t in (zero, one, zero3, two, control_zero, control))
    print(f"| **mean** | {means} |")


def _score(
    doc: ReadDocument, doctype: DocumentType, f: LabelledFile, lessons: Sequence[Lesson]
) -> DocScore:
    result = extract_from_read(doc, doctype)
    if lessons:
        result = apply_lessons(doc, doctype, result, lessons)
    return score_document(result, f.label, doctype, f.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="synthetic-learning,sroie")
    args = parser.parse_args()
    for name in args.sets.split(","):
        run_set(name.strip())
        run_set(name.strip(), custom=True)


if __name__ == "__main__":
    main()
