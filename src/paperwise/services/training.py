"""Training: learning from a user's corrections, effective for the very next document.

A document (uploaded to add-document, or the stored document of an earlier extraction for
add-document-feedback) is read again in a sandbox child, never in the API's own memory, and
compared with its corrected values there (``paperwise.learning``); the lesson is stored per
account, document type and supplier, and every extraction started afterwards loads it."""

from __future__ import annotations

from typing import Any

from paperwise.config import Settings
from paperwise.domain.document_types import DocumentType
from paperwise.errors import ExtractionFailed, NotFound
from paperwise.jobs.sandbox import Failed, LearnRequest
from paperwise.jobs.worker import read_limits
from paperwise.learning.corrections import Corrections, parse_corrections
from paperwise.learning.lessons import Learned
from paperwise.services.facade import Account, Feedback
from paperwise.services.sync_extraction import LocalSandboxes, error_from_body
from paperwise.storage.database import Database
from paperwise.storage.document_types_repo import doctype_to_json
from paperwise.storage.lessons_repo import LessonRepository

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
    ) -> dict[str, Any]:
        """Read ``data`` in a sandbox, learn from ``corrections`` and store the lesson."""
        request = LearnRequest(
            data, doctype_to_json(doctype), read_limits(self.settings), corrections
        )
        answer = self.sandboxes.run(request, self.settings.job_timeout)
        if isinstance(answer, Failed):
            raise error_from_body(answer.error)
        if not isinstance(answer, Learned):
            raise ExtractionFailed("The document could not be read for learning.")
        lesson = answer.lesson
        with self.db.write() as conn:
            LessonRepository(conn, account.id).add(
                doctype.name, lesson.key.folded_name, lesson.to_json(), source_document_id
            )
        return {"message": LEARNED_MESSAGE, "details": answer.details}

    def feedback(
        self, account: Account, doctype: DocumentType, document_object_id: str, feedback: Feedback
    ) -> dict[str, Any]:
        corrections = self.corrections(doctype, feedback)
        with self.db.read() as conn:
            data = LessonRepository(conn, account.id).document_data(document_object_id)
        if data is None:
            raise NotFound(
                f"There is no document {document_object_id!r}: it never existed, belongs to "
                "another account, or its extraction expired.",
                [{"field": "document_object_id", "problem": "unknown or expired"}],
            )
        return self.learn(account, doctype, data, corrections, document_object_id)


def start_training_answer() -> dict[str, Any]:
    return {
        "message": "Training is continuous: every corrected document counts for the next one.",
        "details": [],
    }
