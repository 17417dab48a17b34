"""Sample invoices of layouts the project had not seen, modelled on what ERPs, invoice-template
projects and marketplaces print (set ``samples``, bench/out/samples): US Bill To / Ship To with
Net 30 terms and a sales tax line, a plain ERP invoice, a marketplace "Sold By / Billed To"
invoice with "VAT Number" lines, an addressee block opening with ATTN, a title ("PAYMENT
RECEIPT", "TAX INVOICE") above a logo placeholder and then the company, a template with Amount
Paid and Balance Due, and French and German invoices naming the supplier only in the footer.

Written from the outside (without reading the engine), to measure generality. Deterministic:
each document draws from its own ``random.Random(f"{seed}-{index}")`` and the PDFs are invariant.
Labels name only what the page prints; a value the page does not print is null (skipped)."""

from __future__ import annotations

from bench.manifest import write_set
from bench.samples.build import GENERATOR_VERSION, LAYOUTS, SampleDoc, generate

__all__ = ["GENERATOR_VERSION", "LAYOUTS", "SampleDoc", "generate", "write_set"]
