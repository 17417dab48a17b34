"""The labelled sets the accuracy bench runs on: the shared real documents, the synthetic set
(generated deterministically into bench/out/synthetic when missing) and the fresh-layouts set of
the independent generator (bench/out/fresh)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import fresh, samples
from bench.synthetic import GENERATOR_VERSION, generate, generate_scanned, write_set

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
SYNTHETIC_DIR = OUT_DIR / "synthetic"
SYNTHETIC_SEED = 1
SYNTHETIC_COUNT = 60
SYNTHETIC_SCANNED = 20
FRESH_DIR = OUT_DIR / "fresh"
FRESH_SEED = 1
FRESH_COUNT = 60
FRESH_SCANNED = 20
SAMPLES_DIR = OUT_DIR / "samples"
SAMPLES_SEED = 1
SAMPLES_PER_LAYOUT = 4


def data_dir() -> Path:
    """The shared data sets: $PAPERWISE_BENCH_DATA, else ../shared/data next to the project."""
    env = os.environ.get("PAPERWISE_BENCH_DATA")
    return Path(env) if env else BENCH_DIR.parent.parent / "shared" / "data"


@dataclass(frozen=True)
class LabelledFile:
    path: Path
    label: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.label["file"])


def read_manifest(folder: Path) -> list[LabelledFile]:
    manifest = folder / "manifest.jsonl"
    records = [
        json.loads(line)
        for line in manifest.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return [LabelledFile(folder / r["file"], r) for r in records]


def synthetic_dir(seed: int) -> Path:
    return SYNTHETIC_DIR if seed == SYNTHETIC_SEED else OUT_DIR / f"synthetic-seed{seed}"


def generated(folder: Path, stamp: str, write: Callable[[], object]) -> list[LabelledFile]:
    """The set in ``folder``, written first by ``write`` when it is missing, incomplete or was
    written under another ``stamp`` (generator version, seed, counts)."""
    stamp_file = folder / "VERSION"
    if stamp_file.exists() and stamp_file.read_text().strip() == stamp:
        files = read_manifest(folder)
        if all(f.path.exists() for f in files):
            return files
    write()
    stamp_file.write_text(stamp + "\n")
    return read_manifest(folder)


def ensure_synthetic(seed: int = SYNTHETIC_SEED) -> list[LabelledFile]:
    """The synthetic set of ``seed``. Tune on the default seed, check on another."""
    folder = synthetic_dir(seed)
    return generated(
        folder,
        f"{GENERATOR_VERSION} {seed} {SYNTHETIC_COUNT} {SYNTHETIC_SCANNED}",
        lambda: write_set(
            generate(seed, SYNTHETIC_COUNT) + generate_scanned(seed, SYNTHETIC_SCANNED), folder
        ),
    )


def ensure_fresh(seed: int = FRESH_SEED) -> list[LabelledFile]:
    """The fresh-layouts set of ``seed``. Fixes were made against seed 1: check on another."""
    folder = FRESH_DIR if seed == FRESH_SEED else OUT_DIR / f"fresh-seed{seed}"
    return generated(
        folder,
        f"{fresh.GENERATOR_VERSION} {seed} {FRESH_COUNT} {FRESH_SCANNED}",
        lambda: fresh.write_set(
            fresh.generate(seed, FRESH_COUNT) + fresh.generate_scanned(seed, FRESH_SCANNED),
            folder,
        ),
    )


def ensure_samples(seed: int = SAMPLES_SEED) -> list[LabelledFile]:
    """The sample-layouts set of ``seed`` (bench/samples): invoices of layouts from outside."""
    folder = SAMPLES_DIR if seed == SAMPLES_SEED else OUT_DIR / f"samples-seed{seed}"
    return generated(
        folder,
        f"{samples.GENERATOR_VERSION} {seed} {SAMPLES_PER_LAYOUT}",
        lambda: samples.write_set(samples.generate(seed, SAMPLES_PER_LAYOUT), folder),
    )


def load_set(name: str, seed: int = SYNTHETIC_SEED) -> list[LabelledFile]:
    """The files of a set: sroie, zugferd, einvoice, synthetic (born-digital) or
    synthetic-scanned (of generator seed ``seed``), fresh or fresh-scanned (the independent
    generator, same seed), samples (outside layouts, same seed)."""
    if name == "samples":
        return ensure_samples(seed)
    if name in ("sroie", "zugferd", "einvoice"):
        return read_manifest(data_dir() / name)
    if name in ("fresh", "fresh-scanned"):
        prefix = "scan/" if name == "fresh-scanned" else "pdf/"
        return [f for f in ensure_fresh(seed) if f.name.startswith(prefix)]
    synthetic = ensure_synthetic(seed)
    prefix = "scan/" if name == "synthetic-scanned" else "pdf/"
    return [f for f in synthetic if f.name.startswith(prefix)]
