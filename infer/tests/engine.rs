//! Engine tests on the tiny DistilBERT (random weights, real graph shape).
//! Needs ONNX Runtime: scripts/setup.sh records its path.

use infer::{BatchConfig, Device, Engine, EngineConfig, Priority};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

fn ort_lib() -> PathBuf {
    if let Some(p) = std::env::var_os("MEDSENT_ORT_LIB") {
        return p.into();
    }
    let rec = root().join(".medsent/ort-lib-path");
    let s = std::fs::read_to_string(&rec).expect("ONNX Runtime not set up: run scripts/setup.sh");
    PathBuf::from(s.trim())
}

fn engine(batch: BatchConfig) -> Engine {
    Engine::load(EngineConfig {
        model_dir: root().join("fixtures/models/tiny-distilbert"),
        ort_lib: ort_lib(),
        device: Device::Cpu,
        instances: 1,
        intra_threads: 1,
        batch,
    })
    .unwrap()
}

fn texts() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        "Patient feels much better today.",
        "Severe pain, anxious and tearful overnight; family upset.",
        "ok",
        "Vital signs stable. Continue current medications and reassess tomorrow morning after labs.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("word ".repeat(300)); // long: several windows at max_length 64
    v
}

#[test]
fn batched_equals_one_at_a_time() {
    let big = engine(BatchConfig {
        max_batch_size: 64,
        max_batch_tokens: 64 * 64,
        ..Default::default()
    });
    let one = engine(BatchConfig {
        max_batch_size: 1,
        max_batch_tokens: 64,
        ..Default::default()
    });
    let t = texts();
    let refs: Vec<&str> = t.iter().map(String::as_str).collect();
    let a = big.predict(&refs, Priority::Bulk).unwrap();
    let b: Vec<_> = refs
        .iter()
        .map(|x| one.predict(&[x], Priority::Bulk).unwrap().remove(0))
        .collect();
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.label, y.label);
        assert_eq!(x.windows, y.windows);
        for (p, q) in x.probs.iter().zip(&y.probs) {
            assert!((p - q).abs() < 1e-4, "{p} vs {q}");
        }
        assert!((x.probs.iter().sum::<f32>() - 1.0).abs() < 1e-4);
    }
}

#[test]
fn long_notes_are_windowed_and_empty_text_works() {
    let e = engine(BatchConfig::default());
    // max_length 64, stride 16: 62 content tokens per window, step 46.
    let enc = e.encode(&"word ".repeat(300)).unwrap();
    assert_eq!(enc.tokens, 300);
    assert_eq!(enc.windows.len(), 1 + (300 - 62usize).div_ceil(46));
    assert!(enc.windows.iter().all(|w| w.ids.len() <= 64));
    let empty = e.encode("").unwrap();
    assert_eq!(empty.windows.len(), 1);
    assert_eq!(empty.windows[0].ids.len(), 2);
    let p = e.predict(&[""], Priority::Interactive).unwrap();
    assert_eq!(p[0].windows, 1);
}

#[test]
fn concurrent_submitters_all_get_answers() {
    let e = std::sync::Arc::new(engine(BatchConfig {
        max_batch_size: 8,
        max_queue_windows: 16,
        ..Default::default()
    }));
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let e = e.clone();
            std::thread::spawn(move || {
                let t = format!("note number {i} about recovery");
                (0..20)
                    .map(|_| e.predict(&[t.as_str()], Priority::Bulk).unwrap().remove(0))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        let preds = h.join().unwrap();
        assert_eq!(preds.len(), 20);
        assert!(
            preds.windows(2).all(|w| w[0].probs == w[1].probs),
            "same text, same answer"
        );
    }
    assert!(e.stats().runs.load(std::sync::atomic::Ordering::Relaxed) > 0);
}

#[test]
fn missing_library_is_a_clear_error() {
    // A separate process would be needed to test a *different* library path
    // (one per process); a missing model directory is checked first.
    let err = Engine::load(EngineConfig {
        model_dir: root().join("fixtures/models/nope"),
        ort_lib: ort_lib(),
        device: Device::Cpu,
        instances: 1,
        intra_threads: 1,
        batch: BatchConfig::default(),
    })
    .err()
    .unwrap();
    assert!(err.to_string().contains("model.toml"), "{err}");
}

#[test]
fn reload_under_load_drops_nothing_and_reports_versions() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["model.onnx", "tokenizer.json", "model.toml"] {
        std::fs::copy(
            root().join("fixtures/models/tiny-distilbert").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    let e = std::sync::Arc::new(
        Engine::load(EngineConfig {
            model_dir: dir.path().to_owned(),
            ort_lib: ort_lib(),
            device: Device::Cpu,
            instances: 2,
            intra_threads: 1,
            batch: BatchConfig {
                max_batch_size: 4,
                max_queue_windows: 64,
                ..Default::default()
            },
        })
        .unwrap(),
    );
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let workers: Vec<_> = (0..4)
        .map(|i| {
            let (e, stop) = (e.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut versions = Vec::new();
                let text = format!("load {i}: the patient is doing well");
                while !stop.load(std::sync::atomic::Ordering::Relaxed) || versions.len() < 20 {
                    // encode and submit separately, as the pipelines do: a reload in
                    // between gives Stale, and the caller encodes again.
                    let p = match e.submit(e.encode(&text).unwrap(), Priority::Bulk) {
                        Err(infer::InferError::Stale) => {
                            e.submit(e.encode(&text).unwrap(), Priority::Bulk)
                        }
                        other => other,
                    };
                    versions.push(
                        p.expect("submit")
                            .wait()
                            .expect("every request is answered")
                            .model_version
                            .to_string(),
                    );
                    if versions.len() > 5000 {
                        break;
                    }
                }
                versions
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(100));
    let toml = std::fs::read_to_string(dir.path().join("model.toml")).unwrap();
    std::fs::write(
        dir.path().join("model.toml"),
        toml.replace("version = \"0.0.1\"", "version = \"0.0.2\""),
    )
    .unwrap();
    let spec = e.reload(None).unwrap();
    assert_eq!(spec.version, "0.0.2");
    std::thread::sleep(std::time::Duration::from_millis(100));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.join().unwrap());
    }
    assert!(
        all.iter().any(|v| v == "0.0.1") && all.iter().any(|v| v == "0.0.2"),
        "both versions served"
    );
    assert_eq!(
        e.predict(&["after"], Priority::Interactive).unwrap()[0]
            .model_version
            .as_ref(),
        "0.0.2"
    );
    // A broken new version leaves the old one serving.
    std::fs::write(dir.path().join("model.toml"), "name = \"x\"").unwrap();
    assert!(e.reload(None).is_err());
    assert_eq!(
        e.predict(&["still"], Priority::Interactive).unwrap()[0]
            .model_version
            .as_ref(),
        "0.0.2"
    );
}

#[test]
fn fp16_variant_agrees_with_fp32() {
    // Built by scripts/setup.sh (fixtures/model-src/to_fp16.py); meant for GPUs, checked here on CPU.
    let load = |dir: &str| {
        Engine::load(EngineConfig {
            model_dir: root().join(dir),
            ort_lib: ort_lib(),
            device: Device::Cpu,
            instances: 1,
            intra_threads: 2,
            batch: BatchConfig::default(),
        })
        .unwrap()
    };
    let (a, b) = (
        load("models/minilm-sentiment"),
        load("models/minilm-sentiment-fp16"),
    );
    assert!(b.spec().version.ends_with("-fp16"));
    let notes: Vec<String> = std::fs::read_to_string(root().join("fixtures/sample/notes.jsonl"))
        .unwrap()
        .lines()
        .take(24)
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let refs: Vec<&str> = notes.iter().map(String::as_str).collect();
    let (pa, pb) = (
        a.predict(&refs, Priority::Bulk).unwrap(),
        b.predict(&refs, Priority::Bulk).unwrap(),
    );
    for (x, y) in pa.iter().zip(&pb) {
        assert!(
            (x.positive - y.positive).abs() < 0.01,
            "{} vs {}",
            x.positive,
            y.positive
        );
    }
}
