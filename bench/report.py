"""The accuracy table as markdown: one column per set, one row per field and per figure."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bench.metrics import CALIBRATION_LEVELS, SetSummary


def _share(right: int, total: int) -> str:
    return f"{right / total:.2f} ({total})" if total else "–"


def _row(title: str, sets: Sequence[SetSummary], cell: Callable[[SetSummary], str]) -> str:
    return "| " + " | ".join([title, *(cell(s) for s in sets)]) + " |"


def _per_page(seconds: float, pages: int) -> str:
    return f"{seconds / pages:.3f}" if pages else "–"


def _field_cell(name: str) -> Callable[[SetSummary], str]:
    return lambda s: _share(*s.field_accuracy.get(name, (0, 0)))


def _calibration_cell(level: float) -> Callable[[SetSummary], str]:
    return lambda s: _share(*s.calibration[level])


def markdown_table(sets: Sequence[SetSummary]) -> str:
    """Per-field exact accuracy (share right, labelled count) and the summary figures."""
    fields: list[str] = []
    for s in sets:
        fields += [f for f in s.field_accuracy if f not in fields]
    lines = [
        "| field | " + " | ".join(s.name for s in sets) + " |",
        "|---|" + "---|" * len(sets),
    ]
    for name in fields:
        lines.append(_row(name, sets, _field_cell(name)))

    def mean_cell(s: SetSummary) -> str:
        value = s.mean_field_accuracy
        return f"**{value:.3f}**" if value is not None else "–"

    lines.append(_row("**mean per-field accuracy**", sets, mean_cell))
    lines.append(_row("line-item row recall", sets, lambda s: _share(s.rows[0], s.rows[1])))
    lines.append(_row("line-item row precision", sets, lambda s: _share(s.rows[0], s.rows[2])))
    lines.append(_row("VAT-pair recall", sets, lambda s: _share(*s.vat)))
    for level in CALIBRATION_LEVELS:
        lines.append(
            _row(
                f"right among confidence ≥ {level} (count)",
                sets,
                _calibration_cell(level),
            )
        )
    lines.append(_row("documents (engine errors)", sets, lambda s: f"{s.documents} ({s.errors})"))
    lines.append(_row("extract s/page", sets, lambda s: _per_page(s.extract_seconds, s.pages)))
    lines.append(
        _row(
            "read s/page (uncached reads, pages)",
            sets,
            lambda s: f"{_per_page(s.read_seconds, s.read_pages)} ({s.read_pages})",
        )
    )
    return "\n".join(lines)
