#!/usr/bin/env python3
"""PyTorch side of test/bench/training.bench.ts (a benchmark, not a test).

Trains one compatibility epoch per case the way the reference (microsoft/BackwardCompatibilityML) does: h1 runs
forward on every training batch (under no_grad), h2 runs forward once, loss = CE(h2, y) + lambda * (1/B) * sum over
the instances h1 gets right of CE_i (bcml's new-error cross-entropy), then the optimizer steps. Same architectures,
batch sizes, optimizers and data as the TypeScript side, which writes the data and the case list and runs this
script with the project's venv python (<tools>/venv/bin/python, tools = $BCML_TOOLS_DIR or <repo>/.tools).

Usage:
  training_torch.py --probe          prints {"torch": "<version>"} (or {"torch": null, "reason": ...}); exits 0
  training_torch.py --cases FILE     runs the cases in FILE (JSON written by the TS bench); one JSON line per case

If torch is not installed it says how to install it and exits 0 (the TS bench then prints its table without the
ratio column).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def install_hint() -> str:
    return f"torch is not installed in {sys.prefix}; bash infra/scripts/bench-venv.sh installs the bench venv"


def build(arch: str, inputs: int, classes: int, torch, nn):
    if arch == "logistic-regression":
        return nn.Sequential(nn.Flatten(), nn.Linear(inputs, classes))
    if arch == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(inputs, 64), nn.ReLU(), nn.Linear(64, classes))
    if arch == "lenet":
        # The reference's MNIST `Net`, layer for layer (its forward returned a triple; we keep the logits).
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
                self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
                self.conv2_drop = nn.Dropout2d()
                self.fc1 = nn.Linear(320, 50)
                self.fc2 = nn.Linear(50, classes)

            def forward(self, x):
                x = torch.relu(torch.max_pool2d(self.conv1(x), 2))
                x = torch.relu(torch.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
                x = x.reshape(-1, 320)  # the reference has view(); recent torch may hand back a non-contiguous tensor
                x = torch.relu(self.fc1(x))
                x = torch.nn.functional.dropout(x, training=self.training)
                return self.fc2(x)

        return Net()
    raise ValueError(f"unknown architecture {arch}")


def optimizer_of(spec: dict, params, torch):
    if spec["kind"] == "sgd":
        return torch.optim.SGD(params, lr=spec["learningRate"], momentum=spec.get("momentum", 0.0))
    return torch.optim.Adam(
        params,
        lr=spec["learningRate"],
        betas=(spec.get("beta1", 0.9), spec.get("beta2", 0.999)),
        eps=spec.get("epsilon", 1e-8),
    )


def run_case(case: dict, torch, nn, np) -> dict:
    folder = Path(case["dir"])
    n = case["rows"]
    shape = case["shape"]
    x = torch.from_numpy(np.fromfile(folder / "x.f32", dtype=np.float32).reshape([n, *shape]))
    if len(shape) == 3:  # [H, W, C] -> [C, H, W]
        x = x.permute(0, 3, 1, 2).contiguous()
    y = torch.from_numpy(np.fromfile(folder / "y.i32", dtype=np.int32).astype(np.int64))
    inputs = int(np.prod(shape))
    classes = case["numClasses"]
    torch.manual_seed(case["seed"])
    h1 = build(case["h1"], inputs, classes, torch, nn).eval()
    h2 = build(case["h2"], inputs, classes, torch, nn).train()
    optimizer = optimizer_of(case["optimizer"], h2.parameters(), torch)
    lam = case["lambda"]
    batch = case["batchSize"]
    ce = nn.functional.cross_entropy

    def step(xb, yb):
        with torch.no_grad():
            h1_correct = (h1(xb).argmax(dim=1) == yb).float()  # h1 forward on every batch, as the reference
        logits = h2(xb)
        per_instance = ce(logits, yb, reduction="none")
        loss = per_instance.mean() + lam * (per_instance * h1_correct).sum() / xb.shape[0]
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss

    for start in range(0, min(n, 5 * batch), batch):  # warm-up
        step(x[start : start + batch], y[start : start + batch])
    order = torch.randperm(n)
    started = time.perf_counter()
    for start in range(0, n, batch):
        rows = order[start : start + batch]
        loss = step(x[rows], y[rows])
    loss.item()
    seconds = time.perf_counter() - started
    return {"name": case["name"], "samples": n, "seconds": seconds, "samplesPerSecond": n / seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--probe", action="store_true", help="report whether torch is available")
    parser.add_argument("--cases", type=Path, help="the case list written by training.bench.ts")
    args = parser.parse_args()
    try:
        import numpy as np
        import torch
        from torch import nn
    except ImportError as error:
        hint = install_hint() if getattr(error, "name", "") == "torch" else f"{error}; install numpy and torch"
        print(hint, file=sys.stderr)
        print(json.dumps({"torch": None, "reason": hint}))
        return 0
    info = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    if args.probe or args.cases is None:
        print(json.dumps(info))
        return 0
    cases = json.loads(args.cases.read_text())
    for case in cases:
        print(json.dumps({**info, **run_case(case, torch, nn, np)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
