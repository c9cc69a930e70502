"""Writes a model directory whose ONNX graph costs almost nothing, for runs that measure the pipeline rather than
the model (memory over millions of records: bench/longrun.sh). Same inputs, output and tokenizer as
models/minilm-sentiment; logits = (tokens in the window, 2 × mean token id / 30522) — a meaningless but
deterministic "sentiment".
usage: .venv/bin/python bench/null_model.py OUT_DIR [SOURCE_MODEL_DIR]"""
import pathlib
import shutil
import sys

import onnx
from onnx import TensorProto, helper

out = pathlib.Path(sys.argv[1])
src = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "models/minilm-sentiment")
out.mkdir(parents=True, exist_ok=True)
shutil.copy(src / "tokenizer.json", out / "tokenizer.json")
toml = (src / "model.toml").read_text()
toml = toml.replace('name = "minilm-sentiment"', 'name = "null-sentiment"').replace('version = "1.0.0"', 'version = "0.0.1"')
(out / "model.toml").write_text(toml)

ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"])
mask = helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"])
logits = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 2])
nodes = [
    helper.make_node("Cast", ["attention_mask"], ["m"], to=TensorProto.FLOAT),
    helper.make_node("Cast", ["input_ids"], ["i"], to=TensorProto.FLOAT),
    helper.make_node("Mul", ["i", "m"], ["im"]),
    helper.make_node("ReduceSum", ["m", "axes"], ["n"], keepdims=1),
    helper.make_node("ReduceSum", ["im", "axes"], ["s"], keepdims=1),
    helper.make_node("Div", ["s", "n"], ["mean"]),
    helper.make_node("Div", ["mean", "vocab"], ["scaled"]),
    helper.make_node("Div", ["n", "hundred"], ["len"]),
    helper.make_node("Concat", ["len", "scaled"], ["logits"], axis=1),
]
inits = [
    helper.make_tensor("axes", TensorProto.INT64, [1], [1]),
    helper.make_tensor("vocab", TensorProto.FLOAT, [], [15261.0]),
    helper.make_tensor("hundred", TensorProto.FLOAT, [], [100.0]),
]
g = helper.make_graph(nodes, "null_sentiment", [ids, mask], [logits], inits)
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
m.ir_version = 8
onnx.checker.check_model(m)
onnx.save(m, out / "model.onnx")
print(f"wrote {out}")
