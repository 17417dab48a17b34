"""The across-supplier curve: what an account's corrections of some suppliers teach about
suppliers it never corrected (``paperwise.learning.meanings``: what each field means).

Supplier-grouped: the suppliers are dealt into ``FOLDS`` folds; each fold's documents are
scored zero-shot and then as the account extracts them after N corrected documents of the other
folds' suppliers (their lessons stored, the account's model refitted from them), N in
``POINTS``, taken one per supplier in turn (every supplier's first document, then every
second...) so that N documents come from as many suppliers as possible. A point is capped at
the documents the other folds have (the size is printed)."""

from __future__ import annotations

from collections.abc import Sequence

from bench.datasets import LabelledFile
from bench.learning_data import LearningSet, Tally, print_table

FOLDS = 4
POINTS = (10, 50)


def _round_robin(groups: Sequence[list[LabelledFile]]) -> list[LabelledFile]:
    out: list[LabelledFile] = []
    depth = max((len(g) for g in groups), default=0)
    for i in range(depth):
        out.extend(g[i] for g in groups if i < len(g))
    return out


def run_transfer(data: LearningSet) -> None:
    # a document without a supplier label is a supplier of its own
    groups = [g for s, g in sorted(data.groups.items()) if s] + [
        [f] for f in data.groups.get("", [])
    ]
    zero = Tally()
    after = {n: Tally() for n in POINTS}
    sizes: dict[int, set[int]] = {n: set() for n in POINTS}
    for fold in range(FOLDS):
        held = [f for i, g in enumerate(groups) if i % FOLDS == fold for f in g]
        others = [g for i, g in enumerate(groups) if i % FOLDS != fold]
        pool = [f for f in _round_robin(others) if data.teaches(f)]
        for f in held:
            zero.add(data.score(data.zero_shot(f), f))
        for n in POINTS:
            corrected = pool[:n]
            sizes[n].add(len(corrected))
            lessons = [data.lesson(f) for f in reversed(corrected)]  # most recent first
            model = data.model(lessons)
            for f in held:
                after[n].add(data.score(data.extract(f, lessons, model), f))
    print(
        f"\n### {data.title}: across suppliers — {zero.documents} documents of suppliers never"
        f" corrected ({FOLDS} supplier folds), zero-shot and after N corrected documents of the"
        " other folds' suppliers\n"
    )
    header = ["zero-shot"] + [
        f"after {n}" + (f" ({min(sizes[n])}-{max(sizes[n])})" if min(sizes[n]) < n else "")
        for n in POINTS
    ]
    print_table(data.doctype, header, [zero, *after.values()])
