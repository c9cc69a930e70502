use crate::InferError;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

static ENV: OnceLock<Result<(ort::environment::Environment, PathBuf), String>> = OnceLock::new();

/// Loads ONNX Runtime from `lib` once per process (later calls must name the
/// same library or none) and returns the environment.
pub(crate) fn environment(
    lib: &Path,
) -> Result<&'static ort::environment::Environment, InferError> {
    let r = ENV.get_or_init(|| {
        if !lib.is_file() {
            return Err(format!(
                "ONNX Runtime library not found at {} (run scripts/setup.sh, or set --ort-lib / MEDSENT_ORT_LIB)",
                lib.display()
            ));
        }
        let env = ort::init_from(lib)
            .map_err(|e| format!("cannot load ONNX Runtime from {}: {e}", lib.display()))?
            .with_name("medsent")
            .build()
            .map_err(|e| format!("cannot start ONNX Runtime: {e}"))?;
        Ok((env, lib.to_owned()))
    });
    match r {
        Ok((env, loaded)) if loaded == lib => Ok(env),
        Ok((_, loaded)) => Err(InferError::Runtime(format!(
            "ONNX Runtime already loaded from {}; one library per process",
            loaded.display()
        ))),
        Err(e) => Err(InferError::Runtime(e.clone())),
    }
}

/// Where to run the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Device {
    Cpu,
    /// CUDA device by ordinal; an error if it cannot be used.
    Cuda(i32),
    /// CUDA device 0 if it can be used, else CPU with a warning.
    Auto,
}

impl std::str::FromStr for Device {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "cpu" => Ok(Device::Cpu),
            "auto" => Ok(Device::Auto),
            "cuda" => Ok(Device::Cuda(0)),
            _ => s
                .strip_prefix("cuda:")
                .and_then(|n| n.parse().ok())
                .map(Device::Cuda)
                .ok_or_else(|| format!("unknown device `{s}` (cpu, cuda, cuda:N or auto)")),
        }
    }
}

impl std::fmt::Display for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Device::Cpu => f.write_str("cpu"),
            Device::Cuda(n) => write!(f, "cuda:{n}"),
            Device::Auto => f.write_str("auto"),
        }
    }
}

/// Builds one session on `device`. Returns the device actually used.
pub(crate) fn session(
    env: &ort::environment::Environment,
    model: &Path,
    device: Device,
    intra_threads: usize,
) -> Result<(ort::session::Session, Device), InferError> {
    let err =
        |e: ort::Error<ort::session::builder::SessionBuilder>| InferError::Runtime(e.to_string());
    let base = || -> Result<ort::session::builder::SessionBuilder, InferError> {
        ort::session::Session::builder(env)
            .map_err(|e| InferError::Runtime(e.to_string()))?
            .with_intra_threads(intra_threads.max(1))
            .map_err(err)
    };
    let commit = |mut b: ort::session::builder::SessionBuilder| {
        b.commit_from_file(model)
            .map_err(|e| InferError::Runtime(format!("cannot load {}: {e}", model.display())))
    };
    match device {
        Device::Cpu => Ok((commit(base()?)?, Device::Cpu)),
        Device::Cuda(id) => {
            cuda_session(base()?, id).and_then(|b| Ok((commit(b)?, Device::Cuda(id))))
        }
        Device::Auto => match cuda_session(base()?, 0).and_then(commit) {
            Ok(s) => Ok((s, Device::Cuda(0))),
            Err(e) => {
                tracing::warn!(error = %e, "CUDA is not usable; falling back to CPU as --device auto allows");
                Ok((commit(base()?)?, Device::Cpu))
            }
        },
    }
}

#[cfg(feature = "cuda")]
fn cuda_session(
    b: ort::session::builder::SessionBuilder,
    id: i32,
) -> Result<ort::session::builder::SessionBuilder, InferError> {
    b.with_execution_providers([ort::ep::CUDA::default()
        .with_device_id(id)
        .build()
        .error_on_failure()])
        .map_err(|e| InferError::Runtime(format!("CUDA execution provider unavailable: {e}")))
}

#[cfg(not(feature = "cuda"))]
fn cuda_session(
    _b: ort::session::builder::SessionBuilder,
    _id: i32,
) -> Result<ort::session::builder::SessionBuilder, InferError> {
    Err(InferError::Runtime(
        "this medsent was built without the `cuda` feature".into(),
    ))
}
