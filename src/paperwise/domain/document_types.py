"""Document types and their fields, the built-in types, and what a field means."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NotRequired, TypedDict

from paperwise.errors import ValidationFailed


class DataType(StrEnum):
    AUTHOR = "AUTHOR"
    STRING = "STRING"
    NUMBER = "NUMBER"
    DATE = "DATE"


class FieldDefDict(TypedDict):
    """A field definition as JSON (the API's, and the stored one)."""

    name: str
    data_type: str
    hint: NotRequired[str]


class DocumentTypeDict(TypedDict):
    """A document type as JSON: what the API answers, what an extraction records at submit and
    what its job, and the sandbox, are given."""

    name: str
    fields: list[FieldDefDict]
    line_item_fields: list[FieldDefDict]
    vat_rates: bool
    builtin: bool


@dataclass(frozen=True)
class FieldDef:
    name: str
    data_type: DataType
    hint: str | None = None

    @property
    def meaning(self) -> str | None:
        """The canonical meaning (one of ``MEANINGS``) from the hint, else from the name."""
        return field_meaning(self.name, self.hint, self.data_type)

    def to_dict(self) -> FieldDefDict:
        out: FieldDefDict = {"name": self.name, "data_type": self.data_type.value}
        if self.hint:
            out["hint"] = self.hint
        return out


@dataclass(frozen=True)
class DocumentType:
    name: str
    fields: tuple[FieldDef, ...]
    line_item_fields: tuple[FieldDef, ...] = ()
    vat_rates: bool = False
    builtin: bool = field(default=False, compare=False)

    @property
    def author_field(self) -> FieldDef:
        return next(f for f in self.fields if f.data_type is DataType.AUTHOR)

    def to_dict(self) -> DocumentTypeDict:
        return {
            "name": self.name,
            "fields": [f.to_dict() for f in self.fields],
            "line_item_fields": [f.to_dict() for f in self.line_item_fields],
            "vat_rates": self.vat_rates,
            "builtin": self.builtin,
        }


# ---- meanings -------------------------------------------------------------------------------
# Header meanings the extraction engine knows how to find zero-shot.
HEADER_MEANINGS = (
    "supplier_name",
    "supplier_address",
    "supplier_vat_id",
    "supplier_iban",
    "buyer_name",
    "invoice_number",
    "issue_date",
    "pay_due_date",
    "total_amount",
    "net_amount",
    "tax_amount",
    "currency",
    "purchase_order_number",
    "payment_reference",
)
# Line-item meanings.
LINE_ITEM_MEANINGS = (
    "description",
    "product_code",
    "quantity",
    "unit",
    "unit_price",
    "amount",
    "vat_rate",
)
MEANINGS = HEADER_MEANINGS + LINE_ITEM_MEANINGS

# Synonyms, compared after folding a name to lower-case words joined by "_". This table is the one
# place that says what a field's name means; it follows Typless's own templates, where
# `company_name`, `receiver_name`, `customer_name` and `bill_to` are the receiving company (the
# buyer) and `payment_term_date`, `due_date`, `pay_due_date` the due date. A bare `company` stays
# the issuer (a receipt's shop, as in SROIE). The README's "The API" lists it.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "supplier_name": (
        "supplier",
        "vendor",
        "vendor_name",
        "seller",
        "seller_name",
        "company",
        "merchant",
        "merchant_name",
        "issuer",
        "store",
        "store_name",
        "author",
        "supplier_name",
    ),
    "supplier_address": (
        "supplier_address",
        "vendor_address",
        "seller_address",
        "address",
        "company_address",
        "merchant_address",
        "store_address",
    ),
    "supplier_vat_id": (
        "supplier_vat_id",
        "vat_id",
        "vat_number",
        "vat_no",
        "tax_id",
        "supplier_tax_id",
        "vendor_vat_id",
        "seller_vat_id",
        "ust_id",
        "vat_registration_number",
        "supplier_vat_number",
        "gst_id",
        "gst_number",
    ),
    "supplier_iban": (
        "supplier_iban",
        "iban",
        "bank_account",
        "vendor_iban",
        "seller_iban",
        "account_number",
    ),
    "buyer_name": (
        "buyer_name",
        "buyer",
        "customer_name",
        "company_name",
        "receiver",
        "receiver_name",
        "bill_to",
        "client",
        "client_name",
        "recipient",
        "recipient_name",
        "purchaser",
        "customer_company",
    ),
    "invoice_number": (
        "invoice_number",
        "number",
        "invoice_no",
        "invoice_num",
        "invoice_id",
        "document_number",
        "receipt_number",
        "bill_number",
        "inv_no",
        "invoice_nr",
        "reference_number",
        "doc_number",
        "credit_note_number",
    ),
    "issue_date": (
        "issue_date",
        "date",
        "invoice_date",
        "document_date",
        "receipt_date",
        "billing_date",
        "date_of_issue",
        "transaction_date",
    ),
    "pay_due_date": (
        "pay_due_date",
        "due_date",
        "payment_due_date",
        "payment_term_date",
        "payment_date_due",
        "due",
        "payment_due",
        "pay_by_date",
        "due_on",
    ),
    "total_amount": (
        "total_amount",
        "total",
        "amount_due",
        "grand_total",
        "gross_amount",
        "total_gross",
        "amount",
        "invoice_total",
        "total_due",
        "amount_total",
        "total_incl_vat",
        "gross_total",
        "sum",
    ),
    "net_amount": (
        "net_amount",
        "untaxed_amount",
        "subtotal",
        "sub_total",
        "net",
        "net_total",
        "total_net",
        "amount_untaxed",
        "total_excl_vat",
        "total_without_tax",
        "taxable_amount",
        "total_before_tax",
    ),
    "tax_amount": (
        "tax_amount",
        "vat_amount",
        "tax",
        "vat",
        "total_tax",
        "tax_total",
        "gst",
        "gst_amount",
        "sales_tax",
        "total_vat",
    ),
    "currency": ("currency", "currency_code", "iso_currency"),
    "purchase_order_number": (
        "purchase_order_number",
        "purchase_order",
        "purchase_orders",
        "po_number",
        "po",
        "po_no",
        "order_number",
        "order_no",
        "purchase_order_no",
        "order_reference",
    ),
    "payment_reference": (
        "payment_reference",
        "reference",
        "payment_ref",
        "remittance_reference",
        "structured_reference",
        "payment_id",
        "reference_payment",
        "sklic",
    ),
    "description": (
        "description",
        "item",
        "item_description",
        "name",
        "product",
        "product_name",
        "article",
        "text",
        "service",
        "item_name",
    ),
    "product_code": (
        "product_code",
        "sku",
        "item_code",
        "article_number",
        "code",
        "product_id",
        "item_number",
        "part_number",
        "ean",
    ),
    "quantity": ("quantity", "qty", "count", "units", "amount_of_units", "pcs"),
    "unit": ("unit", "uom", "unit_of_measure", "unit_code"),
    "unit_price": (
        "unit_price",
        "price",
        "price_per_unit",
        "rate",
        "unit_cost",
        "net_price",
        "price_each",
    ),
    "amount": (
        "line_amount",
        "line_total",
        "amount",
        "total",
        "net_amount",
        "line_net",
        "total_price",
        "value",
    ),
    "vat_rate": ("vat_rate", "tax_rate", "vat_percentage", "vat", "tax_percent", "vat_percent"),
}


def _fold(text: str) -> str:
    return "_".join(re.findall(r"[a-z0-9]+", text.lower()))


_HEADER_LOOKUP = {syn: meaning for meaning in HEADER_MEANINGS for syn in _SYNONYMS[meaning]}
_LINE_LOOKUP = {syn: meaning for meaning in LINE_ITEM_MEANINGS for syn in _SYNONYMS[meaning]}


def field_meaning(
    name: str,
    hint: str | None = None,
    data_type: DataType | None = None,
    *,
    line_item: bool = False,
) -> str | None:
    """What a field means: the explicit hint wins, then the folded name, then None (unknown)."""
    if data_type is DataType.AUTHOR and not line_item:
        return "supplier_name"
    lookup = _LINE_LOOKUP if line_item else _HEADER_LOOKUP
    for candidate in (hint, name):
        if not candidate:
            continue
        folded = _fold(candidate)
        if folded in lookup:
            return lookup[folded]
    return None


# ---- built-in types --------------------------------------------------------------------------
def _fields(spec: list[tuple[str, DataType]]) -> tuple[FieldDef, ...]:
    return tuple(FieldDef(name, dtype) for name, dtype in spec)


S, N, D, A = DataType.STRING, DataType.NUMBER, DataType.DATE, DataType.AUTHOR

INVOICE = DocumentType(
    name="invoice",
    fields=_fields(
        [
            ("supplier_name", A),
            ("buyer_name", S),
            ("invoice_number", S),
            ("issue_date", D),
            ("pay_due_date", D),
            ("total_amount", N),
            ("net_amount", N),
            ("tax_amount", N),
            ("currency", S),
            ("purchase_order_number", S),
            ("payment_reference", S),
            ("supplier_vat_id", S),
            ("supplier_iban", S),
            ("supplier_address", S),
        ]
    ),
    line_item_fields=_fields(
        [
            ("description", S),
            ("product_code", S),
            ("quantity", N),
            ("unit", S),
            ("unit_price", N),
            ("amount", N),
            ("vat_rate", N),
        ]
    ),
    vat_rates=True,
    builtin=True,
)

RECEIPT = DocumentType(
    name="receipt",
    fields=_fields(
        [
            ("supplier_name", A),
            ("supplier_address", S),
            ("issue_date", D),
            ("total_amount", N),
            ("tax_amount", N),
            ("currency", S),
        ]
    ),
    line_item_fields=_fields(
        [("description", S), ("quantity", N), ("unit_price", N), ("amount", N)]
    ),
    vat_rates=False,
    builtin=True,
)

BUILTIN_TYPES: dict[str, DocumentType] = {"invoice": INVOICE, "receipt": RECEIPT}
BUILTIN_ALIASES: dict[str, str] = {"simple-invoice": "invoice", "line-item-invoice": "invoice"}
NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}"
# Used with fullmatch: a "$" anchor would let a trailing newline through.
_NAME_RE = re.compile(NAME_PATTERN)


def builtin_type(name: str) -> DocumentType | None:
    """The built-in type called ``name`` (or one of its aliases), else None."""
    return BUILTIN_TYPES.get(BUILTIN_ALIASES.get(name, name))


def is_builtin_name(name: str) -> bool:
    return name in BUILTIN_TYPES or name in BUILTIN_ALIASES


def document_type_from_dict(data: Mapping[str, object]) -> DocumentType:
    """Validate a user-supplied document type body. Raises ValidationFailed with details."""
    problems: list[dict[str, Any]] = []
    name = data.get("name")
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        problems.append(
            {"field": "name", "problem": "a name of 1-100 letters, digits, '-', '_' or '.'"}
        )
        name = ""
    fields = _parse_fields(data.get("fields"), "fields", problems, allow_author=True)
    items = _parse_fields(
        data.get("line_item_fields", []), "line_item_fields", problems, allow_author=False
    )
    vat = data.get("vat_rates", False)
    if not isinstance(vat, bool):
        problems.append({"field": "vat_rates", "problem": "true or false"})
        vat = False
    authors = [f for f in fields if f.data_type is DataType.AUTHOR]
    if not problems and len(authors) > 1:
        problems.append({"field": "fields", "problem": "exactly one AUTHOR field is allowed"})
    if not problems and not authors:
        fields = (FieldDef("supplier_name", DataType.AUTHOR), *fields)
    if problems:
        raise ValidationFailed("The document type is not valid.", problems)
    return DocumentType(name=name, fields=fields, line_item_fields=items, vat_rates=vat)


def _parse_fields(
    raw: object, where: str, problems: list[dict[str, Any]], *, allow_author: bool
) -> tuple[FieldDef, ...]:
    if not isinstance(raw, list):
        problems.append({"field": where, "problem": "a list of {name, data_type, hint?}"})
        return ()
    out: list[FieldDef] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        loc = f"{where}[{i}]"
        if not isinstance(item, dict):
            problems.append({"field": loc, "problem": "an object {name, data_type, hint?}"})
            continue
        fname, dtype, hint = item.get("name"), item.get("data_type", "STRING"), item.get("hint")
        if not isinstance(fname, str) or not _NAME_RE.fullmatch(fname):
            problems.append({"field": f"{loc}.name", "problem": "letters, digits, '-', '_' or '.'"})
            continue
        if fname in seen:
            problems.append({"field": f"{loc}.name", "problem": f"duplicate field name {fname!r}"})
            continue
        try:
            data_type = DataType(str(dtype).upper())
        except ValueError:
            problems.append(
                {"field": f"{loc}.data_type", "problem": "AUTHOR, STRING, NUMBER or DATE"}
            )
            continue
        if data_type is DataType.AUTHOR and not allow_author:
            problems.append({"field": f"{loc}.data_type", "problem": "AUTHOR is not allowed here"})
            continue
        if hint is not None and not isinstance(hint, str):
            problems.append({"field": f"{loc}.hint", "problem": "a string"})
            continue
        seen.add(fname)
        out.append(FieldDef(fname, data_type, hint or None))
    return tuple(out)
