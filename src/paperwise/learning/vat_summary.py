"""A supplier's VAT summary, learned from one corrected document and read on its next ones.

Each corrected (rate, net) pair is looked up on the page: the rate printed on a line with the net
(``kind`` "net"), or with the tax the net gives at that rate when the net itself is not printed
(``kind`` "tax": 'Umsatzsteuer 19 % 190,00'). Learned: the words every such line holds (its
label), where the rate and the net or tax end (right edges, shares of the page width), and the
checks that held (the tax on the net's line; the nets adding up to a printed number).

Reading: every line with the label, a rate at the rate's place and a number at the value's place
gives a pair. A net read from the tax is the one sum of line amounts whose tax at that rate is
the printed tax, the line amounts split over the rates one way only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from paperwise.extraction.layout import Line
from paperwise.extraction.value_locator import join_digit_groups, word_number
from paperwise.learning.item_reading import Verdict
from paperwise.learning.item_table import letter_tokens
from paperwise.learning.supplier_key import DocumentView
from paperwise.reading.model import Word

MAX_RATE = Decimal(30)
PLACE_REACH = 0.05  # a number's right edge this near its learned place (share of page width)
TAX_TOLERANCE = Decimal("0.011")
MAX_ITEMS_TO_SPLIT = 14  # line amounts split over the rates by trying every subset
TAX_LINES = 3  # "derived": the tax line is this near under the net line


@dataclass(frozen=True)
class VatLesson:
    label: tuple[str, ...]
    rate_x: float
    value_x: float
    kind: str  # "net", "tax" or "derived" (one rate, not printed: net and tax lines)
    tax_on_line: bool = False  # "net": the line also printed the tax
    nets_summed: bool = False  # the nets added up to a number printed on the page
    tax_label: tuple[str, ...] = ()  # "derived": the tax line's words and the tax's place
    tax_x: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> VatLesson:
        return cls(
            label=tuple(str(t) for t in raw.get("label") or ()),
            rate_x=float(raw["rate_x"]),
            value_x=float(raw["value_x"]),
            kind=str(raw.get("kind") or "net"),
            tax_on_line=bool(raw.get("tax_on_line")),
            nets_summed=bool(raw.get("nets_summed")),
            tax_label=tuple(str(t) for t in raw.get("tax_label") or ()),
            tax_x=float(raw.get("tax_x") or 0.0),
        )


@dataclass(frozen=True)
class VatReading:
    rate: Decimal
    net: Decimal
    rate_words: tuple[Word, ...]
    net_words: tuple[Word, ...]  # empty: the net was derived from the tax
    page: int


def tax_of(net: Decimal, rate: Decimal) -> Decimal:
    return net * rate / 100


def _numbers(line: Line) -> list[tuple[Decimal, Word]]:
    out = []
    for word in join_digit_groups(line.words):
        value = word_number(word.text)
        if value is not None:
            out.append((value, word))
    return out


def _same_line_value(line: Line, value: Decimal, skip: Word) -> Word | None:
    return next((w for number, w in _numbers(line) if w is not skip and number == value), None)


def _pair_place(
    view: DocumentView, rate: Decimal, net: Decimal, item_words: set[int]
) -> tuple[Line, Word, Word, str, bool] | None:
    """The line, rate word, net-or-tax word, kind and whether the tax is on the line too; lines
    of the item table (holding ``item_words``) are passed over."""
    lines = view.locator.lines
    tax = tax_of(net, rate)
    for hit in view.locator.number(rate):
        line = lines[hit.line_index]
        if any(id(w) in item_words for w in line.words):
            continue
        rate_word = hit.words[-1]
        net_word = _same_line_value(line, net, rate_word)
        others = [(n, w) for n, w in _numbers(line) if w is not rate_word and w is not net_word]
        tax_word = next((w for n, w in others if abs(n - tax) <= TAX_TOLERANCE), None)
        if net_word is not None:
            return line, rate_word, net_word, "net", tax_word is not None
        if tax_word is not None:
            return line, rate_word, tax_word, "tax", True
    return None


def _derived(
    view: DocumentView, rate: Decimal, net: Decimal, item_words: set[int]
) -> VatLesson | None:
    """One rate not printed: the net on a line, the tax on one of the next lines."""
    lines = view.locator.lines
    tax = tax_of(net, rate)
    for hit in view.locator.number(net):
        if any(id(w) in item_words for w in lines[hit.line_index].words):
            continue
        net_line = lines[hit.line_index]
        width = float(max(view.doc.pages[net_line.page].width, 1))
        for index in range(hit.line_index + 1, min(hit.line_index + 1 + TAX_LINES, len(lines))):
            line = lines[index]
            if line.page != net_line.page:
                break
            word = next((w for n, w in _numbers(line) if abs(n - tax) <= TAX_TOLERANCE), None)
            if word is not None:
                return VatLesson(
                    label=letter_tokens(net_line),
                    rate_x=0.0,
                    value_x=hit.words[-1].x1 / width,
                    kind="derived",
                    tax_label=letter_tokens(line),
                    tax_x=word.x1 / width,
                )
    return None


def learn_vat(
    view: DocumentView, pairs: Sequence[dict[str, str]], item_words: set[int]
) -> VatLesson | None:
    """The layout of the VAT summary the corrected pairs are printed in; None when a pair is not
    found (its rate with its net, or with its tax, on one line outside the item table, whose
    words are ``item_words``)."""
    places = []
    for pair in pairs:
        rate, net = pair.get("vat_rate_percentage"), pair.get("vat_rate_net")
        if rate is None or net is None or not 0 < Decimal(rate) <= MAX_RATE:
            return None
        place = _pair_place(view, Decimal(rate), Decimal(net), item_words)
        if place is None:
            if len(pairs) == 1:
                return _derived(view, Decimal(rate), Decimal(net), item_words)
            return None
        places.append(place)
    if not places or len({p[3] for p in places}) != 1:
        return None
    label = set(letter_tokens(places[0][0]))
    for place in places[1:]:
        label &= set(letter_tokens(place[0]))
    first = places[0]
    if not label and not all(p[4] for p in places):
        return None  # neither words nor a tax to tell the summary's lines from others
    width = float(max(view.doc.pages[first[0].page].width, 1))
    nets = sum((Decimal(p["vat_rate_net"]) for p in pairs), Decimal(0))
    taken = {id(p[2]) for p in places}
    nets_summed = any(
        not any(id(w) in taken for w in hit.words) for hit in view.locator.number(nets)
    )
    return VatLesson(
        label=tuple(t for t in letter_tokens(first[0]) if t in label),
        rate_x=first[1].x1 / width,
        value_x=first[2].x1 / width,
        kind=first[3],
        tax_on_line=all(p[4] for p in places),
        nets_summed=nets_summed and len(places) > 1,
    )


def _at(numbers: list[tuple[Decimal, Word]], x: float, width: float) -> tuple[Decimal, Word] | None:
    near = [(abs(w.x1 - x * width), n, w) for n, w in numbers]
    near = [t for t in near if t[0] <= PLACE_REACH * width]
    if not near:
        return None
    _, number, word = min(near, key=lambda t: t[0])
    return number, word


def split_over_rates(
    amounts: list[Decimal], taxes: list[tuple[Decimal, Decimal]]
) -> list[Decimal] | None:
    """The nets, one per (rate, tax), when exactly one split of the line amounts over the rates
    gives each rate its printed tax."""
    if not amounts or len(amounts) > MAX_ITEMS_TO_SPLIT:
        return None
    n = len(amounts)
    sums = [
        sum((amounts[i] for i in range(n) if mask >> i & 1), Decimal(0)) for mask in range(1 << n)
    ]
    found: set[tuple[Decimal, ...]] = set()

    def walk(k: int, free: int, nets: tuple[Decimal, ...]) -> None:
        if len(found) > 1:
            return
        if k == len(taxes):
            if free == 0:
                found.add(nets)
            return
        rate, tax = taxes[k]
        mask = free
        while mask:  # every non-empty subset of the free items
            if abs(tax_of(sums[mask], rate) - tax) <= TAX_TOLERANCE:
                walk(k + 1, free & ~mask, (*nets, sums[mask]))
            mask = (mask - 1) & free

    walk(0, (1 << n) - 1, ())
    return list(found.pop()) if len(found) == 1 else None


def _read_derived(view: DocumentView, lesson: VatLesson) -> tuple[list[VatReading], Verdict]:
    """The net at its label, the tax on one of the next lines at its label, and the rate the
    two give: a round one (at most one decimal) is consistent."""
    lines = view.locator.lines
    for index, line in enumerate(lines):
        if not set(lesson.label) <= set(letter_tokens(line)):
            continue
        width = float(max(view.doc.pages[line.page].width, 1))
        net = _at(_numbers(line), lesson.value_x, width)
        if net is None or net[0] <= 0:
            continue
        for below in lines[index + 1 : index + 1 + TAX_LINES]:
            if below.page != line.page or not set(lesson.tax_label) <= set(letter_tokens(below)):
                continue
            tax = _at(_numbers(below), lesson.tax_x, width)
            if tax is None:
                continue
            for places in (0, 1, 2):
                rate = round(tax[0] * 100 / net[0], places)
                if 0 < rate <= MAX_RATE and abs(tax_of(net[0], rate) - tax[0]) <= TAX_TOLERANCE:
                    reading = VatReading(rate, net[0], (), (net[1],), line.page)
                    return [reading], Verdict.CONSISTENT if places < 2 else Verdict.UNCHECKED
    return [], Verdict.INCONSISTENT


def read_vat(
    view: DocumentView, lesson: VatLesson, amounts: list[Decimal]
) -> tuple[list[VatReading], Verdict]:
    """The pairs printed in the learned layout, and whether they pass the learned checks.
    ``amounts`` are the document's line amounts (to split over the rates when only the tax is
    printed)."""
    if lesson.kind == "derived":
        return _read_derived(view, lesson)
    found: list[tuple[Decimal, Word, Decimal, Word, Line]] = []
    for line in view.locator.lines:
        if lesson.label and not set(lesson.label) <= set(letter_tokens(line)):
            continue
        width = float(max(view.doc.pages[line.page].width, 1))
        numbers = _numbers(line)
        rate = _at(numbers, lesson.rate_x, width)
        value = _at(
            [t for t in numbers if rate is None or t[1] is not rate[1]], lesson.value_x, width
        )
        if rate is None or value is None or not 0 < rate[0] <= MAX_RATE:
            continue
        if any(f[0] == rate[0] for f in found):
            continue  # the same rate again (a copy of the summary)
        found.append((rate[0], rate[1], value[0], value[1], line))
    if not found:
        return [], Verdict.INCONSISTENT
    if lesson.kind == "tax":
        nets = split_over_rates(amounts, [(f[0], f[2]) for f in found])
        if nets is None:
            return [], Verdict.INCONSISTENT
        readings = [
            VatReading(f[0], net, (f[1],), (), f[4].page)
            for f, net in zip(found, nets, strict=True)
        ]
        return readings, Verdict.CONSISTENT
    readings = [VatReading(f[0], f[2], (f[1],), (f[3],), f[4].page) for f in found]
    checks = 0
    if lesson.tax_on_line:
        for f in found:
            skip = {id(f[1]), id(f[3])}
            taxes = [n for n, w in _numbers(f[4]) if id(w) not in skip]
            if not any(abs(tax_of(f[2], f[0]) - t) <= TAX_TOLERANCE for t in taxes):
                return [], Verdict.INCONSISTENT
        checks += 1
    if lesson.nets_summed and len(found) > 1:
        total = sum((f[2] for f in found), Decimal(0))
        if not view.locator.number(total):
            return [], Verdict.INCONSISTENT
        checks += 1
    return readings, Verdict.CONSISTENT if checks else Verdict.UNCHECKED
