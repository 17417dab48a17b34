"""The trained ranker: two LightGBM models and their calibration, read once per process from the
file that `make train` writes (ranker.json, shipped inside the package). No download, ever.

One model sees the rules' opinion of a candidate among its features, the other sees only what
the page says (the rule columns blanked). Trained on documents the rules were tuned on, the first
learns to follow the rules; the second is what lets a candidate the rules passed over win when
the page speaks for it. A candidate's score is the mean of their log-odds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
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


@dataclass(frozen=True)
class Ranker:
    version: str
    meanings: frozenset[str]
    with_rules: Any  # lightgbm.Booster
    page_only: Any  # lightgbm.Booster, trained on rows without the rules' opinion
    # isotonic calibration of the best candidate's score: piecewise linear through these points
    calibration_x: np.ndarray
    calibration_y: np.ndarray

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """The blended probability that each candidate is its field's value."""
        if len(rows) == 0:
            return np.zeros(0)
        first = self.with_rules.predict(rows, num_threads=1)
        second = self.page_only.predict(without_rules(rows), num_threads=1)
        return blend(np.asarray(first), np.asarray(second))

    def confidence(self, score: float) -> float:
        """The calibrated chance that a best candidate of this score is right."""
        return float(np.interp(score, self.calibration_x, self.calibration_y))

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "meanings": sorted(self.meanings),
            "calibration": {
                "x": [round(float(x), 6) for x in self.calibration_x],
                "y": [round(float(y), 6) for y in self.calibration_y],
            },
            "with_rules": self.with_rules.model_to_string(),
            "page_only": self.page_only.model_to_string(),
        }


def ranker_from_json(raw: dict[str, Any]) -> Ranker:
    import lightgbm

    return Ranker(
        version=str(raw["version"]),
        meanings=frozenset(raw["meanings"]),
        with_rules=lightgbm.Booster(model_str=raw["with_rules"]),
        page_only=lightgbm.Booster(model_str=raw["page_only"]),
        calibration_x=np.asarray(raw["calibration"]["x"], dtype=np.float64),
        calibration_y=np.asarray(raw["calibration"]["y"], dtype=np.float64),
    )


@lru_cache(maxsize=1)
def shipped_ranker() -> Ranker | None:
    """The model that ships with the package, loaded once; None when there is none (the rules
    then choose alone)."""
    if not MODEL_PATH.exists():
        return None
    return ranker_from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def model_version() -> str:
    """The shipped model's version, read without building the model."""
    if not MODEL_PATH.exists():
        return "none"
    return str(json.loads(MODEL_PATH.read_text(encoding="utf-8"))["version"])
