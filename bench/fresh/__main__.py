"""python -m bench.fresh --out DIR --count N [--scanned M] --seed S"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.fresh import generate, generate_scanned, write_set


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the fresh-layouts set.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count", type=int, default=60, help="born-digital PDFs")
    parser.add_argument("--scanned", type=int, default=None, help="images (default count / 3)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    scanned = args.count // 3 if args.scanned is None else args.scanned
    docs = generate(args.seed, args.count) + generate_scanned(args.seed, scanned)
    manifest = write_set(docs, args.out)
    print(f"{len(docs)} documents, {manifest}")


if __name__ == "__main__":
    main()
