#!/usr/bin/env python3
"""An h1 exported by Keras 3 as a TensorFlow SavedModel: fixtures for h1 SavedModels (h1.savedModel).

Run from the repository root:  .tools/venv/bin/python test/golden/h1-savedmodel/generate.py
Reads the iris dataset files of test/golden/h1-onnx/dataset (standardised measurements as one `features` column of
4 values), builds a small Keras model x[batch, 4] → Dense(6, relu) → Dense(3) with seeded random weights (no
training needed: the test checks that Node computes what Keras computes), exports it with `model.export(dir)` (the
SavedModel Keras 3 writes for serving) into savedmodel/, saves the same model as model.keras (for
`bcml model import-keras`), and records in expected.json the logits per test id as Keras
computes them (`model.predict`) and the accuracy of their argmax on each split. Commit all (a few kB).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402

OUT = Path(__file__).resolve().parent
DATASET = OUT.parent / "h1-onnx" / "dataset"


def read_split(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    with pa.memory_map(str(DATASET / f"{name}.arrow")) as source:
        table = pa.ipc.open_file(source).read_all()
    x = np.asarray(table.column("features").to_pylist(), dtype=np.float32)
    return table.column("id").to_numpy(), x, table.column("label").to_numpy()


def main() -> None:
    keras.utils.set_random_seed(11)
    rng = np.random.default_rng(11)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(6, activation="relu"), keras.layers.Dense(3)])
    model.set_weights([rng.normal(scale=0.8, size=w.shape).astype("float32") for w in model.weights])
    target = OUT / "savedmodel"
    shutil.rmtree(target, ignore_errors=True)
    model.export(str(target), verbose=False)
    model.save(str(OUT / "model.keras"))
    expected: dict = {"generator": "generate.py", "keras": keras.__version__, "accuracy": {}}
    for split in ("train", "test"):
        ids, x, y = read_split(split)
        logits = model.predict(x, verbose=0).astype(np.float64)
        expected["accuracy"][split] = float(np.mean(np.argmax(logits, axis=1) == y))
        if split == "test":
            expected["testLogits"] = {str(int(i)): row.tolist() for i, row in zip(ids, logits)}
    (OUT / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")


if __name__ == "__main__":
    main()
