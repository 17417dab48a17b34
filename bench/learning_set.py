"""A small synthetic set for the learning bench: several invoices from each supplier, all to one
buyer (the account), each supplier keeping its own look. Written into bench/out/learning; the
main synthetic set is not touched."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

from bench.datasets import OUT_DIR, LabelledFile, read_manifest
from bench.synthetic import GENERATOR_VERSION, SyntheticDoc, write_set
from bench.synthetic.invoice_data import make_invoice
from bench.synthetic.render_pdf import render_pdf
from bench.synthetic.style import choose_style

LEARNING_DIR = OUT_DIR / "learning"
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


def ensure_learning_set(folder: Path = LEARNING_DIR) -> list[LabelledFile]:
    stamp = f"{GENERATOR_VERSION} {SEED} {SUPPLIERS} {INVOICES_PER_SUPPLIER}"
    stamp_file = folder / "VERSION"
    if stamp_file.exists() and stamp_file.read_text().strip() == stamp:
        files = read_manifest(folder)
        if all(f.path.exists() for f in files):
            return files
    write_set(generate_learning_set(), folder)
    stamp_file.write_text(stamp + "\n")
    return read_manifest(folder)
