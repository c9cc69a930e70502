//! Storage locations: a local directory (`/dir`, `file:///dir`), an S3 bucket
//! with an optional prefix (`s3://bucket/prefix`, any S3-compatible server),
//! or `memory://` (tests). Shared by the lake and by `s3://` inputs.

use crate::SinkError;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path as ObjPath;
use object_store::prefix::PrefixStore;
use object_store::{BackoffConfig, ClientOptions, ObjectStore, RetryConfig};
use std::sync::Arc;
use std::time::Duration;

/// How to reach S3. Every field left `None` falls back to the standard AWS
/// variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
/// `AWS_REGION`/`AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL`/`AWS_ENDPOINT`).
#[derive(Clone, Default)]
pub struct S3Options {
    /// Endpoint of an S3-compatible server, e.g. `http://127.0.0.1:8333`.
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub session_token: Option<String>,
    /// `bucket.host` addressing instead of `host/bucket`. Off by default when
    /// an endpoint is given (most S3-compatible servers want path style).
    pub virtual_hosted: Option<bool>,
    /// Retries of 5xx, throttling, timeouts and connection errors.
    pub max_retries: usize,
    /// Give up retrying one request after this long.
    pub retry_timeout: Duration,
    /// Per-request timeout.
    pub request_timeout: Duration,
}

impl std::fmt::Debug for S3Options {
    // Never print credentials.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Options")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id.as_ref().map(|_| "***"))
            .field("virtual_hosted", &self.virtual_hosted)
            .field("max_retries", &self.max_retries)
            .field("retry_timeout", &self.retry_timeout)
            .finish_non_exhaustive()
    }
}

impl S3Options {
    pub fn with_defaults() -> S3Options {
        S3Options {
            max_retries: 30,
            retry_timeout: Duration::from_secs(120),
            request_timeout: Duration::from_secs(60),
            ..Default::default()
        }
    }
}

/// An opened location: a store whose keys are relative to the location.
#[derive(Clone)]
pub struct Location {
    pub store: Arc<dyn ObjectStore>,
    /// For messages: the URL, never credentials.
    pub display: String,
    pub kind: LocationKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocationKind {
    Local,
    S3,
    Memory,
}

/// Splits `s3://bucket/some/prefix` into (`bucket`, `some/prefix`).
pub fn split_s3_url(url: &str) -> Option<(&str, &str)> {
    let rest = url.strip_prefix("s3://")?;
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    (!bucket.is_empty()).then_some((bucket, prefix.trim_matches('/')))
}

/// Opens a location. Local directories are created when `create` is set.
pub fn open(url: &str, s3: &S3Options, create: bool) -> Result<Location, SinkError> {
    let bad = |msg: String| SinkError::Location(url.to_owned(), msg);
    if url == "memory://" || url.starts_with("memory://") {
        return Ok(Location {
            store: Arc::new(InMemory::new()),
            display: url.to_owned(),
            kind: LocationKind::Memory,
        });
    }
    if url.starts_with("s3://") {
        let (bucket, prefix) =
            split_s3_url(url).ok_or_else(|| bad("expected s3://bucket[/prefix]".into()))?;
        install_crypto();
        let s3o = if s3.retry_timeout.is_zero() {
            S3Options::with_defaults()
        } else {
            s3.clone()
        };
        // Client options first: the builder's allow_http below lives in them.
        let mut b = AmazonS3Builder::from_env()
            .with_client_options(
                ClientOptions::new()
                    .with_timeout(s3o.request_timeout)
                    .with_connect_timeout(Duration::from_secs(5)),
            )
            .with_bucket_name(bucket);
        if let Some(e) = s3.endpoint.as_ref().or(env("AWS_ENDPOINT_URL").as_ref()) {
            b = b.with_endpoint(e.as_str());
            b = b.with_allow_http(e.starts_with("http://"));
            b = b.with_virtual_hosted_style_request(s3.virtual_hosted.unwrap_or(false));
        } else if let Some(v) = s3.virtual_hosted {
            b = b.with_virtual_hosted_style_request(v);
        }
        if let Some(r) = s3.region.as_ref().or(env("AWS_DEFAULT_REGION").as_ref()) {
            b = b.with_region(r.as_str());
        }
        if let Some(k) = &s3.access_key_id {
            b = b.with_access_key_id(k.as_str());
        }
        if let Some(k) = &s3.secret_access_key {
            b = b.with_secret_access_key(k.as_str());
        }
        if let Some(t) = &s3.session_token {
            b = b.with_token(t.as_str());
        }
        // The backoff's jitter draws each wait between the first and twice the
        // last, so waits can stay near the first: at 0.1 s, 30 retries of a
        // refused connection once ended 6 s into a server restart (a CI run's
        // s3 test). From 0.5 s they take at least 15 s.
        b = b.with_retry(RetryConfig {
            backoff: BackoffConfig {
                init_backoff: Duration::from_millis(500),
                max_backoff: Duration::from_secs(10),
                base: 2.0,
            },
            max_retries: s3o.max_retries,
            retry_timeout: s3o.retry_timeout,
        });
        let store = b.build().map_err(|e| bad(e.to_string()))?;
        let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
            Arc::new(store)
        } else {
            Arc::new(PrefixStore::new(store, ObjPath::from(prefix)))
        };
        return Ok(Location {
            store,
            display: format!("s3://{bucket}/{prefix}"),
            kind: LocationKind::S3,
        });
    }
    let dir = url.strip_prefix("file://").unwrap_or(url);
    if dir.contains("://") {
        return Err(bad(
            "unsupported scheme (use a local directory, file://, or s3://bucket/prefix)".into(),
        ));
    }
    if create {
        std::fs::create_dir_all(dir).map_err(|e| bad(e.to_string()))?;
    }
    let abs = std::fs::canonicalize(dir).map_err(|e| bad(e.to_string()))?;
    let fs = LocalFileSystem::new_with_prefix(&abs).map_err(|e| bad(e.to_string()))?;
    Ok(Location {
        store: Arc::new(fs),
        display: abs.display().to_string(),
        kind: LocationKind::Local,
    })
}

fn env(k: &str) -> Option<String> {
    std::env::var(k).ok().filter(|v| !v.is_empty())
}

/// reqwest is built without a bundled TLS provider; use ring, as the HTTP
/// gateway does (one crypto library in the binary).
fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Turns a store error into a message that says what to check. Object keys
/// are content-free by construction (dates, source names, offsets).
pub fn explain(e: &object_store::Error) -> String {
    use object_store::Error as E;
    let hint = match e {
        E::PermissionDenied { .. } | E::Unauthenticated { .. } => {
            " (the credentials were refused: check the access key, secret and region)"
        }
        E::NotFound { .. } => " (not found: check the bucket and prefix exist)",
        _ => {
            let s = e.to_string();
            if s.contains("NoSuchBucket") {
                " (the bucket does not exist)"
            } else if s.contains("InvalidAccessKeyId") || s.contains("SignatureDoesNotMatch") {
                " (the credentials were refused: check the access key and secret)"
            } else if s.contains("error sending request") || s.contains("Connect") {
                " (the server could not be reached: check the endpoint)"
            } else {
                ""
            }
        }
    };
    format!("{e}{hint}")
}
