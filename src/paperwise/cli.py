"""The ``paperwise`` command: serve, worker, extract, train, training-documents, keys, doctypes,
db. Thin over the service."""

from __future__ import annotations

import hashlib
import json
import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from paperwise.config import Settings
from paperwise.errors import DocumentTypeNotFound, ExtractionFailed, InvalidFile, PaperwiseError
from paperwise.logs import configure_logging

if TYPE_CHECKING:
    from paperwise.domain.document_types import DocumentType
    from paperwise.domain.wire import WireResult
    from paperwise.services.paperwise_service import PaperwiseService

log = logging.getLogger("paperwise")
app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Paperwise: self-hosted document data extraction with a Typless-compatible API.",
)
keys_app = typer.Typer(no_args_is_help=True, help="Create, list and revoke API keys.")
doctypes_app = typer.Typer(no_args_is_help=True, help="Manage document types of an account.")
db_app = typer.Typer(no_args_is_help=True, help="Database maintenance.")
training_app = typer.Typer(
    no_args_is_help=True, help="List and forget an account's training documents."
)
app.add_typer(keys_app, name="keys")
app.add_typer(doctypes_app, name="doctypes")
app.add_typer(training_app, name="training-documents")
app.add_typer(db_app, name="db")

AccountOption = Annotated[str | None, typer.Option("--account", help="The account's name.")]
TypeOption = Annotated[
    str | None, typer.Option("--document-type", help="Only this document type's.")
]
SupplierOption = Annotated[
    str | None, typer.Option("--supplier", help="Only this supplier's (its name, any case).")
]


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def _errors_to_exit() -> Iterator[None]:
    try:
        yield
    except PaperwiseError as exc:
        _fail(f"{exc.code}: {exc.message}")


@contextmanager
def _service() -> Iterator[PaperwiseService]:
    """The service for the environment's settings; PaperwiseErrors become a message and exit 1."""
    from paperwise.services.paperwise_service import open_service

    with _errors_to_exit():
        service = open_service(Settings())
        try:
            yield service
        finally:
            service.close()


def _configure_logging(settings: Settings) -> None:
    configure_logging(tracebacks=settings.log_tracebacks)


def _on_signals(handler: Callable[[], None]) -> None:
    def _handle(_signum: int, _frame: FrameType | None) -> None:
        handler()

    signal.signal(signal.SIGTERM, _handle)
    signal.signal(signal.SIGINT, _handle)


# --- serve and worker ----------------------------------------------------------------------------
@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[
        int | None, typer.Option(min=0, help="Embedded worker processes (0 = API only).")
    ] = None,
) -> None:
    """The API plus N embedded worker processes, the expiry sweep and webhook delivery."""
    import uvicorn

    from paperwise.api.app import create_app
    from paperwise.jobs.pool import WorkerPool
    from paperwise.jobs.sweeper import SweepThread
    from paperwise.storage.database import Database
    from paperwise.webhooks.delivery import DeliveryThread

    base = Settings()
    settings = base.model_copy(
        update={
            "host": host if host is not None else base.host,
            "port": port if port is not None else base.port,
            "workers": workers if workers is not None else base.workers,
        }
    )
    _configure_logging(settings)
    db = Database.from_settings(settings)
    with _errors_to_exit():
        db.migrate()
    pool = WorkerPool(settings, settings.workers)
    sweeper = SweepThread(db, settings)
    deliveries = DeliveryThread(db, settings)

    def _exit() -> None:
        raise SystemExit(0)

    # uvicorn handles SIGINT/SIGTERM while it runs and raises them again when it has stopped:
    # these handlers then turn them into a normal exit, so the workers below are stopped.
    _on_signals(_exit)
    server = uvicorn.Server(
        # log_config=None: uvicorn's own loggers go through the root handler above (one line per
        # event, no stack traces), not through the handlers uvicorn would install
        uvicorn.Config(
            create_app(settings), host=settings.host, port=settings.port, log_config=None
        )
    )
    try:
        pool.start()
        sweeper.start()
        deliveries.start()
        where = db.safe_url if settings.database_url else settings.data_dir.resolve()
        typer.echo(f"Paperwise on http://{settings.host}:{settings.port} (docs at /docs)")
        typer.echo(f"Data: {where}; workers: {settings.workers}")
        typer.echo("Create an API key with: paperwise keys create NAME")
        sys.stdout.flush()
        server.run()
    finally:
        deliveries.stop()
        sweeper.stop()
        pool.stop()
        db.dispose()


@app.command()
def worker(
    concurrency: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (default: one per core).")
    ] = None,
) -> None:
    """Worker processes only, against the configured database."""
    from paperwise.jobs.pool import WorkerPool
    from paperwise.jobs.sweeper import SweepThread
    from paperwise.storage.database import Database
    from paperwise.webhooks.delivery import DeliveryThread

    settings = Settings()
    _configure_logging(settings)
    db = Database.from_settings(settings)
    with _errors_to_exit():
        db.migrate()
    count = concurrency or max(1, settings.workers)
    pool = WorkerPool(settings, count)
    sweeper = SweepThread(db, settings)
    deliveries = DeliveryThread(db, settings)
    stop = threading.Event()
    _on_signals(stop.set)
    try:
        pool.start()
        sweeper.start()
        deliveries.start()
        typer.echo(f"Paperwise worker: {count} processes on {db.safe_url}")
        sys.stdout.flush()
        while not stop.wait(1.0):
            pass
    finally:
        deliveries.stop()
        sweeper.stop()
        pool.stop()
        db.dispose()


# --- extract -------------------------------------------------------------------------------------
@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="PDF or image files.")],
    document_type: Annotated[
        str,
        typer.Option(help="A built-in type's name, or a document type JSON file."),
    ] = "invoice",
) -> None:
    """Extract locally, no server: one JSON result per line on stdout."""
    from tqdm import tqdm

    from paperwise.domain.document_types import builtin_type, document_type_from_dict
    from paperwise.extraction.pipeline import extract_document
    from paperwise.reading.reader import read_document

    doctype = builtin_type(document_type)
    if doctype is None:
        path = Path(document_type)
        if not path.is_file():
            _fail(f"unknown document type {document_type!r} (a built-in name or a JSON file)", 2)
        with _errors_to_exit():
            doctype = document_type_from_dict(_read_json(path))
    settings = Settings()
    # warnings and errors only, next to the progress bar; an exception as one line
    configure_logging(tracebacks=settings.log_tracebacks, level=logging.WARNING)
    limits = settings.read_limits()
    failures = 0
    for path in tqdm(files, file=sys.stderr, disable=len(files) < 2, unit="file"):
        line: WireResult | dict[str, Any]
        try:
            data = path.read_bytes()
            result = extract_document(read_document(data, limits), doctype)
            object_id = hashlib.sha1(data).hexdigest()
            line = result.to_wire(object_id=object_id, file_name=path.name, customer=None)
        except OSError as exc:
            error = InvalidFile(f"Cannot read {path}: {exc.strerror}.", [{"file": str(path)}])
            line = {"file_name": path.name, "error": error.to_body()}
        except PaperwiseError as exc:
            line = {"file_name": path.name, "error": exc.to_body()}
        except Exception:
            log.exception("extraction of %s failed", path)
            line = {"file_name": path.name, "error": ExtractionFailed().to_body()}
        failures += "error" in line
        typer.echo(json.dumps(line, ensure_ascii=False))
    if failures:
        raise typer.Exit(1)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        _fail(f"cannot read {path} as JSON: {exc}", 2)
    if not isinstance(data, dict):
        _fail(f"{path} must hold a JSON object", 2)
    return data


# --- keys ----------------------------------------------------------------------------------------
@keys_app.command("create")
def keys_create(name: Annotated[str, typer.Argument(help="The account's name.")]) -> None:
    """Create a key for account NAME (created if new). The key is the last line of output."""
    with _service() as service:
        key, raw = service.create_key(name)
    typer.echo(f"Created key {key.id} for account {key.account_name!r}. It is shown only once:")
    typer.echo(raw)


@keys_app.command("list")
def keys_list() -> None:
    """Every key: id, account, created, revoked."""
    with _service() as service:
        keys = service.list_keys()
    typer.echo(f"{'ID':<22} {'ACCOUNT':<24} {'CREATED':<20} REVOKED")
    for key in keys:
        revoked = key.revoked_at.strftime("%Y-%m-%d %H:%M:%S") if key.revoked_at else "-"
        created = key.created_at.strftime("%Y-%m-%d %H:%M:%S")
        typer.echo(f"{key.id:<22} {key.account_name:<24} {created:<20} {revoked}")


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (from keys list).")],
) -> None:
    """Revoke a key: it stops working at once."""
    with _service() as service:
        service.revoke_key(key_id)
    typer.echo(f"Revoked {key_id}.")


# --- document types ------------------------------------------------------------------------------
def _require(account: str | None) -> str:
    if account is None:
        _fail("--account NAME is required", 2)
    return account


@doctypes_app.command("list")
def doctypes_list(account: AccountOption = None) -> None:
    """The built-in types and, with --account, the account's own."""
    from paperwise.domain.document_types import BUILTIN_TYPES

    types: list[DocumentType] = list(BUILTIN_TYPES.values())
    if account is not None:
        with _service() as service:
            types = service.document_types.list(service.account_by_name(account))
    for doctype in types:
        kind = "built-in" if doctype.builtin else "custom"
        typer.echo(f"{doctype.name:<30} {kind:<9} {len(doctype.fields)} fields")


@doctypes_app.command("show")
def doctypes_show(name: str, account: AccountOption = None) -> None:
    """A document type as JSON (a built-in one, or with --account one of the account's)."""
    from paperwise.domain.document_types import builtin_type

    doctype = builtin_type(name)
    if account is not None:
        with _service() as service:
            doctype = service.document_types.get(service.account_by_name(account), name)
    if doctype is None:
        _fail(f"{DocumentTypeNotFound.code}: no built-in type {name!r} (use --account)")
    typer.echo(json.dumps(doctype.to_dict(), indent=2))


@doctypes_app.command("create")
def doctypes_create(file: Path, account: AccountOption = None) -> None:
    """Create a document type from a JSON file ({name, fields, line_item_fields, vat_rates})."""
    from paperwise.domain.document_types import document_type_from_dict

    owner = _require(account)
    body = _read_json(file)
    with _service() as service:
        doctype = document_type_from_dict(body)
        service.document_types.create(service.ensure_account(owner), doctype)
    typer.echo(f"Created document type {doctype.name!r} for account {owner!r}.")


@doctypes_app.command("delete")
def doctypes_delete(name: str, account: AccountOption = None) -> None:
    """Delete one of the account's document types."""
    owner = _require(account)
    with _service() as service:
        service.document_types.delete(service.account_by_name(owner), name)
    typer.echo(f"Deleted document type {name!r}.")


# --- training ------------------------------------------------------------------------------------
@app.command()
def train(
    file: Annotated[Path, typer.Argument(help="The document (PDF or image).")],
    corrections: Annotated[
        Path,
        typer.Argument(help="JSON: {learning_fields: [{name, value}], line_items?, vat_rates?}"),
    ],
    document_type: Annotated[str, typer.Option("--document-type", help="The type's name.")],
    account: AccountOption = None,
) -> None:
    """Add a training document: learn from FILE and its correct values (as add-document does)."""
    from paperwise.services.protocol import Feedback, Submission

    owner = _require(account)
    body = _read_json(corrections)
    try:
        data = file.read_bytes()
    except OSError as exc:
        _fail(f"cannot read {file}: {exc}", 2)
    feedback = Feedback(
        document_type, body.get("learning_fields"), body.get("line_items"), body.get("vat_rates")
    )
    with _service() as service:
        answer = service.add_document(
            service.account_by_name(owner), Submission(data, file.name, document_type), feedback
        )
    typer.echo(json.dumps(answer, ensure_ascii=False))


@training_app.command("list")
def training_documents_list(
    account: AccountOption = None,
    document_type: TypeOption = None,
    supplier: SupplierOption = None,
) -> None:
    """The account's training documents, most recent first: one JSON object per line
    ({id, document_type_name, supplier, file_name, created_at})."""
    owner = _require(account)
    with _service() as service:
        found = service.list_training_documents(
            service.account_by_name(owner), document_type, supplier
        )
    for document in found:
        typer.echo(json.dumps(document, ensure_ascii=False))


@training_app.command("delete")
def training_documents_delete(
    training_document_id: Annotated[
        str | None, typer.Argument(help="The id of one training document.")
    ] = None,
    account: AccountOption = None,
    document_type: TypeOption = None,
    supplier: SupplierOption = None,
) -> None:
    """Forget one training document (ID), or every one of --document-type (of --supplier when
    given). The next extraction no longer uses them."""
    owner = _require(account)
    by_id = training_document_id is not None
    if by_id == (document_type is not None) or (by_id and supplier is not None):
        _fail("give either a training document's ID or --document-type [--supplier]", 2)
    with _service() as service:
        who = service.account_by_name(owner)
        if training_document_id is not None:
            service.delete_training_document(who, training_document_id)
            typer.echo(f"Deleted training document {training_document_id}.")
            return
        assert document_type is not None
        deleted = service.delete_training_documents(who, document_type, supplier)
    typer.echo(f"Deleted {deleted} training document(s).")


# --- database ------------------------------------------------------------------------------------
@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply pending migrations (serve and worker do this on start too)."""
    from paperwise.storage.database import Database

    db = Database.from_settings(Settings())
    with _errors_to_exit():
        revision = db.migrate()
    db.dispose()
    typer.echo(f"Database at revision {revision}.")


def main() -> None:
    app()
