"""The pieces of make bench's size, OCR-variant and peer sections that are logic, not timing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdfium2 as pdfium
from bench.peer_invoice2data import peer_fields
from bench.perf_size import SizeRow, table, text_pdf
from bench.plots import plot_size, plot_throughput


def test_the_size_documents_repeat_one_page() -> None:
    assert len(pdfium.PdfDocument(text_pdf(3))) == 3


def test_invoice2data_values_take_the_labels_normalised_forms() -> None:
    got = peer_fields(
        {"issuer": "ACME", "amount": 12.5, "date": dt.datetime(2024, 3, 14), "currency": "EUR"}
    )
    assert got["supplier_name"] == "ACME"
    assert got["total_amount"] == "12.5000"
    assert got["issue_date"] == "2024-03-14"
    assert got["net_amount"] is None  # no template gave it


def test_a_refused_document_is_in_the_table_but_not_in_the_plot(tmp_path: Path) -> None:
    rows = [
        SizeRow("text layer", 1, 0.05, 0.03, 100.0, 100.5, 101.0),
        SizeRow("text layer", 10, 0.5, 0.3, 100.0, 103.0, 104.0),
        SizeRow("text layer", 201, 0.001, 0.001, 100.0, 100.0, 100.0, "TooManyPages: 201"),
    ]
    assert "TooManyPages" in table(rows)
    png = plot_size([r.__dict__ for r in rows], tmp_path)
    assert png.read_bytes().startswith(b"\x89PNG")


def test_throughput_rows_make_a_plot(tmp_path: Path) -> None:
    rows = [{"series": "text, embedded", "workers": w, "jobs_per_s": 10.0 * w} for w in (1, 2, 4)]
    assert plot_throughput(rows, tmp_path).stat().st_size > 1000
