"""The extraction result: fields with ranked candidate values, line items, VAT rates.

This is what the engine returns and what the API serialises (``to_wire``) in the Typless shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from paperwise.domain.document_types import DataType
from paperwise.domain.wire import WireField, WireResult, WireValue

MAX_CANDIDATES = 5


@dataclass(frozen=True)
class Box:
    """Where a value was read: integer pixels of page ``page`` at the documented DPI."""

    page: int
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class Value:
    value: str
    confidence: float
    box: Box | None = None

    def to_wire(self) -> WireValue:
        b = self.box
        return {
            "value": self.value,
            "confidence_score": round(min(max(self.confidence, 0.0), 1.0), 3),
            "x": b.x if b else -1,
            "y": b.y if b else -1,
            "width": b.width if b else -1,
            "height": b.height if b else -1,
            "page_number": b.page if b else -1,
        }


@dataclass
class FieldResult:
    name: str
    data_type: DataType
    values: list[Value] = field(default_factory=list)

    def ranked(self) -> list[Value]:
        """Distinct values, best first, at most MAX_CANDIDATES."""
        best: dict[str, Value] = {}
        for v in self.values:
            if v.value not in best or v.confidence > best[v.value].confidence:
                best[v.value] = v
        return sorted(best.values(), key=lambda v: -v.confidence)[:MAX_CANDIDATES]

    @property
    def best(self) -> Value | None:
        ranked = self.ranked()
        return ranked[0] if ranked else None

    def to_wire(self) -> WireField:
        return {
            "name": self.name,
            "data_type": self.data_type.value,
            "values": [v.to_wire() for v in self.ranked()],
        }


@dataclass
class ExtractionResult:
    fields: list[FieldResult]
    line_items: list[list[FieldResult]] = field(default_factory=list)
    vat_rates: list[list[FieldResult]] = field(default_factory=list)
    pages: int = 0

    def field(self, name: str) -> FieldResult | None:
        return next((f for f in self.fields if f.name == name), None)

    def best_value(self, name: str) -> str | None:
        f = self.field(name)
        best = f.best if f else None
        return best.value if best else None

    def to_wire(self, *, object_id: str, file_name: str, customer: str | None) -> WireResult:
        return {
            "object_id": object_id,
            "file_name": file_name,
            "customer": customer,
            "extracted_fields": [f.to_wire() for f in self.fields],
            "line_items": [[f.to_wire() for f in row] for row in self.line_items],
            "vat_rates": [[f.to_wire() for f in pair] for pair in self.vat_rates],
        }
