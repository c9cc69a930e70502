//! Resolving settings: secrets, library and model locations, logging.

use crate::cli::DeidOpts;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

pub fn init_logging(format: &str, filter: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let b = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if format == "json" {
        b.json().init();
    } else {
        b.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init();
    }
}

pub fn deid_engine(o: &DeidOpts) -> Result<deid::Deidentifier> {
    let secret = match (&o.hmac_key_file, &o.hmac_key) {
        (Some(p), _) => {
            let raw = std::fs::read(p)
                .with_context(|| format!("reading the HMAC key file {}", p.display()))?;
            raw.trim_ascii().to_vec()
        }
        (None, Some(k)) => k.as_bytes().to_vec(),
        (None, None) => bail!(
            "no de-identification secret: set --hmac-key-file / MEDSENT_HMAC_KEY_FILE (scripts/demo.sh makes one in .medsent/hmac.key)"
        ),
    };
    let operators = deid::Operators::parse(o.operators.iter().map(String::as_str))?;
    Ok(deid::Deidentifier::new(&deid::DeidConfig {
        operators,
        secret,
        max_shift_days: o.max_shift_days,
    })?)
}

/// Directories to look in for relative defaults: the working directory, then
/// the executable's ancestors (so `target/release/medsent` finds the repo).
fn search_roots() -> Vec<PathBuf> {
    let mut roots = vec![PathBuf::from(".")];
    if let Ok(exe) = std::env::current_exe() {
        roots.extend(exe.ancestors().skip(1).take(4).map(Path::to_path_buf));
    }
    roots
}

pub fn locate(p: &Path) -> PathBuf {
    if p.is_absolute() || p.exists() {
        return p.to_owned();
    }
    search_roots()
        .into_iter()
        .map(|r| r.join(p))
        .find(|c| c.exists())
        .unwrap_or_else(|| p.to_owned())
}

pub fn ort_lib(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p.to_owned());
    }
    if let Some(p) = std::env::var_os("ORT_DYLIB_PATH") {
        return Ok(PathBuf::from(p));
    }
    let rec = locate(Path::new(".medsent/ort-lib-path"));
    if let Ok(s) = std::fs::read_to_string(&rec) {
        return Ok(PathBuf::from(s.trim()));
    }
    bail!(
        "ONNX Runtime library not configured: run scripts/setup.sh, or set --ort-lib / MEDSENT_ORT_LIB"
    )
}

pub fn threads(n: usize) -> usize {
    if n > 0 {
        n
    } else {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    }
}

/// The engine settings a command's model options describe; the queue bound
/// and delay are the command's own (bulk pipelines and the gateway differ).
pub fn engine_config(
    m: &crate::cli::ModelOpts,
    max_queue_windows: usize,
    max_queue_delay: Option<std::time::Duration>,
) -> Result<infer::EngineConfig> {
    let device: infer::Device = m.device.parse().map_err(|e: String| anyhow::anyhow!(e))?;
    Ok(infer::EngineConfig {
        model_dir: locate(&m.model_dir),
        ort_lib: ort_lib(m.ort_lib.as_deref())?,
        device,
        instances: m.instances,
        intra_threads: threads(m.intra_threads),
        batch: infer::BatchConfig {
            max_batch_size: m.max_batch_size.max(1),
            max_batch_tokens: m.max_batch_tokens.max(1),
            max_queue_windows: max_queue_windows.max(1),
            max_queue_delay,
        },
    })
}
