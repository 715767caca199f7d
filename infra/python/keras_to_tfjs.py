"""Converts a Keras 3 `.keras` file into a TensorFlow.js LayersModel folder (model.json + weights.bin).

Usage: python keras_to_tfjs.py <model.keras> <out-folder>

bcml's own converter (the `tensorflowjs` pip package would downgrade TensorFlow, see shared/design/byom-notes.md): it
needs only h5py and the standard library. The `.keras` zip holds `config.json` (Keras 3's model config) and
`model.weights.h5`. The config is rewritten in the Keras 2 form tfjs-layers reads (InputLayer `batch_shape` →
`batch_input_shape`, dtype policies → dtype names, functional `inbound_nodes` as `[[[layer, node, tensor, {}]]]`,
Keras 3's `module`/`registered_name`/`build_config` dropped); weights are read from `layers/<snake_case class>[_k]/vars/<i>`
(`_k` counted per class in layer order) and named `<layer>/<kernel|bias|gamma|…>` as tfjs names them. Layers outside
SUPPORTED are refused by name and class (short messages: the caller quotes them in one line). Errors go to stderr as one line starting `keras_to_tfjs: ` and exit with status 2.
"""

import json
import os
import re
import sys
import tempfile
import zipfile

import h5py
import numpy as np

# Class → the names of its variables in the order Keras 3 stores them (`vars/0`, `vars/1`, …), given its config.
WEIGHTED = {
    "Dense": lambda c: ["kernel"] + (["bias"] if c.get("use_bias", True) else []),
    "Conv2D": lambda c: ["kernel"] + (["bias"] if c.get("use_bias", True) else []),
    "DepthwiseConv2D": lambda c: ["depthwise_kernel"] + (["bias"] if c.get("use_bias", True) else []),
    "BatchNormalization": lambda c: (["gamma"] if c.get("scale", True) else [])
    + (["beta"] if c.get("center", True) else [])
    + ["moving_mean", "moving_variance"],
    "Embedding": lambda c: ["embeddings"],
}
# Layers without variables that tfjs-layers 4.22 builds from a Keras 2 config.
UNWEIGHTED = {
    "InputLayer",
    "Activation",
    "ReLU",
    "Softmax",
    "Dropout",
    "SpatialDropout2D",
    "Flatten",
    "Reshape",
    "MaxPooling2D",
    "AveragePooling2D",
    "GlobalAveragePooling2D",
    "GlobalMaxPooling2D",
    "ZeroPadding2D",
    "Add",
    "Concatenate",
}
SUPPORTED = set(WEIGHTED) | UNWEIGHTED
# Keras 3 config keys tfjs does not know (it would ignore most; these it may misread).
DROPPED_KEYS = {"module", "registered_name", "build_config", "compile_config", "shared_object_id", "quantization_config"}


class ConversionError(Exception):
    pass


def snake_case(name):
    """Keras' own `to_snake_case`: `BatchNormalization` → `batch_normalization`, `Conv2D` → `conv2d`."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def clean(value):
    """Keras 3 config values in Keras 2 form: dtype policies as names, Keras 3-only keys dropped."""
    if isinstance(value, dict):
        if value.get("class_name") in ("DTypePolicy", "FloatDTypePolicy"):
            return value.get("config", {}).get("name", "float32")
        return {k: clean(v) for k, v in value.items() if k not in DROPPED_KEYS}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def history_of(arg, layer):
    """One inbound tensor (`__keras_tensor__`) as a Keras 2 node entry `[layer, node, tensor, {}]`."""
    if isinstance(arg, dict) and arg.get("class_name") == "__keras_tensor__":
        layer_name, node, tensor = arg["config"]["keras_history"]
        return [layer_name, node, tensor, {}]
    raise ConversionError(f'layer "{layer}": an input that is not a tensor of the model ({json.dumps(arg)[:80]})')


def inbound_nodes(nodes, layer):
    converted = []
    for node in nodes:
        args = node.get("args", [])
        kwargs = {k: v for k, v in node.get("kwargs", {}).items() if k not in ("training", "mask")}
        if kwargs:
            raise ConversionError(f'layer "{layer}": call arguments {sorted(kwargs)} are not supported')
        if len(args) == 1 and isinstance(args[0], list):
            converted.append([history_of(a, layer) for a in args[0]])  # merge layers: one list of tensors
        else:
            converted.append([history_of(a, layer) for a in args])
    return converted


def io_layers(value):
    """`input_layers`/`output_layers`: a bare `["name", 0, 0]` becomes a one-element list."""
    if len(value) == 3 and isinstance(value[0], str):
        return [value]
    return value


def check_supported(layers):
    for layer in layers:
        cls = layer.get("class_name")
        if cls not in SUPPORTED:
            name = layer.get("config", {}).get("name", "?")
            raise ConversionError(f"unsupported layer {name} of class {cls}")


def topology(config):
    cls = config.get("class_name")
    inner = config.get("config", {})
    layers = inner.get("layers", [])
    check_supported(layers)
    if cls == "Sequential":
        out = []
        batch_shape = inner.get("build_input_shape")
        for layer in layers:
            if layer["class_name"] == "InputLayer":
                batch_shape = layer["config"]["batch_shape"]
                continue
            out.append({"class_name": layer["class_name"], "config": clean(layer["config"])})
        if not out:
            raise ConversionError("a Sequential model without layers")
        if batch_shape is None:
            raise ConversionError("a Sequential model without an input shape (build it or give it a keras.Input)")
        out[0]["config"]["batch_input_shape"] = batch_shape
        return {"class_name": "Sequential", "config": {"name": inner.get("name", "sequential"), "layers": out}}
    if cls in ("Functional", "Model"):
        out = []
        for layer in layers:
            cfg = clean(layer["config"])
            if layer["class_name"] == "InputLayer":
                cfg["batch_input_shape"] = cfg.pop("batch_shape")
                cfg.pop("optional", None)
            out.append(
                {
                    "class_name": layer["class_name"],
                    "name": layer["name"],
                    "config": cfg,
                    "inbound_nodes": inbound_nodes(layer.get("inbound_nodes", []), layer["name"]),
                }
            )
        return {
            "class_name": "Model",
            "config": {
                "name": inner.get("name", "model"),
                "layers": out,
                "input_layers": io_layers(inner["input_layers"]),
                "output_layers": io_layers(inner["output_layers"]),
            },
        }
    raise ConversionError(f"unsupported model class {cls} (a Sequential or functional Keras model)")


def weights(config, h5):
    """The weights in layer order: (tfjs name, float32 array), read from the h5 file by per-class counters."""
    counters = {}
    result = []
    groups = h5["layers"] if "layers" in h5 else {}
    for layer in config["config"]["layers"]:
        cls = layer["class_name"]
        if cls == "InputLayer" and config.get("class_name") == "Sequential":
            continue
        k = counters.get(cls, 0)
        counters[cls] = k + 1
        if cls not in WEIGHTED:
            continue
        group = snake_case(cls) + ("" if k == 0 else f"_{k}")
        name = layer["config"]["name"]
        expected = WEIGHTED[cls](layer["config"])
        if group not in groups:
            raise ConversionError(f'layer "{name}": no weights at layers/{group} in model.weights.h5')
        stored = groups[group]["vars"]
        if len(stored) != len(expected):
            raise ConversionError(
                f'layer "{name}": {len(stored)} variables at layers/{group}, expected {len(expected)} ({", ".join(expected)})'
            )
        for i, var in enumerate(expected):
            result.append((f"{name}/{var}", np.asarray(stored[str(i)], dtype=np.float32)))
    return result


def convert(source, out_dir):
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as error:
        raise ConversionError(f"{source}: not a .keras file (a zip archive): {error}") from error
    with archive:
        names = set(archive.namelist())
        for needed in ("config.json", "model.weights.h5"):
            if needed not in names:
                raise ConversionError(f"{source}: no {needed} in the archive (a Keras 3 .keras file holds both)")
        config = json.loads(archive.read("config.json"))
        keras_version = json.loads(archive.read("metadata.json")).get("keras_version", "3") if "metadata.json" in names else "3"
        model_topology = topology(config)
        with tempfile.TemporaryDirectory() as tmp:
            archive.extract("model.weights.h5", tmp)
            with h5py.File(os.path.join(tmp, "model.weights.h5"), "r") as h5:
                arrays = weights(config, h5)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "weights.bin"), "wb") as f:
        for _, array in arrays:
            f.write(array.astype("<f4").tobytes())
    model_json = {
        "format": "layers-model",
        "generatedBy": f"keras v{keras_version}",
        "convertedBy": "bcml keras_to_tfjs",
        "modelTopology": {**model_topology, "keras_version": keras_version, "backend": "tensor_flow.js"},
        "weightsManifest": [
            {
                "paths": ["weights.bin"],
                "weights": [{"name": n, "shape": list(a.shape), "dtype": "float32"} for n, a in arrays],
            }
        ],
    }
    with open(os.path.join(out_dir, "model.json"), "w") as f:
        json.dump(model_json, f)
    return len(arrays)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: python keras_to_tfjs.py <model.keras> <out-folder>\n")
        return 2
    try:
        count = convert(argv[1], argv[2])
    except ConversionError as error:
        sys.stderr.write(f"keras_to_tfjs: {error}\n")
        return 2
    sys.stdout.write(f"converted {argv[1]} → {argv[2]} ({count} weights)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
