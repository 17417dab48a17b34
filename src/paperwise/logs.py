"""Logging for every Paperwise process (``serve``, ``worker``, worker processes, sandboxes).

Log lines must never carry a stack trace (it can hold document text, keys or secrets from the
frames it quotes, and it spreads one event over many lines): by default an exception is logged
as one line, ``... [ValueError: the short message]``. ``PAPERWISE_LOG_TRACEBACKS=1`` brings the
full traceback back for debugging on a trusted machine."""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(name)s %(message)s"
# An exception's own message is kept, cut to this many characters and to one line.
MAX_EXCEPTION_MESSAGE = 200


def describe_exception(exc: BaseException) -> str:
    """``Type: message`` on one line, the message cut to ``MAX_EXCEPTION_MESSAGE`` characters."""
    message = " ".join(str(exc).split())
    if len(message) > MAX_EXCEPTION_MESSAGE:
        message = message[: MAX_EXCEPTION_MESSAGE - 1] + "…"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


class OneLineFormatter(logging.Formatter):
    """A formatter that writes an exception as ``[Type: message]`` on the record's own line and
    drops stack information, unless ``tracebacks`` is set."""

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
