//! `medsent serve`: the HTTP sync path. De-identifies each note in the
//! gateway, then scores it through the shared batcher at interactive
//! priority. Speaks a small JSON API (`/v1/sentiment`) and the KServe v2 /
//! Open Inference Protocol, so Triton clients can switch.

mod auth;
mod metrics;
mod tls;

use crate::cli::ServeArgs;
use crate::{config, stages};
use anyhow::{Context, Result};
use axum::extract::{DefaultBodyLimit, MatchedPath, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use infer::{Engine, EngineConfig, InferError, Priority};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

pub use auth::Auth;

struct AppState {
    deid: Arc<deid::Deidentifier>,
    engine: OnceLock<Arc<Engine>>,
    auth: Option<Auth>,
    metrics: metrics::Metrics,
    timeout: Duration,
    max_notes: usize,
    draining: AtomicBool,
}

type Shared = Arc<AppState>;

impl AppState {
    fn engine(&self) -> Result<&Arc<Engine>, ApiError> {
        match self.engine.get() {
            Some(e) if !self.draining.load(Ordering::Relaxed) => Ok(e),
            _ => Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "not_ready",
                "the model is not loaded yet",
            )),
        }
    }
    fn ready(&self) -> bool {
        self.engine.get().is_some() && !self.draining.load(Ordering::Relaxed)
    }
}

/// JSON error with a code and a message that never echoes request content.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    /// KServe v2 routes answer `{"error": "..."}` as the protocol says.
    kserve: bool,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            kserve: false,
        }
    }
    fn bad(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }
    fn kserve(mut self) -> ApiError {
        self.kserve = true;
        self
    }
}

impl From<InferError> for ApiError {
    fn from(e: InferError) -> ApiError {
        match e {
            InferError::QueueFull => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "overloaded",
                "the inference queue is full; retry shortly",
            ),
            InferError::Closed => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "shutting_down",
                "the server is shutting down",
            ),
            InferError::Tokenize => ApiError::bad("untokenizable", "a note could not be tokenised"),
            other => {
                tracing::error!(error = %other, "inference failed");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "inference_failed",
                    "inference failed",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = if self.kserve {
            json!({ "error": self.message })
        } else {
            json!({ "error": { "code": self.code, "message": self.message } })
        };
        let mut r = (self.status, Json(body)).into_response();
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}

/// Parses a JSON body; errors say where and what kind, never quote the body.
fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        let msg = e.to_string();
        let detail = match e.classify() {
            serde_json::error::Category::Data => match msg.split_once("missing field `") {
                Some((_, rest)) => {
                    format!("missing field `{}", rest.split('`').next().unwrap_or("")) + "`"
                }
                None => "the body does not match the request schema".to_owned(),
            },
            c => format!("{c:?} error"),
        };
        ApiError::bad(
            "invalid_request",
            format!("{detail} at line {} column {}", e.line(), e.column()),
        )
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SentimentRequest {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    notes: Option<Vec<NoteIn>>,
    /// Return the de-identified text with each result.
    #[serde(default)]
    return_text: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteIn {
    #[serde(default)]
    id: Option<String>,
    text: String,
    /// Keys the date shift, so a patient's dates move together.
    #[serde(default)]
    patient_id: Option<String>,
    #[serde(default)]
    demographics: Option<ingest::Demographics>,
}

#[derive(Serialize)]
struct NoteOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    label: Arc<str>,
    model_version: Arc<str>,
    score: f32,
    score_positive: f32,
    windows: u32,
    phi_counts: deid::PhiCounts,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

/// De-identify (on the blocking pool), then score at interactive priority.
async fn score(
    st: &Shared,
    engine: Arc<Engine>,
    notes: Vec<NoteIn>,
) -> Result<Vec<(Option<String>, infer::Prediction, deid::PhiCounts, String)>, ApiError> {
    if notes.is_empty() {
        return Err(ApiError::bad("invalid_request", "no notes given"));
    }
    if notes.len() > st.max_notes {
        return Err(ApiError::bad(
            "too_many_notes",
            format!("at most {} notes per request", st.max_notes),
        ));
    }
    let (deid, eng) = (st.deid.clone(), engine.clone());
    let prepared = tokio::task::spawn_blocking(move || {
        notes
            .into_iter()
            .map(|n| {
                let seeds = stages::seeds_of(n.demographics.as_ref());
                let pid = n.patient_id.as_deref().unwrap_or("anonymous");
                let year = chrono::Datelike::year(&chrono::Utc::now());
                let red = deid.redact(
                    &n.text,
                    &deid::Subject {
                        patient_id: pid,
                        reference_year: year,
                        seeds: &seeds,
                    },
                );
                let enc = eng.encode(&red.text)?;
                Ok((n.id, enc, red.counts, red.text))
            })
            .collect::<Result<Vec<_>, InferError>>()
    })
    .await
    .map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "preparation failed",
        )
    })??;
    let mut pending = Vec::with_capacity(prepared.len());
    for (id, enc, counts, text) in prepared {
        st.metrics.add_phi(&counts);
        let p = engine.submit(enc, Priority::Interactive).inspect_err(|e| {
            if matches!(e, InferError::QueueFull) {
                st.metrics
                    .rejected_queue_full
                    .fetch_add(1, Ordering::Relaxed);
            }
        })?;
        pending.push((id, p, counts, text));
    }
    let mut out = Vec::with_capacity(pending.len());
    for (id, p, counts, text) in pending {
        out.push((id, p.await?, counts, text));
    }
    Ok(out)
}

async fn with_timeout<T>(
    st: &Shared,
    f: impl std::future::Future<Output = Result<T, ApiError>>,
) -> Result<T, ApiError> {
    tokio::time::timeout(st.timeout, f)
        .await
        .unwrap_or_else(|_| {
            Err(ApiError::new(
                StatusCode::GATEWAY_TIMEOUT,
                "timeout",
                "the request took too long",
            ))
        })
}

fn body_or_413(
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Bytes, ApiError> {
    body.map_err(|e| {
        ApiError::new(
            e.status(),
            "body_rejected",
            "the request body was too large or unreadable",
        )
    })
}

async fn sentiment(
    State(st): State<Shared>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let req: SentimentRequest = parse(&body_or_413(body)?)?;
    let notes = match (req.text, req.notes) {
        (Some(t), None) => vec![NoteIn {
            id: None,
            text: t,
            patient_id: None,
            demographics: None,
        }],
        (None, Some(n)) => n,
        _ => {
            return Err(ApiError::bad(
                "invalid_request",
                "give exactly one of `text` or `notes`",
            ));
        }
    };
    // Taken once: a request admitted before a drain began runs to completion.
    let engine = st.engine()?.clone();
    let results = with_timeout(&st, score(&st, engine.clone(), notes)).await?;
    let spec = engine.spec();
    // The version that scored the notes (a reload may have happened meanwhile).
    let version = results.first().map_or_else(
        || spec.version.as_str().into(),
        |r| r.1.model_version.clone(),
    );
    let out: Vec<NoteOut> = results
        .into_iter()
        .map(|(id, p, counts, text)| NoteOut {
            id,
            model_version: p.model_version.clone(),
            label: p.label,
            score: p.score,
            score_positive: p.positive,
            windows: p.windows,
            phi_counts: counts,
            text: req.return_text.then_some(text),
        })
        .collect();
    Ok(Json(
        json!({ "model": { "name": spec.name, "version": version }, "results": out }),
    ))
}

// ---- KServe v2 / Open Inference Protocol -------------------------------------------------

#[derive(Deserialize)]
struct V2Request {
    #[serde(default)]
    id: Option<String>,
    inputs: Vec<V2Input>,
}

#[derive(Deserialize)]
struct V2Input {
    name: String,
    #[serde(default)]
    shape: Vec<i64>,
    datatype: String,
    data: serde_json::Value,
}

fn flatten_strings(v: &serde_json::Value, out: &mut Vec<String>) -> Result<(), ApiError> {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => {
            for x in a {
                flatten_strings(x, out)?;
            }
        }
        _ => {
            return Err(
                ApiError::bad("invalid_request", "BYTES input data must be strings").kserve(),
            );
        }
    }
    Ok(())
}

fn model_named<'a>(st: &'a Shared, name: &str) -> Result<&'a Arc<Engine>, ApiError> {
    let e = st.engine().map_err(ApiError::kserve)?;
    if e.spec().name != name {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_model",
            format!("no model named {name:?} is served"),
        )
        .kserve());
    }
    Ok(e)
}

async fn v2_infer(
    State(st): State<Shared>,
    Path(name): Path<String>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let engine = model_named(&st, &name)?.clone();
    let req: V2Request =
        parse(&body_or_413(body).map_err(ApiError::kserve)?).map_err(ApiError::kserve)?;
    let [input] = req.inputs.as_slice() else {
        return Err(ApiError::bad(
            "invalid_request",
            "expected exactly one input (BYTES, texts)",
        )
        .kserve());
    };
    if input.datatype != "BYTES" {
        return Err(ApiError::bad(
            "invalid_request",
            format!("input {:?} must have datatype BYTES", input.name),
        )
        .kserve());
    }
    let mut texts = Vec::new();
    flatten_strings(&input.data, &mut texts)?;
    let declared: i64 = input.shape.iter().product();
    if !input.shape.is_empty() && declared != texts.len() as i64 {
        return Err(ApiError::bad(
            "invalid_request",
            format!(
                "shape {:?} does not match {} elements",
                input.shape,
                texts.len()
            ),
        )
        .kserve());
    }
    let notes = texts
        .into_iter()
        .map(|t| NoteIn {
            id: None,
            text: t,
            patient_id: None,
            demographics: None,
        })
        .collect();
    let results = with_timeout(&st, score(&st, engine.clone(), notes))
        .await
        .map_err(ApiError::kserve)?;
    let n = results.len();
    let k = engine.spec().labels.len();
    let labels: Vec<&str> = results.iter().map(|r| &*r.1.label).collect();
    let scores: Vec<f32> = results.iter().map(|r| r.1.score).collect();
    let probs: Vec<f32> = results
        .iter()
        .flat_map(|r| r.1.probs.iter().copied())
        .collect();
    let phi: Vec<u32> = results.iter().map(|r| r.2.total()).collect();
    let version = results.first().map_or_else(
        || engine.spec().version.as_str().into(),
        |r| r.1.model_version.clone(),
    );
    let mut resp = json!({
        "model_name": engine.spec().name,
        "model_version": version,
        "outputs": [
            { "name": "label", "datatype": "BYTES", "shape": [n], "data": labels },
            { "name": "score", "datatype": "FP32", "shape": [n], "data": scores },
            { "name": "probabilities", "datatype": "FP32", "shape": [n, k], "data": probs },
            { "name": "phi_count", "datatype": "UINT32", "shape": [n], "data": phi },
        ],
    });
    if let Some(id) = req.id {
        resp["id"] = json!(id);
    }
    Ok(Json(resp))
}

async fn v2_model(
    State(st): State<Shared>,
    Path(name): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let e = model_named(&st, &name)?;
    let s = e.spec();
    Ok(Json(json!({
        "name": s.name,
        "versions": [s.version],
        "platform": "onnxruntime_onnx",
        "inputs": [{ "name": "text", "datatype": "BYTES", "shape": [-1] }],
        "outputs": [
            { "name": "label", "datatype": "BYTES", "shape": [-1] },
            { "name": "score", "datatype": "FP32", "shape": [-1] },
            { "name": "probabilities", "datatype": "FP32", "shape": [-1, s.labels.len()] },
            { "name": "phi_count", "datatype": "UINT32", "shape": [-1] },
        ],
        "parameters": { "labels": s.labels, "max_length": s.max_length, "device": e.device().to_string() },
    })))
}

async fn v2_model_ready(
    State(st): State<Shared>,
    Path(name): Path<String>,
) -> Result<StatusCode, ApiError> {
    model_named(&st, &name).map(|_| StatusCode::OK)
}

async fn v2_server() -> Json<serde_json::Value> {
    Json(json!({ "name": "medsent", "version": env!("CARGO_PKG_VERSION"), "extensions": [] }))
}

async fn live() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

async fn ready(State(st): State<Shared>) -> (StatusCode, Json<serde_json::Value>) {
    if st.ready() {
        (StatusCode::OK, Json(json!({ "status": "ready" })))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "not_ready" })),
        )
    }
}

async fn metrics_text(State(st): State<Shared>) -> impl IntoResponse {
    let body = st
        .metrics
        .render(st.engine.get().map(|e| e.as_ref()), st.ready());
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}

async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("openapi.json"),
    )
}

async fn authenticate(
    State(st): State<Shared>,
    headers: HeaderMap,
    req: Request,
    next: Next,
) -> Response {
    if let Some(a) = &st.auth {
        let h = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        if let Err(d) = a.check(h) {
            return match d {
                auth::Denied::Unauthorized => ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "a valid bearer token is required",
                ),
                auth::Denied::Forbidden => ApiError::new(
                    StatusCode::FORBIDDEN,
                    "forbidden",
                    "the token lacks the required scope",
                ),
            }
            .into_response();
        }
    }
    next.run(req).await
}

async fn observe(State(st): State<Shared>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let t = Instant::now();
    let resp = next.run(req).await;
    st.metrics
        .observe(&route, resp.status().as_u16(), t.elapsed().as_secs_f64());
    resp
}

fn router(st: Shared, max_body: usize) -> Router {
    let protected = Router::new()
        .route("/v1/sentiment", post(sentiment))
        .route("/v2/models/{model}", get(v2_model))
        .route("/v2/models/{model}/ready", get(v2_model_ready))
        .route("/v2/models/{model}/infer", post(v2_infer))
        .route_layer(middleware::from_fn_with_state(st.clone(), authenticate));
    Router::new()
        .merge(protected)
        .route("/healthz", get(live))
        .route("/readyz", get(ready))
        .route("/v2", get(v2_server))
        .route("/v2/health/live", get(live))
        .route("/v2/health/ready", get(ready))
        .route("/metrics", get(metrics_text))
        .route("/openapi.json", get(openapi))
        .layer(DefaultBodyLimit::max(max_body))
        .route_layer(middleware::from_fn_with_state(st.clone(), observe))
        .with_state(st)
}

/// Waits for the model directory to appear (a volume may be filled after the
/// pod starts), then loads it. The server answers liveness meanwhile and
/// readiness only once this is done.
/// Polls `model.toml` and reloads when its version changes: queued requests
/// finish on the old version, new ones go to the new one.
fn watch_model(st: Shared, dir: std::path::PathBuf, every: Duration) {
    loop {
        std::thread::sleep(every);
        let Some(engine) = st.engine.get() else {
            continue;
        };
        let version = std::fs::read_to_string(dir.join("model.toml"))
            .ok()
            .and_then(|s| s.parse::<toml_lite::Table>().ok())
            .and_then(|t| t.version);
        match version {
            Some(v) if v != engine.spec().version => match engine.reload(None) {
                Ok(spec) => {
                    tracing::info!(version = %spec.version, "serving the new model version")
                }
                Err(e) => {
                    tracing::error!(error = %e, "model reload failed; the old version keeps serving")
                }
            },
            _ => {}
        }
    }
}

/// Just enough of model.toml to notice a new version.
mod toml_lite {
    #[derive(serde::Deserialize)]
    pub struct Table {
        pub version: Option<String>,
    }
    impl std::str::FromStr for Table {
        type Err = toml::de::Error;
        fn from_str(s: &str) -> Result<Self, Self::Err> {
            toml::from_str(s)
        }
    }
}

fn load_model(st: Shared, cfg: EngineConfig) {
    let toml = cfg.model_dir.join("model.toml");
    let mut warned = false;
    while !toml.exists() {
        if !warned {
            tracing::warn!(path = %cfg.model_dir.display(), "waiting for the model directory");
            warned = true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    match Engine::load(cfg) {
        Ok(e) => {
            let _ = st.engine.set(Arc::new(e));
            tracing::info!("ready");
        }
        Err(e) => {
            // Nothing can be served: exit so the orchestrator restarts us and says why.
            eprintln!("medsent: error: cannot load the model: {e}");
            std::process::exit(1);
        }
    }
}

pub fn run(args: ServeArgs) -> Result<()> {
    let deid = Arc::new(config::deid_engine(&args.deid)?);
    let auth = if args.no_auth {
        tracing::warn!("authentication is OFF (--no-auth): use only on a trusted machine");
        None
    } else {
        Some(Auth::new(
            args.jwt_secret.as_deref(),
            args.jwks.as_deref(),
            args.jwt_issuer.clone(),
            args.jwt_audience.clone(),
            Some(args.jwt_scope.clone()).filter(|s| !s.is_empty()),
        )?)
    };
    let delay =
        (args.max_queue_delay_us > 0).then(|| Duration::from_micros(args.max_queue_delay_us));
    let engine_cfg = config::engine_config(&args.model, args.max_queue_windows, delay)?;
    let st: Shared = Arc::new(AppState {
        deid,
        engine: OnceLock::new(),
        auth,
        metrics: metrics::Metrics::default(),
        timeout: Duration::from_millis(args.request_timeout_ms),
        max_notes: args.max_notes,
        draining: AtomicBool::new(false),
    });
    if args.reload_check_seconds > 0 {
        let (st, dir) = (st.clone(), engine_cfg.model_dir.clone());
        let every = Duration::from_secs(args.reload_check_seconds);
        std::thread::Builder::new()
            .name("model-watch".into())
            .spawn(move || watch_model(st, dir, every))?;
    }
    {
        let st = st.clone();
        std::thread::Builder::new()
            .name("model-load".into())
            .spawn(move || load_model(st, engine_cfg))?;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(args.http_threads.max(1))
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .with_context(|| format!("binding {}", args.listen))?;
        let addr = listener.local_addr()?;
        let app = router(st.clone(), args.max_body_bytes);
        let drain = Duration::from_secs(args.drain_seconds);
        let shutdown = {
            let st = st.clone();
            async move {
                shutdown_signal().await;
                // Fail readiness first so load balancers stop sending, then drain.
                st.draining.store(true, Ordering::Relaxed);
                tracing::info!(
                    seconds = drain.as_secs(),
                    "shutting down: draining in-flight requests"
                );
                tokio::spawn(async move {
                    tokio::time::sleep(drain).await;
                    tracing::warn!("drain time exceeded; exiting");
                    std::process::exit(0);
                });
            }
        };
        let tls = match (&args.tls_cert, &args.tls_key) {
            (Some(c), Some(k)) => Some(tls::acceptor(c, k)?),
            (None, None) => None,
            _ => anyhow::bail!("--tls-cert and --tls-key go together"),
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        println!("medsent serve: listening on {scheme}://{addr}");
        use std::io::Write;
        std::io::stdout().flush()?;
        match tls {
            Some(acc) => {
                axum::serve(tls::TlsListener::new(listener, acc), app)
                    .with_graceful_shutdown(shutdown)
                    .await?
            }
            None => {
                axum::serve(listener, app)
                    .with_graceful_shutdown(shutdown)
                    .await?
            }
        }
        Ok(())
    })
}

async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = match signal(SignalKind::terminate()) {
        Ok(s) => s,
        Err(_) => return std::future::pending().await,
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
