"""The Python pipeline a team would otherwise write, for side-by-side runs with `medsent backfill`.

    python bench/baseline.py INPUT.jsonl OUT_DIR --model-dir models/minilm-sentiment [--batch 32] [--threads 2]

read JSON Lines -> PHI removal with Presidio's pattern recognizers (presidio-analyzer; no spaCy model: NER
needs a model download, which these machines cannot do) -> the same tokenizer.json through `tokenizers` ->
the same ONNX model through ONNX Runtime at the same batch size -> Parquet with pyarrow (ZSTD). Prints one JSON
line: counts and seconds per stage. Long notes are scored as medsent scores them: overlapping windows of the
model's length, probabilities averaged by each window's tokens (`--truncate`: the first window only, what a
naive first version does).
"""
import argparse
import json
import pathlib
import time
import tomllib

import numpy as np


def quiet_tldextract():
    # Presidio's URL recognizer uses tldextract, which tries to download the public suffix list; use the
    # snapshot it ships (these machines have no such network).
    import tldextract
    import tldextract.tldextract as te

    te.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())


def presidio_analyzer():
    quiet_tldextract()
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

    class NoNlp(NlpEngine):
        """Pattern recognizers only: they need no NLP artifacts."""

        def load(self):
            pass

        def is_loaded(self):
            return True

        def process_text(self, text, language):
            return NlpArtifacts(entities=[], tokens=[], tokens_indices=[], lemmas=[], nlp_engine=self,
                                language=language)

        def process_batch(self, texts, language, batch_size=1, n_process=1, **kw):
            for t in texts:
                yield t, self.process_text(t, language)

        def is_stopword(self, word, language):
            return False

        def is_punct(self, word, language):
            return False

        def get_supported_entities(self):
            return []

        def get_supported_languages(self):
            return ["en"]

    reg = RecognizerRegistry(supported_languages=["en"])
    reg.load_predefined_recognizers(languages=["en"])
    reg.recognizers = [r for r in reg.recognizers
                       if not any(x in type(r).__name__ for x in ("Spacy", "Stanza", "Transformers"))]
    return AnalyzerEngine(nlp_engine=NoNlp(), registry=reg, supported_languages=["en"])


def redact(text, results):
    out, last = [], 0
    for r in sorted(results, key=lambda r: (r.start, -r.end)):
        if r.start < last:
            continue
        out.append(text[last:r.start])
        out.append(f"[{r.entity_type}]")
        last = r.end
    out.append(text[last:])
    return "".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("out")
    ap.add_argument("--model-dir", default="models/minilm-sentiment")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--truncate", action="store_true",
                    help="score only each note's first window (a naive first version) instead of medsent's "
                         "overlapping windows averaged by their token counts")
    a = ap.parse_args()

    import onnxruntime as ort
    import pyarrow as pa
    import pyarrow.parquet as pq
    from tokenizers import Tokenizer

    t = {"read": 0.0, "deid": 0.0, "tokenize": 0.0, "model": 0.0, "write": 0.0}
    started = time.perf_counter()
    model_dir = pathlib.Path(a.model_dir)
    spec = tomllib.loads((model_dir / "model.toml").read_text())
    max_len = spec.get("max_length", 128)
    stride = spec.get("stride", 32)
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    max_content, step = max_len - 2, max_len - 2 - stride
    so = ort.SessionOptions()
    if a.threads:
        so.intra_op_num_threads = a.threads
    sess = ort.InferenceSession(str(model_dir / "model.onnx"), so, providers=["CPUExecutionProvider"])
    analyzer = presidio_analyzer()
    labels = spec.get("labels", ["NEGATIVE", "POSITIVE"])

    c = time.perf_counter()
    records, bad = [], 0
    with open(a.input, encoding="utf-8") as f:
        for line in f:
            try:
                r = json.loads(line)
                records.append((r["id"], r["patient_id"], r["event_time"], r["text"]))
            except (ValueError, KeyError):
                bad += 1
    t["read"] += time.perf_counter() - c
    in_bytes = sum(len(r[3].encode()) for r in records)

    ids, texts, label_col, score_col = [], [], [], []
    for i in range(0, len(records), a.batch):
        chunk = records[i:i + a.batch]
        c = time.perf_counter()
        clean = [redact(r[3], analyzer.analyze(r[3], language="en")) for r in chunk]
        t["deid"] += time.perf_counter() - c
        c = time.perf_counter()
        # medsent's windows: content cut into max_len-2 tokens overlapping by `stride`, each with
        # [CLS] ... [SEP]; a note's probabilities are the mean of its windows' weighted by their tokens.
        enc = tok.encode_batch(clean, add_special_tokens=False)
        windows = []  # (record index in chunk, ids, weight)
        for j, e in enumerate(enc):
            toks = e.ids
            start = 0
            while True:
                end = min(start + max_content, len(toks))
                windows.append((j, [cls_id] + toks[start:end] + [sep_id], max(end - start, 1)))
                if end >= len(toks) or a.truncate:
                    break
                start += step
        t["tokenize"] += time.perf_counter() - c
        probs = np.zeros((len(chunk), 2))
        weights = np.zeros(len(chunk))
        for w0 in range(0, len(windows), a.batch):
            part = windows[w0:w0 + a.batch]
            c = time.perf_counter()
            width = max(len(w[1]) for w in part)
            input_ids = np.zeros((len(part), width), dtype=np.int64)
            mask = np.zeros((len(part), width), dtype=np.int64)
            for k, (_, w, _) in enumerate(part):
                input_ids[k, :len(w)] = w
                mask[k, :len(w)] = 1
            t["tokenize"] += time.perf_counter() - c
            c = time.perf_counter()
            logits = sess.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]
            t["model"] += time.perf_counter() - c
            p = np.exp(logits - logits.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            for k, (j, _, wt) in enumerate(part):
                probs[j] += wt * p[k]
                weights[j] += wt
        probs /= weights[:, None]
        for j, r in enumerate(chunk):
            k = int(probs[j].argmax())
            ids.append(r[0])
            texts.append(clean[j])
            label_col.append(labels[k])
            score_col.append(float(probs[j, k]))

    c = time.perf_counter()
    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    table = pa.table({"record_id": ids, "sentiment_label": label_col, "sentiment_score": score_col,
                      "text": texts})
    pq.write_table(table, out / "part-0.parquet", compression="zstd")
    t["write"] += time.perf_counter() - c
    secs = time.perf_counter() - started
    print(json.dumps({"read": len(records) + bad, "written": len(ids), "dead_lettered": bad, "seconds": secs,
                      "input_bytes": in_bytes, "stage_seconds": t}))


if __name__ == "__main__":
    main()
