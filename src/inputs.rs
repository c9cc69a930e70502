//! Backfill inputs: local files, directories and globs, `s3://` objects and
//! prefixes, or standard input; each read as a stream in its format
//! (JSON Lines/FHIR NDJSON, CSV, Parquet), gzip/zstd undone on the way.

use crate::cli::InputOpts;
use anyhow::{Context, Result, anyhow, bail};
use bytes::Bytes;
use futures::StreamExt;
use futures::stream::BoxStream;
use ingest::{ColumnMap, Compression, Format, Item, ReaderConfig, SourceError};
use object_store::path::Path as ObjPath;
use object_store::{ObjectStore, ObjectStoreExt};
use sink::S3Options;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub type Items = Box<dyn Iterator<Item = Result<Item, SourceError>> + Send>;

enum Loc {
    Stdin,
    Local(PathBuf),
    Store {
        store: Arc<dyn ObjectStore>,
        key: ObjPath,
    },
}

/// One input object or file.
pub struct Input {
    /// Path or URL, for messages.
    pub display: String,
    /// Stable, content-free name used in the lake (`<file name>-<hash>`).
    pub source: String,
    /// Size in bytes (0 for standard input); part of the resume check.
    pub size: u64,
    pub format: Format,
    pub compression: Compression,
    loc: Loc,
}

/// How records are read: limits, format override, column mapping.
#[derive(Clone)]
pub struct ReadSpec {
    pub cfg: ReaderConfig,
    pub format: Option<Format>,
    pub columns: ColumnMap,
}

impl ReadSpec {
    pub fn from_opts(o: &InputOpts) -> Result<ReadSpec> {
        let format = match o.format.as_str() {
            "auto" => None,
            f => Some(Format::parse(f).ok_or_else(|| {
                anyhow!("unknown --format `{f}` (auto, jsonl, fhir, csv, parquet)")
            })?),
        };
        Ok(ReadSpec {
            cfg: ReaderConfig {
                max_record_bytes: o.max_record_bytes,
                chunk_lines: o.chunk_lines,
            },
            format,
            columns: ColumnMap::parse(&o.columns).map_err(|e| anyhow!(e))?,
        })
    }
}

fn fnv(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h
}

fn source_name(file_name: &str, identity: &str) -> String {
    format!("{file_name}-{:08x}", fnv(identity))
}

fn has_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Files a backfill will read, in order. Directories give their files
/// (recursively, sorted, hidden and `_`-prefixed names skipped); globs are
/// expanded; `s3://bucket/prefix` gives the object or every object under it;
/// `s3://bucket/dir/*.jsonl.gz` filters by a glob on the last part.
pub fn expand(
    args: &[String],
    spec: &ReadSpec,
    s3: &S3Options,
    rt: &tokio::runtime::Runtime,
) -> Result<Vec<Input>> {
    let mut out = Vec::new();
    for a in args {
        let before = out.len();
        if a == "-" {
            out.push(Input {
                display: "stdin".into(),
                source: "stdin".into(),
                size: 0,
                format: spec.format.unwrap_or(Format::Jsonl),
                compression: Compression::None,
                loc: Loc::Stdin,
            });
        } else if a.starts_with("s3://") {
            expand_s3(a, spec, s3, rt, &mut out)?;
        } else {
            let a = a.strip_prefix("file://").unwrap_or(a);
            let mut paths: Vec<PathBuf> = if has_glob(a) {
                glob::glob(a)
                    .with_context(|| format!("bad glob pattern {a}"))?
                    .filter_map(Result::ok)
                    .filter(|p| p.is_file())
                    .collect()
            } else if Path::new(a).is_dir() {
                let mut v = Vec::new();
                walk(Path::new(a), &mut v)?;
                v
            } else {
                vec![PathBuf::from(a)]
            };
            paths.sort();
            for p in paths {
                let meta = std::fs::metadata(&p)
                    .with_context(|| format!("opening input {}", p.display()))?;
                let abs = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "input".into());
                let (f, c) = Format::detect(&name);
                out.push(Input {
                    display: p.display().to_string(),
                    source: source_name(&name, &abs.to_string_lossy()),
                    size: meta.len(),
                    format: spec.format.unwrap_or(f),
                    compression: c,
                    loc: Loc::Local(p),
                });
            }
        }
        if out.len() == before {
            bail!("no input files match {a}");
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name.starts_with('_') {
            continue;
        }
        let p = e.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

fn glob_match(pat: &str, name: &str) -> bool {
    glob::Pattern::new(pat).is_ok_and(|p| p.matches(name))
}

fn expand_s3(
    url: &str,
    spec: &ReadSpec,
    s3: &S3Options,
    rt: &tokio::runtime::Runtime,
    out: &mut Vec<Input>,
) -> Result<()> {
    let (bucket, key) =
        sink::store::split_s3_url(url).ok_or_else(|| anyhow!("bad input URL {url}"))?;
    let loc = sink::store::open(&format!("s3://{bucket}"), s3, false)?;
    let store = loc.store;
    let (dir, pattern) = match key.rsplit_once('/') {
        Some((d, last)) if has_glob(last) => (d.to_owned(), Some(last.to_owned())),
        None if has_glob(key) => (String::new(), Some(key.to_owned())),
        _ => (key.to_owned(), None),
    };
    let explain = |e: object_store::Error| anyhow!("listing {url}: {}", sink::store::explain(&e));
    let metas = rt.block_on(async {
        if pattern.is_none() && !key.is_empty() {
            // A single object?
            match store.head(&ObjPath::from(key)).await {
                Ok(m) => return Ok(vec![m]),
                Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(explain(e)),
            }
        }
        let prefix = (!dir.is_empty()).then(|| ObjPath::from(dir.as_str()));
        let mut v: Vec<object_store::ObjectMeta> = Vec::new();
        let mut s = store.list(prefix.as_ref());
        while let Some(m) = s.next().await {
            v.push(m.map_err(explain)?);
        }
        Ok(v)
    })?;
    let mut metas: Vec<_> = metas
        .into_iter()
        .filter(|m| {
            let name = m.location.filename().unwrap_or("");
            !name.starts_with('.')
                && !name.starts_with('_')
                && pattern.as_ref().is_none_or(|p| glob_match(p, name))
        })
        .collect();
    metas.sort_by(|a, b| a.location.cmp(&b.location));
    for m in metas {
        let name = m.location.filename().unwrap_or("object").to_owned();
        let full = format!("s3://{bucket}/{}", m.location);
        let (f, c) = Format::detect(&name);
        out.push(Input {
            source: source_name(&name, &full),
            display: full,
            size: m.size,
            format: spec.format.unwrap_or(f),
            compression: c,
            loc: Loc::Store {
                store: store.clone(),
                key: m.location,
            },
        });
    }
    Ok(())
}

/// Pulls an object's byte stream from a synchronous reader thread.
struct StoreRead {
    stream: BoxStream<'static, object_store::Result<Bytes>>,
    buf: Bytes,
    rt: Arc<tokio::runtime::Runtime>,
}

impl Read for StoreRead {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.buf.is_empty() {
            match self.rt.block_on(self.stream.next()) {
                None => return Ok(0),
                Some(Ok(b)) => self.buf = b,
                Some(Err(e)) => {
                    return Err(std::io::Error::other(sink::store::explain(&e)));
                }
            }
        }
        let n = out.len().min(self.buf.len());
        out[..n].copy_from_slice(&self.buf[..n]);
        self.buf = self.buf.slice(n..);
        Ok(n)
    }
}

impl Input {
    /// Opens the input as a stream of items. `rt` drives object-store reads.
    pub fn open(&self, spec: &ReadSpec, rt: &Arc<tokio::runtime::Runtime>) -> Result<Items> {
        let source: Arc<str> = self.source.as_str().into();
        if self.format == Format::Parquet {
            anyhow::ensure!(
                self.compression == Compression::None,
                "{}: compressed Parquet files are not supported (Parquet compresses its pages itself)",
                self.display
            );
            let file = match &self.loc {
                Loc::Local(p) => std::fs::File::open(p)
                    .with_context(|| format!("opening input {}", self.display))?,
                Loc::Store { .. } => self.download(rt)?,
                Loc::Stdin => bail!("Parquet cannot be read from standard input"),
            };
            return Ok(Box::new(ingest::ParquetReader::new(
                file,
                source,
                spec.cfg.clone(),
                &spec.columns,
            )?));
        }
        let raw: Box<dyn Read + Send> = match &self.loc {
            Loc::Stdin => Box::new(std::io::stdin()),
            Loc::Local(p) => Box::new(
                std::fs::File::open(p)
                    .with_context(|| format!("opening input {}", self.display))?,
            ),
            Loc::Store { .. } => Box::new(self.stream(rt)?),
        };
        let input = ingest::decompress(self.compression, raw)
            .with_context(|| format!("opening input {}", self.display))?;
        Ok(ingest::stream_reader(
            self.format,
            input,
            source,
            spec.cfg.clone(),
            &spec.columns,
        )?)
    }

    fn stream(&self, rt: &Arc<tokio::runtime::Runtime>) -> Result<StoreRead> {
        let Loc::Store { store, key } = &self.loc else {
            bail!("not an object")
        };
        let got = rt
            .block_on(store.get(key))
            .map_err(|e| anyhow!("reading {}: {}", self.display, sink::store::explain(&e)))?;
        Ok(StoreRead {
            stream: got.into_stream(),
            buf: Bytes::new(),
            rt: rt.clone(),
        })
    }

    /// Parquet needs random access: stream the object into an unnamed
    /// temporary file (disk, not memory).
    fn download(&self, rt: &Arc<tokio::runtime::Runtime>) -> Result<std::fs::File> {
        use std::io::{Seek, Write};
        let mut r = self.stream(rt)?;
        let mut f = tempfile::tempfile().context("creating a temporary file")?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, &mut f);
        std::io::copy(&mut r, &mut w).with_context(|| format!("downloading {}", self.display))?;
        w.flush()?;
        drop(w);
        f.seek(std::io::SeekFrom::Start(0))?;
        Ok(f)
    }

    pub fn is_stdin(&self) -> bool {
        matches!(self.loc, Loc::Stdin)
    }
}
