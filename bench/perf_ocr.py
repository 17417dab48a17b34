"""Cheaper OCR without losing a point: variants of one OCR pass, side by side with the current one.

    python -m bench.perf_ocr [--sroie N] [--sets a,b] [--variants a,b] [--out DIR]

Each variant changes one thing in the RapidOCR engine the reader uses, on the engine instance
(nothing in ``paperwise`` changes while it runs):

- ``one-by-one``: the text lines recognised one at a time, as before the reader batched lines of
  equal input width (``ocr.EqualWidthBatches``, kept: the same words, a cheaper pass).
- ``int8``: the recognition model quantised to int8 weights (onnxruntime's ``quantize_dynamic``,
  MatMul/Gemm, from the model file the rapidocr wheel ships: nothing is downloaded).
- ``det1280``: the detector reads images longer than 1280 pixels shrunk to 1280 (the lines are
  still cut from the full image for recognition); smaller images as now.
- ``cls-reread``: the direction classifier run on the second read of a page the first read
  found turned, as before the reader knew such a page is upright once turned back (kept: it
  applies to turned pages only; the same words).

For every document every variant reads it through ``read_document`` (in an order that changes
from one document to the next, so the noise of a shared machine falls on all alike), the
extraction scores it with bench/metrics against its label, and the read seconds are summed.
A variant that does not apply to a document (``det1280`` on a small image, ``cls-reread`` on
an upright page) reads as the current pass by construction and is not run on it. Reads are kept in
bench/out/read-cache-perfocr, keyed by the reader version and the variant (the shared read cache
holds only the current OCR's reads). Writes bench/out/perf_ocr.md. Reports only: exits 0."""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bench.accuracy import FIELD_ORDER
from bench.datasets import OUT_DIR, LabelledFile, load_set
from bench.metrics import DocScore, score_document, summarise
from bench.read_cache import _from_json, _to_json
from paperwise.domain.document_types import builtin_type
from paperwise.pipeline import extract_document
from paperwise.reading import ocr, ocr_page
from paperwise.reading.model import ReadDocument, ReadLimits
from paperwise.reading.reader import OCR_READER_VERSION, read_document

CACHE_DIR = OUT_DIR / "read-cache-perfocr"
MODEL_DIR = OUT_DIR / "models"
VARIANTS = ("one-by-one", "cls-reread", "int8", "det1280")
SETS = ("synthetic-scanned", "fresh-scanned", "sroie")
DET_SIDE = 1280


# --- the variants: each a context manager that changes the engine and undoes it --------------


@contextlib.contextmanager
def _swap(obj: Any, name: str, value: Any) -> Iterator[None]:
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


def int8_model() -> Path:
    """The shipped recognition model quantised to int8 (MatMul/Gemm weights), made once."""
    target = MODEL_DIR / f"{Path(ocr.REC_MODEL).stem}.int8.onnx"
    if not target.exists():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        MODEL_DIR.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".tmp.onnx")
        quantize_dynamic(
            ocr.model_dir() / ocr.REC_MODEL,
            partial,
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul", "Gemm"],
        )
        partial.replace(target)
    return target


@contextlib.contextmanager
def variant(name: str) -> Iterator[None]:
    engine = ocr.ocr_engine()
    if name == "base":
        yield
    elif name == "one-by-one":
        with _swap(engine, "text_rec", engine.text_rec.rec):
            yield
    elif name == "int8":
        from rapidocr.ch_ppocr_rec.main import TextRecognizer

        cfg = copy.deepcopy(engine.text_rec.rec.cfg)
        cfg.model_path = str(int8_model())
        with _swap(engine, "text_rec", ocr.EqualWidthBatches(TextRecognizer(cfg))):
            yield
    elif name == "det1280":
        with _swap(engine, "text_det", CappedDetector(engine._load_det_model(), DET_SIDE)):
            yield
    elif name == "cls-reread":
        with _classifier_on_reread():
            yield
    else:
        raise SystemExit(f"unknown variant {name!r}")


class CappedDetector:
    """RapidOCR's detector, reading images longer than ``side`` at ``side`` (boxes come back in
    the full image's pixels: the detector maps them itself)."""

    def __init__(self, det: Any, side: int) -> None:
        self.det, self.side = det, side

    def __getattr__(self, name: str) -> Any:
        return getattr(self.det, name)

    def __call__(self, img: np.ndarray) -> Any:
        if max(img.shape[:2]) <= self.side:
            return self.det(img)
        with _swap(self.det, "limit_type", "max"), _swap(self.det, "limit_side_len", self.side):
            return self.det(img)


@contextlib.contextmanager
def _classifier_on_reread() -> Iterator[None]:
    """ocr_page as before it knew a turned page is upright once turned: its second read runs the
    direction classifier too."""
    real = ocr.recognise  # the function ocr_page calls

    def recognise(image: Any, *, full_resolution: bool = False, upright: bool = False) -> Any:
        return real(image, full_resolution=full_resolution)

    with _swap(ocr_page, "recognise", recognise):
        yield


def applies(name: str, item: LabelledFile, base: ReadDocument) -> bool:
    """Whether the variant can change the read of this document (else it is the current pass)."""
    if name == "cls-reread":
        return any(abs(p.rotation) >= 45 for p in base.pages)  # turned, then skewed a little
    if name == "det1280":
        # PDF pages are rendered at OCR_DPI, larger than their PDF_DPI grid
        return item.path.suffix == ".pdf" or any(
            max(p.width, p.height) > DET_SIDE for p in base.pages
        )
    return True


# --- running and scoring ---------------------------------------------------------------------


@dataclass
class Tally:
    seconds: float = 0.0
    base_seconds: float = 0.0
    documents: int = 0
    scores: dict[str, list[DocScore]] = field(default_factory=lambda: defaultdict(list))
    changed_docs: int = 0


def _read(item: LabelledFile, name: str) -> tuple[ReadDocument, float | None]:
    data = item.path.read_bytes()
    key = f"{hashlib.sha256(data).hexdigest()[:24]}-{OCR_READER_VERSION}-{name}"
    cached = CACHE_DIR / f"{key}.json"
    seconds = None
    if cached.exists():
        return _from_json(json.loads(cached.read_text())), None
    with variant(name):
        started = time.perf_counter()
        doc = read_document(data, ReadLimits())
        seconds = time.perf_counter() - started
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps({**_to_json(doc), "seconds": seconds}))
    return doc, seconds


def _cached_seconds(item: LabelledFile, name: str) -> float | None:
    data = item.path.read_bytes()
    key = f"{hashlib.sha256(data).hexdigest()[:24]}-{OCR_READER_VERSION}-{name}"
    cached = CACHE_DIR / f"{key}.json"
    return json.loads(cached.read_text()).get("seconds") if cached.exists() else None


def _score(item: LabelledFile, doc: ReadDocument) -> DocScore:
    doctype = builtin_type(str(item.label["document_type"]))
    assert doctype is not None
    return score_document(extract_document(doc, doctype), item.label, doctype, item.name)


def _words(doc: ReadDocument) -> list[tuple[str, float, float, float, float]]:
    return [(w.text, w.x0, w.y0, w.x1, w.y1) for p in doc.pages for w in p.words]


def run(
    sets: list[str],
    sroie: int,
    names: list[str],
    limit: int | None = None,
    only: list[str] | None = None,
    start: int = 0,
) -> dict[str, dict[str, Tally]]:  # set -> variant -> tally
    _warm_up()
    out: dict[str, dict[str, Tally]] = {}
    for set_name in sets:
        files = load_set(set_name)
        if only:
            files = [f for f in files if any(part in f.name for part in only)]
        files = files[start:][: sroie if set_name == "sroie" else limit]
        tallies = {n: Tally() for n in names}
        base_scores: list[DocScore] = []
        started = time.perf_counter()
        for number, item in enumerate(files):
            order = names[number % len(names) :] + names[: number % len(names)]
            base_doc, base_seconds = _read(item, "base")
            base_seconds = base_seconds or _cached_seconds(item, "base") or 0.0
            base_score = _score(item, base_doc)
            base_scores.append(base_score)
            for name in order:
                tally = tallies[name]
                if not applies(name, item, base_doc):
                    tally.scores[set_name].append(base_score)
                    continue
                doc, seconds = _read(item, name)
                seconds = seconds or _cached_seconds(item, name) or 0.0
                tally.seconds += seconds
                tally.base_seconds += base_seconds
                tally.documents += 1
                tally.changed_docs += _words(doc) != _words(base_doc)
                tally.scores[set_name].append(_score(item, doc))
            print(
                f"  {set_name}: {number + 1}/{len(files)} ({time.perf_counter() - started:.0f} s)",
                file=sys.stderr,
                flush=True,
            )
        out[set_name] = {"base": Tally(scores={set_name: base_scores}), **tallies}
    return out


def _warm_up() -> None:
    """One untimed pass over a small printed line: the first inference of each ONNX session pays
    for its set-up, which must not fall on the first document's current pass."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 480), "white")
    ImageDraw.Draw(image).text((20, 200), "Invoice 12345 total 67.89", fill="black", font_size=28)
    ocr.recognise(image)


def _right(scores: list[DocScore]) -> tuple[int, int, float | None]:
    summary = summarise("x", scores, FIELD_ORDER)
    right = sum(r for r, _ in summary.field_accuracy.values())
    total = sum(n for _, n in summary.field_accuracy.values())
    return right, total, summary.mean_field_accuracy


def report(results: dict[str, dict[str, Tally]], names: list[str]) -> str:
    lines = [
        "| variant | set | documents it applies to | read s (variant / current) | speed ratio "
        "| words changed (docs) | fields right (current → variant) | mean per-field accuracy "
        "(current → variant) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for set_name, tallies in results.items():
        base_right, total, base_mean = _right(tallies["base"].scores[set_name])
        for name in names:
            t = tallies[name]
            right, _total, mean = _right(t.scores[set_name])
            ratio = f"**{t.base_seconds / t.seconds:.2f}×**" if t.seconds else "–"
            lines.append(
                f"| {name} | {set_name} | {t.documents} of {len(t.scores[set_name])} "
                f"| {t.seconds:.1f} / {t.base_seconds:.1f} | {ratio} | {t.changed_docs} "
                f"| {base_right} → {right} of {total} ({right - base_right:+d}) "
                f"| {_fmt(base_mean)} → {_fmt(mean)} |"
            )
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="OCR variants against the current OCR pass.")
    parser.add_argument("--sroie", type=int, default=10, help="the first N SROIE receipts")
    parser.add_argument("--limit", type=int, default=5, help="at most N of the other sets")
    parser.add_argument("--start", type=int, default=0, help="skip the first N of each set")
    parser.add_argument("--files", default="", help="only files whose names hold one of these")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    names = [n for n in args.variants.split(",") if n]
    results = run(
        [s for s in args.sets.split(",") if s],
        args.sroie,
        names,
        args.limit,
        [f for f in args.files.split(",") if f],
        args.start,
    )
    table = report(results, names)
    print(table)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "perf_ocr.md").write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
