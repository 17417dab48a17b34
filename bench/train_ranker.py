"""Train the header ranker (`make train`) and report what it gains, cross-validated by supplier.

    python -m bench.train_ranker [--compare] [--no-write] [--folds 5]

Builds the table (bench/ranker_data) from the shared sets and both generators, then:
1. supplier-grouped K-fold cross-validation: every document is scored by a model that never saw
   its supplier (shop, e-invoice issuer, generated supplier); per set and field, the rules' best
   value against the ranker's, and the calibration of the out-of-fold scores;
2. generator seeds nobody trained on: a model of all training data scores them;
3. fits the final model on everything and writes src/paperwise/extraction/ranking/ranker.json.
Deterministic: fixed seeds, one thread. --compare also cross-validates scikit-learn's
HistGradientBoosting on the same folds (the learner is chosen by that measurement)."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np

from bench.datasets import OUT_DIR
from bench.ranker_data import Group, Table, build_table
from paperwise.extraction.ranking.features import without_rules
from paperwise.extraction.ranking.model import MODEL_PATH, Ranker, blend, blended_scores

TRAIN_SETS = [
    ("sroie", 1),
    ("zugferd", 1),
    ("einvoice", 1),
    *((name, seed) for seed in (1, 2) for name in ("synthetic", "fresh")),
    *((name, seed) for seed in (1,) for name in ("synthetic-scanned", "fresh-scanned")),
    ("samples", 1),
]
HELD_OUT_SETS = [
    ("synthetic", 6),
    ("fresh", 6),
    ("synthetic-scanned", 6),
    ("fresh-scanned", 6),
    ("samples", 6),
]
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.1,
    "num_leaves": 31,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "seed": 7,
    "deterministic": True,
    "num_threads": 2,
    "verbose": -1,
}
ROUNDS = 120

Predict = Callable[[np.ndarray], np.ndarray]
Fit = Callable[[np.ndarray, np.ndarray], Predict]


def train_booster(x: np.ndarray, y: np.ndarray) -> Any:
    import lightgbm

    data = lightgbm.Dataset(x, y, categorical_feature=[0], free_raw_data=False)
    return lightgbm.train(PARAMS, data, num_boost_round=ROUNDS)


def train_pair(x: np.ndarray, y: np.ndarray) -> tuple[Any, Any]:
    """The model that sees the rules' opinion and the one that sees the page only."""
    return train_booster(x, y), train_booster(without_rules(x), y)


def fit_lightgbm(x: np.ndarray, y: np.ndarray) -> Predict:
    first, second = train_pair(x, y)
    return lambda rows: blended_scores(first, second, rows)


def fit_hgb(x: np.ndarray, y: np.ndarray) -> Predict:
    from sklearn.ensemble import HistGradientBoostingClassifier

    def one(rows: np.ndarray) -> Any:
        model = HistGradientBoostingClassifier(
            learning_rate=0.1,
            max_iter=ROUNDS,
            max_leaf_nodes=31,
            random_state=7,
            categorical_features=[0],
        )
        return model.fit(rows, y)

    first, second = one(x), one(without_rules(x))
    return lambda rows: blend(
        first.predict_proba(rows)[:, 1], second.predict_proba(without_rules(rows))[:, 1]
    )


def group_folds(groups: list[Group], folds: int) -> list[int]:
    """Fold of every group: the suppliers dealt round-robin in a fixed, hashed order."""
    suppliers = sorted(
        {g.supplier for g in groups}, key=lambda s: hashlib.sha1(s.encode()).hexdigest()
    )
    fold_of = {s: i % folds for i, s in enumerate(suppliers)}
    return [fold_of[g.supplier] for g in groups]


def out_of_fold(table: Table, fit: Fit, folds: int) -> np.ndarray:
    x, y = table.arrays()
    fold_of_group = group_folds(table.groups, folds)
    fold_of_row = np.empty(len(y), dtype=np.int32)
    for g, fold in zip(table.groups, fold_of_group, strict=True):
        fold_of_row[g.start : g.end] = fold
    scores = np.zeros(len(y))
    for fold in range(folds):
        held = fold_of_row == fold
        predict = fit(x[~held], y[~held])
        scores[held] = predict(x[held])
        print(f"  fold {fold + 1}/{folds}", file=sys.stderr, flush=True)
    return scores


def choices(table: Table, scores: np.ndarray) -> list[tuple[Group, str | None, float]]:
    """Per group: the value of the best-scored candidate and its score."""
    out: list[tuple[Group, str | None, float]] = []
    for g in table.groups:
        part = scores[g.start : g.end]
        if len(part) == 0:
            out.append((g, None, 0.0))
            continue
        i = int(np.argmax(part))
        out.append((g, g.values[i], float(part[i])))
    return out


def _right(g: Group, value: str | None) -> bool:
    from bench.scoring import values_match

    return values_match(g.data_type, value, g.label)


def accuracy_table(
    chosen: list[tuple[Group, str | None, float]],
) -> dict[str, dict[str, list[float]]]:
    """set -> field -> [rules right, ranker right, count, in candidates, read, read known]."""
    out: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0] * 6))
    for g, value, _ in chosen:
        cell = out[g.set_name][g.meaning]
        cell[0] += _right(g, g.rule_value)
        cell[1] += _right(g, value)
        cell[2] += 1
        cell[3] += any(_right(g, v) for v in g.values)
        if g.read is not None:
            cell[4] += g.read
            cell[5] += 1
    return out


# A meaning ships when, over the labelled fields where the ranker and the rules disagree on
# being right, the ranker wins at least this many more than it loses (a one-document gain is
# noise; and a ranked field also fills fields the rules leave empty, which no label can score,
# since a null label means unknown).
MIN_NET_WINS = 3


def meanings_it_improves(chosen: list[tuple[Group, str | None, float]]) -> tuple[set[str], str]:
    """The meanings where the ranker, cross-validated, is right clearly more often than the
    rules over all sets: only those ship (a learned choice only where it beats a rule), with
    the tally."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for g, value, _ in chosen:
        rules, ranker = _right(g, g.rule_value), _right(g, value)
        tally[g.meaning][0] += rules
        tally[g.meaning][1] += ranker
        tally[g.meaning][2] += ranker and not rules
        tally[g.meaning][3] += rules and not ranker
    kept = {m for m, (_, _, won, lost) in tally.items() if won - lost >= MIN_NET_WINS}
    lines = [
        "| meaning | rules right | ranker right | ranker won | ranker lost | ships |",
        "|---|---|---|---|---|---|",
    ]
    for m in sorted(tally):
        rules_right, ranker_right, won, lost = tally[m]
        ships = "yes" if m in kept else "no"
        lines.append(f"| {m} | {rules_right} | {ranker_right} | {won} | {lost} | {ships} |")
    return kept, "\n".join(lines)


def isotonic(chosen: list[tuple[Group, str | None, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Calibration of a best candidate's score: isotonic fit of right/wrong on out-of-fold scores,
    kept as the points of a piecewise-linear map."""
    from sklearn.isotonic import IsotonicRegression

    s = np.asarray([score for _, _, score in chosen])
    right = np.asarray([_right(g, v) for g, v, _ in chosen], dtype=np.float64)
    model = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(s, right)
    return np.asarray(model.X_thresholds_), np.asarray(model.y_thresholds_)


def calibration_report(
    chosen: list[tuple[Group, str | None, float]], cx: np.ndarray, cy: np.ndarray
) -> dict[str, tuple[float, int]]:
    """set -> (share right among best values calibrated >= 0.9, their count)."""
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for g, v, score in chosen:
        if float(np.interp(score, cx, cy)) >= 0.9:
            hits[g.set_name][0] += _right(g, v)
            hits[g.set_name][1] += 1
    return {k: (r / n if n else 1.0, n) for k, (r, n) in hits.items()}


def markdown(acc: dict[str, dict[str, list[float]]], calib: dict[str, tuple[float, int]]) -> str:
    lines = [
        "| set | field | rules | ranker | candidates hold it | read (OCR ceiling) | labelled |",
        "|---|---|---|---|---|---|---|",
    ]
    for set_name in sorted(acc):
        fields = acc[set_name]
        rules = ranker = n_fields = 0.0
        for field in sorted(fields):
            r, k, n, c, read, known = fields[field]
            ceiling = f"{read / known:.3f}" if known else "–"
            lines.append(
                f"| {set_name} | {field} | {r / n:.3f} | {k / n:.3f} | {c / n:.3f} | {ceiling} "
                f"| {int(n)} |"
            )
            rules += r / n
            ranker += k / n
            n_fields += 1
        share, count = calib.get(set_name, (1.0, 0))
        lines.append(
            f"| **{set_name}** | **mean** | **{rules / n_fields:.3f}** "
            f"| **{ranker / n_fields:.3f}** | | | right among calibrated ≥ 0.9: "
            f"{share:.3f} ({count}) |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the header ranker.")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--compare", action="store_true", help="also cross-validate sklearn HGB")
    parser.add_argument("--no-write", action="store_true", help="report only; keep the model")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    table = build_table(TRAIN_SETS)
    x, y = table.arrays()
    print(
        f"table: {len(table.groups)} fields, {len(y)} candidates, {x.shape[1]} features",
        file=sys.stderr,
    )

    learners: dict[str, Fit] = {"lightgbm": fit_lightgbm}
    if args.compare:
        learners["sklearn-hgb"] = fit_hgb
    report: list[str] = []
    cx = cy = np.zeros(0)
    kept: set[str] = set()
    for name, fit in learners.items():
        t0 = time.perf_counter()
        chosen = choices(table, out_of_fold(table, fit, args.folds))
        seconds = time.perf_counter() - t0
        if name == "lightgbm":
            kept, tally = meanings_it_improves(chosen)
            cx, cy = isotonic(chosen)  # all meanings: more evidence than the shipped ones alone
            report.append("### where the ranker ships (all sets, cross-validated)\n\n" + tally)
        calib = calibration_report(chosen, cx, cy)
        report.append(
            f"### {name}: supplier-grouped {args.folds}-fold cross-validation ({seconds:.0f} s)\n\n"
            + markdown(accuracy_table(chosen), calib)
        )

    first, second = train_pair(x, y)
    held = build_table(HELD_OUT_SETS)
    hx = held.arrays()[0]
    held_chosen = choices(held, blended_scores(first, second, hx))
    report.append(
        "### seeds nobody trained on (model of all training data)\n\n"
        + markdown(accuracy_table(held_chosen), calibration_report(held_chosen, cx, cy))
    )
    text = "\n\n".join(report)
    print(text)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "ranker-cv.md").write_text(text + "\n", encoding="utf-8")
    if not args.no_write:
        models = first.model_to_string(), second.model_to_string()
        digest = hashlib.sha1("".join(models).encode()).hexdigest()[:8]
        version = f"{dt.date.today().isoformat()}-{digest}"
        ranker = Ranker(version, frozenset(kept), *models, cx, cy)
        MODEL_PATH.write_text(json.dumps(ranker.to_json()) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KiB), version {version}")
    print(f"{time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
