"""PNG plots for the README, drawn by the benchmarks from the numbers they measured.

    python -m bench.plots [--size bench/out/perf_size.json]
                          [--throughput bench/out/throughput.json] [--out docs]

``plot_size`` draws time and peak memory against page count (bench/perf_size rows);
``plot_throughput`` draws jobs/s against worker processes, one line per series, from rows of
``{"series": "text, embedded", "workers": 2, "jobs_per_s": 31.5}`` (bench/throughput's numbers).
matplotlib is a dev dependency; it draws off screen (Agg)."""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

DOCS_DIR = Path(__file__).resolve().parent.parent / "docs"
SIZE_PNG = "cost-against-size.png"
THROUGHPUT_PNG = "throughput-against-workers.png"
THROUGHPUT_JSON = "throughput.json"  # the rows `make bench`'s queue section plots, kept to redraw


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_size(rows: Iterable[Mapping[str, Any]], out: Path) -> Path:
    """Seconds and peak RSS against pages, one line per kind of document; refusals (rows with an
    error) are left out. Returns the PNG's path."""
    plt = _pyplot()
    series: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        if not row.get("error"):
            series[str(row["kind"])].append(row)
    fig, (time_ax, memory_ax) = plt.subplots(1, 2, figsize=(10, 4))
    for kind, points in series.items():
        points = sorted(points, key=lambda r: int(r["pages"]))
        pages = [int(r["pages"]) for r in points]
        time_ax.plot(pages, [float(r["seconds"]) for r in points], marker="o", label=kind)
        memory_ax.plot(pages, [float(r["peak_mb"]) for r in points], marker="o", label=kind)
    # log-log: a straight line of slope 1 is linear growth, whatever the cost of one page
    time_ax.set(xscale="log", yscale="log", xlabel="pages", ylabel="seconds (read + extract)")
    time_ax.set_title("Time against pages (log-log)")
    memory_ax.set(xlabel="pages", ylabel="peak RSS of the process (MB)", ylim=(0, None))
    memory_ax.set_title("Peak memory against pages")
    for ax in (time_ax, memory_ax):
        ax.grid(alpha=0.3)
        ax.legend()
    return _save(fig, out / SIZE_PNG)


def plot_throughput(rows: Iterable[Mapping[str, Any]], out: Path) -> Path:
    """Jobs per second against worker processes, one line per ``series``."""
    plt = _pyplot()
    series: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for row in rows:
        series[str(row["series"])].append((int(row["workers"]), float(row["jobs_per_s"])))
    fig, ax = plt.subplots(figsize=(6, 4))
    for name, points in series.items():
        points.sort()
        ax.plot([w for w, _ in points], [j for _, j in points], marker="o", label=name)
    workers = sorted({w for points in series.values() for w, _ in points})
    ax.set_xticks(workers)
    # log scale: a scan costs about a thousand text pages, and both lines must show their shape
    ax.set(xlabel="worker processes", ylabel="jobs/s (log)", yscale="log")
    ax.set_title("Throughput against workers")
    ax.grid(alpha=0.3)
    ax.legend()
    return _save(fig, out / THROUGHPUT_PNG)


def _save(fig: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=100, metadata={"Software": None})  # no version stamp: stable bytes
    _pyplot().close(fig)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Draw the README's plots from bench output.")
    parser.add_argument("--size", type=Path, default=Path("bench/out/perf_size.json"))
    parser.add_argument(
        "--throughput",
        type=Path,
        default=Path("bench/out") / THROUGHPUT_JSON,
        help="JSON rows: series, workers, jobs_per_s (written by make bench)",
    )
    parser.add_argument("--out", type=Path, default=DOCS_DIR)
    args = parser.parse_args(argv)
    if args.size.exists():
        print(plot_size(json.loads(args.size.read_text()), args.out))
    if args.throughput.exists():
        print(plot_throughput(json.loads(args.throughput.read_text()), args.out))


if __name__ == "__main__":
    main()
