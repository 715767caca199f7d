"""Writes the Keras fixtures of test/native/keras-import.test.ts (run: .tools/venv/bin/python make_keras_models.py).

Keras 3 (the project venv's, with TensorFlow) builds three small models with every weight set to seeded random values
(batch-norm variances positive), saves them with `model.save("<name>.keras")`, and records Keras' own outputs on
seeded inputs in expected.json: the converter's tfjs model must give the same outputs.
- mlp.keras: Sequential Dense(tanh) → BatchNormalization → Dropout → Dense(relu, no bias) → Dense(3).
- cnn.keras: functional Conv2D(relu) → Conv2D → BatchNormalization, Add with the first conv (a residual block) →
  MaxPooling2D → GlobalAveragePooling2D → Dense(4).
- unsupported.keras: Sequential with an LSTM layer, which the converter must refuse by name.
"""

import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261205)
keras.utils.set_random_seed(7)


def randomise(model):
    weights = []
    for w in model.weights:
        values = rng.normal(scale=0.5, size=w.shape).astype("float32")
        if "variance" in w.path:
            values = np.abs(values) + 0.5
        weights.append(values)
    model.set_weights(weights)


mlp = keras.Sequential(
    [
        keras.Input((7,)),
        keras.layers.Dense(6, activation="tanh"),
        keras.layers.BatchNormalization(),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(5, activation="relu", use_bias=False),
        keras.layers.Dense(3),
    ],
    name="mlp",
)

inputs = keras.Input((8, 8, 1))
a = keras.layers.Conv2D(3, 3, padding="same", activation="relu")(inputs)
b = keras.layers.Conv2D(3, 3, padding="same")(a)
b = keras.layers.BatchNormalization()(b)
c = keras.layers.Add()([a, b])
c = keras.layers.MaxPooling2D(2)(c)
c = keras.layers.GlobalAveragePooling2D()(c)
cnn = keras.Model(inputs, keras.layers.Dense(4)(c), name="cnn")

unsupported = keras.Sequential([keras.Input((4, 3)), keras.layers.LSTM(2), keras.layers.Dense(2)], name="recurrent")

expected = {}
for name, model, shape in (("mlp", mlp, (5, 7)), ("cnn", cnn, (3, 8, 8, 1))):
    randomise(model)
    model.save(os.path.join(here, f"{name}.keras"))
    x = rng.normal(size=shape).astype("float32")
    expected[name] = {"x": x.tolist(), "y": model.predict(x, verbose=0).astype("float64").tolist()}
unsupported.save(os.path.join(here, "unsupported.keras"))

with open(os.path.join(here, "expected.json"), "w") as f:
    json.dump({"generator": "make_keras_models.py", "keras": keras.__version__, **expected}, f)
    f.write("\n")
