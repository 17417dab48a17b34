"""Fresh layouts: a second, independently written generator of invoices and receipts with exact
labels, to measure how the engine does on documents nobody tuned it on.

    docs = generate(seed=1, n=60)             # born-digital PDFs, every layout in turn
    scans = generate_scanned(seed=1, n=20)    # scans of invoices, phone photos of receipts
    write_set(docs + scans, Path("bench/out/fresh"))

Every document is a pure function of (seed, index)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from bench.fresh import degrade, layouts_a, layouts_b, layouts_c, receipts
from bench.fresh.document import Doc
from bench.manifest import write_set

__all__ = ["GENERATOR_VERSION", "LAYOUTS", "FreshDoc", "generate", "generate_scanned", "write_set"]

# Bump whenever the same (seed, index) gives other bytes or labels.
GENERATOR_VERSION = "2"

Layout = Callable[[random.Random], tuple[Doc, bytes]]
INVOICE_LAYOUTS: dict[str, Layout] = {
    "kv_grid": layouts_a.kv_grid,
    "boxed_meta": layouts_a.boxed_meta,
    "sentence": layouts_a.sentence,
    "letter": layouts_a.letter,
    "freelancer": layouts_a.freelancer,
    "utility": layouts_b.utility,
    "credit_note": layouts_b.credit_note,
    "swiss_qr": layouts_b.swiss_qr,
    "us_invoice": layouts_b.us_invoice,
    "vat_summary": layouts_b.vat_summary,
    "two_page": layouts_c.two_page,
    "saas": layouts_c.saas,
    "tradesman": layouts_c.tradesman,
}
RECEIPT_LAYOUTS: dict[str, Layout] = {
    "shop_receipt": receipts.shop_receipt,
    "cafe": receipts.cafe_bill,
}
LAYOUTS = INVOICE_LAYOUTS | RECEIPT_LAYOUTS
# The born-digital rotation: every layout, shop receipts twice as often.
_ROTATION = [*INVOICE_LAYOUTS, "shop_receipt", "cafe", "shop_receipt"]
_SCANNABLE = [name for name in INVOICE_LAYOUTS if name != "two_page"]


@dataclass(frozen=True)
class FreshDoc:
    file: str  # the path inside the set's folder, as written in manifest.jsonl
    data: bytes
    label: dict[str, object]
    doc: Doc


def _make(seed: int, prefix: str, index: int, layout: str) -> tuple[Doc, bytes]:
    rng = random.Random(f"paperwise-fresh-{seed}-{prefix}-{index}")
    return LAYOUTS[layout](rng)


def generate(seed: int, n: int) -> list[FreshDoc]:
    out = []
    for i in range(n):
        layout = _ROTATION[i % len(_ROTATION)]
        doc, pdf = _make(seed, "pdf", i, layout)
        file = f"pdf/fresh-{seed}-{i:04d}-{layout}.pdf"
        out.append(FreshDoc(file, pdf, doc.label(file, "pdf"), doc))
    return out


def generate_scanned(seed: int, n: int) -> list[FreshDoc]:
    """Two in five are phone photos of receipts, the rest scans of one-page invoices."""
    out = []
    for i in range(n):
        photo = i % 5 < 2
        layouts = list(RECEIPT_LAYOUTS) if photo else _SCANNABLE
        layout = layouts[(i * 7) % len(layouts)]
        doc, pdf = _make(seed, "scan", i, layout)
        rng = random.Random(f"paperwise-fresh-degrade-{seed}-{i}")
        data, ext, variant = (degrade.photo if photo else degrade.scan)(pdf, rng)
        file = f"scan/fresh-{seed}-{i:04d}-{layout}.{ext}"
        out.append(FreshDoc(file, data, doc.label(file, variant), doc))
    return out
