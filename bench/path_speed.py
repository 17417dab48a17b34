"""The whole path through the HTTP API of a real ``paperwise serve``, side by side with its floors
in one run (``make bench`` prints it after the engine's rows).

    python -m bench.path_speed [--reps N] [--ocr-reps N] [--clients N] [--submits N]

- **sync, text layer**: ``POST /api/extract-data`` of a one-page text PDF (the client's base64
  and JSON, HTTP, validation, the sandbox, storage) against the bare pypdfium2 read of the same
  page (text and every character box) in this process. Target ≤ 10×. Its breakdown, cumulative,
  each step measured in this process interleaved with the others: the floor; the engine
  (``read_document`` + ``extract_document``); the engine through a warm sandbox child (the
  process hop and pickling); the service (``extract_now``: validation, the job row, the sandbox,
  the final write; its own store, no worker); the HTTP request. The last row's difference from
  the one before is what HTTP, JSON, base64 and authentication add.
- **sync, scan, idle**: ``extract-data`` of a scanned page against one RapidOCR pass over the
  decoded image at the engine's default threads, both with the machine otherwise idle (the
  request gets every core). Target ≤ 1.3×.
- **sync, scan, busy**: the same while the server's workers run a backlog of scans (one OCR
  thread each), against the bare pass measured alongside under the same load. Reported only.
- **async submit**: ``extract-data-async`` of a 100 KB PDF from N concurrent clients while the
  workers are busy: p50 and p99 of the answer time. Target p99 ≤ 50 ms.

Repetitions alternate their order so the noise of a shared machine hits both sides alike;
medians are reported."""

from __future__ import annotations

import argparse
import base64
import io
import json
import math
import os
import random
import re
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from bench.server_process import Server
from bench.speed import _one_page_pdf, _scanned_page, bare_ocr, bare_text_read
from paperwise.config import Settings
from paperwise.domain.document_types import INVOICE
from paperwise.jobs.sandbox import Sandbox, SandboxRequest
from paperwise.pipeline import extract_document
from paperwise.reading.model import ReadLimits
from paperwise.reading.reader import read_document
from paperwise.services.paperwise_service import open_service
from paperwise.services.protocol import Submission
from paperwise.storage.document_types_repo import doctype_to_json

TEXT_TARGET, SCAN_TARGET, SUBMIT_P99_TARGET_MS = 10.0, 1.3, 50.0
SERVER_SETTINGS = {"rate_limit_per_minute": "0"}


@dataclass(frozen=True)
class Row:
    """One line of the table: ours against its floor, with the target when there is one."""

    name: str
    ours: str
    floor: str
    ratio: str
    target: str


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _verdict(value: float, target: float, unit: str = "×") -> str:
    return f"≤ {target:g}{unit} ({'within' if value <= target else 'over'})"


def _timed(fn: Callable[[], object]) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def interleaved(steps: dict[str, Callable[[], object]], reps: int) -> dict[str, list[float]]:
    """Each step once per repetition, the order reversed every other repetition."""
    times: dict[str, list[float]] = {name: [] for name in steps}
    order = list(steps)
    for rep in range(reps):
        for name in order if rep % 2 else reversed(order):
            times[name].append(_timed(steps[name]))
    return times


class Client:
    """One account's HTTP client of the server (keep-alive, as a real client would)."""

    def __init__(self, url: str, key: str) -> None:
        self.http = httpx.Client(
            base_url=url, headers={"Authorization": f"Token {key}"}, timeout=300
        )

    def extract(self, data: bytes, file_name: str, *, wait: bool = True) -> httpx.Response:
        """The client's whole request: base64, JSON, HTTP."""
        return self.send(body_of(data, file_name), wait=wait)

    def send(self, body: bytes, *, wait: bool = True) -> httpx.Response:
        """A request whose JSON body is ready."""
        route = "/api/extract-data" if wait else "/api/extract-data-async"
        headers = {"Content-Type": "application/json"}
        response = self.http.post(route, content=body, headers=headers)
        if response.status_code not in (200, 202):
            raise RuntimeError(f"{route}: {response.status_code} {response.text[:300]}")
        return response

    def gauge(self, name: str) -> float:
        """A gauge of the server's /metrics (no label)."""
        text = self.http.get("/metrics").text
        found = re.search(rf"^{name} ([0-9.e+-]+)$", text, re.MULTILINE)
        return float(found.group(1)) if found else float("nan")

    def close(self) -> None:
        self.http.close()


def body_of(data: bytes, file_name: str) -> bytes:
    fields = {
        "file": base64.b64encode(data).decode(),
        "file_name": file_name,
        "document_type_name": "invoice",
    }
    return json.dumps(fields).encode()


def hundred_kb_pdf() -> bytes:
    """A one-page text invoice carrying an incompressible image: about 100 KB, read from its
    text layer (the image is not OCR'd)."""
    noise = random.Random(13).randbytes(180 * 180 * 3)
    image = Image.frombytes("RGB", (180, 180), noise)
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawImage(ImageReader(image), 380, 650, 120, 120)
    for i, line in enumerate(
        ["ACME Widgets Ltd", "Invoice number: INV-7", "Date: 2024-03-01", "Total: 120.00 EUR"]
    ):
        page.drawString(72, 760 - 18 * i, line)
    page.save()
    return buffer.getvalue()


def text_breakdown(client: Client, reps: int) -> tuple[list[Row], dict[str, float]]:
    """The sync text row and its cumulative breakdown, every step interleaved."""
    pdf = _one_page_pdf()
    request = SandboxRequest(pdf, doctype_to_json(INVOICE), ReadLimits())
    sandbox = Sandbox()
    with tempfile.TemporaryDirectory() as tmp:
        service = open_service(Settings(data_dir=Path(tmp), workers=0))
        account = service.authenticate(service.create_key("bench")[1])
        submission = Submission(pdf, "invoice.pdf", "invoice")
        steps: dict[str, Callable[[], object]] = {
            "floor": lambda: bare_text_read(pdf),
            "engine": lambda: extract_document(read_document(pdf, ReadLimits()), INVOICE),
            "sandbox": lambda: sandbox.run(request, timeout=60),
            "service": lambda: service.extract_now(account, submission),
            "http": lambda: client.extract(pdf, "invoice.pdf"),
        }
        try:
            for step in steps.values():  # warm every step (the sandboxes start here)
                step()
                step()
            times = interleaved(steps, reps)
        finally:
            sandbox.close()
            service.close()
    med = {name: statistics.median(values) for name, values in times.items()}
    floor = med["floor"]
    ratio = med["http"] / floor
    row = Row(
        "sync, text layer (1-page PDF)",
        _ms(med["http"]),
        f"pypdfium2 text + char boxes: {_ms(floor)}",
        f"**{ratio:.2f}×**",
        _verdict(ratio, TEXT_TARGET),
    )
    return [row], med


BREAKDOWN = (
    ("floor", "bare pypdfium2 read (text + char boxes)"),
    ("engine", "+ the engine's read and extraction, in process"),
    ("sandbox", "+ the hop to a warm sandbox child and back (pickling)"),
    ("service", "+ validation, storage, the job's row (extract_now, no HTTP)"),
    ("http", "+ HTTP, JSON, base64, authentication (the whole request)"),
)


def breakdown_table(med: dict[str, float]) -> str:
    lines = [
        "| step (cumulative) | median | added | × floor |",
        "|---|---|---|---|",
    ]
    before = 0.0
    for key, label in BREAKDOWN:
        lines.append(
            f"| {label} | {_ms(med[key])} | {_ms(med[key] - before)} "
            f"| {med[key] / med['floor']:.2f}× |"
        )
        before = med[key]
    return "\n".join(lines)


def scan_rows(client: Client, reps: int, label: str) -> Row:
    """The sync scan against one bare OCR pass, side by side (under whatever load is on)."""
    scan = _scanned_page()
    times = interleaved(
        {"floor": lambda: bare_ocr(scan), "http": lambda: client.extract(scan, "scan.jpg")}, reps
    )
    floor, ours = statistics.median(times["floor"]), statistics.median(times["http"])
    ratio = ours / floor
    return Row(
        f"sync, scan (JPEG), {label}",
        _ms(ours),
        f"one RapidOCR pass, default threads: {_ms(floor)}",
        f"**{ratio:.2f}×**",
        _verdict(ratio, SCAN_TARGET) if label == "idle" else "reported",
    )


def submit_latencies(url: str, key: str, clients: int, submits: int) -> list[float]:
    """Each of ``clients`` threads submits ``submits`` times, as fast as answers come (the body
    is encoded once: the clients' own work is not the server's latency)."""
    body = body_of(hundred_kb_pdf(), "invoice.pdf")
    times: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def run() -> None:
        client = Client(url, key)
        try:
            client.send(body, wait=False)
            start.wait()
            for _ in range(submits):
                took = _timed(lambda: client.send(body, wait=False))
                with lock:
                    times.append(took)
        finally:
            client.close()

    threads = [threading.Thread(target=run) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (Linux /proc), its children not counted."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value at least ``share`` of them do not pass."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def keep_busy(client: Client, workers: int, scans: int) -> None:
    """A backlog of async scans, so every worker is running OCR; waits until they run."""
    scan = _scanned_page()
    for _ in range(scans):
        client.extract(scan, "backlog.jpg", wait=False)
    deadline = time.monotonic() + 120
    while client.gauge("paperwise_jobs_running") < workers and time.monotonic() < deadline:
        time.sleep(0.2)


def run(
    reps: int = 21, ocr_reps: int = 3, clients: int = 8, submits: int = 25
) -> tuple[list[Row], str]:
    """The rows of the whole path and the text path's breakdown (markdown), against a server
    with its default workers (one per core)."""
    workers = os.cpu_count() or 1
    rows: list[Row] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp), workers=workers, **SERVER_SETTINGS)
        key = server.add_accounts("bench")["bench"]
        server.start()
        client = Client(server.url, key)
        try:
            text, med = text_breakdown(client, reps)
            rows += text
            if ocr_reps > 0:
                client.extract(_scanned_page(), "warm.jpg")
                rows.append(scan_rows(client, ocr_reps, "idle"))
                keep_busy(client, workers, scans=workers * (2 * ocr_reps + 6))
                running = client.gauge("paperwise_jobs_running")
                rows.append(scan_rows(client, ocr_reps, f"busy ({running:.0f} workers on OCR)"))
            else:
                keep_busy(client, workers, scans=workers * 4)
            running = client.gauge("paperwise_jobs_running")
            assert server.process is not None
            cpu_before = process_cpu_seconds(server.process.pid)
            times = submit_latencies(server.url, key, clients, submits)
            cpu_ms = (process_cpu_seconds(server.process.pid) - cpu_before) * 1000 / len(times)
            after = client.gauge("paperwise_jobs_running")
            p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
            rows.append(
                Row(
                    f"async submit, 100 KB PDF, {clients} clients, workers busy",
                    f"p50 {_ms(p50)}, p99 {_ms(p99)}",
                    "–",
                    "–",
                    _verdict(p99 * 1000, SUBMIT_P99_TARGET_MS, " ms"),
                )
            )
            notes.append(
                f"async submit: {len(times)} requests; the API process's CPU per submit "
                f"{cpu_ms:.1f} ms (its threads, not the workers'; independent of the machine's "
                f"load); workers running OCR before / after: {running:.0f} / {after:.0f} of "
                f"{workers}"
            )
        finally:
            client.close()
            server.stop()
    return rows, breakdown_table(med) + "\n\n" + "\n".join(notes)


def table(rows: list[Row]) -> str:
    lines = [
        "| path | Paperwise (median) | floor (median) | ratio | target |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {r.name} | {r.ours} | {r.floor} | {r.ratio} | {r.target} |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--reps", type=int, default=21)
    parser.add_argument("--ocr-reps", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--submits", type=int, default=25, help="per client")
    args = parser.parse_args(argv)
    rows, details = run(args.reps, args.ocr_reps, args.clients, args.submits)
    print(table(rows))
    print()
    print(details)


if __name__ == "__main__":
    main()
