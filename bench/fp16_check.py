"""fp16 vs fp32 agreement on real token ids (the sample notes, 128 tokens), both on the same execution provider.
usage: python fp16_check.py FP32.onnx FP16.onnx ids.npy mask.npy [cuda|cpu]"""
import sys

import numpy as np
import onnxruntime as ort

f32, f16, ids, mask = sys.argv[1:5]
dev = sys.argv[5] if len(sys.argv) > 5 else "cuda"
prov = ["CUDAExecutionProvider"] if dev == "cuda" else ["CPUExecutionProvider"]
ids, mask = np.load(ids), np.load(mask)


def probs(path):
    s = ort.InferenceSession(path, providers=prov)
    out = np.concatenate([s.run(["logits"], {"input_ids": ids[i:i + 64], "attention_mask": mask[i:i + 64]})[0]
                          for i in range(0, len(ids), 64)])
    e = np.exp(out - out.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


a, b = probs(f32), probs(f16)
d = np.abs(a - b)[:, 1]
print(f"{dev}: {len(ids)} notes, label agreement {np.mean(a.argmax(1) == b.argmax(1)):.4f}, "
      f"|p16 - p32| max {d.max():.5f} mean {d.mean():.6f}")
