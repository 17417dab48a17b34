"""A peer, side by side: invoice2data (PyPI, its shipped templates, poppler's pdftotext) against
Paperwise on the same born-digital invoices.

    python -m bench.peer_invoice2data [--sets zugferd,einvoice,samples] [--out DIR]

For every document both read the printed page (the e-invoices' embedded XML is ignored by
invoice2data and removed for Paperwise, as in bench/accuracy's judged columns), in alternating
order so the noise of a shared machine falls on both alike. Seconds per document, and field
accuracy with bench/metrics' compare, on the fields the labels hold: a field invoice2data has no
name for, or no template matched, counts as missed, as it would for Paperwise. Writes
bench/out/peer_invoice2data.md. Reports only: exits 0."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bench.datasets import OUT_DIR, LabelledFile, load_set
from bench.metrics import field_matches
from paperwise.domain.document_types import DocumentType, builtin_type
from paperwise.pipeline import extract_document
from paperwise.reading.model import ReadLimits
from paperwise.reading.reader import read_document

SETS = ("zugferd", "einvoice", "samples")
# our field -> invoice2data's names for it (its canonical vocabulary), first found wins
PEER_FIELDS: dict[str, tuple[str, ...]] = {
    "supplier_name": ("partner_name", "issuer"),
    "invoice_number": ("invoice_number",),
    "issue_date": ("date",),
    "pay_due_date": ("date_due",),
    "total_amount": ("amount",),
    "net_amount": ("amount_untaxed",),
    "tax_amount": ("amount_tax",),
    "currency": ("currency",),
    "supplier_vat_id": ("vat",),
    "supplier_iban": ("iban",),
    "payment_reference": ("payment_reference",),
}


@dataclass
class Side:
    seconds: list[float] = field(default_factory=list)
    right: dict[str, int] = field(default_factory=dict)
    labelled: dict[str, int] = field(default_factory=dict)
    answered: int = 0  # documents with any field found (for the peer: a template matched)

    def add(self, name: str, right: bool) -> None:
        self.labelled[name] = self.labelled.get(name, 0) + 1
        self.right[name] = self.right.get(name, 0) + right

    def mean_accuracy(self) -> float:
        return statistics.mean(self.right[f] / n for f, n in self.labelled.items())


def peer_available() -> str | None:
    """Why the peer cannot run here, or None."""
    if shutil.which("pdftotext") is None:
        return "pdftotext is missing (make poppler)"
    try:
        import invoice2data  # noqa: F401
    except ImportError:
        return "invoice2data is not installed (dev extra)"
    return None


def _peer_value(value: Any) -> str | None:
    """invoice2data's value in the label's normalised form."""
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float | int | Decimal):
        try:
            return f"{Decimal(str(value)):.4f}"
        except InvalidOperation:
            return None
    return str(value)


def peer_fields(result: dict[str, Any]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for ours, names in PEER_FIELDS.items():
        out[ours] = next(
            (_peer_value(result[n]) for n in names if result.get(n) not in (None, "")), None
        )
    return out


def _our_fields(item: LabelledFile, doctype: DocumentType) -> dict[str, str | None]:
    doc = read_document(item.path.read_bytes(), ReadLimits())
    doc = dataclasses.replace(doc, embedded_xml=None)
    result = extract_document(doc, doctype)
    out: dict[str, str | None] = {}
    for fdef in doctype.fields:
        got = result.field(fdef.name)
        out[fdef.name] = got.best.value if got and got.best else None
    return out


def _run_peer(item: LabelledFile, templates: list[Any]) -> dict[str, str | None]:
    from invoice2data import extract_data

    return peer_fields(extract_data(str(item.path), templates, "pdftotext") or {})


def _timed(fn: Any, *args: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - started


def run(sets: list[str]) -> dict[str, tuple[Side, Side]]:
    from invoice2data.extract.loader import read_templates

    logging.getLogger("invoice2data").setLevel(logging.CRITICAL)
    templates = read_templates()
    out: dict[str, tuple[Side, Side]] = {}
    for set_name in sets:
        ours, peer = Side(), Side()
        for number, item in enumerate(load_set(set_name)):
            doctype = builtin_type(str(item.label["document_type"]))
            assert doctype is not None
            if number % 2:
                mine, my_seconds = _timed(_our_fields, item, doctype)
                theirs, their_seconds = _timed(_run_peer, item, templates)
            else:
                theirs, their_seconds = _timed(_run_peer, item, templates)
                mine, my_seconds = _timed(_our_fields, item, doctype)
            ours.seconds.append(my_seconds)
            peer.seconds.append(their_seconds)
            ours.answered += any(v is not None for v in mine.values())
            peer.answered += any(v is not None for v in theirs.values())
            labels: dict[str, Any] = item.label.get("fields") or {}
            for fdef in doctype.fields:
                expected = labels.get(fdef.name)
                if expected is None:
                    continue
                kind = fdef.data_type.value
                ours.add(fdef.name, field_matches(fdef.name, kind, mine.get(fdef.name), expected))
                peer.add(fdef.name, field_matches(fdef.name, kind, theirs.get(fdef.name), expected))
        print(f"  {set_name}: {len(ours.seconds)} documents", file=sys.stderr)
        out[set_name] = (ours, peer)
    return out


def report(results: dict[str, tuple[Side, Side]]) -> str:
    lines = [
        "| set (documents) | s/document: invoice2data | Paperwise | ratio (invoice2data / ours) "
        "| documents answered: invoice2data | Paperwise | mean per-field accuracy: "
        "invoice2data | Paperwise |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, (ours, peer) in results.items():
        mine, theirs = statistics.median(ours.seconds), statistics.median(peer.seconds)
        lines.append(
            f"| {name} ({len(ours.seconds)}) | {theirs:.3f} | {mine:.3f} | {theirs / mine:.2f}× "
            f"| {peer.answered} | {ours.answered} "
            f"| {peer.mean_accuracy():.3f} | {ours.mean_accuracy():.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description="invoice2data against Paperwise, side by side.")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    missing = peer_available()
    if missing:
        text = f"invoice2data peer not run: {missing}"
    else:
        text = report(run([s for s in args.sets.split(",") if s]))
        text += "\n\ns/document: medians; answered: documents with any field found."
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "peer_invoice2data.md").write_text(text + "\n", encoding="utf-8")
    return text


if __name__ == "__main__":
    main()
