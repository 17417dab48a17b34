"""Arithmetic an invoice gives for free, used to choose among amount candidates and to score them:
net + tax = total, line amounts sum to the net (or the total), VAT bases sum to the net and
base x rate = tax, and on a receipt the cash paid minus the change is the total."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import product

from paperwise.domain.document_types import FieldDef, field_meaning
from paperwise.domain.result import FieldResult, Value
from paperwise.extraction.amounts import MAX_ADJUSTMENT, AmountCandidate
from paperwise.extraction.candidates import FoundAmount

CENT = Decimal("0.011")
_CONSISTENT_BONUS = 1.5
_PER_MEANING = 5
CHECKED_BY_VAT = 0.95
ROUNDING = Decimal("0.05")
DERIVED_TAX = 0.6  # evidence for a tax that is total - net, printed but not labelled
# A total printed after 'total + rounding adjustment' is the final one: more than the line sum
# (which the total before rounding matches) can say for the other.
_ROUNDED_BONUS = 0.3
# A total known only as the amount paid that a net and a tax sum to: not printed as a total.
_PAID_EVIDENCE = 0.5


def close(a: Decimal, b: Decimal, tolerance: Decimal = CENT) -> bool:
    return abs(a - b) <= tolerance


@dataclass(frozen=True)
class Totals:
    """The chosen total, net and tax (None when not found) and whether arithmetic confirmed
    each (True), contradicted it (False) or could not say (None)."""

    total: AmountCandidate | None
    net: AmountCandidate | None
    tax: AmountCandidate | None
    total_checked: bool | None
    net_checked: bool | None
    tax_checked: bool | None
    total_paid: bool = False  # cash paid minus change is the chosen total


def reconcile(
    totals: Sequence[AmountCandidate],
    nets: Sequence[AmountCandidate],
    taxes: Sequence[AmountCandidate],
    *,
    line_sum: Decimal | None = None,
    paid_minus_change: Decimal | None = None,
    rounded_printed: bool = False,
    repeated: Collection[Decimal] = (),
    after_rounding: Sequence[AmountCandidate] = (),
) -> Totals:
    """The most likely (total, net, tax): the best evidence, with a strong bonus for a triple
    whose net + tax = total, and for a total or net the other sums confirm. When the amount
    paid (less change) is a few cents off the best total and is printed elsewhere too
    (``rounded_printed``), it is the cash-rounded total and a candidate of its own. ``repeated``:
    the amounts printed on more than one row. ``after_rounding``: a total plus the rounding
    adjustment printed under it, printed again further down: the final total, preferred."""
    rounded = _rounded(totals, paid_minus_change) if rounded_printed else []
    rounded += _paid_is_net_plus_tax(totals, nets, taxes, paid_minus_change)
    totals = [*after_rounding, *totals[:_PER_MEANING], *rounded]
    final = {c.value for c in after_rounding}
    options_t: list[AmountCandidate | None] = [*totals, None]
    options_n: list[AmountCandidate | None] = [*nets[:_PER_MEANING], None]
    options_x: list[AmountCandidate | None] = [*taxes[:_PER_MEANING], None]
    best: tuple[float, Totals] | None = None
    for t, n, x in product(options_t, options_n, options_x):
        n, x = _signed_like(n, t), _signed_like(x, t)
        score = sum(c.evidence for c in (t, n, x) if c is not None)
        sums_ok: bool | None = None
        if t and n and x:
            # a total after a printed rounding adjustment is net + tax rounded by a few cents
            sums_ok = close(n.value + x.value, t.value) or (
                t.value in final and abs(n.value + x.value - t.value) <= MAX_ADJUSTMENT
            )
            if sums_ok and _one_row(t, n, x) and t.value not in repeated:
                # a row of a VAT breakdown adds up too, whichever rate's row it is: no check,
                # unless its total is printed again elsewhere (the document's total)
                score += _CONSISTENT_BONUS / 2
                sums_ok = None
            else:
                score += _CONSISTENT_BONUS if sums_ok else 0.0
        elif t and n and not x:
            sums_ok = None
            if t.value < n.value:
                score -= 0.5
        if t and n and x and sums_ok is False:
            score -= 0.3
        # Cash paid minus change is the total; line amounts often sum to the net, but not when
        # the document adds charges or allowances, so they only break ties.
        t_other = _confirms(t, paid_minus_change)
        score += 0.6 * t_other + 0.15 * _confirms(n, line_sum) + 0.1 * _confirms(t, line_sum)
        score += _ROUNDED_BONUS if t is not None and t.value in final else 0.0
        if best is None or score > best[0]:
            best = (
                score,
                Totals(
                    t,
                    n,
                    x,
                    sums_ok,
                    sums_ok,
                    sums_ok,
                    t_other,
                ),
            )
    assert best is not None
    return best[1]


def tax_from_difference(totals: Totals, printed: Iterable[FoundAmount]) -> Totals:
    """No tax found: total - net is the tax when that difference is printed (``printed``: the
    amounts on rows with a rate; a tax column whose title was not read as one), with the
    evidence of a guess."""
    t, n = totals.total, totals.net
    if totals.tax is not None or t is None or n is None:
        return totals
    difference = t.value - n.value
    if difference == 0 or (difference > 0) != (t.value > 0) or abs(difference) >= abs(t.value):
        return totals
    found = next((a for a in printed if a.value == difference), None)
    if found is None:
        return totals
    return replace(totals, tax=AmountCandidate(difference, found, DERIVED_TAX))


def _one_row(*cands: AmountCandidate) -> bool:
    """Whether the amounts were all read from one printed row."""
    rows = {(c.found.line.page, c.found.line.row) if c.found else None for c in cands}
    return len(rows) == 1 and None not in rows


def _signed_like(
    cand: AmountCandidate | None, total: AmountCandidate | None
) -> AmountCandidate | None:
    """A net or tax in brackets beside a positive total is an aside ('incl. 21% VAT (174.90)'),
    not a negative amount: it takes the total's sign."""
    if (
        cand is not None
        and total is not None
        and cand.value < 0 < total.value
        and cand.found is not None
        and cand.found.bracketed
    ):
        return AmountCandidate(-cand.value, cand.found, cand.evidence)
    return cand


def _rounded(
    totals: Sequence[AmountCandidate], paid_minus_change: Decimal | None
) -> list[AmountCandidate]:
    """Cash rounding: what was paid (less change) a few cents off the printed total is the
    rounded total the customer paid."""
    if paid_minus_change is None or not totals or paid_minus_change <= 0:
        return []
    best = totals[0]
    diff = abs(best.value - paid_minus_change)
    if Decimal(0) < diff <= ROUNDING and all(t.value != paid_minus_change for t in totals):
        return [AmountCandidate(paid_minus_change, None, best.evidence)]
    return []


def _paid_is_net_plus_tax(
    totals: Sequence[AmountCandidate],
    nets: Sequence[AmountCandidate],
    taxes: Sequence[AmountCandidate],
    paid_minus_change: Decimal | None,
) -> list[AmountCandidate]:
    """The amount paid (less change) is the total when no total candidate has its value but a
    net and a tax add up to it, to within cash rounding: the total's label was not read or
    names the payment ('TOTAL CASH')."""
    if paid_minus_change is None or paid_minus_change <= 0:
        return []
    if any(t.value == paid_minus_change for t in totals):
        return []
    for n, x in product(nets[:_PER_MEANING], taxes[:_PER_MEANING]):
        if 0 < x.value < n.value and close(n.value + x.value, paid_minus_change, ROUNDING):
            return [AmountCandidate(paid_minus_change, None, _PAID_EVIDENCE)]
    return []


def _confirms(cand: AmountCandidate | None, other: Decimal | None) -> bool:
    return cand is not None and other is not None and cand.value == other


def vat_agrees(net: Decimal, tax: Decimal, pairs: Sequence[tuple[Decimal, Decimal]]) -> bool:
    """VAT bases (rate %, base) sum to the net and their taxes to the tax, within a cent a rate."""
    if not pairs:
        return False
    bases = sum((base for _, base in pairs), Decimal(0))
    taxed = sum((base * rate / 100 for rate, base in pairs), Decimal(0))
    tolerance = CENT * len(pairs)
    return close(bases, net, tolerance) and close(taxed, tax, tolerance)


def line_amount_sum(
    rows: Sequence[Sequence[FieldResult]], fields: Sequence[FieldDef]
) -> Decimal | None:
    """The sum of the rows' line amounts, when every row has one."""
    names = {f.name for f in fields if field_meaning(f.name, f.hint, line_item=True) == "amount"}
    if not rows or not names:
        return None
    total = Decimal(0)
    for row in rows:
        best = next((f.best for f in row if f.name in names and f.best), None)
        if best is None:
            return None
        total += Decimal(best.value)
    return total


def confirm_with_vat(
    header: list[FieldResult], fields: Sequence[FieldDef], pairs: Sequence[tuple[Decimal, Decimal]]
) -> None:
    """Raise the confidence of the net and tax amounts when a printed VAT breakdown
    ((rate %, base) pairs read independently of them) agrees with them."""
    by_meaning = {f.meaning: r for f, r in zip(fields, header, strict=True) if f.meaning}
    net, tax = by_meaning.get("net_amount"), by_meaning.get("tax_amount")
    if net is None or tax is None or net.best is None or tax.best is None:
        return
    if vat_agrees(Decimal(net.best.value), Decimal(tax.best.value), pairs):
        for result in (net, tax):
            best = result.ranked()[0]
            result.values = [
                Value(v.value, max(v.confidence, CHECKED_BY_VAT), v.box) if v is best else v
                for v in result.values
            ]
