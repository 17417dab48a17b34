"""The corrections a caller sends (``learning_fields``, ``line_items``, ``vat_rates``), checked
against the document type and put in the normalised forms the results use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from paperwise.domain.document_types import DataType, DocumentType, FieldDef
from paperwise.errors import ValidationFailed
from paperwise.extraction.normalise import fold_whitespace, format_number

MAX_VALUE_CHARS = 1000
_NUMBER = re.compile(r"^[-+]?\d{1,30}(?:\.\d{1,10})?$")
MAX_ROWS = 500
MAX_PAIRS = 500  # {name, value} in one list: far more than any document type has fields
MAX_PROBLEMS = 100  # listed in one answer; a huge bad body must not give a huge answer
VAT_RATE_FIELDS = ("vat_rate_percentage", "vat_rate_net")


@dataclass(frozen=True)
class Corrections:
    """Corrected values by field name, and the corrected line items and VAT rates as rows of
    ``{name: value}``, every value normalised (dates YYYY-MM-DD, numbers ``format_number``)."""

    fields: dict[str, str]
    line_items: list[dict[str, str]] = field(default_factory=list)
    vat_rates: list[dict[str, str]] = field(default_factory=list)


def normalised_value(data_type: DataType, value: str) -> str | None:
    """``value`` in the form results use, or None when it is not in the normalised form the API
    asks for (dates YYYY-MM-DD, numbers with ``.`` as the decimal point and no grouping)."""
    text = fold_whitespace(value)
    if not text:
        return None
    if data_type is DataType.DATE:
        try:
            return date.fromisoformat(text).isoformat() if len(text) == 10 else None
        except ValueError:
            return None
    if data_type is DataType.NUMBER:
        if not _NUMBER.match(text):
            return None
        try:
            return format_number(Decimal(text))
        except InvalidOperation:  # too many digits to quantize
            return None
    return text


def _pairs(
    raw: object, where: str, known: dict[str, FieldDef], problems: list[dict[str, Any]]
) -> dict[str, str]:
    """A list of {name, value} as a dict, every problem noted under ``where``."""
    if not isinstance(raw, list) or len(raw) > MAX_PAIRS:
        problems.append(
            {"field": where, "problem": f"a list of at most {MAX_PAIRS} {{name, value}}"}
        )
        return {}
    out: dict[str, str] = {}
    for i, item in enumerate(raw):
        loc = f"{where}[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            problems.append({"field": loc, "problem": "an object {name, value}"})
            continue
        name, value = item["name"], item.get("value")
        definition = known.get(name)
        if definition is None:
            problems.append(
                {"field": f"{loc}.name", "problem": f"{name!r} is not a field of the type"}
            )
            continue
        if value is None:
            continue  # "no value": nothing to learn
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or len(value) > MAX_VALUE_CHARS:
            problems.append(
                {"field": f"{loc}.value", "problem": f"a string of at most {MAX_VALUE_CHARS}"}
            )
            continue
        normal = normalised_value(definition.data_type, value)
        if normal is None:
            form = {
                DataType.DATE: "a date YYYY-MM-DD",
                DataType.NUMBER: "a number with '.' as the decimal point, e.g. 1234.50",
            }.get(definition.data_type, "a non-empty string")
            problems.append({"field": f"{loc}.value", "problem": form})
            continue
        out[name] = normal
    return out


def _rows(
    raw: object, where: str, known: dict[str, FieldDef], problems: list[dict[str, Any]]
) -> list[dict[str, str]]:
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > MAX_ROWS:
        problems.append({"field": where, "problem": f"a list of at most {MAX_ROWS} rows"})
        return []
    return [_pairs(row, f"{where}[{i}]", known, problems) for i, row in enumerate(raw)]


def parse_corrections(
    doctype: DocumentType,
    learning_fields: object,
    line_items: object = None,
    vat_rates: object = None,
) -> Corrections:
    """Check the corrections against ``doctype``. ValidationFailed lists every problem."""
    problems: list[dict[str, Any]] = []
    fields = _pairs(
        learning_fields if learning_fields is not None else [],
        "learning_fields",
        {f.name: f for f in doctype.fields},
        problems,
    )
    items = _rows(line_items, "line_items", {f.name: f for f in doctype.line_item_fields}, problems)
    vat_fields = {name: FieldDef(name, DataType.NUMBER) for name in VAT_RATE_FIELDS}
    rates = _rows(vat_rates, "vat_rates", vat_fields if doctype.vat_rates else {}, problems)
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = [*problems[:MAX_PROBLEMS], {"field": "", "problem": f"{more} more problems"}]
    if problems:
        raise ValidationFailed("The corrections are not valid.", problems)
    if not fields and not any(items) and not any(rates):
        raise ValidationFailed(
            "There is nothing to learn: send at least one corrected value.",
            [{"field": "learning_fields", "problem": "at least one {name, value}"}],
        )
    return Corrections(fields, [r for r in items if r], [r for r in rates if r])
