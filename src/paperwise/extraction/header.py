"""Zero-shot header fields: every field of a document type, by its meaning, as ranked, normalised,
located and scored values."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal

from paperwise.domain.document_types import DataType, FieldDef
from paperwise.domain.result import FieldResult, Value
from paperwise.extraction import confidence as conf
from paperwise.extraction.amounts import AmountCandidate, after_rounding, amount_candidates
from paperwise.extraction.arithmetic import Totals, reconcile, tax_from_difference
from paperwise.extraction.candidates import FoundAmount
from paperwise.extraction.dates import date_candidates, payment_terms
from paperwise.extraction.doc_index import DocumentIndex
from paperwise.extraction.identifiers import (
    TextCandidate,
    iban_candidates,
    labelled_identifiers,
    vat_id_candidates,
)
from paperwise.extraction.normalise import (
    fold_whitespace,
    format_date,
    format_number,
    normalise_date,
    normalise_number,
)
from paperwise.extraction.parties import Parties, find_parties

_IDENTIFIER_MEANINGS = ("invoice_number", "purchase_order_number", "payment_reference")


class HeaderExtractor:
    """Computes each meaning's candidates at most once per document, on demand. ``line_sum``:
    the sum of the line items' amounts, when every row has one (evidence for the net or total).
    """

    def __init__(self, index: DocumentIndex, line_sum: Decimal | None = None) -> None:
        self.index = index
        self.line_sum = line_sum
        self._cache: dict[str, list[Value]] = {}
        self._amounts: dict[str, list[AmountCandidate]] = {}
        self._parties: Parties | None = None
        self._totals: Totals | None = None

    def results(self, fields: Sequence[FieldDef]) -> list[FieldResult]:
        """One FieldResult per field, in order, its values normalised to the field's data type;
        fields of unknown meaning have no values."""
        out: list[FieldResult] = []
        for f in fields:
            meaning = f.meaning
            values = self.values(meaning) if meaning else []
            coerced = [c for v in values if (c := _coerce(v, f.data_type)) is not None]
            out.append(FieldResult(f.name, f.data_type, coerced))
        return out

    def values(self, meaning: str) -> list[Value]:
        """The scored candidates of one meaning, best first (before coercion to a data type)."""
        if meaning not in self._cache:
            self._cache[meaning] = self._compute(meaning)
        return self._cache[meaning]

    def amounts(self, meaning: str) -> list[AmountCandidate]:
        """The amount candidates of one meaning (``amounts.amount_candidates``), found once."""
        if meaning not in self._amounts:
            self._amounts[meaning] = amount_candidates(self.index, meaning)
        return self._amounts[meaning]

    @property
    def parties(self) -> Parties:
        if self._parties is None:
            self._parties = find_parties(self.index)
        return self._parties

    @property
    def totals(self) -> Totals:
        if self._totals is None:
            paid = self._paid_minus_change()
            totals = self.amounts("total_amount")
            self._totals = reconcile(
                totals,
                self.amounts("net_amount"),
                self.amounts("tax_amount"),
                line_sum=self.line_sum,
                paid_minus_change=paid,
                rounded_printed=paid is not None and self._printed_elsewhere(paid),
                repeated=self._repeated_amounts(),
                after_rounding=after_rounding(self.index, totals),
            )
            # total - net printed on a row with a rate (a VAT table's row), not a charge's
            rated = {(line.page, line.row) for line in self.index.lines if "%" in line.text}
            printed = (
                a
                for found in self.index.amounts
                for a in found
                if (a.line.page, a.line.row) in rated
            )
            self._totals = tax_from_difference(self._totals, printed)
        return self._totals

    def _compute(self, meaning: str) -> list[Value]:
        compute: dict[str, Callable[[], list[Value]]] = {
            "total_amount": lambda: self._amount("total_amount"),
            "net_amount": lambda: self._amount("net_amount"),
            "tax_amount": lambda: self._amount("tax_amount"),
            "issue_date": lambda: self._date("issue_date"),
            "pay_due_date": lambda: self._date("pay_due_date"),
            "currency": self._currency,
            "supplier_name": lambda: _text_values(self.parties.supplier),
            "supplier_address": lambda: _text_values(self.parties.supplier_address),
            "buyer_name": lambda: _text_values(self.parties.buyer),
            "supplier_vat_id": lambda: _text_values(
                vat_id_candidates(self.index, set(self.parties.buyer_rows))
            ),
            "supplier_iban": lambda: _text_values(
                iban_candidates(self.index, set(self.parties.buyer_rows))
            ),
        }
        if meaning in compute:
            return compute[meaning]()
        if meaning in _IDENTIFIER_MEANINGS:
            return _text_values(labelled_identifiers(self.index, meaning))
        return []

    # ---- amounts ------------------------------------------------------------------------------
    def _amount(self, meaning: str) -> list[Value]:
        totals = self.totals
        chosen, checked = {
            "total_amount": (totals.total, totals.total_checked),
            "net_amount": (totals.net, totals.net_checked),
            "tax_amount": (totals.tax, totals.tax_checked),
        }[meaning]
        cands = self.amounts(meaning)
        out: list[Value] = []
        ceiling = 1.0
        # the chosen value read from a candidate's words (a bracketed amount's sign) is no rival
        cands = [c for c in cands if chosen is None or not _same_print(c, chosen)]
        if chosen is not None:
            rival = max((c.evidence for c in cands if c.value != chosen.value), default=None)
            score = conf.with_rival(
                conf.from_evidence(chosen.evidence),
                conf.from_evidence(rival) if rival is not None else None,
            )
            score = conf.checked(score, checked)
            if meaning == "total_amount" and totals.total_paid and not checked:
                # paid minus change agrees; a rounded total (not printed as such) stays doubtful
                score = conf.PAID if chosen.found else min(score, conf.ROUNDED)
            ceiling = score * 0.95
            out.append(_amount_value(chosen, score))
        for c in cands:
            if chosen is None or c.value != chosen.value:
                penalty = 0.6 if checked else 0.9
                out.append(_amount_value(c, min(ceiling, conf.from_evidence(c.evidence) * penalty)))
        return out

    def _printed_elsewhere(self, value: Decimal) -> bool:
        """Whether ``value`` is printed on a line other than the payment and change lines."""
        payment_rows = {h.line.row for m in ("paid", "change") for h in self.index.hits(m)}
        return any(
            a.value == value and a.line.row not in payment_rows
            for found in self.index.amounts
            for a in found
        )

    def _repeated_amounts(self) -> set[Decimal]:
        """The amounts printed on more than one row."""
        rows: dict[Decimal, set[tuple[int, int]]] = {}
        for found in self.index.amounts:
            for a in found:
                rows.setdefault(a.value, set()).add((a.line.page, a.line.row))
        return {value for value, where in rows.items() if len(where) > 1}

    def _paid_minus_change(self) -> Decimal | None:
        paid = self.amounts("paid")
        change = self.amounts("change")
        if paid:
            return paid[0].value - (change[0].value if change else 0)
        if change and change[0].found is not None:
            return self._paid_above_change(change[0].found)
        return None

    def _paid_above_change(self, change: FoundAmount) -> Decimal | None:
        """The cash paid when its label was not read: the amount on the row just above the
        change, when it less the change is printed higher up too (the total)."""
        above = [
            found[-1]
            for found in self.index.amounts
            if found
            and found[-1].line.page == change.line.page
            and change.line.row - 2 <= found[-1].line.row < change.line.row
        ]
        if not above or above[-1].value <= change.value:
            return None
        paid = above[-1]
        rest = paid.value - change.value
        printed_before = any(
            a.value == rest and a.line.row < paid.line.row
            for found in self.index.amounts
            for a in found
            if a.line.page == paid.line.page
        )
        return rest if printed_before else None

    # ---- dates, currency ----------------------------------------------------------------------
    def _date(self, meaning: str) -> list[Value]:
        cands = date_candidates(self.index, meaning)
        scores = []
        for c in cands:
            score = conf.from_evidence(c.evidence)
            if c.ambiguous:
                score = conf.ambiguous_date(score, self.index.date_order_certainty)
            scores.append(score)
        values = [
            Value(format_date(c.value), score, c.found.box)
            for c, score in zip(cands, conf.ranked(scores), strict=True)
        ]
        if meaning == "pay_due_date" and not values:
            values = self._due_from_terms()
        return values

    def _due_from_terms(self) -> list[Value]:
        """No due date printed: the issue date plus the days the payment terms give."""
        issued = self.values("issue_date")
        terms = payment_terms(self.index)
        if not issued or not terms:
            return []
        day = dt.date.fromisoformat(issued[0].value) + dt.timedelta(days=terms[0].days)
        score = round(min(issued[0].confidence, conf.DERIVED_DATE), 4)
        return [Value(format_date(day), score, terms[0].line.box(terms[0].start, terms[0].end))]

    def _currency(self) -> list[Value]:
        counts: Counter[str] = Counter()
        first: dict[str, Value] = {}
        for line, found in zip(self.index.lines, self.index.currencies, strict=True):
            for m in found:
                counts[m.code] += 2 if m.explicit else 1
                first.setdefault(m.code, Value(m.code, 0.0, line.box(m.start, m.end)))
        total = sum(counts.values())
        out: list[Value] = []
        for code, n in counts.most_common(3):
            strength = min(1.0, 0.55 + 0.1 * n) * (n / total) ** 0.5
            if code == "USD" and not _explicit(self.index, code):
                strength *= 0.8  # a bare '$' is also CAD, AUD, SGD...
            out.append(Value(code, round(0.3 + 0.65 * strength, 4), first[code].box))
        return out


def _explicit(index: DocumentIndex, code: str) -> bool:
    return any(m.explicit and m.code == code for found in index.currencies for m in found)


def _same_print(a: AmountCandidate, b: AmountCandidate) -> bool:
    return a.found is not None and a.found is b.found and a.value != b.value


def _amount_value(c: AmountCandidate, score: float) -> Value:
    return Value(format_number(c.value), round(score, 4), c.found.box if c.found else None)


def _text_values(cands: Sequence[TextCandidate]) -> list[Value]:
    checked = [c for c in cands if c.checked]
    unchecked = [c for c in cands if not c.checked]
    scores = [conf.CHECKSUM] * len(checked) + conf.ranked(
        [conf.from_evidence(c.evidence) for c in unchecked]
    )
    return [
        Value(fold_whitespace(c.value), score, c.box)
        for c, score in zip(checked + unchecked, scores, strict=True)
    ]


def _coerce(value: Value, data_type: DataType) -> Value | None:
    """A value in the normalised form of the field's data type, else None."""
    if data_type is DataType.NUMBER:
        number = normalise_number(value.value)
        return Value(number, value.confidence, value.box) if number else None
    if data_type is DataType.DATE:
        day = normalise_date(value.value)
        return Value(day, value.confidence, value.box) if day else None
    return value
