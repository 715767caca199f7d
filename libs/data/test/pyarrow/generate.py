#!/usr/bin/env python3
"""Arrow files written by pyarrow, for libs/data/test/readers.test.ts (so the tests need no Python).

Run from the repository root:  .tools/venv/bin/python libs/data/test/pyarrow/generate.py
Writes, next to this file, what a pandas/pyarrow user writes: the default (LZ4) Feather V2 file, a ZSTD one, an
uncompressed one and one of several record batches (a pandas table whose label is a categorical, i.e. a
dictionary, with the bcml metadata convention), plus a FixedSizeList<float32> vector table as a Feather file
and as an IPC stream of several batches; and expected.json, the values pyarrow reads from them, which the tests
compare with what @bcml/data reads. Seeded, so a rerun with the same pyarrow writes the same data; commit all.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

OUT = Path(__file__).resolve().parent
ROWS = 60
BATCH_ROWS = 25
VECTOR_SIZE = 4
VECTOR_BATCH_ROWS = 25


def pandas_table() -> pa.Table:
    rng = np.random.default_rng(7)
    df = pd.DataFrame(
        {
            "id": np.arange(ROWS, dtype=np.int64) * 3,
            "label": pd.Categorical(np.where(np.arange(ROWS) % 3 == 0, "cat", "dog"), categories=["cat", "dog"]),
            "age": rng.normal(40, 10, ROWS).astype(np.float32),
            "height": rng.normal(1.7, 0.1, ROWS),
            "city": pd.Series(np.where(np.arange(ROWS) % 2 == 0, "Paris", "Rome")),
        }
    )
    table = pa.Table.from_pandas(df, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta.update(
        {
            b"bcml.task": b"binary",
            b"bcml.classes": json.dumps(["cat", "dog"]).encode(),
            b"bcml.feature_names": json.dumps(["age", "height", "city"]).encode(),
        }
    )
    return table.replace_schema_metadata(meta)


def vector_table() -> pa.Table:
    return pa.table(
        {
            "id": pa.array(np.arange(ROWS), pa.int32()),
            "label": pa.array(np.arange(ROWS) % 2, pa.int8()),
            "features": pa.FixedSizeListArray.from_arrays(
                pa.array(np.arange(ROWS * VECTOR_SIZE, dtype=np.float32)), VECTOR_SIZE
            ),
        }
    ).replace_schema_metadata({"bcml.classes": json.dumps(["no", "yes"])})


def main() -> None:
    table = pandas_table()
    feather.write_feather(table, OUT / "default.feather")
    feather.write_feather(table, OUT / "zstd.feather", compression="zstd")
    feather.write_feather(table, OUT / "plain.feather", compression="uncompressed")
    feather.write_feather(table, OUT / "batches.feather", compression="uncompressed", chunksize=BATCH_ROWS)
    vectors = vector_table()
    feather.write_feather(vectors, OUT / "vectors.feather", compression="uncompressed")
    with pa.OSFile(str(OUT / "vectors.arrows"), "wb") as sink:
        with pa.ipc.new_stream(sink, vectors.schema) as writer:
            for batch in vectors.to_batches(max_chunksize=VECTOR_BATCH_ROWS):
                writer.write_batch(batch)

    # What pyarrow reads back from the files it wrote: the values the tests expect of @bcml/data.
    plain = feather.read_table(OUT / "plain.feather")
    batches = pa.ipc.open_file(OUT / "batches.feather")
    batch_rows = [batches.get_batch(i).num_rows for i in range(batches.num_record_batches)]
    stream = pa.ipc.open_stream(OUT / "vectors.arrows").read_all()
    labels = plain.column("label").combine_chunks()
    expected = {
        "generator": "libs/data/test/pyarrow/generate.py",
        "pyarrow": pa.__version__,
        "rows": plain.num_rows,
        "firstIds": plain.column("id").to_pylist()[:4],
        "firstLabels": labels.indices.to_pylist()[:4],
        "dogs": labels.to_pylist().count("dog"),
        "secondCity": plain.column("city")[1].as_py(),
        "firstAges": plain.column("age").to_pylist()[:4],
        "firstHeights": plain.column("height").to_pylist()[:4],
        "batchRows": batch_rows,
        "batchFirstIds": [batches.get_batch(i).column(0)[0].as_py() for i in range(batches.num_record_batches)],
        "vectorRows": stream.num_rows,
        "vectorSize": VECTOR_SIZE,
        "vectorStreamBatches": len(stream.to_batches()),
        "secondVector": stream.column("features")[1].as_py(),
    }
    path = OUT / "expected.json"
    path.write_text(json.dumps(expected, indent=2) + "\n")
    root = OUT.parents[3]
    prettier = root / "node_modules" / ".bin" / "prettier"
    formatted = prettier.exists() and subprocess.run([str(prettier), "--write", str(path)], cwd=root).returncode == 0
    if not formatted:
        print(f"warning: prettier failed; run `node_modules/.bin/prettier --write {path.relative_to(root)}`")
    for name in sorted(p.name for p in OUT.iterdir() if p.suffix != ".py"):
        print(f"wrote {name} ({(OUT / name).stat().st_size} bytes)")


if __name__ == "__main__":
    main()
