"""Logging for every Paperwise process (``serve``, ``worker``, worker processes, sandboxes).

Log lines must never carry a stack trace (it can hold document text, keys or secrets from the
frames it quotes, and it spreads one event over many lines): by default an exception is logged
as one line, ``... [ValueError at file.py:12 in function: the message, quotes blanked]``.
``PAPERWISE_LOG_TRACEBACKS=1`` brings the full traceback back for debugging on a trusted
machine."""

from __future__ import annotations

import logging
import re
from pathlib import Path

FORMAT = "%(asctime)s %(name)s %(message)s"
# An exception's own message is kept, cut to this many characters and to one line.
MAX_EXCEPTION_MESSAGE = 200
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def describe_exception(exc: BaseException) -> str:
    """``Type at file.py:LINE in function: message`` on one line. The place is the innermost
    frame (where it was raised); in the message, quoted text is blanked (``'…'``: a parser's
    error quotes its input, which may be document text) and it is cut to
    ``MAX_EXCEPTION_MESSAGE`` characters."""
    where = ""
    tb = exc.__traceback__
    if tb is not None:
        while tb.tb_next is not None:
            tb = tb.tb_next
        code = tb.tb_frame.f_code
        where = f" at {Path(code.co_filename).name}:{tb.tb_lineno} in {code.co_name}"
    message = _QUOTED.sub(lambda m: m.group(0)[0] + "…" + m.group(0)[0], str(exc))
    message = " ".join(message.split())
    if len(message) > MAX_EXCEPTION_MESSAGE:
        message = message[: MAX_EXCEPTION_MESSAGE - 1] + "…"
    described = f"{type(exc).__name__}{where}"
    return f"{described}: {message}" if message else described


class OneLineFormatter(logging.Formatter):
    """A formatter that writes an exception as ``[describe_exception(exc)]`` at the end of the
    record's own line and drops stack information, unless ``tracebacks`` is set."""

    def __init__(self, fmt: str = FORMAT, *, tracebacks: bool = False) -> None:
        super().__init__(fmt)
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        if self.tracebacks:
            return super().format(record)
        exc = record.exc_info[1] if record.exc_info else None
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            line = super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved
        if exc is not None:
            line = f"{line} [{describe_exception(exc)}]"
        return " ".join(line.splitlines())


def configure_logging(*, tracebacks: bool = False, level: int = logging.INFO) -> None:
    """One stderr handler on the root logger with ``OneLineFormatter``; replaces any handler
    installed before (a spawned child, ``basicConfig`` by a library)."""
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter(tracebacks=tracebacks))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.getLogger("alembic").setLevel(logging.WARNING)
