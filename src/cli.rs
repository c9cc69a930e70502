use clap::{ArgAction, Args, Parser, Subcommand};
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
    /// Score de-identification against labelled spans: precision/recall per kind.
    DeidEval(EvalArgs),
    /// HTTP gateway: de-identify then score, JSON API and KServe v2 protocol.
    Serve(ServeArgs),
    /// Kafka consumer-group worker: de-identify (PHI-free topic), score and write the lake.
    Stream(StreamArgs),
}

#[derive(Debug, Args)]
pub struct StreamArgs {
    /// all: raw topic → lake in one process; deid: raw topic → PHI-free topic (CPU tier);
    /// infer: PHI-free topic → lake (GPU tier).
    #[arg(long, env = "MEDSENT_STAGE", default_value = "all")]
    pub stage: crate::stream::Stage,
    /// Kafka bootstrap servers.
    #[arg(long, env = "MEDSENT_KAFKA_BROKERS", default_value = "127.0.0.1:9092")]
    pub brokers: String,
    /// Consumer group (one per stage: the deid and infer tiers use different groups).
    #[arg(long, env = "MEDSENT_KAFKA_GROUP", default_value = "medsent")]
    pub group: String,
    /// Static group membership id (e.g. the StatefulSet pod name): a restarted worker takes its
    /// partitions back at once; also names the deid stage's transactional producer.
    #[arg(long, env = "MEDSENT_KAFKA_INSTANCE_ID")]
    pub instance_id: Option<String>,
    /// Topic of raw records (JSON records or FHIR R4 resources).
    #[arg(long, env = "MEDSENT_KAFKA_TOPIC", default_value = "notes.raw")]
    pub topic: String,
    /// PHI-free topic between the deid and infer stages.
    #[arg(long, env = "MEDSENT_KAFKA_CLEAN_TOPIC", default_value = "notes.clean")]
    pub clean_topic: String,
    /// Dead-letter topic (default: the input topic + `.dlq`).
    #[arg(long, env = "MEDSENT_KAFKA_DEAD_LETTER_TOPIC")]
    pub dead_letter_topic: Option<String>,
    /// Extra librdkafka property as key=value (repeat or comma-separate), e.g.
    /// security.protocol=SASL_SSL.
    #[arg(long, env = "MEDSENT_KAFKA_OPTIONS", value_delimiter = ',')]
    pub kafka_option: Vec<String>,
    #[arg(
        long,
        env = "MEDSENT_KAFKA_SESSION_TIMEOUT_MS",
        default_value_t = 10_000
    )]
    pub session_timeout_ms: u32,
    /// deid stage: commit offsets after delivery instead of in a Kafka transaction (for
    /// brokers without transactions; the PHI-free topic may then hold duplicates after a crash).
    #[arg(long, env = "MEDSENT_NO_TRANSACTIONS")]
    pub no_transactions: bool,
    /// Lake location (all, infer): a local directory or s3://bucket/prefix.
    #[arg(long, env = "MEDSENT_OUT")]
    pub out: Option<String>,
    #[command(flatten)]
    pub s3: S3Opts,
    #[command(flatten)]
    pub model: ModelOpts,
    #[command(flatten)]
    pub deid: DeidOpts,
    #[command(flatten)]
    pub input: InputOpts,
    /// De-identification threads (0: one per core).
    #[arg(long, env = "MEDSENT_DEID_THREADS", default_value_t = 0)]
    pub deid_threads: usize,
    /// Keep the de-identified text in a `text` column.
    #[arg(long, env = "MEDSENT_INCLUDE_TEXT")]
    pub include_text: bool,
    /// Most messages per processing batch.
    #[arg(long, env = "MEDSENT_BATCH", default_value_t = 512)]
    pub batch: usize,
    /// A partition's buffered rows are written as one flush group (one file per shifted date)
    /// and its offset committed at this many rows...
    #[arg(long, env = "MEDSENT_FLUSH_ROWS", default_value_t = 50_000)]
    pub flush_rows: usize,
    /// ...or this many (uncompressed, estimated) bytes...
    #[arg(long, env = "MEDSENT_FLUSH_BYTES", default_value_t = 256 << 20)]
    pub flush_bytes: usize,
    /// ...or when the oldest is this many seconds old.
    #[arg(long, env = "MEDSENT_FLUSH_SECONDS", default_value_t = 60)]
    pub flush_seconds: u64,
    /// Serve /metrics (consumer lag, counters), /healthz and /readyz on this address.
    #[arg(long, env = "MEDSENT_METRICS_LISTEN")]
    pub metrics_listen: Option<String>,
    /// Flush, commit and exit after this many seconds with partitions assigned but no messages
    /// (0: run until SIGTERM). For draining a topic in jobs and benchmarks.
    #[arg(long, env = "MEDSENT_EXIT_WHEN_IDLE_SECONDS", default_value_t = 0)]
    pub exit_when_idle_seconds: u64,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the chosen address is printed).
    #[arg(long, env = "MEDSENT_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    #[command(flatten)]
    pub model: ModelOpts,
    /// Most windows waiting for the model; beyond it requests get 429.
    #[arg(long, env = "MEDSENT_MAX_QUEUE_WINDOWS", default_value_t = 512)]
    pub max_queue_windows: usize,
    /// Wait up to this many microseconds for a fuller batch (0: never wait).
    #[arg(long, env = "MEDSENT_MAX_QUEUE_DELAY_US", default_value_t = 0)]
    pub max_queue_delay_us: u64,
    /// Async worker threads for HTTP.
    #[arg(long, env = "MEDSENT_HTTP_THREADS", default_value_t = 2)]
    pub http_threads: usize,
    /// Shared secret for HS256 bearer tokens (≥32 bytes).
    #[arg(long, env = "MEDSENT_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// JWKS file with the RS256/ES256 public keys of the token issuer.
    #[arg(long, env = "MEDSENT_JWKS")]
    pub jwks: Option<PathBuf>,
    /// Required `iss` claim.
    #[arg(long, env = "MEDSENT_JWT_ISSUER")]
    pub jwt_issuer: Option<String>,
    /// Required `aud` claim.
    #[arg(long, env = "MEDSENT_JWT_AUDIENCE")]
    pub jwt_audience: Option<String>,
    /// Scope the token must carry (`scope` or `scp` claim); empty: none.
    #[arg(long, env = "MEDSENT_JWT_SCOPE", default_value = "medsent.infer")]
    pub jwt_scope: String,
    /// Serve without authentication (local use only; logs a warning).
    #[arg(long, env = "MEDSENT_NO_AUTH")]
    pub no_auth: bool,
    /// TLS certificate chain (PEM); with --tls-key, serve HTTPS.
    #[arg(long, env = "MEDSENT_TLS_CERT")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM).
    #[arg(long, env = "MEDSENT_TLS_KEY")]
    pub tls_key: Option<PathBuf>,
    /// Largest request body in bytes (413 beyond).
    #[arg(long, env = "MEDSENT_MAX_BODY_BYTES", default_value_t = 1 << 20)]
    pub max_body_bytes: usize,
    /// Most notes in one request.
    #[arg(long, env = "MEDSENT_MAX_NOTES", default_value_t = 64)]
    pub max_notes: usize,
    /// Per-request time limit in milliseconds (504 beyond).
    #[arg(long, env = "MEDSENT_REQUEST_TIMEOUT_MS", default_value_t = 10_000)]
    pub request_timeout_ms: u64,
    /// Check model.toml this often and load a new version without dropping requests (0: never).
    #[arg(long, env = "MEDSENT_RELOAD_CHECK_SECONDS", default_value_t = 10)]
    pub reload_check_seconds: u64,
    /// After SIGTERM, how long in-flight requests may take before exit.
    #[arg(long, env = "MEDSENT_DRAIN_SECONDS", default_value_t = 20)]
    pub drain_seconds: u64,
    #[command(flatten)]
    pub deid: DeidOpts,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labelled set: `synth` (generated notes with planted PHI), `phrasings` (passages from the
    /// template bank in fixtures/synth/src/phrasings.rs; its odd templates are the `--holdout`
    /// half, which no rule was written from) or a presidio-research JSON file.
    #[arg(long, env = "MEDSENT_EVAL_SET", default_value = "synth")]
    pub set: String,
    /// As `medsent deid --lone-names`: lone capitalised unknown words are names.
    #[arg(long, env = "MEDSENT_LONE_NAMES", default_value_t = true, action = ArgAction::Set)]
    pub lone_names: bool,
    /// Synthetic notes to generate.
    #[arg(long, env = "MEDSENT_EVAL_RECORDS", default_value_t = 2000)]
    pub records: usize,
    /// Generator seed.
    #[arg(long, env = "MEDSENT_EVAL_SEED", default_value_t = 7)]
    pub seed: u64,
    /// Use the held-out split (names, places and phrasings no rule was developed against).
    #[arg(long, env = "MEDSENT_EVAL_HOLDOUT")]
    pub holdout: bool,
    /// For a presidio-research file: `dev` (even-numbered texts, which rules may be developed
    /// against), `test` (odd-numbered, evaluation only) or `all`.
    #[arg(long, env = "MEDSENT_EVAL_SPLIT", default_value = "all")]
    pub split: String,
    /// Clinical terms that are not PHI (fixtures/clinical/hpo_terms.tsv): two sentences built from them are
    /// appended to every text, and the share of their tokens removed is reported (over-redaction of
    /// medical content). Terms on even lines go with the dev sets (synthetic dev, presidio dev), odd
    /// lines with the test sets (`--holdout`, presidio test).
    #[arg(long, env = "MEDSENT_EVAL_CLINICAL")]
    pub clinical: Option<PathBuf>,
    /// Lower-case every text first (notes typed without capitals): what the engine finds when case
    /// tells it nothing.
    #[arg(long, env = "MEDSENT_EVAL_LOWER_CASE", conflicts_with = "upper_case")]
    pub lower_case: bool,
    /// Upper-case every text first (notes in capitals, as older systems print them): what the
    /// engine finds when every word is capitalised.
    #[arg(long, env = "MEDSENT_EVAL_UPPER_CASE")]
    pub upper_case: bool,
    /// Replace every word of every labelled name with an invented one of the same length and
    /// capitals (consistent within a text; offsets unchanged), so that no name is in any word list
    /// the engine has: what context alone finds, as for a rare or foreign name.
    #[arg(long, env = "MEDSENT_EVAL_UNKNOWN_NAMES")]
    pub unknown_names: bool,
    /// Also write the results as JSON to this file.
    #[arg(long, env = "MEDSENT_EVAL_JSON")]
    pub json: Option<PathBuf>,
    /// Print up to this many missed spans per kind, and tokens wrongly taken per kind (their
    /// text: synthetic or public data only).
    #[arg(long, env = "MEDSENT_EVAL_SHOW_MISSES", default_value_t = 0)]
    pub show_misses: usize,
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
    /// What replaces a kind of PHI, as kind=operator (repeat or comma-separate): operators tag, hmac
    /// (keyed pseudonym), surrogate (made-up value, consistent within a patient; name, phone, fax,
    /// email, address, location), shift (date), generalise (date → year, zip → ZIP3, age → >89).
    /// Default: date=shift, zip=generalise, age=generalise, everything else tag.
    #[arg(long = "operator", env = "MEDSENT_OPERATORS", value_delimiter = ',')]
    pub operators: Vec<String>,
    /// Dates are shifted per patient by up to ± this many days (never 0).
    #[arg(long, env = "MEDSENT_MAX_SHIFT_DAYS", default_value_t = 365)]
    pub max_shift_days: u32,
    /// Take a capitalised word that no word list knows as a name even with no context
    /// ("Shovda is very reliable"). `false` trades recall for fewer clinical words taken as
    /// names (unlisted jargon such as "Vanco").
    #[arg(long, env = "MEDSENT_LONE_NAMES", default_value_t = true, action = ArgAction::Set)]
    pub lone_names: bool,
}

/// The model and how it runs (shared by every command that scores).
#[derive(Debug, Args, Clone)]
pub struct ModelOpts {
    /// Model directory (model.onnx, tokenizer.json, model.toml); `serve` waits for it if absent.
    #[arg(
        long,
        env = "MEDSENT_MODEL_DIR",
        default_value = "models/minilm-sentiment"
    )]
    pub model_dir: PathBuf,
    /// ONNX Runtime shared library. Default: ORT_DYLIB_PATH, else what scripts/setup.sh recorded.
    #[arg(long, env = "MEDSENT_ORT_LIB")]
    pub ort_lib: Option<PathBuf>,
    /// Where to run the model: cpu, cuda, cuda:N, or auto (CUDA if usable, else CPU with a warning).
    #[arg(long, env = "MEDSENT_DEVICE", default_value = "cpu")]
    pub device: String,
    /// Most windows per model run.
    #[arg(long, env = "MEDSENT_MAX_BATCH_SIZE", default_value_t = 32)]
    pub max_batch_size: usize,
    /// Most padded tokens per model run.
    #[arg(long, env = "MEDSENT_MAX_BATCH_TOKENS", default_value_t = 8192)]
    pub max_batch_tokens: usize,
    /// Model instances (sessions), each with its own worker thread (0: auto: on CPU one per 3 cores
    /// beyond 4 cores, else 1; on a GPU 2).
    #[arg(long, env = "MEDSENT_INSTANCES", default_value_t = 0)]
    pub instances: usize,
    /// ONNX Runtime threads per instance (0: auto: 2 when there are several instances, else one
    /// per core).
    #[arg(long, env = "MEDSENT_INTRA_THREADS", default_value_t = 0)]
    pub intra_threads: usize,
}

/// How inputs are read.
#[derive(Debug, Args, Clone)]
pub struct InputOpts {
    /// Input format: auto (from the file name: .csv, .parquet, else JSON Lines; .gz/.zst
    /// undone), jsonl, fhir (FHIR R4 NDJSON: DocumentReference/DiagnosticReport), csv, parquet.
    /// JSON lines with a `resourceType` are read as FHIR in any case.
    #[arg(long, env = "MEDSENT_FORMAT", default_value = "auto")]
    pub format: String,
    /// CSV/Parquet column for a record field, as field=column (repeat or comma-separate), e.g.
    /// `id=note_id,text=body,demographics.name=patient_name`. Unmapped fields use a column of
    /// the same name.
    #[arg(long = "column", env = "MEDSENT_COLUMNS", value_delimiter = ',')]
    pub columns: Vec<String>,
    /// Records larger than this many bytes are dead-lettered as oversized.
    #[arg(long, env = "MEDSENT_MAX_RECORD_BYTES", default_value_t = 1 << 20)]
    pub max_record_bytes: usize,
    /// Lines (rows) per input chunk: the unit of output segments and of resume; keep it fixed
    /// for an output.
    #[arg(long, env = "MEDSENT_CHUNK_LINES", default_value_t = 100_000)]
    pub chunk_lines: u64,
}

#[derive(Debug, Args)]
pub struct BackfillArgs {
    /// Inputs: files, directories, globs (quote them), `s3://bucket/prefix` (every object under
    /// it) or `s3://bucket/dir/*.jsonl.gz`; `-` for standard input.
    #[arg(required = true, env = "MEDSENT_INPUTS", value_delimiter = ',')]
    pub inputs: Vec<String>,
    /// Output location of the lake: a local directory, file:///dir or s3://bucket/prefix.
    #[arg(long, env = "MEDSENT_OUT")]
    pub out: String,
    #[command(flatten)]
    pub s3: S3Opts,
    #[command(flatten)]
    pub model: ModelOpts,
    /// De-identification threads (0: one per core).
    #[arg(long, env = "MEDSENT_DEID_THREADS", default_value_t = 0)]
    pub deid_threads: usize,
    /// Keep the de-identified text in a `text` column.
    #[arg(long, env = "MEDSENT_INCLUDE_TEXT")]
    pub include_text: bool,
    /// Most rows per Parquet file.
    #[arg(long, env = "MEDSENT_SEGMENT_ROWS", default_value_t = 100_000)]
    pub segment_rows: usize,
    /// Most (uncompressed, estimated) bytes per Parquet file.
    #[arg(long, env = "MEDSENT_SEGMENT_BYTES", default_value_t = 256 << 20)]
    pub segment_bytes: usize,
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
    /// Input: a file, directory, glob or s3:// URL, in any backfill format (`-` for standard input).
    #[arg(env = "MEDSENT_INPUT")]
    pub input: String,
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

/// S3-compatible storage. Unset values fall back to the standard AWS variables
/// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, AWS_ENDPOINT_URL).
#[derive(Debug, Args, Clone)]
pub struct S3Opts {
    /// Endpoint of an S3-compatible server (e.g. http://127.0.0.1:8333); path-style addressing.
    #[arg(long, env = "MEDSENT_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,
    #[arg(long, env = "MEDSENT_S3_REGION")]
    pub s3_region: Option<String>,
    #[arg(long, env = "MEDSENT_S3_ACCESS_KEY_ID", hide_env_values = true)]
    pub s3_access_key_id: Option<String>,
    /// Prefer the environment variable to the flag (flags show in process lists).
    #[arg(long, env = "MEDSENT_S3_SECRET_ACCESS_KEY", hide_env_values = true)]
    pub s3_secret_access_key: Option<String>,
    /// Use bucket.host addressing (AWS) even with --s3-endpoint.
    #[arg(long, env = "MEDSENT_S3_VIRTUAL_HOSTED")]
    pub s3_virtual_hosted: bool,
    /// Retries of a failed request (5xx, throttling, timeouts, refused connections), with
    /// exponential backoff.
    #[arg(long, env = "MEDSENT_S3_MAX_RETRIES", default_value_t = 30)]
    pub s3_max_retries: usize,
    /// Stop retrying one request after this many seconds.
    #[arg(long, env = "MEDSENT_S3_RETRY_TIMEOUT_SECONDS", default_value_t = 120)]
    pub s3_retry_timeout_seconds: u64,
}

impl S3Opts {
    pub fn options(&self) -> sink::S3Options {
        let mut o = sink::S3Options::with_defaults();
        o.endpoint = self.s3_endpoint.clone();
        o.region = self.s3_region.clone();
        o.access_key_id = self.s3_access_key_id.clone();
        o.secret_access_key = self.s3_secret_access_key.clone();
        o.virtual_hosted = self.s3_virtual_hosted.then_some(true);
        o.max_retries = self.s3_max_retries;
        o.retry_timeout = std::time::Duration::from_secs(self.s3_retry_timeout_seconds.max(1));
        o
    }
}
