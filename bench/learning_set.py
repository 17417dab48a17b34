"""A small synthetic set for the learning bench: several invoices from each supplier, all to one
buyer (the account), each supplier keeping its own look. Written into bench/out/learning (and
its scanned variant, every PDF degraded into an image as a cheap scanner would, into
bench/out/learning-scanned); the main synthetic set is not touched."""

from __future__ import annotations

import dataclasses
import random

from bench.datasets import OUT_DIR, LabelledFile, generated
from bench.synthetic import GENERATOR_VERSION, SyntheticDoc, write_set
from bench.synthetic.invoice_data import make_invoice
from bench.synthetic.render_pdf import render_pdf
from bench.synthetic.scan import degrade_pdf
from bench.synthetic.style import choose_style

LEARNING_DIR = OUT_DIR / "learning"
SCANNED_DIR = OUT_DIR / "learning-scanned"
SUPPLIERS = 12
INVOICES_PER_SUPPLIER = 4
SEED = 7


def generate_learning_set(seed: int = SEED) -> list[SyntheticDoc]:
    buyer = make_invoice(random.Random(f"learning-buyer-{seed}")).buyer
    out: list[SyntheticDoc] = []
    for s in range(SUPPLIERS):
        rng = random.Random(f"learning-supplier-{seed}-{s}")
        base = make_invoice(rng, max_items=6)
        base = dataclasses.replace(base, buyer=buyer)
        style = choose_style(rng, base, random.Random(f"learning-style-{seed}-{s}"))
        for k in range(INVOICES_PER_SUPPLIER):
            own = make_invoice(random.Random(f"learning-invoice-{seed}-{s}-{k}"), max_items=6)
            invoice = dataclasses.replace(
                own,
                locale=base.locale,
                supplier=base.supplier,
                buyer=buyer,
                iban=base.iban,
                bic=base.bic,
                bank=base.bank,
                currency=base.currency,
                currency_sign=base.currency_sign,
                phone=base.phone,
            )
            file = f"pdf/supplier{s:02d}-{k}.pdf"
            data = render_pdf(invoice, style)
            out.append(SyntheticDoc(file, data, invoice.label(file, "pdf"), invoice, "pdf"))
    return out


def scanned(docs: list[SyntheticDoc], seed: int = SEED) -> list[SyntheticDoc]:
    """The documents as scans: rendered, rotated, blurred, noised and compressed."""
    out = []
    for doc in docs:
        rng = random.Random(f"learning-scan-{seed}-{doc.file}")
        extra = random.Random(f"learning-scan-extra-{seed}-{doc.file}")
        image, ext, variant = degrade_pdf(doc.data, rng, extra)
        file = doc.file.replace("pdf/", "scan/").removesuffix(".pdf") + f".{ext}"
        out.append(
            SyntheticDoc(file, image, doc.invoice.label(file, variant), doc.invoice, variant)
        )
    return out


def ensure_learning_set(*, scan: bool = False) -> list[LabelledFile]:
    folder = SCANNED_DIR if scan else LEARNING_DIR
    stamp = f"{GENERATOR_VERSION} {SEED} {SUPPLIERS} {INVOICES_PER_SUPPLIER} scan={scan}"

    def write() -> None:
        docs = generate_learning_set()
        write_set(scanned(docs) if scan else docs, folder)

    return generated(folder, stamp, write)
