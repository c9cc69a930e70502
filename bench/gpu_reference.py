"""Python reference for the engine benchmark: the same ONNX model through ONNX Runtime's Python API on the
same device, fixed-length batches of random token ids (the same shapes medsent-engine-bench runs), no batcher.
usage: python gpu_reference.py MODEL.onnx [cuda|cpu] [SEQS] [BATCHES]"""
import sys
import time

import numpy as np
import onnxruntime as ort

path = sys.argv[1]
dev = sys.argv[2] if len(sys.argv) > 2 else "cuda"
seqs = [int(x) for x in (sys.argv[3] if len(sys.argv) > 3 else "64,128,256,512").split(",")]
batches = [int(x) for x in (sys.argv[4] if len(sys.argv) > 4 else "16,32,64,128,256").split(",")]
prov = ["CUDAExecutionProvider", "CPUExecutionProvider"] if dev == "cuda" else ["CPUExecutionProvider"]
s = ort.InferenceSession(path, providers=prov)
print(f"providers: {s.get_providers()}", file=sys.stderr)
rng = np.random.default_rng(0)
print("| python ORT | seq | batch | seq/s | p50 ms/batch | batch-1 p50 ms |")
print("|---|---:|---:|---:|---:|---:|")
for seq in seqs:
    for b in batches:
        ids = rng.integers(1000, 29000, size=(b, seq), dtype=np.int64)
        ids[:, 0], ids[:, -1] = 101, 102
        mask = np.ones_like(ids)
        feed = {"input_ids": ids, "attention_mask": mask}
        s.run(["logits"], feed)
        n = max(8, 2048 // b)
        times = []
        t0 = time.perf_counter()
        for _ in range(n):
            t = time.perf_counter()
            s.run(["logits"], feed)
            times.append((time.perf_counter() - t) * 1e3)
        total = time.perf_counter() - t0
        one = {"input_ids": ids[:1], "attention_mask": mask[:1]}
        t1 = []
        for _ in range(50):
            t = time.perf_counter()
            s.run(["logits"], one)
            t1.append((time.perf_counter() - t) * 1e3)
        print(f"| {dev} | {seq} | {b} | {n * b / total:.0f} | {np.median(times):.1f} | {np.median(t1):.2f} |")
