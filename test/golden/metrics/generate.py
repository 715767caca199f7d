#!/usr/bin/env python3
"""Golden values for @bcml/metrics (libs/metrics/test/golden.test.ts).

Run from the repository root:  .tools/venv/bin/python test/golden/metrics/generate.py
Writes test/golden/metrics/golden.json next to this file and formats it with the repository's Prettier (so
`prettier --check` passes); commit both.

numpy only (no scipy). The formulas are implemented here independently of the TypeScript code, in their
textbook form:
- counts with numpy boolean masks, scores as plain ratios of those counts;
- Wilson interval as centre ± half-width: (p + z²/2n)/(1 + z²/n) ± z·sqrt(p(1−p)/n + z²/4n²)/(1 + z²/n)
  (the TypeScript code uses the product-of-roots form instead);
- exact McNemar by exact rational arithmetic: 2·Σ_{i ≤ min(b,c)} C(b+c, i) / 2^(b+c), capped at 1
  (the TypeScript code uses Loader's saddle-point binomial pmf and a term-ratio sum);
- relative NFR as (NF/N) / ((#h1 right/N)·(#h2 wrong/N));
- Pareto front by all-pairs dominance; the knee in two objectives as the largest signed distance to the line
  through the two normalised extremes, computed geometrically (the TypeScript code maximises u1 + u2).
"""

from __future__ import annotations

import json
import math
import subprocess
from fractions import Fraction
from pathlib import Path

import numpy as np

Z = 1.959963984540054
OUT = Path(__file__).with_name("golden.json")


# ---------------------------------------------------------------------------------------------------------------
# Statistics


def wilson(k: int, n: int) -> list[float]:
    """Wilson score interval, textbook centre ± half-width, clamped to [0, 1]; exact ends at k = 0 and k = n."""
    p = k / n
    denom = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denom
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denom
    lo = 0.0 if k == 0 else max(0.0, centre - half)
    hi = 1.0 if k == n else min(1.0, centre + half)
    return [lo, hi]


def proportion(k: int, n: int) -> dict | None:
    if n == 0:
        return None
    return {"value": k / n, "ci95": wilson(k, n), "numerator": int(k), "denominator": int(n)}


def mcnemar_exact(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value with exact integers: min(1, 2·P(X ≤ min(b, c))), X ~ Bin(b + c, 1/2)."""
    m = b + c
    if m == 0:
        return 1.0
    k = min(b, c)
    total = 0
    term = 1  # C(m, 0)
    for i in range(k + 1):
        if i > 0:
            term = term * (m - i + 1) // i  # exact: C(m, i) = C(m, i−1)·(m−i+1)/i
        total += term
    return float(min(Fraction(1), Fraction(2 * total, 2**m)))


# ---------------------------------------------------------------------------------------------------------------
# Compatibility cases


def expected_compatibility(labels, h1, h2, num_classes: int, ids=None) -> dict:
    y = np.asarray(labels, dtype=np.int64)
    a = np.asarray(h1, dtype=np.int64)
    b = np.asarray(h2, dtype=np.int64)
    n = int(y.size)
    ident = np.arange(n, dtype=np.int64) if ids is None else np.asarray(ids, dtype=np.int64)
    r1 = a == y
    r2 = b == y
    both_right = r1 & r2
    both_wrong = ~r1 & ~r2
    nf_mask = r1 & ~r2
    pf_mask = ~r1 & r2
    h1c, h2c = int(r1.sum()), int(r2.sum())
    h1e, h2e = n - h1c, n - h2c
    bc, bw = int(both_right.sum()), int(both_wrong.sum())
    nf, pf = int(nf_mask.sum()), int(pf_mask.sum())
    churn = int((a != b).sum())
    bw_same = int((both_wrong & (a == b)).sum())
    bw_diff = int((both_wrong & (a != b)).sum())
    inconsistent = int((~r2 & (a != b)).sum())
    counts = {
        "n": n,
        "h1Correct": h1c,
        "h2Correct": h2c,
        "h1Errors": h1e,
        "h2Errors": h2e,
        "bothCorrect": bc,
        "bothWrong": bw,
        "bothWrongSamePrediction": bw_same,
        "bothWrongDifferentPrediction": bw_diff,
        "negativeFlips": nf,
        "positiveFlips": pf,
        "churnCount": churn,
    }
    relative_nfr = None if h1c == 0 or h2e == 0 else (nf / n) / ((h1c / n) * (h2e / n))
    per_class = []
    for c in range(num_classes):
        in_c = y == c
        count = int(in_c.sum())
        c1 = int((in_c & r1).sum())
        per_class.append(
            {
                "classIndex": c,
                "count": count,
                "accuracyH1": proportion(c1, count),
                "accuracyH2": proportion(int((in_c & r2).sum()), count),
                "btc": proportion(int((in_c & both_right).sum()), c1),
                "incompatibleCount": int((in_c & nf_mask).sum()),
                "incompatibleIds": ident[in_c & nf_mask].tolist(),
            }
        )
    return {
        "scores": {
            "n": n,
            "counts": counts,
            "accuracyH1": proportion(h1c, n),
            "accuracyH2": proportion(h2c, n),
            "btc": proportion(bc, h1c),
            "bec": proportion(bw, h1e),
            "becNew": proportion(bw, h2e),
            "nfr": proportion(nf, n),
            "pfr": proportion(pf, n),
            "nfi": proportion(nf, h2e),
            "pfi": proportion(pf, h2c),
            "relativeNfr": relative_nfr,
            "churn": proportion(churn, n),
            "inconsistentFlipRate": proportion(inconsistent, n),
            "mcnemarPValue": mcnemar_exact(nf, pf),
        },
        "errorOverlap": {
            "h1Only": {"count": pf, "ids": ident[pf_mask].tolist()},
            "common": {"count": bw, "ids": ident[both_wrong].tolist()},
            "h2Only": {"count": nf, "ids": ident[nf_mask].tolist()},
        },
        "perClass": per_class,
    }


def simulate(rng, n: int, num_classes: int, acc1: float, acc2: float, agree: float, classes=None):
    """Labels over `classes` (default all); h1 right w.p. acc1 else a random class; h2 copies h1 w.p. `agree`."""
    pool = np.arange(num_classes) if classes is None else np.asarray(classes)
    y = rng.choice(pool, size=n)
    h1 = np.where(rng.random(n) < acc1, y, rng.integers(0, num_classes, size=n))
    own = np.where(rng.random(n) < acc2, y, rng.integers(0, num_classes, size=n))
    h2 = np.where(rng.random(n) < agree, h1, own)
    return y.tolist(), h1.tolist(), h2.tolist()


def compatibility_cases() -> list[dict]:
    rng = np.random.default_rng(20240611)
    cases = []

    def add(name, labels, h1, h2, num_classes, ids=None):
        case = {"name": name, "input": {"labels": labels, "h1": h1, "h2": h2, "numClasses": num_classes}}
        if ids is not None:
            case["input"]["ids"] = ids
        case["expected"] = expected_compatibility(labels, h1, h2, num_classes, ids)
        cases.append(case)

    for n, num_classes, acc1, acc2, agree in [
        (500, 2, 0.8, 0.85, 0.5),
        (257, 3, 0.6, 0.7, 0.3),
        (1000, 10, 0.9, 0.92, 0.6),
        (2000, 10, 0.7, 0.75, 0.0),
        (150, 100, 0.5, 0.6, 0.4),  # most of the 100 classes are absent
        (1, 7, 0.5, 0.5, 0.5),
        (2, 2, 0.5, 0.5, 0.0),
    ]:
        add(f"random n={n} C={num_classes}", *simulate(rng, n, num_classes, acc1, acc2, agree), num_classes)

    labels, h1, h2 = simulate(rng, 300, 6, 0.7, 0.8, 0.4, classes=[0, 2, 5])
    add("absent classes 1, 3, 4 of 6", labels, h1, h2, 6)

    labels, _, h2 = simulate(rng, 400, 4, 0.0, 0.8, 0.0)
    add("h1 always right (BEC null)", labels, list(labels), h2, 4)

    labels, _, h2 = simulate(rng, 400, 4, 0.0, 0.6, 0.0)
    wrong = [(v + 1 + int(rng.integers(0, 3))) % 4 for v in labels]
    add("h1 always wrong (BTC null)", labels, wrong, h2, 4)

    labels, h1, _ = simulate(rng, 300, 5, 0.7, 0.0, 0.0)
    add("h2 always right (becNew, NFI, relative NFR null)", labels, h1, list(labels), 5)

    labels, h1, h2 = simulate(rng, 200, 3, 0.6, 0.6, 0.0)
    add("h2 always wrong", labels, h1, [(v + 1) % 3 for v in labels], 3)

    add("empty", [], [], [], 3)

    labels, h1, h2 = simulate(rng, 600, 5, 0.75, 0.8, 0.3)
    ids = rng.choice(2**32, size=600, replace=False).tolist()  # sparse, up to 2^32 − 1
    ids[0] = 2**32 - 1
    add("explicit sparse ids", labels, h1, h2, 5, ids)

    labels, h1, h2 = simulate(rng, 400, 4, 0.7, 0.7, 0.2)
    add("explicit dense shuffled ids", labels, h1, h2, 4, (rng.permutation(400) + 1000).tolist())
    return cases


# ---------------------------------------------------------------------------------------------------------------
# Pareto front and knee


def pareto_front(points: list[dict], objectives: list[dict]) -> list[int]:
    """Indices of the non-dominated points, ordered best-first by objective 1, then 2, ..., then input index."""
    gains = np.array(
        [[p[o["key"]] if o["direction"] == "max" else -p[o["key"]] for o in objectives] for p in points], dtype=float
    )
    front = []
    for i in range(len(points)):
        dominated = any(np.all(gains[j] >= gains[i]) and np.any(gains[j] > gains[i]) for j in range(len(points)))
        if not dominated:
            front.append(i)
    return sorted(front, key=lambda i: (*(-gains[i]), i))


def knee_2d(points: list[dict], objectives: list[dict], front: list[int]) -> int | None:
    """Largest signed distance beyond the line through the normalised extremes (first in front order on ties)."""
    if not front:
        return None
    g = np.array(
        [[points[i][o["key"]] * (1 if o["direction"] == "max" else -1) for o in objectives] for i in front], dtype=float
    )
    lo, hi = g.min(axis=0), g.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    u = np.where(hi > lo, (g - lo) / span, 0.0)
    a = u[int(np.argmax(g[:, 0]))]  # best in objective 1
    b = u[int(np.argmax(g[:, 1]))]  # best in objective 2
    d = b - a
    length = math.hypot(d[0], d[1])
    if length == 0:
        return front[0]
    # Signed distance, positive on the side of the ideal point (1, 1).
    dist = [((p[0] - a[0]) * d[1] - (p[1] - a[1]) * d[0]) / length for p in u]
    sign = 1.0 if ((1 - a[0]) * d[1] - (1 - a[1]) * d[0]) >= 0 else -1.0
    dist = [sign * x for x in dist]
    return front[max(range(len(front)), key=lambda i: (dist[i], -i))]


def pareto_cases() -> list[dict]:
    rng = np.random.default_rng(7)
    two = [{"key": "accuracy", "direction": "max"}, {"key": "nfr", "direction": "min"}]
    cases = []
    # Coarse grid values on a trade-off (more accuracy, more flips): ties and exact duplicates on the front.
    grid = []
    for _ in range(40):
        level = int(rng.integers(0, 6))
        grid.append({"accuracy": (80 + level) / 100, "nfr": (level + int(rng.integers(0, 3))) / 100})
    cases.append({"name": "grid with ties", "objectives": two, "points": grid, "front": pareto_front(grid, two)})
    # Continuous values on a noisy trade-off curve: a well-defined knee.
    smooth = []
    for _ in range(60):
        t = float(rng.random())
        smooth.append({"accuracy": 0.80 + 0.1 * t + float(rng.normal(0, 0.01)), "nfr": 0.005 + 0.05 * t**3 + float(rng.normal(0, 0.002))})
    front = pareto_front(smooth, two)
    cases.append({"name": "trade-off curve", "objectives": two, "points": smooth, "front": front, "knee": knee_2d(smooth, two, front)})
    three = two + [{"key": "btc", "direction": "max"}]
    pts3 = [
        {"accuracy": float(rng.integers(0, 6)), "nfr": float(rng.integers(0, 6)), "btc": float(rng.integers(0, 6))}
        for _ in range(50)
    ]
    cases.append({"name": "three objectives", "objectives": three, "points": pts3, "front": pareto_front(pts3, three)})
    return cases


def main() -> None:
    golden = {
        "generator": "test/golden/metrics/generate.py",
        "z": Z,
        "compatibility": compatibility_cases(),
        "wilson": [
            {"successes": k, "trials": n, "ci95": wilson(k, n)}
            for k, n in [
                (0, 1), (1, 1), (0, 10), (6, 10), (10, 10), (3, 7), (1, 2), (50, 100), (1, 1000), (999, 1000),
                (1, 1_000_000), (0, 1_000_000_000), (123_456, 10_000_000), (9_999_999, 10_000_000),
            ]
        ],
        "mcnemar": [
            {"negativeFlips": b, "positiveFlips": c, "pValue": mcnemar_exact(b, c)}
            for b, c in [
                (0, 0), (5, 5), (0, 1), (1, 0), (2, 1), (9, 1), (3, 5), (0, 30), (12, 30), (100, 140), (140, 100),
                (480, 520), (1000, 1100), (4800, 5200), (20000, 20400), (48000, 52000), (0, 1000),
            ]
        ],
        "pareto": pareto_cases(),
    }
    OUT.write_text(json.dumps(golden, separators=(",", ":")) + "\n")
    root = Path(__file__).resolve().parents[3]
    formatted = subprocess.run(["npx", "--no-install", "prettier", "--write", str(OUT)], cwd=root, check=False)
    if formatted.returncode != 0:
        print("warning: prettier failed; run `npx prettier --write test/golden/metrics/golden.json`")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
