"""The extraction sandbox: a long-lived child process (spawned, so nothing is shared) that reads
a document and runs the extraction pipeline on it (with the account's lessons) or, for training,
learns from its corrections, one request at a time. The parent kills it at the hard time limit,
or when the job is no longer wanted, and starts a fresh one for the next request. A crash of the
child (segfault, out of memory) never takes the parent down."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from paperwise.domain.document_types import DocumentTypeDict
from paperwise.domain.result import ExtractionResult
from paperwise.errors import ErrorBody, ExtractionFailed, ExtractionTimeout, PaperwiseError
from paperwise.learning.corrections import Corrections
from paperwise.learning.lessons import Learned, Lesson
from paperwise.logs import configure_logging
from paperwise.reading.model import ReadLimits

log = logging.getLogger(__name__)
STARTUP_TIMEOUT = 120.0
_POLL_SECONDS = 0.2
SINGLE_THREAD_ENV = {"PAPERWISE_OCR_THREADS": "1", "OMP_THREAD_LIMIT": "1", "OMP_NUM_THREADS": "1"}


@dataclass(frozen=True)
class SandboxRequest:
    data: bytes
    document_type: DocumentTypeDict
    limits: ReadLimits
    # The account's lessons for the document type (JSON, most recent first), applied after
    # zero-shot extraction.
    lessons: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class LearnRequest:
    """Read a document and learn from its corrections (``paperwise.learning``)."""

    data: bytes
    document_type: DocumentTypeDict
    limits: ReadLimits
    corrections: Corrections


@dataclass(frozen=True)
class Extracted:
    result: ExtractionResult
    text: str


@dataclass(frozen=True)
class Failed:
    """The document could not be extracted; ``error`` is the standard error body."""

    error: ErrorBody


@dataclass(frozen=True)
class Crashed:
    """The child died without an answer: the job may be tried again."""


@dataclass(frozen=True)
class Interrupted:
    """The caller stopped waiting (job cancelled or worker stopping); the child was killed."""


SandboxOutcome = Extracted | Learned | Failed | Crashed | Interrupted


def _answer(request: SandboxRequest | LearnRequest) -> SandboxOutcome:
    from paperwise.extraction.pipeline import extract_document, learn_document
    from paperwise.reading.reader import read_document
    from paperwise.storage.document_types_repo import doctype_from_json

    doctype = doctype_from_json(request.document_type)
    doc = read_document(request.data, request.limits)
    if isinstance(request, LearnRequest):
        return learn_document(doc, doctype, request.corrections)
    result = extract_document(doc, doctype, _lessons(request.lessons))
    return Extracted(result=result, text=doc.text)


def _lessons(stored: tuple[dict[str, Any], ...]) -> list[Lesson] | None:
    """The stored lessons; None when there are none or one cannot be read (a lesson it cannot
    use must not cost the extraction: the zero-shot result stands)."""
    try:
        return [Lesson.from_json(raw) for raw in stored] or None
    except Exception:
        log.exception("reading lessons failed; the zero-shot result stands")
        return None


def _child_main(conn: Connection) -> None:
    """The child: warm up the engine, then answer requests until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # a spawned child starts with no logging set up: one line per event, as in its parent
    tracebacks = os.environ.get("PAPERWISE_LOG_TRACEBACKS", "").lower() in {"1", "true", "yes"}
    configure_logging(tracebacks=tracebacks)
    import paperwise.extraction.pipeline  # noqa: F401  (warm up before answering "ready")

    try:
        conn.send("ready")
    except OSError:  # the worker that started it is gone (stopped or killed): nobody to answer
        return
    while True:
        try:
            request: SandboxRequest | LearnRequest = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = _answer(request)
        except PaperwiseError as exc:
            answer = Failed(error=exc.to_body())
        except Exception:
            log.exception("extraction failed unexpectedly")
            answer = Failed(error=ExtractionFailed().to_body())
        try:
            conn.send(answer)
        except OSError:
            return


class Sandbox:
    """One child process, started on first use and restarted after a kill or a crash."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self._env = env or {}
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None

    def _ensure_started(self) -> Connection:
        if self._conn is not None and self._process is not None and self._process.is_alive():
            return self._conn
        self.close()
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        saved = {key: os.environ.get(key) for key in self._env}
        os.environ.update(self._env)  # a spawned child inherits the environment at start
        try:
            process = ctx.Process(target=_child_main, args=(child,), daemon=True)
            process.start()
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        child.close()
        self._process, self._conn = process, parent
        if not parent.poll(STARTUP_TIMEOUT) or parent.recv() != "ready":
            self.close()
            raise ExtractionFailed("The extraction process did not start.")
        return parent

    def run(
        self,
        request: SandboxRequest | LearnRequest,
        timeout: float,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> SandboxOutcome:
        """Run one request; kill the child at ``timeout`` seconds (-> Failed with
        EXTRACTION_TIMEOUT) or as soon as ``should_stop()`` is true (-> Interrupted)."""
        try:
            conn = self._ensure_started()
            conn.send(request)
        except (EOFError, OSError, ExtractionFailed):
            self.close()
            return Crashed()
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                if conn.poll(min(_POLL_SECONDS, remaining)):
                    answer: SandboxOutcome = conn.recv()
                    return answer
            except (EOFError, OSError):
                self.close()
                return Crashed()
            if should_stop():
                self.close()
                return Interrupted()
        self.close()
        return Failed(
            error=ExtractionTimeout(
                f"The extraction took longer than {timeout:g} seconds."
            ).to_body()
        )

    def close(self) -> None:
        """Stop the child now (killed: it may be in the middle of a request)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(5)
            self._process = None
