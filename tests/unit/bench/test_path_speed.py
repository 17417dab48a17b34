"""The whole-path bench's own pieces: the order of interleaved steps, its percentiles, and the
100 KB document of the submit row (read from its text layer, so submits stay cheap jobs)."""

from __future__ import annotations

from collections.abc import Callable

from bench.path_speed import hundred_kb_pdf, interleaved, percentile
from bench.queue_scaling import Point, report

from paperwise.reading.model import PageSource, ReadLimits
from paperwise.reading.reader import read_document


def test_interleaved_steps_alternate_their_order() -> None:
    calls: list[str] = []
    steps: dict[str, Callable[[], object]] = {
        "a": lambda: calls.append("a"),
        "b": lambda: calls.append("b"),
    }
    times = interleaved(steps, 3)
    assert calls == ["b", "a", "a", "b", "b", "a"]
    assert [len(values) for values in times.values()] == [3, 3]


def test_percentile_picks_the_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert (percentile(values, 0.5), percentile(values, 0.99), percentile([7.0], 0.99)) == (
        50.0,
        99.0,
        7.0,
    )


def test_the_submit_document_is_about_100_kb_and_read_from_its_text_layer() -> None:
    data = hundred_kb_pdf()
    assert 90_000 < len(data) < 130_000
    page = read_document(data, ReadLimits()).pages[0]
    assert page.source is PageSource.TEXT_LAYER


def test_the_throughput_table_shows_the_queue_cost_for_one_worker_only() -> None:
    points = [
        Point("text", "embedded", 1, 50.0, 1.0, 20.0, 9.0),
        Point("scan", "embedded", 2, 0.5, 2.0, 2000.0, float("nan")),
    ]
    lines = report(points, {"text": 12.0, "scan": 3000.0}, {"text": 40, "scan": 4}).splitlines()
    assert lines[2] == "| text | embedded | 1 | 40 | 50.00 | 1.0 | 20 | 8 | 12 | 9 |"
    assert lines[3] == "| scan | embedded | 2 | 4 | 0.50 | 2.0 | 2000 | – | 3000 | – |"
