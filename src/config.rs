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

/// Replaces Rust's default panic message with one that names only where the panic happened.
///
/// The default hook prints the panic's payload, and a payload can quote record text: a string
/// slice out of bounds prints the whole string (`byte index 62 is not a char boundary ... of
/// "<note text>"`), `expect`/`unwrap` print the value's `Debug`. A bug in the engine must not
/// put a note on stderr or into the log shipper, so the payload is withheld at the one place
/// every panic passes, whatever the thread (pipeline stages, the rayon pool, tokio tasks).
/// A backtrace is added when `RUST_BACKTRACE` asks for one: it holds code locations only.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let line = panic_line(info);
        let bt = std::backtrace::Backtrace::capture();
        if bt.status() == std::backtrace::BacktraceStatus::Captured {
            eprintln!("{line}\n{bt}");
        } else {
            eprintln!("{line}");
        }
    }));
}

/// The line the panic hook prints: thread and source location, never the payload.
fn panic_line(info: &std::panic::PanicHookInfo<'_>) -> String {
    let thread = std::thread::current();
    let name = thread.name().unwrap_or("unnamed");
    let at = info.location().map_or_else(
        || "an unknown location".to_string(),
        |l| format!("{}:{}:{}", l.file(), l.line(), l.column()),
    );
    format!(
        "medsent: internal error: thread '{name}' panicked at {at} \
         (the panic message is withheld: it may quote record text)"
    )
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
        lone_names: o.lone_names,
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

/// Model instances and ONNX Runtime threads for each, where left at 0 (auto).
/// On CPU, one session with a thread per core lets ONNX Runtime's spinning
/// threads fight the de-identification pool: on 16 cores, 6 sessions of 2
/// threads (and 4 de-identification threads) ran the test-model backfill 4.4×
/// faster than 1 of 16 (bench/RESULTS.md).
/// So up to 4 cores get one session using them all; beyond, a session of 2
/// threads per 3 cores. GPU sessions: 2 (one feeds the device while the other
/// is busy), of 2 threads.
fn model_threads(
    instances: usize,
    intra: usize,
    device: infer::Device,
    cores: usize,
) -> (usize, usize) {
    let gpu = !matches!(device, infer::Device::Cpu);
    let auto_instances = match (gpu, cores) {
        (true, _) => 2,
        (false, c) if c <= 4 => 1,
        (false, c) => c / 3,
    };
    let instances = if instances == 0 {
        auto_instances
    } else {
        instances
    };
    let intra = match intra {
        0 if gpu || instances > 1 => 2,
        0 => cores,
        n => n,
    };
    (instances, intra)
}

/// The engine settings a command's model options describe; the queue bound
/// and delay are the command's own (bulk pipelines and the gateway differ).
pub fn engine_config(
    m: &crate::cli::ModelOpts,
    max_queue_windows: usize,
    max_queue_delay: Option<std::time::Duration>,
) -> Result<infer::EngineConfig> {
    let device: infer::Device = m.device.parse().map_err(|e: String| anyhow::anyhow!(e))?;
    let (instances, intra_threads) =
        model_threads(m.instances, m.intra_threads, device, threads(0));
    Ok(infer::EngineConfig {
        model_dir: locate(&m.model_dir),
        ort_lib: ort_lib(m.ort_lib.as_deref())?,
        device,
        instances,
        intra_threads,
        batch: infer::BatchConfig {
            max_batch_size: m.max_batch_size.max(1),
            max_batch_tokens: m.max_batch_tokens.max(1),
            max_queue_windows: max_queue_windows.max(1),
            max_queue_delay,
        },
    })
}

#[cfg(test)]
mod panic_tests {
    use super::panic_line;
    use std::sync::Mutex;

    #[test]
    fn panic_line_withholds_the_payload() {
        static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(|info| SEEN.lock().unwrap().push(panic_line(info))));
        let note = "Pt Jane Doe, MRN 4417-2210, seen 07/22/2019";
        let sliced = std::panic::catch_unwind(|| {
            let cut = note.find('\u{e9}').unwrap_or(note.len() + 1);
            note[..cut].len()
        });
        let expected = std::panic::catch_unwind(|| note.parse::<u8>().expect(note));
        std::panic::set_hook(before);
        assert!(sliced.is_err() && expected.is_err());
        // The hook is process-wide: keep only this test thread's lines.
        let seen: Vec<String> = SEEN
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.contains("panic_line_withholds_the_payload"))
            .cloned()
            .collect();
        assert_eq!(seen.len(), 2, "{seen:?}");
        for line in &seen {
            assert!(line.contains("src/config.rs:"), "{line}");
            assert!(line.contains("withheld"), "{line}");
            for phi in ["Jane", "Doe", "4417", "07/22"] {
                assert!(!line.contains(phi), "{line}");
            }
        }
    }
}

#[cfg(test)]
mod thread_tests {
    use super::model_threads;
    use infer::Device;

    #[test]
    fn auto_model_threads_leave_room_for_deid() {
        // Small machines: one session with every core (as before).
        assert_eq!(model_threads(0, 0, Device::Cpu, 2), (1, 2));
        assert_eq!(model_threads(0, 0, Device::Cpu, 4), (1, 4));
        // Larger ones: sessions of two threads on about two thirds of the cores.
        assert_eq!(model_threads(0, 0, Device::Cpu, 16), (5, 2));
        // GPUs: two feeding sessions; explicit settings win.
        assert_eq!(model_threads(0, 0, Device::Cuda(0), 16), (2, 2));
        assert_eq!(model_threads(3, 4, Device::Cpu, 16), (3, 4));
        assert_eq!(model_threads(1, 0, Device::Cpu, 16), (1, 16));
    }
}
