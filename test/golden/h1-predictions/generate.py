#!/usr/bin/env python3
"""An h1 from another framework, as a predictions file: fixtures for h1 predictions (h1.predictions).

Run from the repository root:  .tools/venv/bin/python test/golden/h1-predictions/generate.py
Writes, next to this file:
- dataset/{train,test}.feather: scikit-learn's bundled iris data (150 rows, 3 classes) in the dataset convention,
  written by pandas (`df.to_feather`, LZ4): ids are a seeded permutation of 100..249 (not the row order), the label
  the class index with `bcml.classes`; a seeded stratified 100 / 50 split;
- h1: a scikit-learn LogisticRegression fitted on the training rows' two sepal features only (a weak h1, so its
  accuracy is not 1), then its outputs on both splits in the two forms a user may write:
  - probabilities/{train,test}.feather: `id` plus one float column per class (`predict_proba`), rows shuffled;
  - logits/{train,test}.arrow: no `id` (rows in the split's row order), one FixedSizeList<float32>[3] column
    `logits` (`decision_function`: softmax of it is `predict_proba`), as an Arrow IPC file;
- expected.json: the classes, h1's accuracy per split (sklearn's `accuracy_score`), its predicted class per id and
  its logits per id (float64) on the test split.
Seeded, so a rerun with the same scikit-learn writes the same files; commit all (a few kB).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather
import sklearn
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

OUT = Path(__file__).resolve().parent
SEED = 14
H1_FEATURES = ["sepal_length", "sepal_width"]


def main() -> None:
    iris = load_iris()
    classes = [str(c) for c in iris.target_names]
    features = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    rng = np.random.default_rng(SEED)
    df = pd.DataFrame(iris.data, columns=features).astype(np.float32)
    df.insert(0, "id", (100 + rng.permutation(len(df))).astype(np.int64))
    df.insert(1, "label", iris.target.astype(np.int64))
    train, test = train_test_split(df, test_size=50, stratify=df["label"], random_state=SEED)
    splits = {"train": train.reset_index(drop=True), "test": test.reset_index(drop=True)}

    h1 = LogisticRegression(max_iter=1000).fit(splits["train"][H1_FEATURES], splits["train"]["label"])

    expected: dict[str, object] = {
        "generator": "test/golden/h1-predictions/generate.py",
        "sklearn": sklearn.__version__,
        "classes": classes,
        "accuracy": {},
    }
    for folder in ("dataset", "probabilities", "logits"):
        (OUT / folder).mkdir(exist_ok=True)
    for name, split in splits.items():
        table = pa.Table.from_pandas(split, preserve_index=False)
        meta = dict(table.schema.metadata or {})
        meta.update(
            {
                b"bcml.task": b"multiclass",
                b"bcml.classes": json.dumps(classes).encode(),
                b"bcml.feature_names": json.dumps(features).encode(),
                b"bcml.split": name.encode(),
            }
        )
        feather.write_feather(table.replace_schema_metadata(meta), OUT / "dataset" / f"{name}.feather")

        x = split[H1_FEATURES]
        proba = h1.predict_proba(x)
        logits = h1.decision_function(x)
        predicted = h1.predict(x)
        expected["accuracy"][name] = accuracy_score(split["label"], predicted)  # type: ignore[index]

        # Probabilities keyed by id, rows shuffled: what pandas writes.
        order = np.random.default_rng(SEED + 1).permutation(len(split))
        probabilities = pd.DataFrame(proba[order], columns=classes)
        probabilities.insert(0, "id", split["id"].to_numpy()[order])
        probabilities.to_feather(OUT / "probabilities" / f"{name}.feather")

        # Logits in the split's row order, no id: one FixedSizeList<float32>[C] column, as an Arrow IPC file.
        values = pa.array(logits.astype(np.float32).reshape(-1))
        column = pa.FixedSizeListArray.from_arrays(values, len(classes))
        with pa.OSFile(str(OUT / "logits" / f"{name}.arrow"), "wb") as sink:
            with pa.ipc.new_file(sink, pa.schema([("logits", column.type)])) as writer:
                writer.write_table(pa.table({"logits": column}))

        if name == "test":
            ids = split["id"].tolist()
            expected["testPredictions"] = dict(zip(map(str, ids), map(int, predicted)))
            expected["testLogits"] = dict(zip(map(str, ids), logits.tolist()))

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
