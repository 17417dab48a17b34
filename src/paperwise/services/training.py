"""Training: learning from a user's corrections, effective for the very next document.

A document (uploaded to add-document, or the stored document of an earlier extraction for
add-document-feedback) is read again in a sandbox child, never in the API's own memory, and
compared with its corrected values there (``paperwise.learning``); the lesson is stored per
account, document type and supplier, and every extraction started afterwards loads it.

Each stored lesson is a *training document*: listed by type and supplier, and forgotten one by
one or all of a supplier's (``/api/training-documents``), from the next extraction on. The
supplier is the key the lesson was stored under (the corrected supplier name, folded: lower case,
surrounding punctuation dropped); a ``supplier`` filter is folded the same way."""

from __future__ import annotations

from datetime import UTC, datetime

from paperwise.config import Settings
from paperwise.domain.accounts import Account
from paperwise.domain.document_types import DocumentType
from paperwise.domain.wire import TrainingAnswer, TrainingDocument
from paperwise.errors import ExtractionFailed, NotFound
from paperwise.jobs.sandbox import Failed, LearnRequest
from paperwise.learning.corrections import Corrections, parse_corrections
from paperwise.learning.lessons import Learned
from paperwise.learning.supplier_key import fold_name
from paperwise.services.document_types import resolve_document_type
from paperwise.services.protocol import Feedback
from paperwise.services.sync_extraction import LocalSandboxes, error_from_body
from paperwise.storage.database import Database
from paperwise.storage.document_types_repo import doctype_to_json
from paperwise.storage.lessons_repo import LessonRepository, TrainingDocumentRow

LEARNED_MESSAGE = "The document was learned; the next documents of this supplier use it."


class Training:
    def __init__(self, db: Database, settings: Settings, sandboxes: LocalSandboxes) -> None:
        self.db = db
        self.settings = settings
        self.sandboxes = sandboxes

    @staticmethod
    def corrections(doctype: DocumentType, feedback: Feedback) -> Corrections:
        return parse_corrections(
            doctype, feedback.learning_fields, feedback.line_items, feedback.vat_rates
        )

    def learn(
        self,
        account: Account,
        doctype: DocumentType,
        data: bytes,
        corrections: Corrections,
        source_document_id: str | None = None,
        file_name: str | None = None,
    ) -> TrainingAnswer:
        """Read ``data`` in a sandbox, learn from ``corrections`` and store the lesson."""
        request = LearnRequest(
            data, doctype_to_json(doctype), self.settings.read_limits(), corrections
        )
        answer = self.sandboxes.run(request, self.settings.job_timeout)
        if isinstance(answer, Failed):
            raise error_from_body(answer.error)
        if not isinstance(answer, Learned):
            raise ExtractionFailed("The document could not be read for learning.")
        lesson = answer.lesson
        with self.db.write() as conn:
            LessonRepository(conn, account.id).add(
                doctype.name,
                lesson.key.folded_name,
                lesson.to_json(),
                source_document_id,
                file_name,
            )
        return {"message": LEARNED_MESSAGE, "details": answer.details}

    def feedback(
        self, account: Account, doctype: DocumentType, document_object_id: str, feedback: Feedback
    ) -> TrainingAnswer:
        corrections = self.corrections(doctype, feedback)
        with self.db.read() as conn:
            stored = LessonRepository(conn, account.id).stored_document(document_object_id)
        if stored is None:
            raise NotFound(
                f"There is no document {document_object_id!r}: it never existed, belongs to "
                "another account, or its extraction expired.",
                [{"field": "document_object_id", "problem": "unknown or expired"}],
            )
        return self.learn(
            account, doctype, stored.data, corrections, document_object_id, stored.file_name
        )

    # --- what was learned: training documents ---------------------------------------------------
    def _type_name(self, account: Account, document_type_name: str | None) -> str | None:
        """The stored name of the type called ``document_type_name`` (an alias resolved);
        DocumentTypeNotFound for a type the account does not have."""
        if document_type_name is None:
            return None
        with self.db.read() as conn:
            return resolve_document_type(conn, account.id, document_type_name).name

    def list_documents(
        self, account: Account, document_type_name: str | None, supplier: str | None
    ) -> list[TrainingDocument]:
        type_name = self._type_name(account, document_type_name)
        key = fold_name(supplier) if supplier is not None else None
        with self.db.read() as conn:
            rows = LessonRepository(conn, account.id).training_documents(type_name, key)
        return [training_document_json(row) for row in rows]

    def delete_document(self, account: Account, training_document_id: str) -> None:
        with self.db.write() as conn:
            if not LessonRepository(conn, account.id).delete(training_document_id):
                raise NotFound(
                    f"There is no training document {training_document_id!r}.",
                    [{"field": "id", "problem": "unknown training document"}],
                )

    def delete_documents(
        self, account: Account, document_type_name: str, supplier: str | None
    ) -> int:
        type_name = self._type_name(account, document_type_name)
        assert type_name is not None
        key = fold_name(supplier) if supplier is not None else None
        with self.db.write() as conn:
            return LessonRepository(conn, account.id).delete_matching(type_name, key)


def training_document_json(row: TrainingDocumentRow) -> TrainingDocument:
    return {
        "id": row.id,
        "document_type_name": row.document_type,
        "supplier": row.supplier,
        "file_name": row.file_name,
        "created_at": datetime.fromtimestamp(row.created_at, UTC).isoformat(),
    }


def start_training_answer() -> TrainingAnswer:
    return {
        "message": "Training is continuous: every corrected document counts for the next one.",
        "details": [],
    }
