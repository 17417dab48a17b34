"""The soak's judgement (``bench.soak``): what counts as lost, hung, a 5xx or too much memory."""

from __future__ import annotations

from collections import Counter

from bench.process_memory import MB, Memory, group_of
from bench.soak import ModeReport


def test_a_process_group_is_read_past_a_command_name_with_spaces_and_parentheses() -> None:
    stat = "4242 (python (x) y) S 1 4200 4200 0 -1 4194560 1234 0 0 0"
    assert group_of(stat) == (4242, 4200)


def _report(**overrides: object) -> ModeReport:
    values: dict[str, object] = {
        "mode": "embedded",
        "workers": 2,
        "users": 3,
        "load_seconds": 10.0,
        "requests": [("submit", 202, "", 30.0), ("poll", 200, "", 20.0), ("sync", 200, "", 300.0)],
        "accepted": ["a", "b"],
        "final": {"a": "SUCCESS", "b": "SUCCESS"},
        "errors": Counter[str](),
        "memory_start": Memory(100 * MB, 300 * MB, 5),
        "memory_peak": Memory(110 * MB, 320 * MB, 5),
        "memory_end": Memory(105 * MB, 310 * MB, 5),
        "max_growth": 64 * MB,
    }
    values.update(overrides)
    return ModeReport(**values)  # type: ignore[arg-type]


def test_a_clean_run_is_ok_and_prints_percentiles_per_kind() -> None:
    report = _report()
    assert report.ok
    text = report.render()
    assert "submit: 1, 30 / 30 / 30 / 30 / 30" in text
    assert "jobs lost: 0, hung: 0" in text and text.endswith("embedded: OK")


def test_unknown_ids_are_lost_and_unfinished_ones_hung() -> None:
    report = _report(accepted=["a", "b", "c"], final={"a": "SUCCESS", "b": "UNKNOWN"})
    assert report.lost == ["b"] and report.hung == ["c"]
    assert not report.ok


def test_a_5xx_no_answer_or_unexpected_status_fails_the_run() -> None:
    for request, attribute in [
        (("sync", 504, "", 1.0), "http_5xx"),
        (("poll", 0, "ReadTimeout", 1.0), "no_answer"),
        (("submit", 429, "", 1.0), "unexpected"),
    ]:
        report = _report(requests=[*_report().requests, request])
        assert getattr(report, attribute), attribute
        assert not report.ok


def test_memory_growth_past_the_bound_fails_the_run() -> None:
    report = _report(memory_end=Memory(100 * MB, 400 * MB, 5))
    assert report.grew_too_much == ["workers"]
    assert not report.ok
