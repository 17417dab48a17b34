"""How much of the printed label text the reader's words contain: an upper bound for extraction.

    python -m bench.reading_recall [--set sroie] [--limit N] [--fresh] [--rotate DEGREES]

For every labelled file, each printed value (sroie's ``printed``; else the string fields) counts
as found when it appears in the page text with all whitespace removed, case ignored (the measure
of DESIGN.md). Reads through bench.read_cache unless --fresh, which also times each read.
--rotate turns every image first (e.g. 90, or 3 for a small skew) to test orientation handling."""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections import defaultdict

from PIL import Image

from bench.datasets import LabelledFile, load_set
from bench.read_cache import cached_read
from paperwise.reading.model import ReadDocument, ReadLimits
from paperwise.reading.reader import read_document


def squash(text: str) -> str:
    """Text with all whitespace removed, in capitals: the compare of the OCR ceiling."""
    return "".join(text.split()).upper()


def _printed(item: LabelledFile) -> dict[str, str]:
    raw = item.label.get("printed") or item.label.get("fields") or {}
    return {k: str(v) for k, v in raw.items() if isinstance(v, str) and v.strip()}


def _read(item: LabelledFile, fresh: bool, rotate: float) -> tuple[ReadDocument, float]:
    if not fresh and not rotate:
        return cached_read(item.path), 0.0
    data = item.path.read_bytes()
    if rotate:
        image = Image.open(io.BytesIO(data)).convert("RGB")
        buf = io.BytesIO()
        image.rotate(rotate, expand=True, fillcolor="white").save(buf, "PNG")
        data = buf.getvalue()
    start = time.perf_counter()
    doc = read_document(data, ReadLimits())
    return doc, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="sroie")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--rotate", type=float, default=0.0)
    args = parser.parse_args()
    items = load_set(args.set)
    if args.limit:
        items = items[: args.limit]
    found: dict[str, list[bool]] = defaultdict(list)
    seconds: list[float] = []
    for item in items:
        doc, elapsed = _read(item, args.fresh, args.rotate)
        if elapsed:
            seconds.append(elapsed / max(1, len(doc.pages)))
        text = squash(doc.text)
        for name, value in _printed(item).items():
            found[name].append(squash(value) in text)
    shares = {name: sum(hits) / len(hits) for name, hits in found.items()}
    print(f"{args.set}: {len(items)} files" + (f", rotated {args.rotate}" if args.rotate else ""))
    for name, share in shares.items():
        print(f"  {name:<16} {share:.2f}  ({sum(found[name])}/{len(found[name])})")
    print(f"  {'mean':<16} {statistics.mean(shares.values()):.2f}")
    if seconds:
        median, mean = statistics.median(seconds), statistics.mean(seconds)
        print(f"  s/page median {median:.2f}, mean {mean:.2f}")


if __name__ == "__main__":
    main()
