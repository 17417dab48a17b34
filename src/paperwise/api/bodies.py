"""Request bodies: a JSON object with the file in base64, or multipart/form-data with the file as an
upload part. Size limits are enforced before the body is read (Content-Length) and while it is
read (a streaming cap), so an oversized upload never sits whole in memory."""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect

from paperwise.errors import BadRequest, FileTooLarge, ValidationFailed
from paperwise.services.protocol import Submission

MAX_NAME_CHARS = 255
MAX_CUSTOMER_CHARS = 1000
# Room for the other fields, JSON punctuation and multipart headers next to the file.
_BODY_OVERHEAD_BYTES = 1024 * 1024
_WHITESPACE = re.compile(rb"\s+")
_DATA_URL_PREFIX = re.compile(rb"^data:[^,]*;base64,")
# Text no database column takes: NUL, and surrogates (json.loads joins a valid pair into one code
# point, so any surrogate left in a parsed string is unpaired and cannot be encoded as UTF-8).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_PROBLEM = "contains U+0000 or an unpaired surrogate (\\ud800-\\udfff)"


@dataclass(frozen=True)
class BodyLimits:
    """The file size limit and the body size it allows (base64 is 4/3 of the file, plus line
    breaks some encoders add, plus the other fields)."""

    max_file_bytes: int

    @property
    def max_body_bytes(self) -> int:
        return self.max_file_bytes * 4 // 3 * 103 // 100 + _BODY_OVERHEAD_BYTES

    def too_large(self, what: str = "The file") -> FileTooLarge:
        mb = round(self.max_file_bytes / (1024 * 1024), 2)
        return FileTooLarge(
            f"{what} is too large: files are limited to {mb:g} MB ({self.max_file_bytes} bytes).",
            [{"field": "file", "limit_bytes": self.max_file_bytes}],
        )


def _check_content_length(request: Request, max_bytes: int, error: FileTooLarge) -> None:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise error


async def _capped_stream(
    request: Request, max_bytes: int, error: FileTooLarge
) -> AsyncGenerator[bytes, None]:
    """The request body in chunks; raises ``error`` as soon as more than ``max_bytes`` arrived."""
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_bytes:
                raise error
            yield chunk
    except ClientDisconnect as exc:  # nobody is left to answer; not a server error either
        raise BadRequest("The client disconnected before the body was complete.") from exc


async def read_capped_body(request: Request, max_bytes: int, error: FileTooLarge) -> bytes:
    _check_content_length(request, max_bytes, error)
    return b"".join([chunk async for chunk in _capped_stream(request, max_bytes, error)])


def unstorable(text: str) -> bool:
    return _UNSTORABLE.search(text) is not None


def _has_unstorable_text(data: Any) -> bool:
    """Whether a parsed JSON value holds an unstorable string (a key or a value, at any depth)."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if unstorable(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"the number {text[:40]} is out of range")
    return number


def load_json(text: str | bytes) -> Any:
    """Parsed JSON. ValueError with a readable reason for bad syntax or encoding, nesting deeper
    than the parser's recursion limit, an integer of more than 4300 digits (Python's limit), NaN,
    Infinity or a number out of float range, and strings that cannot be stored (``unstorable``)."""
    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError as exc:
        raise ValueError("nested too deeply") from exc
    if _has_unstorable_text(data):
        raise ValueError(f"a string {UNSTORABLE_PROBLEM}")
    return data


def parse_json_object(body: bytes) -> dict[str, Any]:
    """The body as a JSON object; BadRequest when it is not JSON, 422 when not an object."""
    try:
        data = load_json(body)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError included
        raise BadRequest(
            "The request body is not valid JSON.", [{"field": "body", "problem": str(exc)}]
        ) from exc
    if not isinstance(data, dict):
        raise ValidationFailed(
            "The request body must be a JSON object.", [{"field": "body", "problem": "an object"}]
        )
    return data


async def read_json_object(request: Request, max_bytes: int) -> dict[str, Any]:
    """A small JSON object body (document types), capped at ``max_bytes``."""
    error = FileTooLarge(
        f"The request body is larger than the limit of {max_bytes} bytes.",
        [{"field": "body", "limit_bytes": max_bytes}],
    )
    return parse_json_object(await read_capped_body(request, max_bytes, error))


def decode_base64(text: str) -> bytes:
    """Standard or URL-safe base64, with or without padding, line breaks or a data-URL prefix.
    Raises ValueError for anything else."""
    raw = _DATA_URL_PREFIX.sub(b"", _WHITESPACE.sub(b"", text.encode("ascii", "strict")))
    if b"-" in raw or b"_" in raw:
        raw = raw.replace(b"-", b"+").replace(b"_", b"/")
    raw += b"=" * (-len(raw) % 4)
    return base64.b64decode(raw, validate=True)


def build_submission(
    fields: dict[str, Any], file_data: bytes | None, upload_name: str | None, limits: BodyLimits
) -> Submission:
    """Validate the extraction fields into a Submission. ``file_data`` is the already-read upload
    part (multipart); otherwise ``fields["file"]`` is base64. Every problem is reported at once."""
    problems: list[dict[str, Any]] = []
    data = file_data
    if data is None:
        encoded = fields.get("file")
        if not isinstance(encoded, str) or not encoded:
            problems.append({"field": "file", "problem": "required: the document, base64"})
        else:
            try:
                data = decode_base64(encoded)
            except (ValueError, binascii.Error):
                problems.append({"field": "file", "problem": "not valid base64"})
    file_name = fields.get("file_name") or upload_name
    if not isinstance(file_name, str) or not file_name.strip():
        problems.append(
            {"field": "file_name", "problem": "required: a file name, e.g. invoice.pdf"}
        )
    elif len(file_name) > MAX_NAME_CHARS:
        problems.append({"field": "file_name", "problem": f"at most {MAX_NAME_CHARS} characters"})
    type_name = fields.get("document_type_name")
    if not isinstance(type_name, str) or not type_name.strip():
        problems.append({"field": "document_type_name", "problem": "required: a document type"})
    customer = fields.get("customer")
    if customer is not None and not isinstance(customer, str):
        problems.append({"field": "customer", "problem": "a string or null"})
    elif customer is not None and len(customer) > MAX_CUSTOMER_CHARS:
        problems.append(
            {"field": "customer", "problem": f"at most {MAX_CUSTOMER_CHARS} characters"}
        )
    if problems:
        raise ValidationFailed("The extraction request is not valid.", problems)
    assert data is not None and isinstance(file_name, str) and isinstance(type_name, str)
    if len(data) > limits.max_file_bytes:
        raise limits.too_large()
    return Submission(
        data=data,
        file_name=file_name.strip(),
        document_type_name=type_name.strip(),
        customer=customer,
    )


async def _read_multipart_fields(
    request: Request, limits: BodyLimits
) -> tuple[dict[str, Any], bytes | None, str | None]:
    """The form fields, the ``file`` part's bytes and its file name."""
    stream = _capped_stream(request, limits.max_body_bytes, limits.too_large("The request body"))
    parser = MultiPartParser(
        request.headers, stream, max_files=1, max_fields=20, max_part_size=limits.max_body_bytes
    )
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise BadRequest(
            "The multipart body is not valid.", [{"field": "body", "problem": exc.message}]
        ) from exc
    try:
        fields: dict[str, Any] = {}
        file_data: bytes | None = None
        upload_name: str | None = None
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                if name == "file":
                    file_data = await value.read()
                    upload_name = value.filename
            else:
                fields[name] = value
        bad = [name for name, value in fields.items() if unstorable(name) or unstorable(value)]
        if upload_name is not None and unstorable(upload_name):
            bad.append("file")
        if bad:
            raise BadRequest(
                "The multipart body is not valid.",
                [{"field": name, "problem": UNSTORABLE_PROBLEM} for name in bad],
            )
        if file_data is not None and len(file_data) > limits.max_file_bytes:
            raise limits.too_large()
        return fields, file_data, upload_name
    finally:
        await form.close()


async def read_fields(
    request: Request, limits: BodyLimits
) -> tuple[dict[str, Any], bytes | None, str | None]:
    """A request body's fields: a JSON object (the file, if any, still base64 in ``file``), or a
    multipart form (then also the ``file`` part's bytes and file name)."""
    _check_content_length(request, limits.max_body_bytes, limits.too_large("The request body"))
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith("multipart/form-data"):
        return await _read_multipart_fields(request, limits)
    body = await read_capped_body(
        request, limits.max_body_bytes, limits.too_large("The request body")
    )
    return await run_in_threadpool(parse_json_object, body), None, None


async def read_submission(request: Request, limits: BodyLimits) -> Submission:
    """The extraction request of ``request``: multipart when it says so, JSON otherwise."""
    fields, file_data, upload_name = await read_fields(request, limits)
    # base64 decoding of a large file stays off the event loop
    return await run_in_threadpool(build_submission, fields, file_data, upload_name, limits)
