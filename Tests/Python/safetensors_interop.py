"""Writes v2vsim policies with Hugging Face's `safetensors` and numpy, for the interop test.

Usage: python safetensors_interop.py OUT_DIR

Writes into OUT_DIR:
  policy-f64.safetensors, policy-f32.safetensors   a seeded 4 -> 16 -> 8 -> 1 ReLU MLP
  expected.json                                    observations and numpy's actions for each file
  bad-*.safetensors                                files v2vsim must refuse with a clear error

The forward pass and the observation features are written out here from docs/policy.md alone, so
the test compares v2vsim with an independent implementation.
"""
import json
import os
import sys

import numpy as np
from safetensors.numpy import save_file

METADATA = {"format": "v2vsim-mlp-1", "features": "observation-v1"}
GAP_HORIZON = 200.0


def features(speed, desired, gap, leader):
    """Observation v1 (docs/policy.md)."""
    g = GAP_HORIZON if gap is None else min(gap, GAP_HORIZON)
    closing = 0.0 if gap is None else speed - leader
    return np.array([speed / 40.0, desired / 40.0, g / GAP_HORIZON, closing / 20.0])


def forward(layers, x):
    """ReLU hidden layers, linear output, in float64; clamped to [-9, 3] m/s^2."""
    for k, (w, b) in enumerate(layers):
        x = w.astype(np.float64) @ x + b.astype(np.float64)
        if k < len(layers) - 1:
            x = np.maximum(x, 0.0)
    return float(min(max(x[0], -9.0), 3.0))


def tensors(layers, dtype):
    out = {}
    for k, (w, b) in enumerate(layers):
        out[f"layers.{k}.weight"] = np.ascontiguousarray(w, dtype=dtype)
        out[f"layers.{k}.bias"] = np.ascontiguousarray(b, dtype=dtype)
    return out


def main(out):
    rng = np.random.default_rng(20261202)
    widths = [4, 16, 8, 1]
    layers = [
        (rng.uniform(-1.5, 1.5, size=(o, i)), rng.uniform(-0.5, 0.5, size=o))
        for i, o in zip(widths, widths[1:])
    ]
    # The output layer is scaled so that some actions reach the clamp on both sides.
    layers[-1] = (layers[-1][0] * 4.0, layers[-1][1])
    observations = []
    for n in range(64):
        speed = float(rng.uniform(0, 40))
        gap = None if n % 5 == 0 else float(rng.uniform(0.5, 300))
        observations.append({
            "speed": speed, "desired": float(rng.uniform(10, 40)), "gap": gap,
            "leader": float(rng.uniform(0, 40)),
        })
    expected = {"observations": observations}
    for name, dtype in [("f64", np.float64), ("f32", np.float32)]:
        stored = tensors(layers, dtype)
        save_file(stored, os.path.join(out, f"policy-{name}.safetensors"), metadata=METADATA)
        # v2vsim reads F32 values exactly into doubles, so numpy uses the stored (rounded) values.
        read_back = [(stored[f"layers.{k}.weight"], stored[f"layers.{k}.bias"]) for k in range(len(layers))]
        expected[name] = [
            forward(read_back, features(o["speed"], o["desired"], o["gap"], o["leader"])) for o in observations
        ]
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f)

    good = tensors(layers, np.float32)
    with open(os.path.join(out, "policy-f32.safetensors"), "rb") as f:
        whole = f.read()
    with open(os.path.join(out, "bad-truncated.safetensors"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    oversized = dict(good)
    oversized["layers.0.bias"] = np.zeros(4_500_000, dtype=np.float32)  # 18 MB
    save_file(oversized, os.path.join(out, "bad-oversized.safetensors"), metadata=METADATA)
    wrong_shape = dict(good)
    wrong_shape["layers.0.weight"] = np.zeros((16, 5), dtype=np.float32)
    save_file(wrong_shape, os.path.join(out, "bad-shape.safetensors"), metadata=METADATA)
    nan = dict(good)
    nan["layers.1.weight"] = nan["layers.1.weight"].copy()
    nan["layers.1.weight"][2, 3] = np.nan
    save_file(nan, os.path.join(out, "bad-nan.safetensors"), metadata=METADATA)
    save_file(good, os.path.join(out, "bad-metadata.safetensors"), metadata={"format": "pytorch-state-dict"})
    save_file(good, os.path.join(out, "bad-features.safetensors"),
              metadata={"format": "v2vsim-mlp-1", "features": "observation-v9"})


if __name__ == "__main__":
    main(sys.argv[1])
