"""The baseline medsent's gateway is measured against: a FastAPI + ONNX Runtime (Python) service on the
same model directory, the way a team would write it. One request, one model run (no batching), texts
truncated to the model's max_length. It does NOT de-identify (medsent does, so the comparison favours
the baseline).  usage: python serve_baseline.py MODEL_DIR PORT"""
import sys

import numpy as np
import onnxruntime as ort
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel
from tokenizers import Tokenizer

model_dir, port = sys.argv[1], int(sys.argv[2])
tok = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
tok.enable_truncation(128)
tok.no_padding()
sess = ort.InferenceSession(f"{model_dir}/model.onnx", providers=["CPUExecutionProvider"])
LABELS = ["NEGATIVE", "POSITIVE"]
app = FastAPI()


class Req(BaseModel):
    text: str


@app.post("/v1/sentiment")
def sentiment(req: Req):
    enc = tok.encode(req.text)
    ids = np.array([enc.ids], dtype=np.int64)
    mask = np.array([enc.attention_mask], dtype=np.int64)
    logits = sess.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0][0]
    p = np.exp(logits - logits.max())
    p /= p.sum()
    i = int(p.argmax())
    return {"label": LABELS[i], "score": float(p[i])}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
