"""The trained ranker: two LightGBM models and their calibration, read once per process from the
file that `make train` writes (ranker.json, shipped inside the package). No download, ever.

One model sees the rules' opinion of a candidate among its features, the other sees only what
the page says (the rule columns blanked). Trained on documents the rules were tuned on, the first
learns to follow the rules; the second is what lets a candidate the rules passed over win when
the page speaks for it. A candidate's score is the mean of their log-odds.

The models are built from their text on first use: a process that ranks no field (the shipped
model may rank none) never imports LightGBM."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from paperwise.extraction.ranking.features import without_rules

MODEL_PATH = Path(__file__).with_name("ranker.json")


def blend(with_rules: np.ndarray, page_only: np.ndarray) -> np.ndarray:
    """The mean log-odds of the two models' probabilities, as a probability."""
    a = np.clip(with_rules, 1e-6, 1 - 1e-6)
    b = np.clip(page_only, 1e-6, 1 - 1e-6)
    logit = 0.5 * (np.log(a / (1 - a)) + np.log(b / (1 - b)))
    return np.asarray(1.0 / (1.0 + np.exp(-logit)), dtype=np.float64)


def blended_scores(with_rules: Any, page_only: Any, rows: np.ndarray, **predict: Any) -> np.ndarray:
    """The blended probability that each candidate is its field's value, from the two boosters
    (``lightgbm.Booster``): the first sees the rows, the second the rows without the rules."""
    first = with_rules.predict(rows, **predict)
    second = page_only.predict(without_rules(rows), **predict)
    return blend(np.asarray(first), np.asarray(second))


@dataclass(frozen=True)
class Calibration:
    """A score's calibrated chance of being right: piecewise linear through isotonic points."""

    x: np.ndarray
    y: np.ndarray

    def __call__(self, score: float) -> float:
        if len(self.x) == 0:
            return 0.0
        return float(np.interp(score, self.x, self.y))

    def to_json(self) -> dict[str, list[float]]:
        return {
            "x": [round(float(v), 6) for v in self.x],
            "y": [round(float(v), 6) for v in self.y],
        }


def calibration_from_json(raw: dict[str, Any]) -> Calibration:
    return Calibration(
        np.asarray(raw["x"], dtype=np.float64), np.asarray(raw["y"], dtype=np.float64)
    )


def calibration_key(meaning: str, scanned: bool) -> str:
    """Values read by OCR are calibrated apart from those of a text layer: the same score is
    worth less on a scan (the words themselves may be misread)."""
    return f"{meaning}/ocr" if scanned else meaning


@dataclass(frozen=True)
class Ranker:
    version: str
    meanings: frozenset[str]  # the meanings whose value the ranker chooses (the rules' else)
    with_rules_model: str  # LightGBM's text form of the model that sees the rules' opinion
    page_only_model: str  # ... and of the one trained on rows without it
    # per meaning (``calibration_key``: apart for scans): the chance that the value shipped for
    # it (the ranker's choice for the meanings above, the rules' for the others) is right, from
    # the ranker's score of that value; fitted on out-of-fold scores, grouped by supplier
    calibration: dict[str, Calibration]

    @cached_property
    def _boosters(self) -> tuple[Any, Any]:
        import lightgbm

        return (
            lightgbm.Booster(model_str=self.with_rules_model),
            lightgbm.Booster(model_str=self.page_only_model),
        )

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """The blended probability that each candidate is its field's value."""
        if len(rows) == 0:
            return np.zeros(0)
        return blended_scores(*self._boosters, rows, num_threads=1)

    def confidence(self, key: str, score: float) -> float:
        """The calibrated chance that the value shipped for a meaning (``calibration_key``), of
        this score, is right (0 without a calibration: the ranking stage leaves such a meaning
        alone)."""
        calibration = self.calibration.get(key)
        return calibration(score) if calibration is not None else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "meanings": sorted(self.meanings),
            "calibration": {m: c.to_json() for m, c in sorted(self.calibration.items())},
            "with_rules": self.with_rules_model,
            "page_only": self.page_only_model,
        }


def ranker_from_json(raw: dict[str, Any]) -> Ranker:
    return Ranker(
        version=str(raw["version"]),
        meanings=frozenset(raw["meanings"]),
        with_rules_model=str(raw["with_rules"]),
        page_only_model=str(raw["page_only"]),
        calibration={m: calibration_from_json(c) for m, c in raw["calibration"].items()},
    )


@lru_cache(maxsize=1)
def shipped_ranker() -> Ranker | None:
    """The model that ships with the package, read once; None when there is none (the rules
    then choose alone)."""
    if not MODEL_PATH.exists():
        return None
    return ranker_from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def model_version() -> str:
    """The shipped model's version, or "none"."""
    ranker = shipped_ranker()
    return ranker.version if ranker else "none"
