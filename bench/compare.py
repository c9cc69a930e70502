"""medsent backfill vs the Python baseline (bench/baseline.py) on the same corpus, same model, same machine.

    python bench/compare.py --medsent target/release/medsent --synth target/release/synth \
        --python .venv-bench/bin/python [--records 400] [--threads 1,2] [--append bench/RESULTS.md]

Generates N synthetic notes (seed 42), runs both pipelines once per thread count, and prints one table:
records/s, MB/s of note text, peak RSS, seconds per stage and the ratio. Peak RSS is the child's ru_maxrss
(os.wait4). medsent's stage seconds come from its --report (busy time per stage; stages overlap).
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def rss_of(cmd, env=None):
    """Runs cmd, returns (stdout, seconds, peak RSS MiB)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    secs = time.perf_counter() - t
    if status != 0:
        sys.exit(f"{cmd[0]} failed: {err.decode()[-2000:]}")
    return out.decode(), secs, ru.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--medsent", default=str(ROOT / "target/release/medsent"))
    ap.add_argument("--synth", default=str(ROOT / "target/release/synth"))
    ap.add_argument("--python", default=str(ROOT / ".venv-bench/bin/python"))
    ap.add_argument("--model-dir", default=str(ROOT / "models/minilm-sentiment"))
    ap.add_argument("--records", type=int, default=400)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--append")
    a = ap.parse_args()

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="medsent-compare-"))
    corpus = tmp / "notes.jsonl"
    subprocess.run([a.synth, "--records", str(a.records), "--seed", "42", "--out", str(corpus)], check=True,
                   stdout=subprocess.DEVNULL)
    text_mb = sum(len(json.loads(l)["text"].encode()) for l in corpus.open()) / 1e6
    rows = []
    for th in [int(x) for x in a.threads.split(",")]:
        env = dict(os.environ, MEDSENT_LOG="warn",
                   MEDSENT_HMAC_KEY=os.environ.get("MEDSENT_HMAC_KEY", "compare-key-0123456789abcdef"))
        report = tmp / f"report-{th}.json"
        _, secs, rss = rss_of([a.medsent, "backfill", "--no-progress", "--model-dir", a.model_dir,
                               "--max-batch-size", str(a.batch), "--deid-threads", str(th),
                               "--intra-threads", str(th), "--report", str(report),
                               "--out", str(tmp / f"lake-medsent-{th}"), str(corpus)], env)
        r = json.loads(report.read_text())
        st = r["stage_seconds"]
        rows.append(("medsent backfill", th, r["read"], secs, rss, st["deid"], st["tokenize"], st["model"],
                     st["write"]))
        out, secs, rss = rss_of([a.python, str(ROOT / "bench/baseline.py"), str(corpus),
                                 str(tmp / f"lake-python-{th}"), "--model-dir", a.model_dir,
                                 "--batch", str(a.batch), "--threads", str(th)],
                                dict(os.environ, OMP_NUM_THREADS=str(th)))
        b = json.loads(out.strip().splitlines()[-1])
        bs = b["stage_seconds"]
        rows.append(("Python: Presidio patterns + ORT + pyarrow", th, b["read"], secs, rss, bs["deid"],
                     bs["tokenize"], bs["model"], bs["write"]))

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")),
               platform.processor())
    lines = [f"### {datetime.date.today()} · commit {commit} · {cpu} · {os.cpu_count()} cores",
             "",
             f"`bash bench/compare.sh {a.records}`: {a.records} generated notes ({text_mb:.2f} MB of text), "
             f"batch {a.batch}, model {pathlib.Path(a.model_dir).name}; wall time of the whole process "
             "(model load included).",
             "",
             "| pipeline | threads | records | seconds | records/s | MB/s | peak RSS MiB | deid s | tokenise s | model s | write s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, th, n, secs, rss, d, tk, m, w in rows:
        lines.append(f"| {name} | {th} | {n} | {secs:.2f} | {n / secs:.1f} | {text_mb / secs:.3f} | {rss:.0f} | "
                     f"{d:.2f} | {tk:.2f} | {m:.2f} | {w:.2f} |")
    lines.append("")
    for i in range(0, len(rows), 2):
        ms, py = rows[i], rows[i + 1]
        lines.append(f"- {ms[1]} thread(s): medsent {py[3] / ms[3]:.2f}× the Python pipeline's throughput, "
                     f"{ms[4] / py[4]:.2f}× its peak memory.")
    text = "\n".join(lines)
    print(text)
    if a.append:
        with open(a.append, "a") as f:
            f.write("\n" + text + "\n")


if __name__ == "__main__":
    main()
