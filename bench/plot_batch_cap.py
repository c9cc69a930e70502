"""Plots throughput against the batch cap from medsent-engine-bench tables (Markdown, as in bench/gpu/rust.md and
bench/gpu/rust-fp16.md): one line per sequence length and table. Writes a PNG.
usage: python bench/plot_batch_cap.py OUT.png TABLE.md[=LABEL] ...   (needs matplotlib)"""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

out, tables = sys.argv[1], sys.argv[2:]
fig, ax = plt.subplots(figsize=(7, 4.5))
for spec in tables:
    path, _, label = spec.partition("=")
    series = {}
    for line in open(path, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5 or not cells[1].isdigit():
            continue
        seq, cap, rate = int(cells[1]), int(cells[2]), float(cells[4])
        series.setdefault(seq, []).append((cap, rate))
    for seq, pts in sorted(series.items()):
        pts.sort()
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o",
                label=f"{label or path} · {seq} tokens")
ax.set_xscale("log", base=2)
ax.set_xlabel("batch cap (windows per model run)")
ax.set_ylabel("sequences / s")
ax.set_title("medsent engine on one H100: throughput vs batch cap")
ax.grid(True, alpha=0.3)
ax.legend(fontsize=7, ncol=2)
fig.tight_layout()
fig.savefig(out, dpi=120)
print(f"wrote {out}")
