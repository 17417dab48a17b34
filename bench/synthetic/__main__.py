"""python -m bench.synthetic --out DIR --count N [--scanned M] --seed S"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.synthetic import generate, generate_scanned, write_set


def main() -> None:
    parser = argparse.ArgumentParser(description="Write synthetic invoices and manifest.jsonl.")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--count", type=int, default=60, help="born-digital PDFs")
    parser.add_argument("--scanned", type=int, default=0, help="scanned images")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    docs = generate(args.seed, args.count) + generate_scanned(args.seed, args.scanned)
    manifest = write_set(docs, args.out)
    elapsed = time.perf_counter() - started
    print(f"{len(docs)} documents in {elapsed:.1f} s -> {manifest}")


if __name__ == "__main__":
    main()
