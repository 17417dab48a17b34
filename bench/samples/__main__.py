"""python -m bench.samples --out DIR [--per-layout N] [--seed S]"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.samples import generate, write_set


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the sample-layouts set.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--per-layout", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    docs = generate(args.seed, args.per_layout)
    manifest = write_set(docs, args.out)
    print(f"{len(docs)} documents, {manifest}")


if __name__ == "__main__":
    main()
