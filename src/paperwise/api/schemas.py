"""Pydantic models that describe the wire format in the OpenAPI document. Handlers validate bodies
themselves (bodies.py, domain.document_types) and answer with plain JSON; these models are the
documentation of that JSON, kept next to each other so the two are easy to compare."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from paperwise.api.bodies import MAX_CUSTOMER_CHARS, MAX_NAME_CHARS
from paperwise.domain.document_types import NAME_PATTERN


class ErrorBody(BaseModel):
    code: str = Field(examples=["INVALID_FILE"], description="stable upper-case constant")
    message: str = Field(examples=["The file is not a readable PDF or image."])
    details: list[dict[str, Any]] = Field(description="which input was wrong and how")


# The constraints the handlers check, so that the schema documents them (and fuzzers see them).
NOT_BLANK = r"\S"
TYPE_NAME = f"^{NAME_PATTERN}$"  # a JSON Schema "$" is the very end of the text


Base64File = Annotated[str, Field(min_length=1, description="the document, base64")]
FileName = Annotated[
    str, Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=NOT_BLANK, examples=["invoice.pdf"])
]
TypeNameRef = Annotated[str, Field(min_length=1, pattern=NOT_BLANK, examples=["invoice"])]


class ExtractRequest(BaseModel):
    file: Base64File
    file_name: FileName
    document_type_name: TypeNameRef
    customer: str | None = Field(
        default=None, max_length=MAX_CUSTOMER_CHARS, description="free text, echoed back"
    )


class ExtractUpload(BaseModel):
    file: bytes = Field(json_schema_extra={"format": "binary"}, description="the document")
    file_name: str | None = Field(default=None, description="defaults to the upload's file name")
    document_type_name: str
    customer: str | None = None


class ValueOut(BaseModel):
    value: str
    confidence_score: float = Field(ge=0, le=1)
    x: int
    y: int
    width: int
    height: int
    page_number: int = Field(description="0-based; -1 with x/y/width/height when not located")


class FieldOut(BaseModel):
    name: str
    data_type: Literal["AUTHOR", "STRING", "NUMBER", "DATE"]
    values: list[ValueOut] = Field(description="at most 5, best first")


class ResultObject(BaseModel):
    object_id: str = Field(description="40 hex: the stored document, used for feedback")
    file_name: str
    customer: str | None
    extracted_fields: list[FieldOut]
    line_items: list[list[FieldOut]]
    vat_rates: list[list[FieldOut]]


class Accepted(BaseModel):
    extraction_id: str = Field(description="40 hex")


class PollAnswer(BaseModel):
    error: dict[str, Any] = Field(description="{} or {code, message, details} when ERROR")
    result: dict[str, Any] = Field(description="{} or the result object when SUCCESS")
    status: Literal["IN_PROGRESS", "SUCCESS", "ERROR", "EXPIRED"]


class ExtractionIds(BaseModel):
    extraction_ids: list[str]


class FieldIn(BaseModel):
    name: str = Field(pattern=TYPE_NAME)
    data_type: Literal["AUTHOR", "STRING", "NUMBER", "DATE"] = "STRING"
    hint: str | None = None


class DocumentTypeIn(BaseModel):
    name: str = Field(pattern=TYPE_NAME, examples=["supplier-invoice"])
    fields: list[FieldIn]
    line_item_fields: list[FieldIn] = Field(default_factory=list)
    vat_rates: bool = False


class DocumentTypeUpdate(DocumentTypeIn):
    name: str | None = Field(  # type: ignore[assignment]
        default=None, pattern=TYPE_NAME, description="optional; must be the name in the URL"
    )


class DocumentTypeOut(DocumentTypeIn):
    builtin: bool


class DocumentTypes(BaseModel):
    document_types: list[DocumentTypeOut]


class Health(BaseModel):
    status: str = Field(examples=["ok"])


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entry documenting the standard error body for these statuses."""
    return {status: {"model": ErrorBody} for status in statuses}


def _inline_defs(schema: dict[str, Any]) -> dict[str, Any]:
    """A model's JSON schema with its ``$defs`` inlined, so it stands alone inside OpenAPI."""
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(defs[ref.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved


def request_body(*models: tuple[str, type[BaseModel]]) -> dict[str, Any]:
    """An ``openapi_extra`` request body for handlers that read the body themselves."""
    content = {
        media: {"schema": _inline_defs(model.model_json_schema())} for media, model in models
    }
    return {"requestBody": {"required": True, "content": content}}
