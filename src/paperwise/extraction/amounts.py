"""Total, net and tax amounts: the numbers printed next to their labels, ranked by evidence."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from paperwise.extraction.candidates import FoundAmount
from paperwise.extraction.doc_index import DocumentIndex, Place
from paperwise.extraction.labels import LabelHit

# A number without decimals ('Total 3') is a weaker amount than '3.00'.
_NO_DECIMALS = 0.6
_NOT_LAST_ON_LINE = 0.75


@dataclass(frozen=True)
class AmountCandidate:
    value: Decimal
    found: FoundAmount | None
    evidence: float


def amount_candidates(index: DocumentIndex, meaning: str) -> list[AmountCandidate]:
    """Candidates for one amount meaning, best evidence first, one per distinct value."""
    out: list[AmountCandidate] = []
    per_label: dict[str, list[AmountCandidate]] = {}
    for hit in index.hits(meaning):
        places = index.places(hit)
        beside = [(p, a) for p in places if p.beside for a in index.amounts_at(p)]
        if not beside:
            beside = _column_amounts(index, hit)
        if not beside:
            continue
        # Beside a label the amount is the last number before the next label (a rate or a
        # count may come first); below a label, the first one.
        chosen = beside[-1][1]
        for place, amount in beside:
            evidence = hit.strength * place.weight
            evidence *= 1.0 if amount.has_decimals else _NO_DECIMALS
            evidence *= 1.0 if amount is chosen else _NOT_LAST_ON_LINE
            cand = AmountCandidate(amount.value, amount, evidence)
            out.append(cand)
            if amount is chosen and place.beside:
                per_label.setdefault(hit.line.lower[hit.start : hit.end], []).append(cand)
    if meaning == "tax_amount":
        out.extend(_breakdown_sums(per_label))
    if meaning == "total_amount" and not out:
        out.extend(_largest_amounts(index))
    return _best_per_value(out, later_first=meaning == "total_amount")


def _column_amounts(index: DocumentIndex, hit: LabelHit) -> list[tuple[Place, FoundAmount]]:
    """Under a column heading: the first amount, or the last when it sums the ones above it
    (a breakdown per rate with its total row)."""
    column: list[tuple[Place, FoundAmount]] = []
    for place in index.column_below(hit):
        found = index.amounts_at(place)
        if not found:
            break  # the column's figures end where a row has none
        column.append((place, found[0]))
    if not column:
        return []
    running = Decimal(0)
    for i, (place, amount) in enumerate(column):
        if i >= 2 and amount.value == running:
            return [(place, amount)]
        running += amount.value
    return column[:1]


def _breakdown_sums(per_label: dict[str, list[AmountCandidate]]) -> list[AmountCandidate]:
    """A label repeated on several rows (one tax line per VAT rate): their sum is a candidate."""
    out = []
    for cands in per_label.values():
        if len(cands) >= 2:
            total = sum((c.value for c in cands), Decimal(0))
            out.append(AmountCandidate(total, None, 0.9 * min(c.evidence for c in cands)))
    return out


def _largest_amounts(index: DocumentIndex) -> list[AmountCandidate]:
    """With no total label, the largest amounts with decimals are a guess at the total."""
    amounts = [a for line in index.amounts for a in line if a.has_decimals and a.value > 0]
    amounts.sort(key=lambda a: -a.value)
    return [AmountCandidate(a.value, a, 0.35) for a in amounts[:3]]


def _best_per_value(
    cands: list[AmountCandidate], *, later_first: bool = False
) -> list[AmountCandidate]:
    """One candidate per value, best evidence first; among equals the earlier one, or for a total
    the later one (a total printed after rounding or charges is the final one)."""
    best: dict[Decimal, AmountCandidate] = {}
    for c in cands:
        if c.value not in best or c.evidence > best[c.value].evidence:
            best[c.value] = c
    sign = -1 if later_first else 1

    def key(c: AmountCandidate) -> tuple[float, int]:
        return -round(c.evidence, 6), sign * (c.found.line.index if c.found else 0)

    return sorted(best.values(), key=key)
