//! An analyst's view: DuckDB (from PyPI, installed by scripts/setup.sh) reads
//! the lake with Hive partitioning.

mod common;
use common::*;

#[test]
fn duckdb_reads_the_lake() {
    let py = root().join(".venv/bin/python");
    assert!(
        py.exists(),
        "run scripts/setup.sh first (it installs DuckDB)"
    );
    let out_dir = tempfile::tempdir().unwrap();
    let input = root().join("fixtures/sample/notes.jsonl");
    run_ok(
        medsent()
            .args(["backfill", "--model-dir"])
            .arg(tiny_model())
            .arg("--out")
            .arg(out_dir.path())
            .arg(&input),
    );
    let script = r#"
import duckdb, json, sys
glob = sys.argv[1] + "/dt=*/*.parquet"
con = duckdb.connect()
rel = f"read_parquet('{glob}', hive_partitioning=true)"
n, patients, labels = con.execute(f"select count(*), count(distinct patient_key), count(distinct sentiment_label) from {rel}").fetchone()
cols = dict(con.execute(f"select column_name, column_type from (describe select * from {rel})").fetchall())
bad_dt = con.execute(f"select count(*) from {rel} where cast(dt as date) <> event_date").fetchone()[0]
names = con.execute(f"select sum(phi_counts.name) from {rel}").fetchone()[0]
print(json.dumps({"n": n, "patients": patients, "labels": labels, "cols": cols, "bad_dt": bad_dt, "names": int(names)}))
"#;
    let o = std::process::Command::new(py)
        .arg("-c")
        .arg(script)
        .arg(out_dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let n_in = std::fs::read_to_string(&input).unwrap().lines().count() as u64;
    assert_eq!(v["n"], n_in);
    assert!(
        v["patients"].as_u64().unwrap() < n_in,
        "patients recur: keys must link them"
    );
    assert_eq!(v["bad_dt"], 0, "dt partition = event_date");
    assert!(v["names"].as_u64().unwrap() > 0);
    let cols = &v["cols"];
    assert_eq!(cols["event_date"], "DATE");
    assert_eq!(cols["sentiment_score"], "FLOAT");
    assert!(
        cols["processed_at"]
            .as_str()
            .unwrap()
            .starts_with("TIMESTAMP")
    );
    assert!(cols["phi_counts"].as_str().unwrap().starts_with("STRUCT"));
    assert!(cols.get("dt").is_some());
}
