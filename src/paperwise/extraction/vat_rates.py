"""VAT rates: one (percentage, taxable base) pair per rate on the document.

Read from the tax breakdown where the page prints one ("19 % MwSt auf 198,00 EUR: 37,62",
"USt 7% 275,00 19,25", a table row "113,03 7 7,91"), checked by arithmetic: base x rate = tax.
A rate printed with only its tax ("Umsatzsteuer 19% 269,80") finds its base among the other
printed amounts, else its share of the net total (vat_split.py). With no breakdown on the
page, the pairs come from the line items (amounts grouped by their rate) or from the totals when
there is a single rate; a derived percentage that is not printed has no box."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property

from paperwise.domain.document_types import DataType, field_meaning
from paperwise.domain.result import Box, FieldResult, Value
from paperwise.extraction.item_rows import MONEY
from paperwise.extraction.layout import Line, box_of
from paperwise.extraction.normalise import format_number
from paperwise.extraction.value_locator import join_digit_groups, word_number
from paperwise.extraction.vat_split import split_net, taxes_to
from paperwise.reading.model import Word

_TAX_WORDS = re.compile(
    r"(?i)(steuer|mwst|ust\b|ust\.|u\.st|vat|tva|iva|btw|ddv|gst|tax|imposta|impuesto|davek"
    r"|taxe|\bmw\b)"
)
# Rates printed without a % sign are only believed when they are one of the usual rates.
_USUAL_RATES = frozenset(
    Decimal(r)
    for r in (
        "0",
        "2.1",
        "2.5",
        "3",
        "4",
        "5",
        "5.5",
        "6",
        "7",
        "7.7",
        "8",
        "8.1",
        "9",
        "9.5",
        "10",
        "12",
        "13",
        "13.5",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "20",
        "21",
        "22",
        "23",
        "24",
        "25",
        "27",
    )
)
_DECIMAL_RATE = re.compile(r"^(\d{1,2})[.,](\d{1,3})\s*%$")
_HUNDRED = Decimal(100)
_MAX_RATE = Decimal(30)
_TABLE_REACH = 4  # lines above a tax table row that may hold its tax titles
_CONFIRMED = 0.95  # base x rate = tax, all on one line
_RECOVERED = 0.85  # rate and tax on a line, the base elsewhere on the page
_DERIVED = 0.7  # from line items or totals


@dataclass(frozen=True)
class _Token:
    value: Decimal
    page: int
    words: tuple[Word, ...]
    percent: bool  # printed with a % sign
    money: bool  # printed with two (or more) decimals


@dataclass(frozen=True)
class VatPair:
    rate: Decimal
    net: Decimal
    rate_box: Box | None
    net_box: Box | None
    confidence: float
    error: Decimal = Decimal(0)  # |base x rate - tax|: the smaller, the better the reading


class TaxLines:
    """The document's lines (``layout.document_lines``) as the VAT reading sees them, each part
    computed once: the numbers on every line, whether a line is about tax (a tax word on it or
    on the lines just above it: a tax table's titles), and the breakdown printed there."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.tokens = [_tokens(line) for line in lines]
        self.taxed = _tax_context(lines)

    @cached_property
    def printed(self) -> list[VatPair]:
        """Pairs from the tax breakdown printed on the page, one per rate, by rate."""
        amounts = _MoneyIndex(self.tokens)
        found: dict[Decimal, VatPair] = {}
        for index, taxed in enumerate(self.taxed):
            if not taxed:
                continue
            for pair in _line_pairs(index, self.tokens, amounts):
                best = found.get(pair.rate)
                if best is None or (-pair.confidence, pair.error) < (-best.confidence, best.error):
                    found[pair.rate] = pair
        return sorted(found.values(), key=lambda p: p.rate)

    def taxed_tokens(self) -> list[list[_Token]]:
        """The numbers of each line about tax."""
        return [t for t, taxed in zip(self.tokens, self.taxed, strict=True) if taxed]


def extract_vat_rates(
    taxes: TaxLines, header: list[FieldResult], line_items: list[list[FieldResult]]
) -> list[list[FieldResult]]:
    """One [vat_rate_percentage, vat_rate_net] pair per VAT rate, best source first: the printed
    breakdown (base, rate and tax on one line), then bases found for printed rate-and-tax lines,
    then the line items' amounts per rate, then the totals."""
    printed = taxes.printed
    totals = _from_totals(taxes, header)
    items = _from_line_items(line_items)
    if len(items) == 1 and [p.rate for p in totals] == [items[0].rate]:
        items = totals  # one rate: the net total also counts charges and discounts
    pairs = [p for p in printed if p.confidence >= _CONFIRMED]
    for extra in ([p for p in printed if p.confidence < _CONFIRMED], items):
        known = {p.rate for p in pairs}
        pairs += [p for p in extra if p.rate not in known]
    pairs += _split_bases(taxes, header, pairs, line_items)
    return [_fields(p) for p in sorted(pairs or totals, key=lambda p: p.rate)]


def _split_bases(
    taxes: TaxLines,
    header: list[FieldResult],
    pairs: list[VatPair],
    line_items: list[list[FieldResult]],
) -> list[VatPair]:
    """Pairs for the rates (up to three) printed with their tax only, their bases the rest of
    the net total split between them (vat_split.py)."""
    known = {p.rate for p in pairs}
    taxed = {r: t for r, t in _rates_with_tax(taxes).items() if r not in known}
    net = _decimal(
        {field_meaning(f.name, None, f.data_type): f.best for f in header}.get("net_amount")
    )
    if not taxed or len(taxed) > 3 or net is None:
        return []
    amounts = [a for a in (_row_amount(row) for row in line_items) if a is not None]
    rest = net - sum((p.net for p in pairs), Decimal(0))
    split = split_net(rest, [(r, t.value) for r, (_, t) in taxed.items()], amounts)
    if split is None:
        return []
    out = []
    for rate, base in split:
        token = taxed[rate][0]
        out.append(VatPair(rate, base, box_of(token.page, token.words), None, _DERIVED))
    return out


def _rates_with_tax(taxes: TaxLines) -> dict[Decimal, tuple[_Token, _Token]]:
    """Rates printed with a % sign and one amount after them, their tax, on lines about tax
    ('MwSt. 19% EUR 4.330,02'), by rate."""
    found: dict[Decimal, tuple[_Token, _Token]] = {}
    for tokens in taxes.taxed_tokens():
        rates = [t for t in tokens if t.percent and _is_rate(t) and t.value != 0]
        if len(rates) != 1:
            continue
        after = [
            t for t in tokens if t.money and not t.percent and t.words[0].x0 > rates[0].words[-1].x1
        ]
        before = [t for t in tokens if t.money and t.words[0].x1 < rates[0].words[0].x0]
        if len(after) == 1 and not before:
            found.setdefault(rates[0].value, (rates[0], after[0]))
    return found


def _tax_context(lines: list[Line]) -> list[bool]:
    """For each line: a tax word on it, or on the lines just above it (a tax table's titles)."""
    words = [bool(_TAX_WORDS.search(line.text)) for line in lines]
    return [
        any(
            words[k] and lines[k].page == line.page
            for k in range(max(0, index - _TABLE_REACH), index + 1)
        )
        for index, line in enumerate(lines)
    ]


def _tokens(line: Line) -> list[_Token]:
    words = join_digit_groups(line.words)
    out: list[_Token] = []
    for i, word in enumerate(words):
        if not any(c.isdigit() for c in word.text):
            continue
        text = word.text.strip()
        follows = words[i + 1].text if i + 1 < len(words) else ""
        if text.strip("()").endswith("%") or follows.startswith("%"):
            text = text.strip("()")  # a rate in brackets: 'Sales tax (8.875%)', 'TVA (10 %)'
        rate = _DECIMAL_RATE.match(text)  # '8.875%' is a rate, not 8875
        value = Decimal(f"{rate[1]}.{rate[2]}") if rate else word_number(text)
        if value is None:
            continue
        percent = text.endswith("%") or follows.startswith("%")
        out.append(_Token(value, line.page, (word,), percent, bool(MONEY.search(word.text))))
    return out


def _is_rate(token: _Token) -> bool:
    if token.percent:
        return Decimal(0) <= token.value <= _MAX_RATE
    return token.value in _USUAL_RATES and not token.money


def _error(net: Decimal, rate: Decimal, tax: Decimal) -> Decimal:
    return abs(net * rate / _HUNDRED - tax)


def _line_pairs(index: int, tokens: list[list[_Token]], amounts: _MoneyIndex) -> list[VatPair]:
    """Pairs of one line: base, rate and tax all printed on it; or a rate and its tax, with the
    base printed elsewhere ("Umsatzsteuer 19% 269,80" under "Summe netto 1.420,00")."""
    pairs: list[VatPair] = []
    line_tokens = tokens[index]
    rates = [t for t in line_tokens if _is_rate(t)]
    money = [t for t in line_tokens if t.money and not t.percent]
    for rate in rates:
        found = [
            _pair(rate, net, _CONFIRMED, _error(net.value, rate.value, tax.value))
            for net in money
            for tax in money
            if net is not tax
            and net is not rate
            and tax is not rate
            and net.value != 0
            and abs(tax.value) <= abs(net.value)
            and net.words[0].x1 < tax.words[0].x0  # the base is printed before its tax
            and (rate.value != 0 or (tax.value == 0 and not rate.money))
            and taxes_to(net.value, rate.value, tax.value)
        ]
        if not found and rate.percent and rate.value != 0:
            found = _base_elsewhere(index, rate, money, amounts)
        pairs += found
    return pairs


class _MoneyIndex:
    """The document's money amounts sorted by value, to find a base near a value quickly."""

    def __init__(self, tokens: list[list[_Token]]) -> None:
        entries = [
            (t.value, line, k)
            for line, line_tokens in enumerate(tokens)
            for k, t in enumerate(line_tokens)
            if t.money and t.value != 0
        ]
        entries.sort()
        self._values = [e[0] for e in entries]
        self._places = [(e[1], e[2]) for e in entries]
        self._tokens = tokens

    def near(self, value: Decimal, margin: Decimal) -> list[tuple[int, _Token]]:
        """(line index, token) of every amount within ``margin`` of ``value``."""
        lo = bisect_left(self._values, value - margin)
        hi = bisect_right(self._values, value + margin)
        return [(line, self._tokens[line][k]) for line, k in self._places[lo:hi]]


def _base_elsewhere(
    index: int, rate: _Token, money: list[_Token], amounts: _MoneyIndex
) -> list[VatPair]:
    """For a rate and tax printed together, the printed base that fits best (nearest first)."""
    best: tuple[Decimal, int, _Token] | None = None
    for tax in (m for m in money if m.words[0].x0 > rate.words[-1].x1):
        expected = tax.value * _HUNDRED / rate.value
        margin = (Decimal("0.02") + abs(expected) * Decimal("0.00003")) * _HUNDRED / rate.value
        for other, base in amounts.near(expected, margin):
            if base.value == tax.value or not taxes_to(base.value, rate.value, tax.value):
                continue
            key = (_error(base.value, rate.value, tax.value), abs(other - index), base)
            if best is None or key[:2] < best[:2]:
                best = key
    if best is None:
        return []
    return [_pair(rate, best[2], _RECOVERED, best[0])]


def _pair(rate: _Token, net: _Token, confidence: float, error: Decimal = Decimal(0)) -> VatPair:
    return VatPair(
        rate.value,
        net.value,
        box_of(rate.page, rate.words),
        box_of(net.page, net.words),
        confidence,
        error,
    )


def _row_amount(row: list[FieldResult]) -> Decimal | None:
    values = {field_meaning(f.name, None, f.data_type, line_item=True): f.best for f in row}
    return _decimal(values.get("amount"))


def _from_line_items(line_items: list[list[FieldResult]]) -> list[VatPair]:
    """Line amounts summed per VAT rate, when the items carry their rates."""
    sums: dict[Decimal, Decimal] = {}
    for row in line_items:
        values = {field_meaning(f.name, None, f.data_type, line_item=True): f.best for f in row}
        rate = _decimal(values.get("vat_rate"))
        amount = _decimal(values.get("amount"))
        if rate is None or amount is None:
            return []
        sums[rate] = sums.get(rate, Decimal(0)) + amount
    return [VatPair(rate, net, None, None, _DERIVED) for rate, net in sorted(sums.items())]


def _from_totals(taxes: TaxLines, header: list[FieldResult]) -> list[VatPair]:
    """The single-rate case from the net and tax totals: the rate printed near a tax word that
    fits them, else the usual rate that fits them (not printed: no box)."""
    values = {field_meaning(f.name, None, f.data_type): f.best for f in header}
    net = values.get("net_amount")
    net_value, tax_value = _decimal(net), _decimal(values.get("tax_amount"))
    if net is None or net_value is None or tax_value is None or net_value == 0 or tax_value == 0:
        return []
    printed: dict[Decimal, _Token] = {}
    for tokens in taxes.taxed_tokens():
        for token in tokens:
            if token.percent and _is_rate(token):
                printed.setdefault(token.value, token)
    matching = [t for t in printed.values() if taxes_to(net_value, t.value, tax_value)]
    if len(matching) == 1:
        rate = matching[0]
        box = box_of(rate.page, rate.words)
        return [VatPair(rate.value, net_value, box, net.box, _DERIVED)]
    usual = [r for r in _USUAL_RATES if r and taxes_to(net_value, r, tax_value)]
    if len(usual) == 1:
        return [VatPair(usual[0], net_value, None, net.box, _DERIVED)]
    ratio = tax_value * _HUNDRED / net_value
    for places in (Decimal(1), Decimal("0.1"), Decimal("0.01")):
        derived = ratio.quantize(places)
        if 0 < derived <= _MAX_RATE and taxes_to(net_value, derived, tax_value):
            return [VatPair(derived, net_value, None, net.box, _DERIVED)]
    return []


def _decimal(value: Value | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value.value)
    except InvalidOperation:
        return None


def _fields(pair: VatPair) -> list[FieldResult]:
    return [
        FieldResult(
            "vat_rate_percentage",
            DataType.NUMBER,
            [Value(format_number(pair.rate), pair.confidence, pair.rate_box)],
        ),
        FieldResult(
            "vat_rate_net",
            DataType.NUMBER,
            [Value(format_number(pair.net), pair.confidence, pair.net_box)],
        ),
    ]
