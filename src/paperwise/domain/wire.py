"""The JSON objects the service answers with (SPEC 1), typed once here: the result of an
extraction, a poll's answer, a training answer. They are TypedDicts, so what goes on the wire is
the very dict that was built (no copy, no reordering), and the type checker follows it from the
engine to the API. An error's body is ``paperwise.errors.ErrorBody``."""

from __future__ import annotations

from typing import Any, Never, TypedDict

from paperwise.errors import ErrorBody

# ``{}``: the poll's ``error`` while there is none, its ``result`` while there is none.
Empty = dict[str, Never]


class WireValue(TypedDict):
    """One candidate value of a field; -1 coordinates when it was not read from a place."""

    value: str
    confidence_score: float
    x: int
    y: int
    width: int
    height: int
    page_number: int


class WireField(TypedDict):
    name: str
    data_type: str
    values: list[WireValue]  # best first


class WireResult(TypedDict):
    """The result object of an extraction."""

    object_id: str
    file_name: str
    customer: str | None
    extracted_fields: list[WireField]
    line_items: list[list[WireField]]
    vat_rates: list[list[WireField]]


class PollBody(TypedDict):
    """Exactly what polling answers: the error or the result (the other ``{}``), and the status."""

    error: ErrorBody | Empty
    result: WireResult | Empty
    status: str


class TrainingAnswer(TypedDict):
    """What adding a training document (or feedback) answers."""

    message: str
    details: list[dict[str, Any]]


class TrainingDocument(TypedDict):
    """One stored lesson, as listed."""

    id: str
    document_type_name: str
    supplier: str
    file_name: str | None
    created_at: str  # ISO 8601, UTC
