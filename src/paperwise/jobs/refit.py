"""The background refit of the account models (``paperwise.learning.meanings``): a worker
refits a model whose lessons changed (a training document added or deleted) from all of the
account's lessons of that type, between its heartbeats, never in a request. The next job of the
account reads the refitted model with its lessons."""

from __future__ import annotations

import logging

from paperwise.domain.document_types import DocumentType, builtin_type
from paperwise.learning.meanings import AccountModel, MeaningEvidence, fit
from paperwise.storage.account_models_repo import AccountModelRepository, next_changed
from paperwise.storage.database import Database
from paperwise.storage.document_types_repo import DocumentTypeRepository
from paperwise.storage.lessons_repo import LessonRepository

log = logging.getLogger(__name__)
# The most lessons of one type a model is fitted on (the most recent ones).
MAX_FIT_LESSONS = 5000


def _evidence(raw: dict[str, object]) -> MeaningEvidence | None:
    try:
        meanings = raw.get("meanings")
        return MeaningEvidence.from_json(meanings if isinstance(meanings, dict) else None)
    except (TypeError, ValueError, AttributeError):
        return None  # a lesson it cannot read teaches nothing


def refit_once(db: Database) -> bool:
    """Refit the model changed longest ago; False when every model is up to date."""
    with db.read() as conn:
        changed = next_changed(conn)
        if changed is None:
            return False
        account, type_name = changed.account_id, changed.document_type
        doctype: DocumentType | None = builtin_type(type_name) or DocumentTypeRepository(
            conn, account
        ).get(type_name)
        raw = LessonRepository(conn, account).for_type(type_name, limit=MAX_FIT_LESSONS)
    evidence = [e for e in map(_evidence, raw) if e is not None]
    model: AccountModel | None = fit(doctype, evidence) if doctype and evidence else None
    with db.write() as conn:
        repo = AccountModelRepository(conn, account)
        if model is None:
            repo.forget(type_name, changed.changed_at)
        else:
            repo.store(type_name, model.to_json(), changed.changed_at)
    log.info("refitted the model of %s/%s from %d lessons", account, type_name, len(evidence))
    return True
