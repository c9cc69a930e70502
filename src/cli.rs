use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// medsent: clinical notes in, de-identified sentiment rows out (Parquet).
///
/// Every flag can also be set by the environment variable shown with it.
#[derive(Debug, Parser)]
#[command(name = "medsent", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Log format on stderr: `text` or `json`.
    #[arg(
        long,
        global = true,
        env = "MEDSENT_LOG_FORMAT",
        default_value = "text"
    )]
    pub log_format: String,
    /// Log filter (tracing env-filter syntax), e.g. `info` or `medsent=debug`.
    #[arg(long, global = true, env = "MEDSENT_LOG", default_value = "info")]
    pub log_level: String,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read record files, de-identify, score and write a Parquet lake.
    Backfill(BackfillArgs),
    /// De-identify records only and write JSON Lines (for privacy review).
    Deid(DeidArgs),
}

/// Settings of the de-identification engine (shared by every command).
#[derive(Debug, Args, Clone)]
pub struct DeidOpts {
    /// File holding the secret that keys pseudonyms and date shifts (≥16 bytes).
    #[arg(long, env = "MEDSENT_HMAC_KEY_FILE")]
    pub hmac_key_file: Option<PathBuf>,
    /// The secret itself (prefer --hmac-key-file or a secret store).
    #[arg(long, env = "MEDSENT_HMAC_KEY", hide_env_values = true)]
    pub hmac_key: Option<String>,
    /// Dates are shifted per patient by up to ± this many days (never 0).
    #[arg(long, env = "MEDSENT_MAX_SHIFT_DAYS", default_value_t = 365)]
    pub max_shift_days: u32,
}

/// Input reading limits.
#[derive(Debug, Args, Clone)]
pub struct InputOpts {
    /// Records larger than this many bytes are dead-lettered as oversized.
    #[arg(long, env = "MEDSENT_MAX_RECORD_BYTES", default_value_t = 1 << 20)]
    pub max_record_bytes: usize,
    /// Lines per input chunk (the unit of output segments; keep it fixed for an output).
    #[arg(long, env = "MEDSENT_CHUNK_LINES", default_value_t = 100_000)]
    pub chunk_lines: u64,
}

#[derive(Debug, Args)]
pub struct BackfillArgs {
    /// Input files: JSON Lines records (`-` for standard input).
    #[arg(required = true, env = "MEDSENT_INPUTS", value_delimiter = ',')]
    pub inputs: Vec<PathBuf>,
    /// Output location of the lake: a local directory.
    #[arg(long, env = "MEDSENT_OUT")]
    pub out: String,
    /// Model directory (model.onnx, tokenizer.json, model.toml).
    #[arg(
        long,
        env = "MEDSENT_MODEL_DIR",
        default_value = "models/minilm-sentiment"
    )]
    pub model_dir: PathBuf,
    /// ONNX Runtime shared library. Default: ORT_DYLIB_PATH, else what scripts/setup.sh recorded.
    #[arg(long, env = "MEDSENT_ORT_LIB")]
    pub ort_lib: Option<PathBuf>,
    /// Where to run the model: cpu, cuda, cuda:N, or auto (CUDA if usable, else CPU).
    #[arg(long, env = "MEDSENT_DEVICE", default_value = "cpu")]
    pub device: String,
    /// Most windows per model run.
    #[arg(long, env = "MEDSENT_MAX_BATCH_SIZE", default_value_t = 32)]
    pub max_batch_size: usize,
    /// Most padded tokens per model run.
    #[arg(long, env = "MEDSENT_MAX_BATCH_TOKENS", default_value_t = 8192)]
    pub max_batch_tokens: usize,
    /// Model instances (sessions).
    #[arg(long, env = "MEDSENT_INSTANCES", default_value_t = 1)]
    pub instances: usize,
    /// ONNX Runtime threads per instance (0: one per core).
    #[arg(long, env = "MEDSENT_INTRA_THREADS", default_value_t = 0)]
    pub intra_threads: usize,
    /// De-identification threads (0: one per core).
    #[arg(long, env = "MEDSENT_DEID_THREADS", default_value_t = 0)]
    pub deid_threads: usize,
    /// Keep the de-identified text in a `text` column.
    #[arg(long, env = "MEDSENT_INCLUDE_TEXT")]
    pub include_text: bool,
    /// Most rows per Parquet file.
    #[arg(long, env = "MEDSENT_SEGMENT_ROWS", default_value_t = 100_000)]
    pub segment_rows: usize,
    /// Hide the progress bar (it only shows on a terminal anyway).
    #[arg(long, env = "MEDSENT_NO_PROGRESS")]
    pub no_progress: bool,
    /// Write a JSON run report (counts and per-stage seconds) to this file.
    #[arg(long, env = "MEDSENT_REPORT")]
    pub report: Option<PathBuf>,
    #[command(flatten)]
    pub deid: DeidOpts,
    #[command(flatten)]
    pub input: InputOpts,
}

#[derive(Debug, Args)]
pub struct DeidArgs {
    /// Input file of JSON Lines records (`-` for standard input).
    #[arg(env = "MEDSENT_INPUT")]
    pub input: PathBuf,
    /// Output JSON Lines file (`-` for standard output).
    #[arg(long, env = "MEDSENT_OUT")]
    pub out: PathBuf,
    /// Also write the detected spans as {start, end, kind} (Unicode scalar offsets).
    #[arg(long, env = "MEDSENT_SPANS")]
    pub spans: bool,
    /// Dead-letter file for records that cannot be read (default: OUT.dead_letter.jsonl).
    #[arg(long, env = "MEDSENT_DEAD_LETTER")]
    pub dead_letter: Option<PathBuf>,
    #[command(flatten)]
    pub deid: DeidOpts,
    #[command(flatten)]
    pub input_opts: InputOpts,
}
