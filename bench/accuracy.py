"""Accuracy of the extraction engine on the labelled sets.

    python -m bench.accuracy [--set sroie|zugferd|synthetic|synthetic-scanned|fresh|
                                    fresh-scanned|samples|all] [--limit N] [--seed S]

Documents are read through bench/read_cache (OCR once, reuse after), extracted by the pipeline
(``extract_document``) and scored by bench/metrics. ZUGFeRD is scored twice: with its embedded
XML removed (the judged figure, column "zugferd") and with it ("zugferd+xml"). Prints a
markdown table and writes it to bench/out/accuracy.md; every miss goes to
bench/out/accuracy-details.jsonl (a partial run adds its options to
the names: accuracy-zugferd-limit5.md). The engine failing on a document is reported, not fatal."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
import time
from pathlib import Path

from bench.datasets import OUT_DIR, SYNTHETIC_SEED, LabelledFile, load_set
from bench.metrics import DocScore, SetSummary, score_document, summarise
from bench.read_cache import cached_read_timed
from bench.report import markdown_table
from paperwise.domain.document_types import INVOICE, RECEIPT, DocumentType, builtin_type
from paperwise.domain.result import ExtractionResult
from paperwise.pipeline import extract_document
from paperwise.reading.model import ReadDocument

SETS = (
    "zugferd",
    "einvoice",
    "synthetic",
    "synthetic-scanned",
    "sroie",
    "fresh",
    "fresh-scanned",
    "samples",
)
FIELD_ORDER = tuple(dict.fromkeys(f.name for t in (INVOICE, RECEIPT) for f in t.fields))


def _extract(
    doc: ReadDocument, doctype: DocumentType
) -> tuple[ExtractionResult | None, float, str | None]:
    started = time.perf_counter()
    try:
        result: ExtractionResult | None = extract_document(doc, doctype)
        error = None
    except Exception as exc:  # the bench reports engine failures per document and goes on
        result, error = None, f"extract: {type(exc).__name__}: {exc}"
    return result, time.perf_counter() - started, error


def run_file(item: LabelledFile, variants: dict[str, bool]) -> dict[str, DocScore]:
    """Scores of one file per variant (variant name -> keep the embedded XML)."""
    doctype = builtin_type(str(item.label["document_type"]))
    if doctype is None:
        raise SystemExit(f"{item.path}: unknown document type {item.label['document_type']!r}")
    try:
        doc, read_seconds = cached_read_timed(item.path)
    except Exception as exc:
        failure = f"read: {type(exc).__name__}: {exc}"
        return {v: _failed(item, doctype, failure) for v in variants}
    out = {}
    for variant, keep_xml in variants.items():
        variant_doc = doc if keep_xml else dataclasses.replace(doc, embedded_xml=None)
        result, seconds, error = _extract(variant_doc, doctype)
        score = score_document(result, item.label, doctype, item.name)
        score.pages, score.extract_seconds, score.error = len(doc.pages), seconds, error
        score.read_seconds = read_seconds
        out[variant] = score
    return out


def _failed(item: LabelledFile, doctype: DocumentType, error: str) -> DocScore:
    score = score_document(None, item.label, doctype, item.name)
    score.error = error
    return score


def run_sets(
    names: list[str], limit: int | None, seed: int = SYNTHETIC_SEED
) -> tuple[list[SetSummary], list[dict[str, object]]]:
    summaries: list[SetSummary] = []
    details: list[dict[str, object]] = []
    for name in names:
        files = load_set(name, seed)[:limit]
        variants = (
            {name: False, f"{name}+xml": True} if name in ("zugferd", "einvoice") else {name: True}
        )
        scores: dict[str, list[DocScore]] = {v: [] for v in variants}
        started = time.perf_counter()
        for i, item in enumerate(files, 1):
            for variant, score in run_file(item, variants).items():
                scores[variant].append(score)
                details.append(_detail(variant, score, item.label.get("meta")))
            if i % 10 == 0 or i == len(files):
                print(
                    f"  {name}: {i}/{len(files)} ({time.perf_counter() - started:.0f} s)",
                    file=sys.stderr,
                    flush=True,
                )
        summaries += [summarise(v, s, FIELD_ORDER) for v, s in scores.items()]
    return summaries, details


def _detail(variant: str, score: DocScore, meta: object) -> dict[str, object]:
    return {
        "set": variant,
        "file": score.file,
        "meta": meta,
        "error": score.error,
        "wrong": [dataclasses.asdict(o) for o in score.fields if not o.right],
        "rows": [score.rows_matched, score.rows_expected, score.rows_predicted],
        "vat": [score.vat_matched, score.vat_expected],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Accuracy of the extraction engine.")
    parser.add_argument("--set", default="all", choices=[*SETS, "all"])
    parser.add_argument("--limit", type=int, default=None, help="at most N documents per set")
    parser.add_argument(
        "--seed",
        type=int,
        default=SYNTHETIC_SEED,
        help="generator seed of the generated sets: tune on the default, check on another",
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where to write the report")
    args = parser.parse_args(argv)
    names = list(SETS) if args.set == "all" else [args.set]
    summaries, details = run_sets(names, args.limit, args.seed)
    table = markdown_table(summaries)
    print(table)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    note = (
        f"Accuracy, {stamp} (`python -m bench.accuracy --set {args.set}"
        + (f" --limit {args.limit}" if args.limit else "")
        + (f" --seed {args.seed}" if args.seed != SYNTHETIC_SEED else "")
        + "`). Cells: share of labelled values whose best value is right (labelled count).\n"
        "`zugferd` has the embedded XML removed (the printed page is read); `zugferd+xml` keeps "
        "it. Extract s/page times extraction only; read s/page counts only reads not served "
        "by the OCR cache.\n\n"
    )
    # A partial run writes files of its own, so that it leaves the full report alone.
    parts = [args.set] if args.set != "all" else []
    parts += [f"limit{args.limit}"] if args.limit else []
    parts += [f"seed{args.seed}"] if args.seed != SYNTHETIC_SEED else []
    suffix = "".join("-" + p for p in parts)
    (args.out / f"accuracy{suffix}.md").write_text(note + table + "\n", encoding="utf-8")
    with (args.out / f"accuracy-details{suffix}.jsonl").open("w", encoding="utf-8") as fh:
        for record in details:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
