"""Cost against size: time and peak memory of reading and extracting 1 to 200-page documents.

    python -m bench.perf_size [--pages 1,10,50,200] [--scan-pages 1,10] [--out DIR]

Each document is read and extracted (``read_document`` + ``extract_document``) in a child process
of its own, so that its peak resident memory (``ru_maxrss``) is its own: the child reports its
peak after imports (and, for scans, after the OCR engine is built) and after the document, and
the growth between the two is what the document cost. Text-layer documents repeat one synthetic
invoice page; scanned ones are image-only PDFs of one scanned invoice page (read by OCR, page
after page). A 201-page document must be refused by the default limits before any page is read:
its refusal is timed too. Writes bench/out/perf_size.md and perf_size.json, and the plot
docs/cost-against-size.png. Reports only: exits 0."""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from bench.datasets import OUT_DIR
from bench.plots import DOCS_DIR, plot_size
from bench.speed import _one_page_pdf, _scanned_page

TEXT_PAGES = (1, 10, 50, 200)
SCAN_PAGES = (1, 10)
REFUSED_PAGES = 201


@dataclass(frozen=True)
class SizeRow:
    kind: str  # "text layer" or "scan"
    pages: int
    seconds: float
    read_seconds: float
    base_mb: float  # the child's peak before the document
    read_peak_mb: float  # its peak after reading it
    peak_mb: float  # its peak after extracting too
    error: str | None = None

    @property
    def growth_mb(self) -> float:
        return self.peak_mb - self.base_mb


def text_pdf(pages: int) -> bytes:
    """``pages`` copies of one born-digital invoice page."""
    return _repeat(pdfium.PdfDocument(_one_page_pdf()), pages)


def scanned_pdf(pages: int) -> bytes:
    """``pages`` copies of one scanned invoice page, as an image-only PDF (JPEG pages)."""
    image = Image.open(io.BytesIO(_scanned_page())).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=200.0)
    return _repeat(pdfium.PdfDocument(out.getvalue()), pages)


def _repeat(source: pdfium.PdfDocument, pages: int) -> bytes:
    target = pdfium.PdfDocument.new()
    for _ in range(pages):
        target.import_pages(source, [0])
    out = io.BytesIO()
    target.save(out)
    return out.getvalue()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def child(path: Path, ocr: bool) -> dict[str, object]:
    """In the child process: read and extract ``path`` once; times and peaks."""
    from paperwise.domain.document_types import INVOICE
    from paperwise.pipeline import extract_document
    from paperwise.reading.model import ReadLimits
    from paperwise.reading.reader import read_document

    # what is built once per process (the OCR engine, the ranker's models) is not the document's
    extract_document(read_document(_one_page_pdf(), ReadLimits()), INVOICE)
    if ocr:
        from paperwise.reading.ocr import ocr_engine

        ocr_engine()
    data = path.read_bytes()
    base = read_peak = _peak_mb()
    started = time.perf_counter()
    error = None
    read_seconds = 0.0
    try:
        doc = read_document(data, ReadLimits())
        read_seconds = time.perf_counter() - started
        read_peak = _peak_mb()
        extract_document(doc, INVOICE)
    except Exception as exc:  # a refusal is what the 201-page document is for
        error = f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "read_seconds": read_seconds or seconds,
        "base_mb": base,
        "read_peak_mb": read_peak,
        "peak_mb": _peak_mb(),
        "error": error,
    }


def measure(kind: str, pages: int, data: bytes) -> SizeRow:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        flag = ["--ocr"] if kind == "scan" else []
        run = subprocess.run(
            [sys.executable, "-m", "bench.perf_size", "--child", tmp.name, *flag],
            capture_output=True,
            text=True,
            check=True,
        )
    raw = json.loads(run.stdout.strip().splitlines()[-1])
    return SizeRow(kind=kind, pages=pages, **raw)


def table(rows: list[SizeRow]) -> str:
    lines = [
        "| document | pages | seconds (read + extract) | s/page | peak RSS | growth: read, "
        "+ extract | growth/page | result |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.kind} | {r.pages} | {r.seconds:.3f} ({r.read_seconds:.3f} + "
            f"{r.seconds - r.read_seconds:.3f}) | {r.seconds / r.pages:.3f} | {r.peak_mb:.0f} MB "
            f"| {r.read_peak_mb - r.base_mb:.1f} MB, {r.growth_mb:.1f} MB "
            f"| {r.growth_mb / r.pages:.2f} MB "
            f"| {r.error or 'read and extracted'} |"
        )
    return "\n".join(lines)


def run(text_pages: list[int], scan_pages: list[int]) -> list[SizeRow]:
    rows: list[SizeRow] = []
    for pages in text_pages:
        rows.append(measure("text layer", pages, text_pdf(pages)))
        print(f"  text layer {pages} pages: {rows[-1].seconds:.2f} s", file=sys.stderr)
    rows.append(measure("text layer", REFUSED_PAGES, text_pdf(REFUSED_PAGES)))
    for pages in scan_pages:
        rows.append(measure("scan", pages, scanned_pdf(pages)))
        print(f"  scan {pages} pages: {rows[-1].seconds:.2f} s", file=sys.stderr)
    return rows


def _pages(raw: str) -> list[int]:
    return [int(p) for p in raw.split(",") if p.strip()]


def main(argv: list[str] | None = None) -> list[SizeRow]:
    parser = argparse.ArgumentParser(description="Time and peak memory against page count.")
    parser.add_argument("--pages", default=",".join(map(str, TEXT_PAGES)))
    parser.add_argument("--scan-pages", default=",".join(map(str, SCAN_PAGES)))
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument(
        "--add",
        action="store_true",
        help="keep the rows of the last run's perf_size.json this run does not measure",
    )
    parser.add_argument("--plot-dir", type=Path, default=DOCS_DIR, help="where the PNG goes")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--ocr", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.ocr)))
        return []
    rows = run(_pages(args.pages), _pages(args.scan_pages))
    saved = args.out / "perf_size.json"
    if args.add and saved.exists():
        measured = {(r.kind, r.pages) for r in rows}
        kept = [SizeRow(**r) for r in json.loads(saved.read_text())]
        rows += [r for r in kept if (r.kind, r.pages) not in measured]
        rows.sort(key=lambda r: (r.kind != "text layer", r.pages))
    text = table(rows)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "perf_size.md").write_text(text + "\n", encoding="utf-8")
    saved.write_text(json.dumps([asdict(r) for r in rows], indent=1), encoding="utf-8")
    print(plot_size([asdict(r) for r in rows], args.plot_dir))
    return rows


if __name__ == "__main__":
    main()
