"""OCR with RapidOCR (PP-OCRv6 detection + recognition, models shipped inside the wheel).

One engine per process, built on first use and reused. Nothing is ever downloaded: the models
are given by path, and any download attempt RapidOCR would make raises instead.

Threads: ``PAPERWISE_OCR_THREADS`` sets ONNX Runtime's intra-op threads (worker processes want 1);
unset, ONNX Runtime uses every core."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from paperwise.errors import OcrUnavailable
from paperwise.reading.orientation import OrientationVotes, Quad, count_votes
from paperwise.reading.word_gaps import insert_spaces, missing_spaces, spurious_spaces

THREADS_ENV = "PAPERWISE_OCR_THREADS"
DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
# Images with a longer side above this are shrunk to it before detection (RapidOCR's default;
# 2600 read no more of the long and 600-DPI receipts in data/sroie, at 1.5x the cost).
IMAGE_MAX_SIDE = 2000
# Text lines are recognised in batches of lines whose padded input is the same width (see
# EqualWidthBatches), at most this many at once: RapidOCR's own batches pad every crop to the
# widest one's shape, and that padding changes what the recogniser reads (it dropped word spaces).
REC_BATCH = 16

_engine: Any = None
_engine_lock = threading.Lock()
# One OCR at a time per process: the ONNX sessions already use the cores given to them.
_run_lock = threading.Lock()


@dataclass(frozen=True)
class OcrWord:
    text: str
    score: float
    quad: Quad


@dataclass(frozen=True)
class OcrLine:
    """One detected text line: its text, score and quad, and its words when RapidOCR split it."""

    text: str
    score: float
    quad: Quad
    words: tuple[OcrWord, ...]


@dataclass(frozen=True)
class OcrResult:
    lines: list[OcrLine]
    votes: OrientationVotes


def ocr_threads() -> int:
    """Intra-op threads from PAPERWISE_OCR_THREADS; -1 (all cores) when unset."""
    raw = os.environ.get(THREADS_ENV, "").strip()
    if not raw:
        return -1
    try:
        threads = int(raw)
    except ValueError as exc:
        raise OcrUnavailable(f"{THREADS_ENV} must be a whole number, not {raw!r}.") from exc
    if threads < 1:
        raise OcrUnavailable(f"{THREADS_ENV} must be at least 1, not {threads}.")
    return threads


def model_dir() -> Path:
    """The folder of models inside the installed rapidocr wheel."""
    return Path(str(resources.files("rapidocr") / "models"))


def _refuse_download(*_args: object, **_kwargs: object) -> Any:
    raise OcrUnavailable("RapidOCR tried to download a model; only its wheel's models may be used.")


def _build_engine() -> Any:
    models = model_dir()
    paths = {
        task: models / name
        for task, name in (("Det", DET_MODEL), ("Rec", REC_MODEL), ("Cls", CLS_MODEL))
    }
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise OcrUnavailable(f"OCR models are missing from the rapidocr package: {missing}")
    threads = ocr_threads()
    from rapidocr import RapidOCR
    from rapidocr.utils.download_file import DownloadFile

    DownloadFile._make_http_request = classmethod(_refuse_download)  # type: ignore[method-assign,assignment]
    params: dict[str, Any] = {
        "Global.log_level": "error",
        "Global.return_word_box": True,
        "Rec.rec_batch_num": 1,
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1 if threads > 0 else -1,
    }
    for task, path in paths.items():
        params[f"{task}.model_path"] = str(path)
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    engine: Any = RapidOCR(params=params)
    engine._load_det_model()
    engine._load_cls_model()
    engine.text_rec = EqualWidthBatches(engine._load_rec_model())
    return engine


class EqualWidthBatches:
    """RapidOCR's recogniser, called once per group of text lines whose input tensor is the same
    width: every line gets the very tensor it gets alone (resized to the model's height, padded
    to at least the model's width), so what it reads is what it reads alone, in a pass up to 1.18x
    faster (bench/perf_ocr, README). Anything else is RapidOCR's recogniser's."""

    def __init__(self, rec: Any) -> None:
        self.rec = rec

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rec, name)

    def __call__(self, args: Any) -> Any:
        from rapidocr.ch_ppocr_rec import typings

        images = [args.img] if isinstance(args.img, np.ndarray) else list(args.img)
        lines: list[tuple[str, float]] = [("", 0.0)] * len(images)
        words: list[Any] = [None] * len(images)
        _channels, height, width = self.rec.rec_image_shape[:3]
        sizes = [image.shape[:2] for image in images]
        for batch in equal_width_batches(sizes, height, width):
            tensors = [self.rec.resize_norm_img(images[i], ratio)[np.newaxis] for i, ratio in batch]
            preds = self.rec.session(np.concatenate(tensors).astype(np.float32))
            for k, (i, ratio) in enumerate(batch):
                one, one_words = self.rec.postprocess_op(
                    preds[k : k + 1],
                    args.return_word_box,
                    wh_ratio_list=[images[i].shape[1] / images[i].shape[0]],
                    max_wh_ratio=ratio,
                )
                lines[i] = one[0]
                words[i] = one_words[0] if args.return_word_box else None
        output: Any = typings.TextRecOutput  # its annotations say tuple[str]: it means any length
        txts = tuple(text for text, _ in lines)
        return output(images, txts, tuple(score for _, score in lines), tuple(words), 0.0)


def equal_width_batches(
    sizes: Sequence[tuple[int, int]], model_height: int, model_width: int
) -> list[list[tuple[int, float]]]:
    """Line crops (height, width) in batches of one recogniser input width, at most REC_BATCH
    each: (crop index, the width/height ratio its input is padded to). RapidOCR resizes a crop
    to the model's height and pads it to max(model width/height, its own ratio)."""
    groups: dict[int, list[tuple[int, float]]] = {}
    for i, (height, width) in enumerate(sizes):
        ratio = max(model_width / model_height, width / height)
        groups.setdefault(int(model_height * ratio), []).append((i, ratio))
    return [
        members[start : start + REC_BATCH]
        for members in groups.values()
        for start in range(0, len(members), REC_BATCH)
    ]


def ocr_engine() -> Any:
    """The process's RapidOCR engine, created on first use."""
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = _build_engine()
        return _engine


def recognise(
    image: Image.Image, *, full_resolution: bool = False, upright: bool = False
) -> OcrResult:
    """One OCR pass over an RGB image: its text lines (quads in the image's pixels) and what the
    detector and direction classifier said about the page's orientation.

    RapidOCR shrinks an image whose longer side passes IMAGE_MAX_SIDE; ``full_resolution`` reads
    it at its own size (a PDF page rendered at the DPI chosen for OCR: shrinking an A4 page from
    200 to 171 DPI lost 4 points of word recall). An image known to be ``upright`` (a page a
    first pass found turned, turned back) skips the direction classifier; its votes then count
    no flipped line."""
    engine = ocr_engine()
    bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
    with _run_lock:
        engine.max_side_len = (
            max(IMAGE_MAX_SIDE, *image.size) if full_resolution else IMAGE_MAX_SIDE
        )
        engine.use_cls = not upright
        original = engine.load_img(bgr)
        prepared, record = engine.preprocess_img(original)
        det, cls, rec, crops = engine.run_ocr_steps(prepared, record)
        unsure = unsure_flips(cls.cls_res or [], engine.cfg.Cls.cls_thresh)
        if unsure and cls.img_list is not None:
            # Most lines say upside down, some too faintly for RapidOCR to turn them: turn those
            # too and read the lines again (only such pages pay for a second recognition).
            images = list(cls.img_list)
            for i in unsure:
                images[i] = np.ascontiguousarray(images[i][::-1, ::-1])
            rec = engine.recognize_txt(images)
        votes = _votes(det.boxes, cls.cls_res, 0.0 if unsure else engine.cfg.Cls.cls_thresh)
        _fix_word_spaces(rec)
        result = engine.build_final_output(original, det, cls, rec, crops, record)
    txts = getattr(result, "txts", None)
    if not txts or getattr(result, "boxes", None) is None:
        return OcrResult([], votes)
    word_results = result.word_results if len(result.word_results) == len(txts) else None
    lines = [
        OcrLine(
            text=str(text),
            score=float(score),
            quad=np.asarray(quad, dtype=float).reshape(4, 2),
            words=_words(word_results[i]) if word_results is not None else (),
        )
        for i, (quad, text, score) in enumerate(zip(result.boxes, txts, result.scores, strict=True))
    ]
    return OcrResult(lines, votes)


def _fix_word_spaces(rec: Any) -> None:
    """Put the word spaces the recogniser missed into its texts and word groups and take out
    those it read after a stop printed tight against the next word (see word_gaps), before
    RapidOCR turns the groups into word boxes."""
    if not rec.txts or rec.imgs is None or len(rec.word_results) != len(rec.txts):
        return
    texts = list(rec.txts)
    for i, (text, info, crop) in enumerate(zip(texts, rec.word_results, rec.imgs, strict=True)):
        if not getattr(info, "line_txt_len", 0) or not text:
            continue
        pixels_per_column = crop.shape[1] / info.line_txt_len
        char_x = [col * pixels_per_column for cols in info.word_cols for col in cols]
        drop = set(spurious_spaces(crop, text, char_x))
        if drop:
            join_word_groups(info, {_non_space_index(text, d + 1) for d in drop})
            text = "".join(c for k, c in enumerate(text) if k not in drop)
        before = missing_spaces(crop, text, char_x)
        if before:
            split_word_groups(info, {_non_space_index(text, b) for b in before})
            text = insert_spaces(text, before)
        texts[i] = text
    rec.txts = tuple(texts)


def _non_space_index(text: str, at: int) -> int:
    """The index of ``text[at]`` among the non-space characters of ``text``."""
    return sum(1 for c in text[:at] if not c.isspace())


def split_word_groups(info: Any, starts: set[int]) -> None:
    """Split RapidOCR's word groups so that a new group begins at each of the ``starts``
    (indices among the line's non-space characters)."""
    words: list[list[str]] = []
    cols: list[list[int]] = []
    types: list[Any] = []
    position = 0
    for chars, columns, kind in zip(info.words, info.word_cols, info.word_types, strict=True):
        cuts = [k - position for k in sorted(starts) if position < k < position + len(chars)]
        for a, b in zip([0, *cuts], [*cuts, len(chars)], strict=True):
            words.append(list(chars[a:b]))
            cols.append(list(columns[a:b]))
            types.append(kind)
        position += len(chars)
    info.words, info.word_cols, info.word_types = words, cols, types


def join_word_groups(info: Any, starts: set[int]) -> None:
    """Join each of RapidOCR's word groups that begins at one of the ``starts`` (indices among
    the line's non-space characters) to the group before it."""
    words: list[list[str]] = []
    cols: list[list[int]] = []
    types: list[Any] = []
    position = 0
    for chars, columns, kind in zip(info.words, info.word_cols, info.word_types, strict=True):
        if words and position in starts:
            words[-1].extend(chars)
            cols[-1].extend(columns)
        else:
            words.append(list(chars))
            cols.append(list(columns))
            types.append(kind)
        position += len(chars)
    info.words, info.word_cols, info.word_types = words, cols, types


def _words(items: Any) -> tuple[OcrWord, ...]:
    if any(quad is None for _, _, quad in items):
        return ()
    return tuple(
        OcrWord(str(text), float(score), np.asarray(quad, dtype=float).reshape(4, 2))
        for text, score, quad in items
    )


def unsure_flips(labels: Sequence[tuple[str, float]], threshold: float) -> list[int]:
    """The lines the direction classifier called upside down below ``threshold`` (so RapidOCR
    read them as they lie), when most of the page's lines are called upside down: on such a
    page they are upside down too. Empty otherwise."""
    flipped = [i for i, (label, _score) in enumerate(labels) if label == "180"]
    if len(flipped) * 2 <= len(labels):
        return []
    return [i for i in flipped if labels[i][1] <= threshold]


def _votes(boxes: Any, cls_res: Any, threshold: float) -> OrientationVotes:
    quads = np.asarray(boxes if boxes is not None else [], dtype=float).reshape(-1, 4, 2)
    flipped = sum(1 for label, score in (cls_res or []) if label == "180" and score >= threshold)
    return count_votes(quads, flipped)
