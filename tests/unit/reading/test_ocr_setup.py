"""OCR engine setup: models only from the wheel, thread count from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperwise.errors import OcrUnavailable
from paperwise.reading import ocr


def test_the_wheel_ships_every_model_the_engine_uses() -> None:
    for name in (ocr.DET_MODEL, ocr.REC_MODEL, ocr.CLS_MODEL):
        assert (ocr.model_dir() / name).is_file()


def test_missing_models_fail_loudly_instead_of_downloading(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(ocr, "model_dir", lambda: tmp_path)
    with pytest.raises(OcrUnavailable, match="missing"):
        ocr._build_engine()


@pytest.mark.parametrize(("raw", "threads"), [(None, -1), ("", -1), ("1", 1), (" 4 ", 4)])
def test_thread_count_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, raw: str | None, threads: int
) -> None:
    if raw is None:
        monkeypatch.delenv(ocr.THREADS_ENV, raising=False)
    else:
        monkeypatch.setenv(ocr.THREADS_ENV, raw)
    assert ocr.ocr_threads() == threads


@pytest.mark.parametrize("raw", ["zero", "0", "-2"])
def test_a_bad_thread_count_is_refused(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(ocr.THREADS_ENV, raw)
    with pytest.raises(OcrUnavailable, match=ocr.THREADS_ENV):
        ocr.ocr_threads()
