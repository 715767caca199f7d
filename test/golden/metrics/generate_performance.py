#!/usr/bin/env python3
"""Golden values of the performance metrics of @bcml/metrics (libs/metrics/test/performance-golden.test.ts).

Run from the repository root:  .tools/venv/bin/python test/golden/metrics/generate_performance.py
Writes test/golden/metrics/performance.json next to this file and formats it with the repository's Prettier;
commit both.

scikit-learn is the reference here (the TypeScript code counts per class and sums tie groups instead):
- accuracy: `accuracy_score`;
- balanced accuracy: `balanced_accuracy_score` (mean recall over the classes present in y_true);
- macro-F1: `f1_score(average="macro", zero_division=0)` (label set: the classes in y_true or y_pred);
- ROC AUC: `roc_auc_score` on the positive-class scores (binary only); null where one class is absent
  (scikit-learn raises there).
Scores are rounded to float32 before use, since bcml's probabilities are float32; some cases round them coarsely
to force ties.
"""

from __future__ import annotations

import json
import subprocess
import warnings
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, balanced_accuracy_score, f1_score, roc_auc_score

OUT = Path(__file__).with_name("performance.json")


def expected(labels, predictions, scores) -> dict:
    y = np.asarray(labels, dtype=np.int64)
    p = np.asarray(predictions, dtype=np.int64)
    if y.size == 0:
        return {"accuracy": None, "balancedAccuracy": None, "macroF1": None, "rocAuc": None}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # balanced accuracy warns about classes only predicted
        out = {
            "accuracy": float(accuracy_score(y, p)),
            "balancedAccuracy": float(balanced_accuracy_score(y, p)),
            "macroF1": float(f1_score(y, p, average="macro", zero_division=0)),
        }
    if scores is None:
        out["rocAuc"] = None
    else:
        s = np.asarray(scores, dtype=np.float64)
        out["rocAuc"] = float(roc_auc_score(y, s)) if len(np.unique(y)) == 2 else None
    return out


def simulate(rng, n: int, num_classes: int, acc: float, classes=None):
    """Labels over `classes` (default all); the prediction is right w.p. `acc`, else a random class."""
    pool = np.arange(num_classes) if classes is None else np.asarray(classes)
    y = rng.choice(pool, size=n)
    p = np.where(rng.random(n) < acc, y, rng.integers(0, num_classes, size=n))
    return y.tolist(), p.tolist()


def binary_scores(rng, labels, separation: float, decimals: int | None):
    """Positive-class probabilities: a logistic of a label-shifted normal, float32, optionally rounded (ties)."""
    y = np.asarray(labels)
    z = rng.normal(0, 1, size=y.size) + separation * (2 * y - 1)
    prob = 1 / (1 + np.exp(-z))
    if decimals is not None:
        prob = np.round(prob, decimals)
    return prob.astype(np.float32).astype(np.float64).tolist()


def cases() -> list[dict]:
    rng = np.random.default_rng(20261205)
    out = []

    def add(name, labels, predictions, num_classes, scores=None):
        case = {"name": name, "input": {"labels": labels, "predictions": predictions, "numClasses": num_classes}}
        if scores is not None:
            case["input"]["scores"] = scores
        case["expected"] = expected(labels, predictions, scores)
        out.append(case)

    for n, num_classes, acc in [(500, 3, 0.7), (600, 10, 0.85), (800, 10, 0.5), (150, 100, 0.4), (1, 7, 0.5)]:
        add(f"random n={n} C={num_classes}", *simulate(rng, n, num_classes, acc), num_classes)
    labels, predictions = simulate(rng, 300, 6, 0.6, classes=[0, 2, 5])
    add("absent classes 1, 3, 4 of 6 (some predicted)", labels, predictions, 6)
    labels, predictions = simulate(rng, 400, 8, 0.6, classes=[1, 2, 3, 4])
    add("classes only in labels or only in predictions", labels, [min(v, 3) for v in predictions], 8)
    labels, _ = simulate(rng, 200, 4, 0.0)
    add("all correct", labels, list(labels), 4)
    add("all wrong", labels, [(v + 1) % 4 for v in labels], 4)
    add("empty", [], [], 3)

    for n, separation, decimals in [(400, 1.0, None), (600, 0.5, 2), (300, 2.0, 1), (800, 0.2, 3)]:
        labels, _ = simulate(rng, n, 2, 0.0)
        scores = binary_scores(rng, labels, separation, decimals)
        predictions = [1 if s >= 0.5 else 0 for s in scores]
        ties = "" if decimals is None else f", rounded to {decimals} decimals"
        add(f"binary n={n} separation {separation}{ties}", labels, predictions, 2, scores)
    labels = [int(v) for v in rng.integers(0, 2, size=50)]
    add("binary, all scores tied", labels, [1] * 50, 2, [0.5] * 50)
    add("binary, perfectly separated", [0, 0, 0, 1, 1], [0, 0, 0, 1, 1], 2, [0.1, 0.2, 0.3, 0.8, 0.9])
    add("binary, reversed", [0, 0, 1, 1], [1, 1, 0, 0], 2, [0.9, 0.8, 0.2, 0.1])
    add("binary, logits with negative scores", [1, 0, 1, 0, 1, 0], [1, 0, 0, 1, 1, 0], 2, [2.5, -1.0, -0.5, 0.25, 2.5, -3.0])
    add("binary, only positives (ROC AUC undefined)", [1, 1, 1], [1, 0, 1], 2, [0.9, 0.4, 0.7])
    add("binary, only negatives (ROC AUC undefined)", [0, 0], [0, 1], 2, [0.1, 0.6])
    return out


def main() -> None:
    golden = {"generator": "test/golden/metrics/generate_performance.py", "cases": cases()}
    OUT.write_text(json.dumps(golden, separators=(",", ":")) + "\n")
    root = Path(__file__).resolve().parents[3]
    formatted = subprocess.run(["npx", "--no-install", "prettier", "--write", str(OUT)], cwd=root, check=False)
    if formatted.returncode != 0:
        print("warning: prettier failed; run `npx prettier --write test/golden/metrics/performance.json`")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
