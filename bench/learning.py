"""Learning bench: how much one (or two) corrected documents of a supplier improve the
supplier's next documents, and what an account's corrections teach suppliers never corrected.

    python -m bench.learning [--sets synthetic-learning,sroie,zugferd-pdf] [--no-transfer]

Per set, documents are grouped by their supplier label (``learning_data.supplier_group``) and
taken in file order. The labels of the first document of every supplier with at least two
documents are fed back (as a caller of add-document would: header fields, line items and VAT
rates) and the account's model refitted from them (``paperwise.learning.meanings``, as the
background job does); every later document is then scored zero-shot and with the account's
lessons and model applied. With a third document the labels of the first two are fed back.
Documents of suppliers never corrected are scored too ("control"): the others' lessons must
leave them alone, the account's model may only help them. Fields are scored per field; line
items as row recall and precision (a row is right with its description and amount), VAT rates
as pair recall. ``zugferd-pdf`` is the ZUGFeRD set read from the page alone (its embedded XML
dropped); ``synthetic-learning-scanned`` the synthetic set as scans (read by OCR: minutes the
first time, then from the read cache). Supplier recognition is measured on its own too: which
taught supplier (if any) every scored document is recognised as, against its own supplier
group: precision, recall and the wrong matches (examples to stderr). Then the across-supplier
curve (``bench.learning_transfer``)."""

from __future__ import annotations

import argparse
import sys

from bench.learning_data import LearningSet, Tally, print_table
from bench.learning_transfer import run_transfer
from paperwise.pipeline import recognise_supplier


class Recognition:
    """Supplier recognition on its own: which taught supplier (if any) each scored document is
    recognised as, against its own supplier group. A document without a supplier label has no
    truth to judge a match by: it is counted apart."""

    EXAMPLES = 8

    def __init__(self) -> None:
        self.matches = 0
        self.right = 0
        self.taught = 0  # documents whose supplier was taught
        self.untaught_matched = 0  # documents of suppliers never taught, matched to one
        self.unlabelled_matched = 0
        self.wrong: list[tuple[str, str, str, bool]] = []  # file, recognised as, truth, taught

    def add(self, file_name: str, recognised: str | None, truth: str, *, taught: bool) -> None:
        self.taught += taught
        if recognised is None:
            return
        if not truth:
            self.unlabelled_matched += 1
            return
        self.matches += 1
        if recognised == truth:
            self.right += 1
            return
        self.untaught_matched += not taught
        self.wrong.append((file_name, recognised, truth, taught))

    def precision(self) -> str:
        return f"{self.right / self.matches:.3f}" if self.matches else "  - "

    def recall(self) -> str:
        return f"{self.right / self.taught:.3f}" if self.taught else "  - "

    def report(self, set_name: str) -> None:
        print(
            f"\nsupplier recognition: precision {self.precision()} ({self.right}/{self.matches}),"
            f" recall {self.recall()} ({self.right}/{self.taught} of taught suppliers' later"
            f" documents), wrong matches {len(self.wrong)} ({self.untaught_matched} of them"
            f" documents of suppliers never taught); matched documents without a supplier"
            f" label (not judged): {self.unlabelled_matched}"
        )
        for file_name, recognised, truth, taught in self.wrong[: self.EXAMPLES]:
            print(
                f"wrong match [{set_name}]: {file_name}: recognised as {recognised!r},"
                f" truth {truth!r}" + ("" if taught else " (never taught)"),
                file=sys.stderr,
            )


def run_set(data: LearningSet) -> None:
    groups = data.groups
    taught = {s: g for s, g in groups.items() if len(g) >= 2 and s}
    # the account's lessons after one correction of every supplier, most recent first
    first_lessons = [data.lesson(g[0]) for g in taught.values()]
    first_model = data.model(first_lessons)
    second_lessons = {s: data.lesson(g[1]) for s, g in taught.items() if len(g) >= 3}
    taught_as = {lesson.key: s for s, lesson in zip(taught, first_lessons, strict=True)}
    recognition = Recognition()
    zero, one, zero3, two, control_zero, control = (Tally() for _ in range(6))
    own = Tally()  # after 1, the documents recognised as their own supplier
    for supplier, group in groups.items():
        for position, f in enumerate(group):
            if supplier in taught and position == 0:
                continue
            zero_shot = data.zero_shot(f)
            key = recognise_supplier(data.reads[f.name], data.doctype, zero_shot, first_lessons)
            recognised = taught_as[key] if key is not None else None
            recognition.add(f.name, recognised, supplier, taught=supplier in taught)
            zero_score = data.score(zero_shot, f)
            if supplier not in taught:
                control_zero.add(zero_score)
                control.add(data.score(data.extract(f, first_lessons, first_model), f))
                continue
            zero.add(zero_score)
            after_one = data.score(data.extract(f, first_lessons, first_model), f)
            one.add(after_one)
            if recognised == supplier:
                own.add(after_one)
            if position >= 2 and supplier in second_lessons:
                zero3.add(zero_score)
                lessons = [second_lessons[supplier], *first_lessons]
                model = data.model(lessons)
                two.add(data.score(data.extract(f, lessons, model), f))
    later = sum(len(g) - 1 for g in taught.values())
    untaught = sum(len(g) for s, g in groups.items() if s not in taught)
    print(f"\n## {data.title}: {len(taught)} suppliers corrected once, {later} later documents")
    print(f"third+ documents (two corrections): {sum(max(len(g) - 2, 0) for g in taught.values())}")
    print(f"documents of suppliers never corrected (control): {untaught}\n")
    header = (
        "zero-shot",
        "after 1",
        f"after 1, recognised ({own.documents})",
        "zero-shot (3rd+)",
        "after 2",
        "control before",
        "after",
    )
    print_table(data.doctype, header, (zero, one, own, zero3, two, control_zero, control))
    recognition.report(data.title)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="synthetic-learning,sroie,zugferd-pdf")
    parser.add_argument("--no-transfer", action="store_true", help="skip the across-supplier curve")
    parser.add_argument(
        "--only-transfer", action="store_true", help="only the across-supplier curve"
    )
    args = parser.parse_args()
    for name in args.sets.split(","):
        for custom in (False, True):
            data = LearningSet(name.strip(), custom=custom)
            if not args.only_transfer:
                run_set(data)
            if not args.no_transfer:
                run_transfer(data)


if __name__ == "__main__":
    main()
