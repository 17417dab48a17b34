"""Speed of the full path against the floor it is built on, measured side by side.

    python -m bench.speed [--reps N] [--ocr-reps N] [--out DIR] [--parts engine,path,queue]
                          [--jobs N] [--scan-jobs N]

The engine in process (below), then the whole path through the HTTP API of a real server
(``bench/path_speed.py``: sync text and scan, async submit under load) and throughput against
worker processes in both modes (``bench/queue_scaling.py``), all in one run.

(a) a born-digital page: read_document + extract_document vs the bare pypdfium2 read of the
    same page (open, load the page, its text page, every character box). Target: <= 10x.
(b) a scanned page: read_document + extract_document vs one bare pass of the same RapidOCR
    engine over the decoded image (the OCR engine's own cost). Target: <= 1.3x.
Repetitions are interleaved so the noise of a shared machine hits both sides alike; medians
are reported; ``--ocr-reps 0`` leaves the scans out. Writes bench/out/speed.md (or into --out).
Then the sections of their own modules, each side by side in its run: cost against size
(bench/perf_size), OCR variants (bench/perf_ocr), the invoice2data peer (bench/peer_invoice2data).
Reports only: always exits 0."""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from bench.datasets import OUT_DIR
from bench.synthetic import generate, generate_scanned
from paperwise.domain.document_types import INVOICE
from paperwise.pipeline import extract_document
from paperwise.reading.model import ReadLimits
from paperwise.reading.reader import read_document


@dataclass
class Timings:
    read: list[float] = field(default_factory=list)
    extract: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    error: str | None = None

    def full(self) -> list[float]:
        return [r + e for r, e in zip(self.read, self.extract, strict=False)] or self.read


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def bare_text_read(data: bytes) -> int:
    """The floor for a text page: open the PDF, load page 0, its text page, every char box."""
    pdf = pdfium.PdfDocument(data)
    page = pdf[0]
    textpage = page.get_textpage()
    count = textpage.count_chars()
    boxes = [textpage.get_charbox(i) for i in range(count)]
    textpage.get_text_range()
    textpage.close()
    page.close()
    pdf.close()
    return len(boxes)


def bare_ocr(data: bytes) -> int:
    """The floor for a scan: decode the image and run the OCR engine over it once."""
    from paperwise.reading.ocr import ocr_engine

    image = Image.open(io.BytesIO(data)).convert("RGB")
    bgr = np.ascontiguousarray(np.asarray(image)[:, :, ::-1])
    result = ocr_engine()(bgr)
    return len(result.txts or ())


def measure(data: bytes, floor: Callable[[bytes], object], reps: int) -> Timings:
    """Interleaved repetitions of (full path, floor), after one warm-up of each."""
    timings = Timings()
    floor(data)
    try:
        extract_document(read_document(data, ReadLimits()), INVOICE)
        extracting = True
    except Exception as exc:  # report what the engine cannot do yet, time the read alone
        timings.error = f"{type(exc).__name__}: {exc}"
        extracting = False
    for rep in range(reps):
        steps: list[Callable[[], None]] = [
            lambda: timings.floor.append(_timed(lambda: floor(data))),
            lambda: _full(data, timings, extracting),
        ]
        for step in steps if rep % 2 else reversed(steps):
            step()
    return timings


def _full(data: bytes, timings: Timings, extracting: bool) -> None:
    started = time.perf_counter()
    doc = read_document(data, ReadLimits())
    timings.read.append(time.perf_counter() - started)
    if extracting:
        started = time.perf_counter()
        extract_document(doc, INVOICE)
        timings.extract.append(time.perf_counter() - started)


def _one_page_pdf() -> bytes:
    for doc in generate(seed=7, n=20):
        if len(pdfium.PdfDocument(doc.data)) == 1 and len(doc.invoice.items) >= 5:
            return doc.data
    raise SystemExit("no one-page synthetic invoice found")


def _scanned_page() -> bytes:
    for doc in generate_scanned(seed=7, n=10):
        if doc.file.endswith(".jpg") and "turn=" not in doc.variant:
            return doc.data
    raise SystemExit("no upright JPEG scan found")


def _report(name: str, floor_name: str, t: Timings, target: float) -> str:
    med = statistics.median
    full = med(t.full())
    floor = med(t.floor)
    ratio = full / floor
    verdict = "within" if ratio <= target else "over"
    return (
        f"| {name} | {full * 1000:.1f} ms | {med(t.read) * 1000:.1f} ms | "
        + (f"{med(t.extract) * 1000:.1f} ms" if t.extract else "–")
        + f" | {floor_name}: {floor * 1000:.1f} ms | **{ratio:.2f}×** | ≤ {target:g}× ({verdict}) "
        f"| {len(t.floor)} |"
    )


def main(argv: list[str] | None = None) -> None:
    from bench import path_speed, plots, queue_scaling  # they build on this module's floors

    parser = argparse.ArgumentParser(description="Speed ratios against the reading floor.")
    parser.add_argument("--reps", type=int, default=21, help="repetitions on the text page")
    parser.add_argument(
        "--ocr-reps", type=int, default=5, help="repetitions on the scan (0: no scan)"
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where to write speed.md")
    parser.add_argument(
        "--parts",
        default="engine,path,queue,size,ocr,peer",
        help="engine, path (HTTP), queue (throughput), size, ocr (variants), peer (invoice2data)",
    )
    parser.add_argument("--jobs", type=int, default=40, help="text PDFs per throughput point")
    parser.add_argument("--scan-jobs", type=int, default=6, help="scans per throughput point")
    args = parser.parse_args(argv)
    parts = args.parts.split(",")
    sections: list[str] = []
    if "engine" in parts:
        sections.append("## The engine, in process\n\n" + _engine_table(args.reps, args.ocr_reps))
        print(sections[-1], flush=True)
    if "path" in parts:
        rows, breakdown = path_speed.run(args.reps, min(args.ocr_reps, 3))
        sections.append(
            "## The whole path, through the HTTP API\n\n"
            + path_speed.table(rows)
            + "\n\nWhere a text page's time goes (cumulative):\n\n"
            + breakdown
        )
        print(sections[-1], flush=True)
    if "queue" in parts:
        modes = ["embedded"] + (["distributed"] if queue_scaling.postgres_reachable() else [])
        jobs = {"text": args.jobs, "scan": args.scan_jobs}
        points, extraction_ms = queue_scaling.run(jobs, [1, 2, 4], modes, ["text", "scan"])
        plotted = queue_scaling.plot_rows(points)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / plots.THROUGHPUT_JSON).write_text(json.dumps(plotted), encoding="utf-8")
        plots.plot_throughput(plotted, plots.DOCS_DIR)
        sections.append(
            "## Throughput against worker processes\n\n"
            + queue_scaling.report(points, extraction_ms, jobs)
            + ("" if "distributed" in modes else "\nPostgreSQL not reachable: embedded only.\n")
        )
        print(sections[-1], flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "speed.md").write_text("\n\n".join(sections) + "\n", encoding="utf-8")
    from bench import peer_invoice2data, perf_ocr, perf_size  # they build on this module

    more = {"size": perf_size.main, "ocr": perf_ocr.main, "peer": peer_invoice2data.main}
    for part, section in more.items():
        if part in parts:
            print(f"\n## {section.__module__}", flush=True)
            section(["--out", str(args.out)])


def _engine_table(reps: int, ocr_reps: int) -> str:
    measured = {"text layer": measure(_one_page_pdf(), bare_text_read, reps)}
    if ocr_reps > 0:  # the scan's warm-up alone is two OCR passes
        measured["scan"] = measure(_scanned_page(), bare_ocr, ocr_reps)
    lines = [
        "| page | full path (median) | read | extract | floor (median) | ratio | target | reps |",
        "|---|---|---|---|---|---|---|---|",
        _report("text layer (A4 PDF)", "pypdfium2 chars+boxes", measured["text layer"], 10),
    ]
    if "scan" in measured:
        lines.append(_report("scan (JPEG)", "one RapidOCR pass", measured["scan"], 1.3))
    lines += [
        f"\n{name}: extraction failed, the read is timed alone: {t.error}"
        for name, t in measured.items()
        if t.error
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
