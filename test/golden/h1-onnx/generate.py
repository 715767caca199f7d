#!/usr/bin/env python3
"""An h1 exported to ONNX: fixtures for h1 ONNX models (h1.onnx).

Run from the repository root:  .tools/venv/bin/python test/golden/h1-onnx/generate.py
Writes, next to this file:
- dataset/{train,test}.arrow: scikit-learn's bundled iris data (150 rows, 3 classes) in the dataset convention, the
  four measurements standardised with the training split's mean and std and packed as one `features`
  FixedSizeList<float32>[4] column (bcml feeds such a column to models as it is); ids 0..149 in row order of the
  original data; a seeded stratified 100 / 50 split;
- model.onnx: a scikit-learn MLPClassifier (8 ReLU units) fitted on the training rows' two sepal features, exported
  with the `onnx` package's helper API as x[batch, 4] → Gemm → Relu → Gemm → logits[batch, 3] (the petal inputs get
  zero weights, so h1 is a weak model whose accuracy is not 1); opset 13, IR version 8;
- wrong-input.onnx: the same kind of graph taking x[batch, 3], for the shape check;
- expected.json: the logits per test id as ONNX's reference evaluator (`onnx.reference`) computes them (checked
  against the same graph in plain numpy and against scikit-learn's classes), the accuracy per split and the
  predicted class per test id.
Seeded, so a rerun with the same scikit-learn writes the same files; commit all (a few kB).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import onnx
import pyarrow as pa
import sklearn
from onnx import TensorProto, helper, numpy_helper
from onnx.reference import ReferenceEvaluator
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

OUT = Path(__file__).resolve().parent
SEED = 3
HIDDEN = 8
H1_FEATURES = [0, 1]  # sepal length and width


def graph_model(w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray, inputs: int) -> onnx.ModelProto:
    """x[batch, inputs] → Gemm(w1, b1) → Relu → Gemm(w2, b2) → logits[batch, classes]."""
    classes = w2.shape[1]
    nodes = [
        helper.make_node("Gemm", ["x", "w1", "b1"], ["h"]),
        helper.make_node("Relu", ["h"], ["a"]),
        helper.make_node("Gemm", ["a", "w2", "b2"], ["logits"]),
    ]
    initializers = [
        numpy_helper.from_array(w1.astype(np.float32), "w1"),
        numpy_helper.from_array(b1.astype(np.float32), "b1"),
        numpy_helper.from_array(w2.astype(np.float32), "w2"),
        numpy_helper.from_array(b2.astype(np.float32), "b2"),
    ]
    graph = helper.make_graph(
        nodes,
        "h1",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", inputs])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", classes])],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="bcml-generator")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def write_split(path: Path, ids: np.ndarray, labels: np.ndarray, features: np.ndarray, classes: list[str]) -> None:
    column = pa.FixedSizeListArray.from_arrays(pa.array(features.astype(np.float32).reshape(-1)), features.shape[1])
    table = pa.table(
        {"id": pa.array(ids, pa.uint32()), "label": pa.array(labels, pa.int32()), "features": column}
    ).replace_schema_metadata(
        {
            "bcml.task": "multiclass",
            "bcml.classes": json.dumps(classes),
            "bcml.feature_names": json.dumps(["sepal_length", "sepal_width", "petal_length", "petal_width"]),
            "bcml.split": path.stem,
        }
    )
    with pa.OSFile(str(path), "wb") as sink:
        with pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)


def main() -> None:
    iris = load_iris()
    classes = [str(c) for c in iris.target_names]
    ids = np.arange(len(iris.target))
    train_ids, test_ids = train_test_split(ids, test_size=50, stratify=iris.target, random_state=SEED)
    train_ids, test_ids = np.sort(train_ids), np.sort(test_ids)
    mean = iris.data[train_ids].mean(axis=0)
    std = iris.data[train_ids].std(axis=0)
    x = ((iris.data - mean) / std).astype(np.float32)
    splits = {"train": train_ids, "test": test_ids}

    (OUT / "dataset").mkdir(exist_ok=True)
    for name, rows in splits.items():
        write_split(OUT / "dataset" / f"{name}.arrow", rows, iris.target[rows], x[rows], classes)

    mlp = MLPClassifier(hidden_layer_sizes=(HIDDEN,), activation="relu", max_iter=3000, random_state=SEED)
    mlp.fit(x[train_ids][:, H1_FEATURES], iris.target[train_ids])
    w1 = np.zeros((4, HIDDEN))
    w1[H1_FEATURES, :] = mlp.coefs_[0]
    model = graph_model(w1, mlp.intercepts_[0], mlp.coefs_[1], mlp.intercepts_[1], 4)
    onnx.save(model, OUT / "model.onnx")
    wrong = graph_model(w1[:3], mlp.intercepts_[0], mlp.coefs_[1], mlp.intercepts_[1], 3)
    onnx.save(wrong, OUT / "wrong-input.onnx")

    evaluator = ReferenceEvaluator(model)
    expected: dict[str, object] = {
        "generator": "test/golden/h1-onnx/generate.py",
        "sklearn": sklearn.__version__,
        "onnx": onnx.__version__,
        "classes": classes,
        "accuracy": {},
    }
    for name, rows in splits.items():
        (logits,) = evaluator.run(None, {"x": x[rows]})
        # The same graph in numpy (float64), and scikit-learn's own classes: all three agree.
        plain = np.maximum(x[rows].astype(np.float64) @ w1 + mlp.intercepts_[0], 0) @ mlp.coefs_[1] + mlp.intercepts_[1]
        assert np.abs(plain - logits).max() < 1e-5, np.abs(plain - logits).max()
        predicted = logits.argmax(axis=1)
        assert (predicted == mlp.predict(x[rows][:, H1_FEATURES])).all()
        expected["accuracy"][name] = float((predicted == iris.target[rows]).mean())  # type: ignore[index]
        if name == "test":
            expected["testPredictions"] = {str(i): int(p) for i, p in zip(rows, predicted)}
            expected["testLogits"] = {str(i): [float(v) for v in row] for i, row in zip(rows, logits)}

    path = OUT / "expected.json"
    path.write_text(json.dumps(expected, indent=2) + "\n")
    root = OUT.parents[2]
    prettier = root / "node_modules" / ".bin" / "prettier"
    formatted = prettier.exists() and subprocess.run([str(prettier), "--write", str(path)], cwd=root).returncode == 0
    if not formatted:
        print(f"warning: prettier failed; run `node_modules/.bin/prettier --write {path.relative_to(root)}`")
    for file in sorted(p.relative_to(OUT) for p in OUT.rglob("*") if p.is_file() and p.suffix != ".py"):
        print(f"wrote {file} ({(OUT / file).stat().st_size} bytes)")
    print(f"h1 accuracy: {expected['accuracy']}")


if __name__ == "__main__":
    main()
