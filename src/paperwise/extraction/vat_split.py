"""The taxable bases of VAT rates printed with their tax only ('MwSt. 19% 4.330,02' and
'MwSt. 7% 548,97' under 'Summe netto 30.631,98'): the net total split between the rates.

Each printed tax is its base x rate rounded to the cent, so each tax bounds its base to a few
cents, and the two bases add up to the net total: the split lies where those bounds meet, and
is the middle of that range. The bases are also sums of line amounts (those charged at each
rate): where the lines add up to the net total, only a split some of them sum to is kept. When
the taxes were rounded per line the bounds need not meet; the two equations base1 + base2 =
net and base1 x rate1 + base2 x rate2 = tax1 + tax2 then give the split to within cents. Of
three rates or more, each base but the lowest rate's is the middle of its bounds."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

_CENT = Decimal("0.01")
_HALF_CENT = Decimal("0.005")
_HUNDRED = Decimal(100)
_MAX_CENTS = 100_000_000  # a net total beyond a million is split without the line amounts
# A rate's printed tax is its base x rate rounded once (or per line: a few cents more).
_TAX_SLACK = Decimal("0.015")


def taxes_to(base: Decimal, rate: Decimal, tax: Decimal) -> bool:
    """base x rate = tax, to the cent (a few cents more when taxes were rounded per line)."""
    return abs(base * rate / _HUNDRED - tax) <= _TAX_SLACK + abs(base) * Decimal("0.00002")


def split_net(
    net: Decimal, taxed: list[tuple[Decimal, Decimal]], line_amounts: list[Decimal]
) -> list[tuple[Decimal, Decimal]] | None:
    """(rate, base) for each (rate, tax) printed without a base, sharing ``net``; None when
    the printed taxes do not fit the net total."""
    if len(taxed) == 1:
        rate, tax = taxed[0]
        return [(rate, net)] if taxes_to(net, rate, tax) else None
    if len({rate for rate, _ in taxed}) != len(taxed):
        return None
    if len(taxed) > 2:
        return _middles(net, taxed)
    (r1, t1), (r2, t2) = taxed
    base = _within_bounds(net, taxed, line_amounts)
    if base is None:
        base = ((t1 + t2 - r2 * net / _HUNDRED) * _HUNDRED / (r1 - r2)).quantize(
            _CENT, ROUND_HALF_UP
        )
    if not (taxes_to(base, r1, t1) and taxes_to(net - base, r2, t2)):
        return None
    if base <= 0 or base >= net:
        return None
    return [(r1, base), (r2, net - base)]


def _middles(
    net: Decimal, taxed: list[tuple[Decimal, Decimal]]
) -> list[tuple[Decimal, Decimal]] | None:
    """Three or more rates: each base the middle of its tax's bounds, but the lowest rate's
    (the widest bounds) the rest of the net total, when that rest fits its tax."""
    ordered = sorted(taxed, key=lambda pair: -pair[0])
    bases: list[tuple[Decimal, Decimal]] = []
    for rate, tax in ordered[:-1]:
        low, high = _bounds(rate, tax)
        bases.append((rate, ((low + high) / 2).quantize(_CENT, ROUND_HALF_UP)))
    last_rate, last_tax = ordered[-1]
    rest = net - sum((base for _, base in bases), Decimal(0))
    if rest <= 0 or not taxes_to(rest, last_rate, last_tax):
        return None
    return [*bases, (last_rate, rest)]


def _bounds(rate: Decimal, tax: Decimal) -> tuple[Decimal, Decimal]:
    """The bases, in whole cents, that ``rate`` taxes to ``tax`` rounded to the cent."""
    low = ((tax - _HALF_CENT) * _HUNDRED / rate).quantize(_CENT, ROUND_CEILING)
    high = ((tax + _HALF_CENT) * _HUNDRED / rate).quantize(_CENT, ROUND_FLOOR)
    return low, high


def _within_bounds(
    net: Decimal, taxed: list[tuple[Decimal, Decimal]], amounts: list[Decimal]
) -> Decimal | None:
    """The middle of the first rate's bases that fit both taxes (those some line amounts sum
    to, when the lines add up to the net total); None when the taxes' bounds do not meet."""
    (r1, t1), (r2, t2) = taxed
    low1, high1 = _bounds(r1, t1)
    low2, high2 = _bounds(r2, t2)
    low, high = max(low1, net - high2), min(high1, net - low2)
    if low > high:
        return None
    bases = [low + k * _CENT for k in range(int((high - low) / _CENT) + 1)]
    reachable = _subset_sums(net, amounts)
    if reachable is not None:
        bases = [b for b in bases if reachable >> int(b * 100) & 1]
    return bases[len(bases) // 2] if bases else None


def _subset_sums(net: Decimal, amounts: list[Decimal]) -> int | None:
    """The sums any subset of the line amounts reaches, in cents, as the bits of one integer;
    None unless the amounts are positive, whole cents and add up to the net total."""
    cents = [a * 100 for a in amounts]
    if not cents or sum(amounts) != net or net * 100 > _MAX_CENTS:
        return None
    if any(c <= 0 or c != int(c) for c in cents):
        return None
    reachable = 1
    for c in cents:
        reachable |= reachable << int(c)
    return reachable
