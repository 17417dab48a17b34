"""The corpus run (``make corpus``): every document we have, through the async API of a real
``paperwise serve``.

Every PDF and image of ``../shared/data`` (sroie, zugferd, einvoice), every document of the two
generators (synthetic and fresh, born-digital and scanned) and two broken files (a corrupt PDF
and an empty file) are submitted to ``extract-data-async`` of a server started here on a free
loopback port, with a temporary data dir and N workers; each extraction is polled with
``get-extraction-data`` until it ends or the overall deadline passes. It prints the documents,
the results by status, the errors by code, the HTTP 5xx answers seen, the hung jobs (not
finished by the deadline) and the slowest pages, and exits 1 when a 5xx was seen, a job hung or
a broken file did not end ``ERROR`` with the standard error.

    python -m bench.corpus [--sample N] [--workers N] [--timeout S] [--details FILE.jsonl]

Seconds are the server's own (a job's ``started_at`` to ``finished_at`` in the run's database),
so they do not include the time a job waited in the queue.
"""

from __future__ import annotations

import argparse
import io
import json
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pypdfium2
import pypdfium2.raw as pdfium_c
from PIL import Image

from bench.api_client import Api
from bench.datasets import data_dir, load_set, read_manifest
from bench.server_process import Server

SHARED_SETS = {"sroie": "receipt", "zugferd": "invoice", "einvoice": "invoice"}
GENERATED_SETS = ("synthetic", "synthetic-scanned", "fresh", "fresh-scanned")
BROKEN = "broken"
SET_ORDER = (*SHARED_SETS, *GENERATED_SETS, BROKEN)
SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".bmp"}
# What a broken file must end as: ERROR with one of these codes, in the standard error shape.
BROKEN_CODES = {"INVALID_FILE", "EMPTY_DOCUMENT"}
# A PDF header, the start of a catalog, then noise: no readable PDF.
CORRUPT_PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R" + bytes(range(256)) * 4


@dataclass(frozen=True)
class Document:
    set_name: str
    name: str  # "set/path inside the set", unique
    document_type: str
    path: Path | None = None
    content: bytes | None = None  # the broken files, made here
    multipart: bool = False  # sent as a multipart upload rather than base64 in JSON

    def read(self) -> bytes:
        if self.content is not None:
            return self.content
        assert self.path is not None
        return self.path.read_bytes()

    @property
    def needs_ocr(self) -> bool:
        return self.path is not None and self.path.suffix.lower() != ".pdf"


def shared_documents(set_name: str, default_type: str) -> list[Document]:
    """Every PDF and image under the shared set's folder; the manifest gives its type."""
    folder = data_dir() / set_name
    types = {f.name: str(f.label.get("document_type", default_type)) for f in read_manifest(folder)}
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    return [
        Document(
            set_name,
            f"{set_name}/{p.relative_to(folder).as_posix()}",
            types.get(p.relative_to(folder).as_posix(), default_type),
            path=p,
        )
        for p in paths
    ]


def broken_documents() -> list[Document]:
    """A corrupt PDF, and an empty file. The empty one goes as a multipart upload of 0 bytes: in
    a JSON body ``"file": ""`` is no file at all (422 ``VALIDATION_ERROR`` at once)."""
    return [
        Document(BROKEN, f"{BROKEN}/corrupt.pdf", "invoice", content=CORRUPT_PDF),
        Document(BROKEN, f"{BROKEN}/empty.pdf", "invoice", content=b"", multipart=True),
    ]


def collect_documents() -> list[Document]:
    """The whole corpus, in a fixed order (generating the synthetic and fresh sets if missing)."""
    documents: list[Document] = []
    for set_name, default_type in SHARED_SETS.items():
        documents += shared_documents(set_name, default_type)
    for set_name in GENERATED_SETS:
        documents += [
            Document(set_name, f"{set_name}/{f.name}", str(f.label["document_type"]), path=f.path)
            for f in load_set(set_name)
        ]
    return documents + broken_documents()


def prints_emoji(document: Document) -> bool:
    """Whether a PDF's text layer holds a character beyond the BMP (pdfium gives its UTF-16
    halves), as the letterheads of some French Factur-X samples do."""
    if document.path is None or document.path.suffix.lower() != ".pdf":
        return False
    pdf = pypdfium2.PdfDocument(document.read())
    try:
        for page in pdf:
            text = page.get_textpage()
            if any(
                0xD800 <= pdfium_c.FPDFText_GetUnicode(text, i) <= 0xDFFF
                for i in range(text.count_chars())
            ):
                return True
        return False
    finally:
        pdf.close()


def sample(documents: Sequence[Document], size: int) -> list[Document]:
    """A small deterministic sample of ``size`` documents: the broken files, the zugferd PDFs
    that print an emoji, then one of each set in turn (spread evenly over each set), so every
    set and its scans needing OCR are in."""
    chosen = [d for d in documents if d.set_name == BROKEN]
    chosen += [d for d in documents if d.set_name == "zugferd" and prints_emoji(d)]
    by_set = {s: [d for d in documents if d.set_name == s and d not in chosen] for s in SET_ORDER}
    want = {s: 0 for s in by_set}
    while len(chosen) + sum(want.values()) < size:
        grew = False
        for s, files in by_set.items():
            if len(chosen) + sum(want.values()) < size and want[s] < len(files):
                want[s] += 1
                grew = True
        if not grew:
            break
    for s, files in by_set.items():
        k = want[s]
        chosen += [files[i * len(files) // k] for i in range(k)]
    order = {d.name: i for i, d in enumerate(documents)}
    return sorted(chosen[: max(size, 0)], key=lambda d: order[d.name])


def page_count(data: bytes) -> int:
    """Pages of a PDF or frames of an image; 0 when it cannot be opened."""
    try:
        if data.startswith(b"%PDF"):
            pdf = pypdfium2.PdfDocument(data)
            try:
                return len(pdf)
            finally:
                pdf.close()
        with Image.open(io.BytesIO(data)) as image:
            return int(getattr(image, "n_frames", 1))
    except Exception:
        return 0


@dataclass
class Outcome:
    document: Document
    pages: int
    submit_status: int = 0  # HTTP status of the submission, 0 = no answer
    extraction_id: str | None = None
    status: str = "NOT_SUBMITTED"  # SUCCESS, ERROR, EXPIRED, IN_PROGRESS (hung), REFUSED, ...
    error: dict[str, Any] = field(default_factory=dict)
    seconds: float | None = None  # the server's started_at → finished_at

    @property
    def code(self) -> str | None:
        code = self.error.get("code")
        return str(code) if code is not None else None

    @property
    def standard_error(self) -> bool:
        return (
            isinstance(self.error.get("code"), str)
            and isinstance(self.error.get("message"), str)
            and isinstance(self.error.get("details"), list)
        )

    @property
    def broken_ok(self) -> bool:
        """A broken file must end ERROR with a standard error of an input code."""
        return self.status == "ERROR" and self.standard_error and self.code in BROKEN_CODES


@dataclass
class CorpusReport:
    outcomes: list[Outcome]
    workers: int
    wall_seconds: float
    http_5xx: list[str]  # "METHOD route status" of each 5xx answer
    no_answer: list[str]  # "METHOD route" of each request the server never answered

    @property
    def hung(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "IN_PROGRESS"]

    @property
    def broken_failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.document.set_name == BROKEN and not o.broken_ok]

    @property
    def malformed_errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "ERROR" and not o.standard_error]

    @property
    def ok(self) -> bool:
        return not (
            self.http_5xx
            or self.no_answer
            or self.hung
            or self.broken_failed
            or self.malformed_errors
        )

    def by_status(self) -> Counter[str]:
        return Counter(o.status for o in self.outcomes)

    def errors_by_code(self) -> Counter[str]:
        return Counter(o.code or "?" for o in self.outcomes if o.error)

    def slowest(self, count: int = 10) -> list[Outcome]:
        timed = [o for o in self.outcomes if o.seconds is not None]
        return sorted(timed, key=lambda o: -(o.seconds or 0.0) / max(o.pages, 1))[:count]

    def render(self) -> str:
        sets = Counter(o.document.set_name for o in self.outcomes)
        ocr = sum(o.document.needs_ocr for o in self.outcomes)
        lines = [
            f"documents: {len(self.outcomes)} "
            f"({', '.join(f'{s} {n}' for s, n in sets.items())}; {ocr} images read by OCR), "
            f"{sum(o.pages for o in self.outcomes)} pages, {self.workers} workers, "
            f"{self.wall_seconds:.0f} s",
            "results by status: " + _counts(self.by_status()),
            "errors by code: " + (_counts(self.errors_by_code()) or "none"),
        ]
        for o in self.outcomes:
            if o.error:
                lines.append(f"  {o.document.name}: {o.status} {o.code} {o.error.get('message')}")
        lines += [
            f"HTTP 5xx seen: {len(self.http_5xx)}"
            + (f" ({_counts(Counter(self.http_5xx))})" if self.http_5xx else ""),
            f"requests without an answer: {len(self.no_answer)}"
            + (f" ({_counts(Counter(self.no_answer))})" if self.no_answer else ""),
            f"hung jobs (not finished by the deadline): {len(self.hung)}",
            *(f"  {o.document.name} {o.extraction_id}" for o in self.hung),
            f"broken files not ending ERROR with the standard error: {len(self.broken_failed)}",
            *(f"  {o.document.name}: {o.status} {o.error}" for o in self.broken_failed),
            f"errors not in the standard shape: {len(self.malformed_errors)}",
            "slowest pages (file, pages, seconds, s/page):",
        ]
        for o in self.slowest():
            seconds = o.seconds or 0.0
            lines.append(
                f"  {o.document.name}  {o.pages}  {seconds:.1f}  {seconds / max(o.pages, 1):.1f}"
            )
        return "\n".join(lines)

    def details(self) -> list[dict[str, Any]]:
        return [
            {
                "file": o.document.name,
                "document_type": o.document.document_type,
                "pages": o.pages,
                "submit_status": o.submit_status,
                "extraction_id": o.extraction_id,
                "status": o.status,
                "error": o.error,
                "seconds": o.seconds,
            }
            for o in self.outcomes
        ]


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {n}" for key, n in counter.most_common())


class _Client:
    """The e2e client, counting every 5xx answer and waiting out a 429."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.http_5xx: list[str] = []
        self.no_answer: list[str] = []

    def _call(self, label: str, send: Callable[[], httpx.Response]) -> httpx.Response | None:
        for _ in range(20):
            try:
                response = send()
            except httpx.TransportError:
                self.no_answer.append(label)
                return None
            if response.status_code >= 500:
                self.http_5xx.append(f"{label} {response.status_code}")
            if response.status_code != 429:
                return response
            time.sleep(float(response.headers.get("Retry-After", "1")))
        return response

    def submit(self, document: Document, data: bytes) -> httpx.Response | None:
        name, doctype = Path(document.name).name, document.document_type
        if document.multipart:
            return self._call(
                "POST extract-data-async",
                lambda: self.api.http.post(
                    "/api/extract-data-async",
                    files={"file": (name, data)},
                    data={"document_type_name": doctype},
                ),
            )
        return self._call(
            "POST extract-data-async",
            lambda: self.api.submit(data, file_name=name, document_type_name=doctype),
        )

    def poll(self, extraction_id: str) -> httpx.Response | None:
        return self._call("GET get-extraction-data", lambda: self.api.poll(extraction_id))

    def awaiting_poll(self) -> list[str]:
        response = self._call("GET awaiting-poll", lambda: self.api.http.get("/api/awaiting-poll"))
        if response is None or response.status_code != 200:
            return []
        return [str(i) for i in response.json().get("extraction_ids", [])]


def _finish(outcome: Outcome, response: httpx.Response | None) -> None:
    """Record a poll answer; the outcome stays IN_PROGRESS unless the extraction ended."""
    if response is None or response.status_code != 200:
        return
    answer = response.json()
    outcome.status = str(answer.get("status"))
    outcome.error = answer.get("error") or {}


def _server_seconds(database: Path, outcomes: Sequence[Outcome]) -> None:
    """Each finished job's started_at → finished_at, from the run's own SQLite database."""
    if not database.exists():
        return
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT id, finished_at - started_at FROM extractions"
            " WHERE started_at IS NOT NULL AND finished_at IS NOT NULL"
        ).fetchall()
    seconds = {str(i): float(s) for i, s in rows}
    for o in outcomes:
        if o.extraction_id in seconds:
            o.seconds = seconds[o.extraction_id]


def run_corpus(
    documents: Sequence[Document],
    workers: int = 2,
    timeout: float = 3600.0,
    progress: Callable[[str], None] | None = None,
) -> CorpusReport:
    """Start a server, submit every document, poll each until it ends (or until ``timeout``
    seconds after the first submission, or the server's exit), stop the server."""
    say = progress or (lambda _: None)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="paperwise-corpus-") as tmp:
        data = Path(tmp)
        # No rate limit: the run polls hundreds of jobs under one key.
        server = Server(data, workers=workers, rate_limit_per_minute="0")
        server.start()
        try:
            key = server.add_accounts("corpus")["corpus"]
            api = Api(server.url, key)
            client = _Client(api)
            try:
                outcomes = _submit_and_wait(client, documents, timeout, server.running, say)
            finally:
                api.close()
        finally:
            server.stop()
        _server_seconds(data / "paperwise.db", outcomes)
        return CorpusReport(
            outcomes, workers, time.monotonic() - start, client.http_5xx, client.no_answer
        )


def _submit_and_wait(
    client: _Client,
    documents: Sequence[Document],
    timeout: float,
    alive: Callable[[], bool],
    say: Callable[[str], None],
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    pending: dict[str, Outcome] = {}
    deadline = time.monotonic() + timeout
    for document in documents:
        data = document.read()
        outcome = Outcome(document, page_count(data))
        outcomes.append(outcome)
        response = client.submit(document, data)
        if response is None:
            outcome.status = "NO_ANSWER"
            continue
        outcome.submit_status = response.status_code
        if response.status_code == 202:
            outcome.extraction_id = str(response.json()["extraction_id"])
            outcome.status = "IN_PROGRESS"
            pending[outcome.extraction_id] = outcome
        else:  # refused at once (415, 413, ...): the answer is the error
            outcome.status = "REFUSED"
            try:
                body = response.json()
            except ValueError:
                body = {"code": None, "message": response.text[:200]}
            outcome.error = body if isinstance(body, dict) else {}
    say(f"submitted {len(pending)} of {len(documents)}")
    last_sweep = time.monotonic()
    while pending and time.monotonic() < deadline and alive():
        # The finished ones, cheaply; every 30 s each pending one directly, in case a finished
        # extraction is missing from awaiting-poll.
        ids = [i for i in client.awaiting_poll() if i in pending]
        if time.monotonic() - last_sweep > 30:
            ids, last_sweep = list(pending), time.monotonic()
        for extraction_id in ids:
            outcome = pending[extraction_id]
            _finish(outcome, client.poll(extraction_id))
            if outcome.status != "IN_PROGRESS":
                del pending[extraction_id]
        if ids:
            say(f"finished {len(outcomes) - len(pending)} of {len(outcomes)}")
        time.sleep(0.5)
    for extraction_id, outcome in list(pending.items()):  # one last look at the deadline
        _finish(outcome, client.poll(extraction_id))
    return outcomes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__)
    parser.add_argument("--sample", type=int, default=0, help="a deterministic sample of N")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the server")
    parser.add_argument("--timeout", type=float, default=3600.0, help="overall deadline, seconds")
    parser.add_argument("--details", type=Path, help="write one JSON line per document here")
    args = parser.parse_args(argv)
    documents = collect_documents()
    if args.sample:
        documents = sample(documents, args.sample)
    report = run_corpus(
        documents,
        args.workers,
        args.timeout,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print(report.render())
    if args.details:
        args.details.write_text(
            "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in report.details())
        )
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
