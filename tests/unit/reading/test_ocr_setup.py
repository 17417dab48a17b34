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


def test_lines_are_batched_only_with_lines_of_the_same_input_width() -> None:
    # the model reads 48 x 320: crops up to 320/48 wide are padded to 320, longer ones to their
    # own width, so two long crops share a batch only when their inputs are equally wide
    sizes = [(48, 100), (24, 150), (48, 480), (30, 300), (48, 481), (10, 10)]
    batches = ocr.equal_width_batches(sizes, 48, 320)
    assert sorted(sorted(i for i, _ in batch) for batch in batches) == [[0, 1, 5], [2, 3], [4]]
    assert {ratio for batch in batches for i, ratio in batch if i in (0, 1, 5)} == {320 / 48}


def test_batches_hold_at_most_rec_batch_lines() -> None:
    batches = ocr.equal_width_batches([(48, 100)] * (2 * ocr.REC_BATCH + 1), 48, 320)
    assert [len(b) for b in batches] == [ocr.REC_BATCH, ocr.REC_BATCH, 1]
