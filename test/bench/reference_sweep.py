#!/usr/bin/env python3
"""PyTorch side of test/bench/sweep.bench.ts (a benchmark, not a test): a reference-style compatibility sweep.

Written here from shared/design/reference-study.md (sections 1.2, 1.3, 2.2-2.4), not copied: the loop of
microsoft/BackwardCompatibilityML's `compatibility_sweep` with its `BCCrossEntropyLoss` (new error) and
`StrictImitationCrossEntropyLoss`, its `train_compatibility` (a test pass before training and after every epoch)
and its `evaluate_model_performance_and_compatibility` (each model pushed through every batch about six times),
so that the wall clock is the work a user of the reference waits for:

  for each lambda in the grid:
    for loss in (new error, strict imitation):
      h2 = deepcopy(initial h2); fresh optimizer; test pass
      for each epoch: train over the pre-made batches, then a test pass
      save the state dict; evaluate on the training set and on the test set; write an evaluation JSON each
  write sweep_summary.json

Losses (reference semantics): h1 runs on the whole batch under no_grad to find S (argmax h1 = y); h2 runs on the
whole batch for the base cross-entropy and a second time on x[S] for the dissonance, the mean over S of
CE(h2(x_S), y_S) (new error) or CE(h2(x_S), argmax h1(x_S)) with h1 re-run on x[S] outside no_grad (strict
imitation). Models return (logits, softmax, log_softmax) as the reference requires. loss = base + lambda * dissonance.

The TypeScript bench writes the data (x.f32, y.i32 per split), the rows h1 trains on and the case; this script
trains h1 first (not timed), then times the sweep and prints one JSON line: {"seconds": ..., "trainings": ...}.

Usage: reference_sweep.py --probe | --case FILE
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path


def load_split(folder: Path, name: str, shape: list[int], np, torch):
    x = np.fromfile(folder / f"{name}-x.f32", dtype=np.float32)
    rows = x.size // int(np.prod(shape))
    x = torch.from_numpy(x.reshape([rows, *shape]))
    if len(shape) == 3:  # [H, W, C] -> [C, H, W]
        x = x.permute(0, 3, 1, 2).contiguous()
    y = torch.from_numpy(np.fromfile(folder / f"{name}-y.i32", dtype=np.int32).astype(np.int64))
    return x, y


def batched(x, y, batch_size: int, order, torch):
    """The reference's dataset form: a list of (batch_ids, data, target), made once (no shuffling per epoch)."""
    out = []
    for start in range(0, len(order), batch_size):
        rows = order[start : start + batch_size]
        out.append((rows.tolist(), x[rows], y[rows]))
    return out


def build(arch: str, inputs: int, classes: int, torch, nn):
    """The architectures of training_torch.py (logits), each returning the reference's triple
    (logits, softmax, log_softmax)."""
    from training_torch import build as logits_model  # the same folder: sys.path[0]

    class Triple(nn.Module):
        def __init__(self, body):
            super().__init__()
            self.body = body

        def forward(self, x):
            logits = self.body(x)
            return logits, torch.softmax(logits, dim=1), torch.log_softmax(logits, dim=1)

    return Triple(logits_model(arch, inputs, classes, torch, nn))


class CompatibilityCrossEntropy:
    """The reference's cross-entropy compatibility losses: CE(h2(x), y) + lambda * mean over S of the dissonance,
    with h2 run a second time on x[S]. New error (BCCrossEntropyLoss): CE(h2(x_S), y_S). Strict imitation
    (StrictImitationCrossEntropyLoss): CE(h2(x_S), argmax h1(x_S)), h1 re-run on x[S] outside no_grad."""

    def __init__(self, h1, h2, lam, torch, imitate: bool):
        self.h1, self.h2, self.lam, self.torch, self.imitate = h1, h2, lam, torch, imitate

    def __call__(self, x, y, reduction="mean"):
        torch = self.torch
        with torch.no_grad():
            _, _, log_p1 = self.h1(x)
        support = (log_p1.argmax(dim=1) - y) == 0
        logits, _, _ = self.h2(x)
        base = torch.nn.functional.cross_entropy(logits, y, reduction=reduction)
        if support.sum() == 0:
            return base
        if self.imitate:
            logits1_s, _, _ = self.h1(x[support])  # outside no_grad, as the reference
            targets = logits1_s.argmax(dim=1)
        else:
            targets = y[support]
        logits_s, _, _ = self.h2(x[support])
        return base + self.lam * torch.nn.functional.cross_entropy(logits_s, targets)


def test_compatibility(loss_fn, test_set, torch):
    total = 0.0
    with torch.no_grad():
        for _, data, target in test_set:
            total += float(loss_fn(data, target, reduction="sum"))
    return total / len(test_set)


def train_compatibility(epochs, h2, optimizer, loss_fn, training_set, test_set, torch):
    h2.train()
    losses = [test_compatibility(loss_fn, test_set, torch)]
    for _ in range(epochs):
        h2.train()
        for batch_idx, (_, data, target) in enumerate(training_set):
            optimizer.zero_grad()
            loss = loss_fn(data, target)
            loss.backward()
            optimizer.step()
            if batch_idx % 10 == 0:
                losses.append(loss.item())
        losses.append(test_compatibility(loss_fn, test_set, torch))
    return losses


def predictions(model, data, torch):
    with torch.no_grad():
        _, _, log_p = model(data)
    return log_p.argmax(dim=1)


def evaluate(h1, h2, dataset, classes, torch):
    """evaluate_model_performance_and_compatibility_on_dataset: every batch through h1 and h2 about six times."""
    h1_errors, h2_errors, both = [], [], []
    incompatible = {}
    error_instances = []
    h1_by_class = {c: [0, 0, []] for c in range(classes)}
    h2_by_class = {c: [0, 0, []] for c in range(classes)}
    accuracies, btcs, becs = [], [], []
    sorted_classes = set()
    for ids, data, target in dataset:
        labels = target.tolist()
        sorted_classes.update(labels)
        # error overlap
        p1, p2 = predictions(h1, data, torch).tolist(), predictions(h2, data, torch).tolist()
        for i, instance in enumerate(ids):
            if p1[i] != labels[i]:
                h1_errors.append(instance)
            if p2[i] != labels[i]:
                h2_errors.append(instance)
            if p1[i] != labels[i] and p2[i] != labels[i]:
                both.append(instance)
        # all error instances (the union of both models' errors)
        p1, p2 = predictions(h1, data, torch).tolist(), predictions(h2, data, torch).tolist()
        for i, instance in enumerate(ids):
            if p1[i] != labels[i] or p2[i] != labels[i]:
                error_instances.append(
                    {"instance_id": instance, "h1_prediction": p1[i], "h2_prediction": p2[i], "ground_truth": labels[i]}
                )
        # incompatible points by class (h1 right, h2 wrong)
        p1, p2 = predictions(h1, data, torch).tolist(), predictions(h2, data, torch).tolist()
        for i, instance in enumerate(ids):
            if p1[i] == labels[i] and p2[i] != labels[i]:
                incompatible.setdefault(labels[ids.index(instance)], []).append(instance)
        # accuracy by class, per model
        for model, by_class in ((h1, h1_by_class), (h2, h2_by_class)):
            p = predictions(model, data, torch).tolist()
            for i, instance in enumerate(ids):
                entry = by_class[labels[i]]
                entry[1] += 1
                if p[i] == labels[i]:
                    entry[0] += 1
                else:
                    entry[2].append(instance)
        # performance: accuracy per batch, averaged over batches
        p2 = predictions(h2, data, torch)
        accuracies.append(float((p2 == target).float().mean()))
        # BTC / BEC per batch, averaged over batches
        p1, p2 = predictions(h1, data, torch), predictions(h2, data, torch)
        h1_right, h2_right = p1 == target, p2 == target
        n1_right, n1_wrong = int(h1_right.sum()), int((~h1_right).sum())
        btcs.append(float((h1_right & h2_right).sum()) / n1_right if n1_right else 0.0)
        becs.append(float((~h1_right & ~h2_right).sum()) / n1_wrong if n1_wrong else 0.0)
    return {
        "models_error_overlap": [h1_errors, h2_errors, both],
        "h2_incompatible_instance_ids_by_class": [
            {"class": c, "incompatibleInstanceIds": v} for c, v in sorted(incompatible.items())
        ],
        "sorted_classes": sorted(sorted_classes),
        "h1_accuracy_by_class": accuracy_by_class(h1_by_class),
        "h2_accuracy_by_class": accuracy_by_class(h2_by_class),
        "h2_performance": sum(accuracies) / len(accuracies),
        "btc": sum(btcs) / len(btcs),
        "bec": sum(becs) / len(becs),
        "error_instances": error_instances,
        "dataset_size": sum(len(ids) for ids, _, _ in dataset),
    }


def accuracy_by_class(by_class: dict) -> list:
    """[correct, count, error ids] per class -> the reference's accuracy-by-class records."""
    return [
        {"class": c, "accuracy": v[0] / v[1] if v[1] else 0.0, "error_instance_ids": v[2]} for c, v in by_class.items()
    ]


def optimizer_of(spec: dict, params, torch):
    if spec["kind"] == "sgd":
        return torch.optim.SGD(params, lr=spec["learningRate"], momentum=spec.get("momentum", 0.0))
    return torch.optim.Adam(params, lr=spec["learningRate"])


def run(case: dict, np, torch, nn) -> dict:
    folder = Path(case["dir"])
    shape = case["shape"]
    classes = case["numClasses"]
    inputs = int(np.prod(shape))
    x_train, y_train = load_split(folder, "train", shape, np, torch)
    x_test, y_test = load_split(folder, "test", shape, np, torch)
    torch.manual_seed(case["seed"])

    # h1: trained on its rows with plain cross-entropy (not timed: the reference's sweep takes a trained h1).
    h1 = build(case["h1"], inputs, classes, torch, nn)
    h1_rows = torch.from_numpy(np.fromfile(folder / "h1-rows.i32", dtype=np.int32).astype(np.int64))
    h1_optimizer = optimizer_of(case["optimizer"], h1.parameters(), torch)
    h1.train()
    for _ in range(case["h1Epochs"]):
        for start in range(0, len(h1_rows), case["batchSize"]):
            rows = h1_rows[start : start + case["batchSize"]]
            h1_optimizer.zero_grad()
            logits, _, _ = h1(x_train[rows])
            torch.nn.functional.cross_entropy(logits, y_train[rows]).backward()
            h1_optimizer.step()
    h1.eval()

    training_set = batched(x_train, y_train, case["batchSize"], torch.randperm(len(y_train)), torch)
    test_set = batched(x_test, y_test, case["batchSize"], torch.arange(len(y_test)), torch)
    h2 = build(case["h2"], inputs, classes, torch, nn)
    sweep_folder = folder / "sweep"
    sweep_folder.mkdir(exist_ok=True)

    started = time.perf_counter()
    summary = []
    index = 0
    for lam in case["lambdas"]:
        for name in ("new-error", "strict-imitation"):
            model = copy.deepcopy(h2)
            optimizer = optimizer_of(case["optimizer"], model.parameters(), torch)
            train_compatibility(
                case["epochs"],
                model,
                optimizer,
                CompatibilityCrossEntropy(h1, model, lam, torch, imitate=name == "strict-imitation"),
                training_set,
                test_set,
                torch,
            )
            model.eval()
            torch.save(model.state_dict(), sweep_folder / f"{lam}-model-{name}.state")
            for training, dataset in ((True, training_set), (False, test_set)):
                evaluation = evaluate(h1, model, dataset, classes, torch)
                evaluation.update({"lambda_c": lam, "training": training, "testing": not training, "datapoint_index": index})
                (sweep_folder / f"{index}-evaluation-data.json").write_text(json.dumps(evaluation))
                summary.append(
                    {
                        "datapoint_index": index,
                        "lambda_c": lam,
                        "training": training,
                        "testing": not training,
                        "new-error": name == "new-error",
                        "strict-imitation": name == "strict-imitation",
                        "performance": evaluation["h2_performance"],
                        "btc": evaluation["btc"],
                        "bec": evaluation["bec"],
                    }
                )
                index += 1
    h1_accuracy = sum(float((predictions(h1, d, torch) == t).float().mean()) for _, d, t in test_set) / len(test_set)
    (sweep_folder / "sweep_summary.json").write_text(json.dumps({"data": summary, "h1_performance": h1_accuracy}))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "trainings": 2 * len(case["lambdas"]), "points": summary}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--probe", action="store_true")
    parser.add_argument("--case", type=Path)
    args = parser.parse_args()
    try:
        import numpy as np
        import torch
        from torch import nn
    except ImportError as error:
        print(json.dumps({"torch": None, "reason": f"{error}"}))
        return 0
    info = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    if args.probe or args.case is None:
        print(json.dumps(info))
        return 0
    case = json.loads(args.case.read_text())
    print(json.dumps({**info, **run(case, np, torch, nn)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
