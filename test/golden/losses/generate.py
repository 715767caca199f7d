"""Golden values for @bcml/losses, computed independently in float64 numpy.

Run from the repository root:

    /work/main/.tools/venv/bin/python test/golden/losses/generate.py
    npx prettier --write test/golden/losses/golden.json

It writes test/golden/losses/golden.json (committed; the second command only re-wraps it as Prettier does).
Every formula below is written out from DESIGN.md ("Loss semantics") and libs/losses/README.md, not ported from
the TypeScript: stable log-softmax (max-shifted logsumexp) and log-sigmoid (logaddexp), the support S, the
masked and focal dissonances, and the analytic gradient of each loss with respect to h2's logits. Analytic
gradients are checked here against float64 central differences before anything is written.

Inputs are rounded to float32 first (tfjs computes in float32), so both sides see the same numbers. Logits are of
moderate size (|z| <= ~4) except in the `extreme` cases (entries of +-1e4), whose values must be finite.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).with_name("golden.json")
MULTI_CLASS = [
    "new-error/nll",
    "new-error/cross-entropy",
    "new-error/kl-divergence",
    "strict-imitation/nll",
    "strict-imitation/cross-entropy",
    "strict-imitation/kl-divergence",
    "focal-distillation/kl",
    "focal-distillation/logit-matching",
]
BINARY = ["new-error/binary-cross-entropy", "strict-imitation/binary-cross-entropy"]


def f32(a) -> np.ndarray:
    """Round to float32 and back: the exact values tfjs will hold."""
    return np.asarray(a, dtype=np.float64).astype(np.float32).astype(np.float64)


# ---- stable primitives -------------------------------------------------------------------------------------


def log_softmax(z: np.ndarray) -> np.ndarray:
    m = z.max(axis=1, keepdims=True)
    return z - (m + np.log(np.exp(z - m).sum(axis=1, keepdims=True)))


def log_sigmoid(z: np.ndarray) -> np.ndarray:
    return -np.logaddexp(0.0, -z)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return np.exp(log_sigmoid(z))


# ---- the losses: per-instance base, dissonance and weight; L = mean(base) + lam * mean(w * d) ----------------


def multi_class_terms(loss: str, z1, z2, y, opts):
    """Per-instance (base, d, w) and d(loss)/d(z2) pieces for a multi-class loss."""
    b, c = z1.shape
    onehot = np.eye(c)[y]
    lp1, lp2 = log_softmax(z1), log_softmax(z2)
    p1, p2 = np.exp(lp1), np.exp(lp2)
    support = (np.argmax(z1, axis=1) == y).astype(np.float64)
    base = -lp2[np.arange(b), y]  # CE = NLL of log-softmax = KL(onehot || p2)
    grad_base = p2 - onehot
    family = loss.split("/")[0]
    if family == "new-error":
        d, grad_d, w = base, grad_base, support
    elif family == "strict-imitation":
        w = support
        if loss.endswith("kl-divergence"):
            d = (p1 * (lp1 - lp2)).sum(axis=1)
        else:
            d = -(p1 * lp2).sum(axis=1)
        grad_d = p2 - p1  # the same for soft CE and KL: they differ by H(p1), constant in z2
    else:
        w = opts["alpha"] + opts["beta"] * support
        if loss == "focal-distillation/kl":
            t = opts["temperature"]
            lq1, lq2 = log_softmax(z1 / t), log_softmax(z2 / t)
            q1, q2 = np.exp(lq1), np.exp(lq2)
            d = t * t * (q1 * (lq1 - lq2)).sum(axis=1)
            grad_d = t * (q2 - q1)  # t^2 * (q2 - q1) / t
        else:
            d = 0.5 * ((z2 - z1) ** 2).sum(axis=1)
            grad_d = z2 - z1
    return base, grad_base, d, grad_d, w, support


def binary_terms(loss: str, z1, z2, y, opts):
    """Per-instance (base, d, w) and gradient pieces for a binary loss; z1, z2, y flattened to [B]."""
    predicted = (sigmoid(z1) >= opts["pivot"]).astype(np.float64)
    support = (predicted == y).astype(np.float64)

    def bce(t, z):
        return -(t * log_sigmoid(z) + (1 - t) * log_sigmoid(-z))

    base = bce(y, z2)
    grad_base = sigmoid(z2) - y
    if loss.startswith("new-error"):
        d, grad_d = base, grad_base
    else:
        s1 = sigmoid(z1)
        d, grad_d = bce(s1, z2), sigmoid(z2) - s1
    return base, grad_base, d, grad_d, support, support


def evaluate(loss: str, z1, z2, y, opts):
    binary = loss in BINARY
    shape = z2.shape
    if binary:
        z1, z2, y = z1.reshape(-1), z2.reshape(-1), y.reshape(-1)
        base, grad_base, d, grad_d, w, support = binary_terms(loss, z1, z2, y, opts)
    else:
        base, grad_base, d, grad_d, w, support = multi_class_terms(loss, z1, z2, y, opts)
    b = z1.shape[0]
    lam = opts["lambda"]
    weights = w if binary else w[:, None]
    grad = (grad_base + lam * weights * grad_d) / b
    return {
        "loss": float(base.mean() + lam * (w * d).mean()),
        "base": float(base.mean()),
        "dissonance": float((w * d).mean()),
        "support": [int(i) for i in np.flatnonzero(support)],
        "gradH2": grad.reshape(shape),
    }


def check_gradient(loss, z1, z2, y, opts, analytic):
    """Float64 central differences of the loss agree with the analytic gradient (a self-check of this file)."""
    h = 1e-6
    numeric = np.zeros_like(z2)
    for idx in np.ndindex(z2.shape):
        plus, minus = z2.copy(), z2.copy()
        plus[idx] += h
        minus[idx] -= h
        numeric[idx] = (evaluate(loss, z1, plus, y, opts)["loss"] - evaluate(loss, z1, minus, y, opts)["loss"]) / (2 * h)
    assert np.allclose(numeric, analytic, rtol=1e-5, atol=1e-8), (loss, numeric, analytic)


# ---- fixed inputs ------------------------------------------------------------------------------------------

rng = np.random.default_rng(20240607)
B, C = 6, 4


def other_class(k: int) -> int:
    return (k + 1 + int(rng.integers(0, C - 1))) % C


def multi_class_inputs():
    z1 = f32(rng.normal(0.0, 1.5, size=(B, C)))
    z2 = f32(rng.normal(0.0, 1.5, size=(B, C)))
    top = np.argmax(z1, axis=1)
    mixed = np.array([top[i] if i % 2 == 0 else other_class(top[i]) for i in range(B)])
    empty = np.array([other_class(k) for k in top])
    full = top.copy()
    return z1, z2, {"mixed": mixed, "empty-support": empty, "full-support": full}


Z1, Z2, LABELS = multi_class_inputs()
# Rows mix +-1e4 with moderate logits; the labels give h1 a mixed support (rows 0 and 2 correct). Row 0 of h1
# (1e4 vs 1e4 - 1) keeps a soft p1, so strict imitation differs from new-error even here.
EXTREME_Z1 = f32([[1e4, 1e4 - 1, -1e4], [-1e4, 2.0, 1e4], [0.0, 1e4, -1e4], [1.0, -2.0, 1e4]])
EXTREME_Z2 = f32([[-1e4, 1e4, 3.0], [1e4, -1e4, 0.25], [2.0, 1e4, -1e4], [-1e4, 1e4, 1e4]])
EXTREME_Y = np.array([0, 0, 1, 1])

# Binary: sigma(z1) in (0.3, 0.5) for logits in (-0.847, 0): h1 predicts 1 at pivot 0.3 and 0 at pivot 0.5.
BZ1 = f32([-2.0, -0.6, 1.2, -0.3, 0.4, -1.5, 2.5, -0.7])
BZ2 = f32(rng.normal(0.0, 1.5, size=BZ1.shape))
BY = np.array([0, 1, 1, 0, 1, 1, 0, 1], dtype=np.float64)
EXTREME_BZ1 = f32([1e4, -1e4, 3.0, -1e4])
EXTREME_BZ2 = f32([-1e4, 1e4, 1e4, -2.0])
EXTREME_BY = np.array([1, 1, 1, 0], dtype=np.float64)


def tensor(values: np.ndarray, dtype: str = "float32"):
    flat = values.reshape(-1)
    cast = int if dtype == "int32" else float
    return {"shape": list(values.shape), "dtype": dtype, "values": [cast(v) for v in flat]}


def cases():
    for loss in MULTI_CLASS:
        extra = {}
        if loss.startswith("focal-distillation"):
            extra = {"alpha": 1.0, "beta": 5.0} | ({"temperature": 1.0} if loss.endswith("/kl") else {})
        for scenario, lam in [("mixed", 0.7), ("empty-support", 0.5), ("full-support", 1.3)]:
            yield loss, scenario, Z1, Z2, LABELS[scenario], {"lambda": lam}, extra
        yield loss, "extreme", EXTREME_Z1, EXTREME_Z2, EXTREME_Y, {"lambda": 0.9}, extra
        if loss.startswith("focal-distillation"):
            custom = {"alpha": 0.5, "beta": 2.0} | ({"temperature": 2.5} if loss.endswith("/kl") else {})
            yield loss, "mixed, non-default options", Z1, Z2, LABELS["mixed"], {"lambda": 0.8} | custom, extra
    for loss in BINARY:
        yield loss, "pivot 0.5, logits [B,1]", BZ1[:, None], BZ2[:, None], BY[:, None], {"lambda": 0.7}, {"pivot": 0.5}
        yield loss, "pivot 0.3, logits [B,1]", BZ1[:, None], BZ2[:, None], BY, {"lambda": 0.7, "pivot": 0.3}, {}
        yield loss, "pivot 0.3, logits [B]", BZ1, BZ2, BY, {"lambda": 1.1, "pivot": 0.3}, {}
        z1 = BZ1
        empty_y = (sigmoid(z1) < 0.5).astype(np.float64)
        yield loss, "empty-support", z1, BZ2, empty_y, {"lambda": 0.6}, {"pivot": 0.5}
        yield loss, "full-support", z1, BZ2, 1 - empty_y, {"lambda": 0.6}, {"pivot": 0.5}
        yield loss, "extreme", EXTREME_BZ1, EXTREME_BZ2, EXTREME_BY, {"lambda": 0.9}, {"pivot": 0.5}


def main():
    out = []
    for loss, scenario, z1, z2, y, options, defaults in cases():
        opts = defaults | options  # `options` is what the test passes; `defaults` are the library's defaults
        if loss in BINARY:
            margin = np.abs(sigmoid(z1.reshape(-1)) - opts["pivot"]).min()
            assert margin > 1e-3, (loss, scenario, margin)  # no instance near the pivot: float32 agrees
        result = evaluate(loss, z1, z2, y, opts)
        if scenario != "extreme":
            check_gradient(loss, z1, z2, y, opts, result["gradH2"])
        else:
            assert np.isfinite(result["loss"]) and np.isfinite(result["gradH2"]).all(), (loss, scenario)
        if scenario == "empty-support":
            assert result["support"] == [], (loss, scenario)
        if scenario == "full-support":
            assert len(result["support"]) == z1.shape[0], (loss, scenario)
        out.append(
            {
                "loss": loss,
                "scenario": scenario,
                "inputs": {
                    "h1Logits": tensor(z1),
                    "h2Logits": tensor(z2),
                    "labels": tensor(y, "float32" if loss in BINARY else "int32"),
                },
                "options": options,
                "expected": {**result, "gradH2": tensor(result["gradH2"])},
            }
        )
    covered = {case["loss"] for case in out}
    assert covered == set(MULTI_CLASS) | set(BINARY), covered
    doc = {
        "generator": "test/golden/losses/generate.py",
        "note": "float64 reference values; compare with |actual - expected| <= 1e-5 * |expected| + 1e-6",
        "cases": out,
    }
    OUT.write_text(json.dumps(doc, indent=2) + "\n")
    print(f"wrote {len(out)} cases to {OUT}")


if __name__ == "__main__":
    main()
