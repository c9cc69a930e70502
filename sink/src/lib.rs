//! medsent sink.
//!
//! Rows are grouped by [`Segmenter`] into segments keyed by the source
//! partition and the (de-identified) event date, and written by [`Lake`] as
//! Parquet objects with deterministic names
//! `dt=YYYY-MM-DD/<source>+<partition>+<first-offset:020>.parquet`
//! (Kafka Connect's scheme), so a replay rewrites the same keys instead of
//! adding duplicates. Dead letters go to `_dead_letter/` as JSON Lines with
//! position, stage and reason, never record content.

mod schema;
mod segment;
pub mod store;
mod tracker;

pub use schema::{Row, lake_schema};
pub use segment::{Segment, SegmentKey, Segmenter};
pub use store::{Location, LocationKind, S3Options};
pub use tracker::CommitTracker;

use bytes::Bytes;
use object_store::path::Path as ObjPath;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    #[error("invalid output location `{0}`: {1}")]
    Location(String, String),
    #[error("{op} {path}: {msg}")]
    Store {
        op: &'static str,
        path: String,
        msg: String,
    },
    #[error("encoding Parquet: {0}")]
    Encode(String),
}

#[derive(Debug, Clone)]
pub struct LakeConfig {
    /// Output location: a local directory, `file:///dir`, `s3://bucket/prefix`.
    pub url: String,
    pub s3: S3Options,
    /// Names of the PHI kinds, in the order of [`Row::phi`].
    pub phi_kinds: Vec<&'static str>,
    /// Store the de-identified text in a `text` column.
    pub include_text: bool,
    /// Rows per Parquet row group.
    pub row_group_rows: usize,
    pub zstd_level: i32,
    /// Objects larger than this are uploaded in parts of this size.
    pub multipart_bytes: usize,
}

impl LakeConfig {
    pub fn new(url: impl Into<String>) -> LakeConfig {
        LakeConfig {
            url: url.into(),
            s3: S3Options::with_defaults(),
            phi_kinds: Vec::new(),
            include_text: false,
            row_group_rows: 64 * 1024,
            zstd_level: 3,
            multipart_bytes: 16 << 20,
        }
    }
}

/// A written object: where, and how much.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub path: String,
    pub rows: usize,
    pub bytes: usize,
}

/// A finished input chunk, as the backfill manifest records it. `chunk_lines`
/// and `input_bytes` let a rerun refuse to skip chunks of a different input
/// or chunking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ChunkDone {
    pub partition: u32,
    pub rows: u64,
    pub dead_letters: u64,
    pub chunk_lines: u64,
    pub input_bytes: u64,
}

/// A dead-letter entry as stored: position, stage and reason only.
#[derive(Debug, Clone, Serialize)]
pub struct DeadLetterRow<'a> {
    pub source: &'a str,
    pub partition: u32,
    pub offset: u64,
    pub stage: &'a str,
    pub reason: &'a str,
    pub message: &'a str,
}

pub struct Lake {
    store: Arc<dyn ObjectStore>,
    cfg: LakeConfig,
    schema: arrow_schema::SchemaRef,
    /// Human-readable description of the location (never credentials).
    pub location: String,
}

impl Lake {
    pub fn open(cfg: LakeConfig) -> Result<Lake, SinkError> {
        let loc = store::open(&cfg.url, &cfg.s3, true)?;
        let schema = lake_schema(&cfg.phi_kinds, cfg.include_text);
        Ok(Lake {
            store: loc.store,
            cfg,
            schema,
            location: loc.display,
        })
    }

    pub fn schema(&self) -> &arrow_schema::SchemaRef {
        &self.schema
    }

    /// Encodes rows as one Parquet file (ZSTD, page statistics).
    pub fn encode(&self, rows: &[Row]) -> Result<Vec<u8>, SinkError> {
        let batch = schema::to_batch(
            &self.schema,
            rows,
            &self.cfg.phi_kinds,
            self.cfg.include_text,
        )?;
        let level = ZstdLevel::try_new(self.cfg.zstd_level)
            .map_err(|e| SinkError::Encode(e.to_string()))?;
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(level))
            .set_statistics_enabled(EnabledStatistics::Page)
            .set_max_row_group_row_count(Some(self.cfg.row_group_rows.max(1)))
            .set_created_by(format!("medsent {}", env!("CARGO_PKG_VERSION")))
            .build();
        let mut buf = Vec::with_capacity(rows.len() * 128);
        let mut w = ArrowWriter::try_new(&mut buf, self.schema.clone(), Some(props))
            .map_err(|e| SinkError::Encode(e.to_string()))?;
        w.write(&batch)
            .map_err(|e| SinkError::Encode(e.to_string()))?;
        w.close().map_err(|e| SinkError::Encode(e.to_string()))?;
        Ok(buf)
    }

    /// Writes a segment. The object appears whole or not at all; returns
    /// only once it is durable.
    pub async fn write_segment(&self, seg: &Segment) -> Result<Receipt, SinkError> {
        let body = self.encode(&seg.rows)?;
        let path = seg.key.object_path();
        self.put(&path, body, seg.rows.len()).await
    }

    /// Writes dead letters of one source partition, named by the first offset.
    pub async fn write_dead_letters(
        &self,
        source: &str,
        partition: u32,
        rows: &[DeadLetterRow<'_>],
    ) -> Result<Option<Receipt>, SinkError> {
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let mut body = Vec::new();
        for r in rows {
            serde_json::to_writer(&mut body, r).map_err(|e| SinkError::Encode(e.to_string()))?;
            body.push(b'\n');
        }
        let path = format!(
            "_dead_letter/{}+{partition}+{:020}.jsonl",
            segment::sanitize(source),
            first.offset
        );
        self.put(&path, body, rows.len()).await.map(Some)
    }

    /// Records that every row and dead letter of one input chunk is durable.
    /// Written last, after the chunk's segments, so its presence proves them.
    pub async fn mark_chunk_done(&self, source: &str, chunk: &ChunkDone) -> Result<(), SinkError> {
        let body = serde_json::to_vec(chunk).map_err(|e| SinkError::Encode(e.to_string()))?;
        let path = format!(
            "_manifest/{}/{:010}.json",
            segment::sanitize(source),
            chunk.partition
        );
        self.put(&path, body, 0).await.map(|_| ())
    }

    /// The finished chunks of a source, from earlier runs into this output.
    pub async fn finished_chunks(&self, source: &str) -> Result<Vec<ChunkDone>, SinkError> {
        use futures::TryStreamExt;
        let prefix = ObjPath::from(format!("_manifest/{}", segment::sanitize(source)));
        let err = |e: object_store::Error| SinkError::Store {
            op: "reading the resume manifest",
            path: prefix.to_string(),
            msg: store::explain(&e),
        };
        let metas: Vec<_> = self
            .store
            .list(Some(&prefix))
            .try_collect()
            .await
            .map_err(err)?;
        let mut out = Vec::new();
        for m in metas {
            let bytes = self
                .store
                .get(&m.location)
                .await
                .map_err(err)?
                .bytes()
                .await
                .map_err(err)?;
            let c: ChunkDone = serde_json::from_slice(&bytes).map_err(|e| SinkError::Store {
                op: "reading",
                path: m.location.to_string(),
                msg: format!("unreadable manifest entry: {e}"),
            })?;
            out.push(c);
        }
        out.sort_by_key(|c| c.partition);
        Ok(out)
    }

    async fn put(&self, path: &str, body: Vec<u8>, rows: usize) -> Result<Receipt, SinkError> {
        let bytes = body.len();
        let p = ObjPath::parse(path).map_err(|e| SinkError::Store {
            op: "naming",
            path: path.into(),
            msg: e.to_string(),
        })?;
        let err = |e: object_store::Error| SinkError::Store {
            op: "uploading",
            path: path.into(),
            msg: store::explain(&e),
        };
        let part = self.cfg.multipart_bytes.max(5 << 20);
        if bytes <= part {
            // A single PUT: the object appears whole or not at all.
            self.store
                .put(&p, Bytes::from(body).into())
                .await
                .map_err(err)?;
        } else {
            // Multipart: invisible until completed; aborted on failure.
            let upload = self.store.put_multipart(&p).await.map_err(err)?;
            let mut w = WriteMultipart::new_with_chunk_size(upload, part);
            w.put(Bytes::from(body));
            if let Err(e) = w.finish().await {
                return Err(err(e));
            }
        }
        Ok(Receipt {
            path: path.into(),
            rows,
            bytes,
        })
    }
}
