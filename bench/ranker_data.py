"""The ranker's training table: every labelled document of the shared sets and of both generators,
read (OCR through the read cache), read by the rules, and turned into one feature row per
(field meaning, candidate), with whether the candidate equals the label.

Each document carries its supplier group (a shop, an e-invoice issuer, a generated supplier of
one generator seed), so that cross-validation never scores a supplier it trained on."""

from __future__ import annotations

import dataclasses
import sys
import time
from dataclasses import dataclass, field

import numpy as np

from bench.datasets import LabelledFile, load_set
from bench.read_cache import cached_read
from bench.reading_recall import squash
from bench.scoring import fold_string, values_match
from paperwise.domain.document_types import builtin_type
from paperwise.extraction.ranking.rerank import candidate_table
from paperwise.pipeline import read_by_rules
from paperwise.reading.model import PageSource

SHARED_SETS = ("sroie", "zugferd", "einvoice")


@dataclass
class Group:
    """The candidates of one (document, meaning): rows [start, end) of the table."""

    set_name: str
    file: str
    supplier: str
    meaning: str
    data_type: str
    label: str
    start: int
    end: int
    values: list[str]
    rule_value: str | None
    rule_confidence: float  # the rules' confidence in their value (0: none)
    scanned: bool  # read by OCR
    read: bool | None  # the printed label is in the words read (spaces ignored); None: unknown


@dataclass
class Table:
    rows: list[np.ndarray] = field(default_factory=list)
    targets: list[np.ndarray] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    size: int = 0

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        return np.vstack(self.rows), np.concatenate(self.targets)


def supplier_group(set_name: str, seed: int, item: LabelledFile) -> str:
    """Who issued the document: a model is never scored on a supplier it was trained on."""
    name = item.label.get("fields", {}).get("supplier_name") or item.name
    if set_name in SHARED_SETS:
        return f"{set_name}:{fold_string(str(name))}"
    generator = set_name.split("-")[0]
    return f"{generator}-{seed}:{fold_string(str(name))}"


# SROIE keeps each label as printed; its keys name these fields.
_PRINTED_KEYS = {
    "company": "supplier_name",
    "address": "supplier_address",
    "date": "issue_date",
    "total": "total_amount",
}


def printed_labels(item: LabelledFile, types: dict[str, str]) -> dict[str, str]:
    """The labels as printed: SROIE's ``printed``, else the text fields (numbers and dates are
    normalised in the manifests, so how they were printed is not known)."""
    printed = item.label.get("printed")
    if printed:
        return {_PRINTED_KEYS[k]: str(v) for k, v in printed.items() if k in _PRINTED_KEYS and v}
    fields = item.label.get("fields", {})
    return {k: str(v) for k, v in fields.items() if v and types.get(k) == "STRING"}


def add_document(table: Table, set_name: str, seed: int, item: LabelledFile) -> None:
    doctype = builtin_type(str(item.label["document_type"]))
    if doctype is None:
        return
    doc = cached_read(item.path)
    if set_name in ("zugferd", "einvoice"):
        doc = dataclasses.replace(doc, embedded_xml=None)  # judged from the printed page
    rules = read_by_rules(doc, doctype)
    assert rules.header is not None
    results = {f.meaning: r for f, r in zip(doctype.fields, rules.fields, strict=True) if f.meaning}
    types = {f.meaning: f.data_type.value for f in doctype.fields if f.meaning}
    labels = item.label.get("fields", {})
    supplier = supplier_group(set_name, seed, item)
    # the OCR ceiling is a scanned set's figure: a text layer holds what is printed
    scanned = any(p.source is PageSource.OCR for p in doc.pages)
    printed = printed_labels(item, types) if scanned else {}
    text = squash(doc.text) if printed else ""
    for part in candidate_table(rules.index, results, rules.header.line_sum):
        label = labels.get(part.meaning)
        if label is None:
            continue  # unknown, not empty
        dtype = types[part.meaning]
        values = [c.value for c in part.candidates]
        target = np.asarray([values_match(dtype, v, str(label)) for v in values], dtype=np.float32)
        best = results[part.meaning].best
        table.rows.append(part.rows)
        table.targets.append(target)
        table.groups.append(
            Group(
                set_name,
                item.name,
                supplier,
                part.meaning,
                dtype,
                str(label),
                table.size,
                table.size + len(values),
                values,
                best.value if best else None,
                best.confidence if best else 0.0,
                scanned,
                squash(printed[part.meaning]) in text if part.meaning in printed else None,
            )
        )
        table.size += len(values)


def build_table(sets: list[tuple[str, int]]) -> Table:
    table = Table()
    for set_name, seed in sets:
        files = load_set(set_name, seed)
        started = time.perf_counter()
        for item in files:
            add_document(table, set_name if seed == 1 else f"{set_name}@{seed}", seed, item)
        seconds = time.perf_counter() - started
        print(
            f"  {set_name} seed {seed}: {len(files)} documents, {seconds:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    return table
