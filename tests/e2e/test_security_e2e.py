"""Security over real HTTP, against one ``paperwise serve`` of its own whose whole log is read:

- account isolation on every route of the OpenAPI document: another account's id or name answers
  exactly (status and whole body) as one that never existed, a list holds nothing of another
  account, and the routes that hold no account's data say why;
- an upload over ``PAPERWISE_MAX_FILE_MB`` is refused while the body streams in (chunked), and a
  declared Content-Length over the limit before any of it is read;
- no API key, webhook secret, document text or stack trace in the server's log, nor a key, secret
  or stack trace in any answer but the one that hands a secret out.
"""

from __future__ import annotations

import base64
import io
import json
import secrets
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import httpx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from .api_client import Api
from .documents import invoice_pdf
from .server_process import Server, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# A word printed on the documents of this module: it must never reach the server's log.
MARKER = "Quokkafrobnicate"
MAX_FILE_MB = "0.05"  # 52428 bytes; the JSON body limit is about 1.07 MB with its overhead


class Seen:
    """Every answer the server gave in this module ("METHOD url", status, body text)."""

    def __init__(self) -> None:
        self.answers: list[tuple[str, int, str]] = []

    def hook(self, response: httpx.Response) -> None:
        response.read()
        self.answers.append((_asked(response), response.status_code, response.text))


def _asked(response: httpx.Response) -> str:
    return f"{response.request.method} {response.request.url.path}"


@pytest.fixture(scope="module")
def seen() -> Seen:
    return Seen()


@pytest.fixture(scope="module")
def secure_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = Server(
        tmp_path_factory.mktemp("paperwise-security"),
        webhook_allow_private="1",
        webhook_backoff="0,3600",  # one failed attempt, then pending for an hour
        webhook_timeout="2",
        max_file_mb=MAX_FILE_MB,
    )
    server.start().add_accounts("erin", "frank")
    yield server
    server.stop()


def _client(server: Server, account: str, seen: Seen) -> Iterator[Api]:
    api = Api(server.url, server.keys[account])
    api.http.event_hooks["response"].append(seen.hook)
    yield api
    api.close()


@pytest.fixture(scope="module")
def erin(secure_server: Server, seen: Seen) -> Iterator[Api]:
    yield from _client(secure_server, "erin", seen)


@pytest.fixture(scope="module")
def frank(secure_server: Server, seen: Seen) -> Iterator[Api]:
    yield from _client(secure_server, "frank", seen)


def marked_pdf(number: str) -> bytes:
    """An invoice with a line of free text holding MARKER."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for y, text in [
        (780, "Wombat Supplies Ltd"),
        (700, "INVOICE"),
        (670, f"Invoice number: {number}"),
        (652, "Invoice date: 2025-03-14"),
        (600, f"Memo: please {MARKER} the widgets before delivery"),
        (434, "Total: 119.00 EUR"),
    ]:
        pdf.drawString(72, y, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


ERINS_SUPPLIER = "Erins Isolated Supplies GmbH"
CUSTOM_TYPE = {
    "name": "erins-order",
    "fields": [
        {"name": "vendor", "data_type": "AUTHOR"},
        {"name": "number", "data_type": "STRING", "hint": "invoice_number"},
    ],
    "line_item_fields": [],
    "vat_rates": False,
}


def _json(response: httpx.Response) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def _wait(check: Callable[[], Any], timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


@pytest.fixture(scope="module")
def erins_things(erin: Api, secure_server: Server) -> dict[str, str]:
    """What erin owns: a finished extraction (and its object_id), a document type, a webhook,
    a delivery, a customer tag, an idempotency key."""
    _json(erin.http.post("/api/document-types", json=CUSTOM_TYPE))
    closed = f"http://127.0.0.1:{free_port()}/hook"  # nobody listens: the delivery fails
    webhook = _json(erin.http.post("/api/webhooks", json={"url": closed}))
    extraction_id = erin.submit_id(
        marked_pdf("ISO-1"), customer="erins-customer", headers={"Idempotency-Key": "erin-1"}
    )
    answer = erin.wait(extraction_id)
    assert answer["status"] == "SUCCESS", answer
    deliveries = _wait(
        lambda: _json(
            erin.http.get("/api/webhook-deliveries", params={"extraction_id": extraction_id})
        )["deliveries"]
    )
    assert deliveries, "no delivery was recorded"
    taught = Api.body(invoice_pdf("ISO-2"), "taught.pdf")
    taught["learning_fields"] = [{"name": "supplier_name", "value": ERINS_SUPPLIER}]
    _json(erin.http.post("/api/add-document", json=taught))
    [training] = _json(
        erin.http.get("/api/training-documents", params={"supplier": ERINS_SUPPLIER})
    )["training_documents"]
    return {
        "extraction_id": extraction_id,
        "object_id": answer["result"]["object_id"],
        "type_name": CUSTOM_TYPE["name"],
        "webhook_id": webhook["id"],
        "delivery_id": deliveries[0]["id"],
        "customer": "erins-customer",
        "training_document_id": training["id"],
        "supplier": training["supplier"],
    }


def _never(real: str) -> str:
    """An id of the same shape as ``real`` that was never issued."""
    tail = secrets.token_hex(4)
    return real[: -len(tail)] + tail if len(real) > len(tail) else "never-" + tail


Request = Callable[[Api, str], httpx.Response]
FEEDBACK = {"learning_fields": [{"name": "invoice_number", "value": "X-1"}]}


class Row(NamedTuple):
    name: str
    covers: str  # "METHOD /api/path" as the OpenAPI document names the route
    thing: str  # which of erin's things frank names
    request: Request


def _extract_as(type_name: str, route: str) -> Request:
    return lambda api, _: api.http.post(
        route, json=Api.body(invoice_pdf(), document_type_name=type_name)
    )


def _training(method: str, **params: str) -> Request:
    """A training-documents request naming the thing in ``params`` (the value ``{}``)."""
    return lambda api, value: api.http.request(
        method,
        "/api/training-documents",
        params={k: v.format(value) for k, v in params.items()},
    )


# What frank asks with each of erin's ids and names
ROUTES: list[Row] = [
    Row(
        "get-extraction-data",
        "GET /api/get-extraction-data",
        "extraction_id",
        lambda api, id_: api.poll(id_),
    ),
    Row(
        "v1 get-extraction-data",
        "GET /api/get-extraction-data",
        "extraction_id",
        lambda api, id_: api.http.get("/api/v1/get-extraction-data", params={"extraction_id": id_}),
    ),
    Row(
        "DELETE extractions/{id}",
        "DELETE /api/extractions/{extraction_id}",
        "extraction_id",
        lambda a, i: a.http.delete(f"/api/extractions/{i}"),
    ),
    Row(
        "add-document-feedback",
        "POST /api/add-document-feedback",
        "object_id",
        lambda api, id_: api.http.post(
            "/api/add-document-feedback",
            json={"document_type_name": "invoice", "document_object_id": id_, **FEEDBACK},
        ),
    ),
    Row(
        "GET document-types/{name}",
        "GET /api/document-types/{name}",
        "type_name",
        lambda a, n: a.http.get(f"/api/document-types/{n}"),
    ),
    Row(
        "PUT document-types/{name}",
        "PUT /api/document-types/{name}",
        "type_name",
        lambda api, name: api.http.put(
            f"/api/document-types/{name}", json={**CUSTOM_TYPE, "name": name}
        ),
    ),
    Row(
        "DELETE document-types/{name}",
        "DELETE /api/document-types/{name}",
        "type_name",
        lambda api, name: api.http.delete(f"/api/document-types/{name}"),
    ),
    Row(
        "extract-data with a type",
        "POST /api/extract-data",
        "type_name",
        lambda a, n: _extract_as(n, "/api/extract-data")(a, n),
    ),
    Row(
        "extract-data-async with a type",
        "POST /api/extract-data-async",
        "type_name",
        lambda a, n: _extract_as(n, "/api/extract-data-async")(a, n),
    ),
    Row(
        "add-document with a type",
        "POST /api/add-document",
        "type_name",
        lambda api, name: api.http.post(
            "/api/add-document",
            json={**Api.body(invoice_pdf(), document_type_name=name), **FEEDBACK},
        ),
    ),
    Row(
        "add-document-feedback with a type",
        "POST /api/add-document-feedback",
        "type_name",
        lambda api, name: api.http.post(
            "/api/add-document-feedback",
            json={"document_type_name": name, "document_object_id": "0" * 40, **FEEDBACK},
        ),
    ),
    Row(
        "POST webhooks for a type",
        "POST /api/webhooks",
        "type_name",
        lambda api, name: api.http.post(
            "/api/webhooks",
            json={"url": "http://127.0.0.1:9/x", "document_type_name": name},
        ),
    ),
    Row(
        "DELETE webhooks/{id}",
        "DELETE /api/webhooks/{webhook_id}",
        "webhook_id",
        lambda a, i: a.http.delete(f"/api/webhooks/{i}"),
    ),
    Row(
        "POST webhooks/{id}/rotate-secret",
        "POST /api/webhooks/{webhook_id}/rotate-secret",
        "webhook_id",
        lambda api, id_: api.http.post(f"/api/webhooks/{id_}/rotate-secret"),
    ),
    Row(
        "webhook-deliveries?extraction_id",
        "GET /api/webhook-deliveries",
        "extraction_id",
        lambda api, id_: api.http.get("/api/webhook-deliveries", params={"extraction_id": id_}),
    ),
    Row(
        "webhook-deliveries?webhook_id",
        "GET /api/webhook-deliveries",
        "webhook_id",
        lambda api, id_: api.http.get("/api/webhook-deliveries", params={"webhook_id": id_}),
    ),
    Row(
        "webhook-deliveries/{id}/replay",
        "POST /api/webhook-deliveries/{delivery_id}/replay",
        "delivery_id",
        lambda api, id_: api.http.post(f"/api/webhook-deliveries/{id_}/replay"),
    ),
    Row(
        "awaiting-poll?customer",
        "GET /api/awaiting-poll",
        "customer",
        lambda api, customer: api.http.get("/api/awaiting-poll", params={"customer": customer}),
    ),
    Row(
        "GET training-documents?supplier",
        "GET /api/training-documents",
        "supplier",
        _training("GET", document_type_name="invoice", supplier="{}"),
    ),
    Row(
        "GET training-documents?document_type_name",
        "GET /api/training-documents",
        "type_name",
        _training("GET", document_type_name="{}"),
    ),
    Row(
        "DELETE training-documents?supplier",
        "DELETE /api/training-documents",
        "supplier",
        _training("DELETE", document_type_name="invoice", supplier="{}"),
    ),
    Row(
        "DELETE training-documents?document_type_name",
        "DELETE /api/training-documents",
        "type_name",
        _training("DELETE", document_type_name="{}"),
    ),
    Row(
        "DELETE training-documents/{id}",
        "DELETE /api/training-documents/{training_document_id}",
        "training_document_id",
        lambda api, id_: api.http.delete(f"/api/training-documents/{id_}"),
    ),
]

# The routes that name no id or name: what frank lists holds nothing of erin's
# (test_lists_hold_nothing_of_another_account), or the route holds no account's data at all.
LISTS = {
    "GET /api/document-types": "/api/document-types",
    "GET /api/webhooks": "/api/webhooks",
    "GET /api/webhook-deliveries": "/api/webhook-deliveries",
    "GET /api/awaiting-poll": "/api/awaiting-poll",
    "GET /api/training-documents": "/api/training-documents",
}
NO_ACCOUNT_DATA = {
    "POST /api/document-types": "a name is per account: test_a_name_another_account_uses_is_free",
    "POST /api/render-pages": "renders the file in its own body, reads nothing stored",
    "POST /api/start-training": "no id; the same answer for every account",
    "GET /health": "no key, no data",
    "GET /ready": "no key, no data",
    "GET /metrics": "no key; counts over the whole service, no account label",
}


def _comparable(response: httpx.Response, id_: str) -> tuple[int, str]:
    """Status and body with the id the request named (if echoed) replaced by a placeholder."""
    return response.status_code, json.dumps(response.json(), sort_keys=True).replace(id_, "<ID>")


@pytest.mark.parametrize("row", ROUTES, ids=[r.name for r in ROUTES])
def test_another_accounts_id_answers_like_one_that_never_existed(
    erin: Api, frank: Api, erins_things: dict[str, str], row: Row
) -> None:
    real = erins_things[row.thing]
    never = _never(real)
    foreign, missing = row.request(frank, real), row.request(frank, never)
    assert _comparable(foreign, real) == _comparable(missing, never), row.name
    # and the answer is the contract's 404, or (a filter of a list) nothing found
    if foreign.status_code == 404:
        assert foreign.json()["code"] in ("NOT_FOUND", "DOCUMENT_TYPE_NOT_FOUND"), row.name
    else:
        assert foreign.status_code == 200, (row.name, foreign.text)
        assert all(v in ([], 0) for v in foreign.json().values()), (row.name, foreign.text)


def test_lists_hold_nothing_of_another_account(frank: Api, erins_things: dict[str, str]) -> None:
    for path in LISTS.values():
        answer = frank.http.get(path)
        assert answer.status_code == 200, (path, answer.text)
        assert not [v for v in erins_things.values() if v in answer.text], (path, answer.text)


def test_every_route_is_checked_for_isolation(secure_server: Server) -> None:
    """A new route must be added to the table, to LISTS or to NO_ACCOUNT_DATA (with why)."""
    schema = httpx.get(f"{secure_server.url}/openapi.json").json()
    routes = {f"{m.upper()} {path}" for path, ops in schema["paths"].items() for m in ops}
    checked = {r.covers for r in ROUTES} | set(LISTS) | set(NO_ACCOUNT_DATA)
    assert routes - checked == set()
    assert checked - routes == set()  # nothing stale


def test_frank_changed_nothing_of_erins(erin: Api, erins_things: dict[str, str]) -> None:
    """Runs after the table: frank's DELETE, PUT, rotate and replay with erin's ids did nothing."""
    answer = _json(erin.poll(erins_things["extraction_id"]))
    assert answer["status"] == "SUCCESS"
    assert (
        _json(erin.http.get(f"/api/document-types/{erins_things['type_name']}"))["fields"]
        == CUSTOM_TYPE["fields"]
    )
    hooks = _json(erin.http.get("/api/webhooks"))["webhooks"]
    assert [h["id"] for h in hooks] == [erins_things["webhook_id"]]
    taught = _json(erin.http.get("/api/training-documents"))["training_documents"]
    assert [t["id"] for t in taught] == [erins_things["training_document_id"]]


def test_a_name_another_account_uses_is_free(
    erin: Api, frank: Api, erins_things: dict[str, str]
) -> None:
    """frank may create a type named like erin's (names are per account); erin's is untouched."""
    created = frank.http.post("/api/document-types", json={**CUSTOM_TYPE, "vat_rates": True})
    assert created.status_code == 201, created.text
    try:
        mine = _json(erin.http.get(f"/api/document-types/{erins_things['type_name']}"))
        assert mine["vat_rates"] is False
    finally:
        frank.http.delete(f"/api/document-types/{CUSTOM_TYPE['name']}")


def test_an_idempotency_key_is_per_account(erin: Api, frank: Api) -> None:
    data = invoice_pdf("IDEM-1")
    headers = {"Idempotency-Key": f"shared-{uuid.uuid4().hex}"}
    first = erin.submit(data, headers=headers)
    second = frank.submit(data, headers=headers)
    assert first.status_code == second.status_code == 202, second.text
    assert first.json()["extraction_id"] != second.json()["extraction_id"]
    assert frank.poll(first.json()["extraction_id"]).status_code == 404


# --- the browser's view: no CORS, a strict review page ------------------------------------------


def test_cors_is_off_and_the_review_page_sends_strict_headers(secure_server: Server) -> None:
    """Over real HTTP (the unit tests check the same through the ASGI app): no route allows
    another origin, not even in answer to a preflight, and the review page forbids framing,
    sniffing, referrers and any script or style not its own."""
    origin = {"Origin": "https://elsewhere.example"}
    key = {"Authorization": f"Token {secure_server.keys['erin']}"}
    for path in ("/api/document-types", "/api/v1/awaiting-poll", "/review", "/health"):
        answer = httpx.get(f"{secure_server.url}{path}", headers={**origin, **key})
        preflight = httpx.options(
            f"{secure_server.url}{path}",
            headers={**origin, "Access-Control-Request-Method": "POST"},
        )
        for response in (answer, preflight):
            allowed = [h for h in response.headers if h.lower().startswith("access-control-")]
            assert not allowed, (path, response.status_code, allowed)
    page = httpx.get(f"{secure_server.url}/review")
    assert page.status_code == 200
    policy = {
        part.split()[0]: part.split()[1:]
        for part in page.headers["content-security-policy"].split("; ")
    }
    assert policy["default-src"] == ["'none'"] and policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert not [v for values in policy.values() for v in values if v.startswith("'unsafe")]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-frame-options"] == "DENY"


# --- upload size, enforced while the body is read ------------------------------------------------


def _raw_request(server: Server, head: str, send_body: Callable[[socket.socket], None]) -> bytes:
    """Send ``head`` then the body from ``send_body`` on its own thread; read the answer while
    it is being sent. The answer's bytes (status line, headers, body)."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    sock.sendall(head.encode())
    sender = threading.Thread(target=send_body, args=(sock,), daemon=True)
    sender.start()
    answer = b""
    try:
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        header, _, body = answer.partition(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in header.lower().split(b"\r\n")
            if line.startswith(b"content-length:")
        )
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
        return header + b"\r\n\r\n" + body
    finally:
        sock.close()
        sender.join(timeout=30)


def _head(server: Server, extra: str, content_type: str = "application/json") -> str:
    key = server.keys["frank"]
    return (
        f"POST /api/extract-data HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        f"Authorization: Token {key}\r\nContent-Type: {content_type}\r\n{extra}\r\n"
    )


BOUNDARY = "soakboundary42"
# The opening of a chunked body, then what it repeats (64 KiB) until the server refuses it
STREAMED = {
    "json": (
        "application/json",
        b'{"file_name": "a.pdf", "document_type_name": "invoice", "file": "',
        b"QUFB" * 16384,  # base64
    ),
    "multipart": (
        f"multipart/form-data; boundary={BOUNDARY}",
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="document_type_name"\r\n\r\n'
            f'invoice\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            'filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n'
        ).encode(),
        b"0" * 65536,
    ),
}


def _assert_413(answer: bytes) -> None:
    header, _, body = answer.partition(b"\r\n\r\n")
    assert header.startswith(b"HTTP/1.1 413"), header
    assert json.loads(body)["code"] == "FILE_TOO_LARGE"


@pytest.mark.parametrize("body", list(STREAMED))
def test_a_chunked_body_over_the_limit_is_refused_while_it_streams(
    secure_server: Server, frank: Api, body: str
) -> None:
    content_type, opening, piece = STREAMED[body]
    total = 64 * 1024 * 1024  # 64 MB offered; the limit is a body of about 1 MB
    sent = 0

    def send_chunked(sock: socket.socket) -> None:
        nonlocal sent
        try:
            sock.sendall(b"%x\r\n%s\r\n" % (len(opening), opening))
            while sent < total:
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
                sent += len(piece)
        except OSError:
            return  # the server answered and closed: what this test wants

    head = _head(secure_server, "Transfer-Encoding: chunked\r\n", content_type)
    answer = _raw_request(secure_server, head, send_chunked)
    _assert_413(answer)
    assert sent < total // 4, f"the server read {sent} bytes before refusing"
    assert frank.http.get("/health").status_code == 200


def test_a_declared_length_over_the_limit_is_refused_before_the_body(
    secure_server: Server,
) -> None:
    answer = _raw_request(
        secure_server,
        _head(secure_server, "Content-Length: 1000000000\r\n"),
        lambda sock: None,  # not one byte of the body is sent
    )
    _assert_413(answer)


def test_a_file_just_over_the_limit_is_413_and_one_at_it_is_read(frank: Api) -> None:
    limit = int(float(MAX_FILE_MB) * 1024 * 1024)
    over = frank.extract(b"%PDF-1.4\n" + b"0" * (limit - 8))
    assert over.status_code == 413 and over.json()["code"] == "FILE_TOO_LARGE", over.text
    assert over.json()["details"][0]["limit_bytes"] == limit
    at = frank.extract(b"%PDF-1.4\n" + b"0" * (limit - 9))
    assert at.status_code == 400 and at.json()["code"] == "INVALID_FILE", at.text


# --- what the log and the answers never hold -----------------------------------------------------


def test_no_key_secret_document_text_or_stack_trace_in_the_log_or_answers(
    secure_server: Server, erin: Api, frank: Api, erins_things: dict[str, str], seen: Seen
) -> None:
    """The last test of the module: a short session of its own, then the whole run's log."""
    handed_out: set[str] = set()
    hook = _json(erin.http.post("/api/webhooks", json={"url": f"http://127.0.0.1:{free_port()}/h"}))
    handed_out.add(hook["secret"])
    rotated = _json(erin.http.post(f"/api/webhooks/{hook['id']}/rotate-secret"))
    handed_out.add(rotated["secret"])
    # the only answers that may hold a secret: the ones handing one out
    hands_out = {"POST /api/webhooks", f"POST /api/webhooks/{hook['id']}/rotate-secret"}
    _json(erin.http.get("/api/webhooks"))  # the list of endpoints: checked below like the rest

    marked = marked_pdf("LOG-1")
    assert erin.extract(marked).status_code == 200  # synchronous
    async_id = erin.submit_id(marked)  # asynchronous, delivered to both webhooks (and failing)
    assert erin.wait(async_id)["status"] == "SUCCESS"
    failing = [
        # the document text inside a file that is not a readable document
        erin.extract(b"%PDF-1.4\n" + f"BT ({MARKER}) Tj ET".encode()),
        erin.submit(invoice_pdf(encrypt="pw") + MARKER.encode()),  # ends ERROR
        erin.http.post("/api/extract-data", content=f'{{"file": {MARKER}'.encode()),  # not JSON
        erin.http.post("/api/extract-data", json={"file": base64.b64encode(marked).decode()}),
        erin.http.post(
            "/api/add-document",
            json={**Api.body(marked), "learning_fields": [{"name": "nope", "value": MARKER}]},
        ),
        httpx.get(f"{secure_server.url}/api/document-types", headers={"Authorization": "Token x"}),
        httpx.get(f"{secure_server.url}/api/document-types", headers={"Authorization": "Bad"}),
    ]
    assert all(r.status_code >= 400 or r.status_code == 202 for r in failing)
    erin.wait(failing[1].json()["extraction_id"])
    _wait(lambda: len(_json(erin.http.get("/api/webhook-deliveries"))["deliveries"]) >= 3)
    erin.http.delete(f"/api/extractions/{async_id}")

    secret_values = handed_out | set(secure_server.keys.values())
    for asked, status, text in seen.answers + [(_asked(r), r.status_code, r.text) for r in failing]:
        assert "Traceback" not in text and 'File "' not in text, (asked, text)
        if asked not in hands_out:
            assert not [s for s in secret_values if s in text], asked
        if status >= 400:
            assert MARKER not in text or "learning_fields" in text, (asked, text)

    time.sleep(1.0)  # let the workers' last lines reach the log
    log = secure_server.log_path.read_text(errors="replace")
    assert "POST /api/extract-data" in log  # the log is the one this run wrote
    assert "Traceback" not in log and 'File "' not in log
    leaked = [s for s in secret_values if s in log]
    assert not leaked, "a key or webhook secret is in the log"
    assert MARKER not in log, [line for line in log.splitlines() if MARKER in line]
    # keys are stored as their SHA-256 only: no raw key anywhere in the database's files
    stored = b"".join(p.read_bytes() for p in secure_server.data_dir.glob("paperwise.db*"))
    assert stored and not [k for k in secure_server.keys.values() if k.encode() in stored]
