//! CSV and Parquet inputs. Columns are mapped onto record fields
//! ([`ColumnMap`]); each row becomes the same JSON object a JSONL line would
//! be and goes through the same validation, so every format rejects bad
//! records with the same reasons.

use crate::record::DEMOGRAPHIC_FIELDS;
use crate::{DeadLetter, Item, Position, ReasonCode, Record, Rejection, SourceError};
use arrow_array::{Array, RecordBatch, StringArray};
use arrow_schema::DataType;
use serde_json::{Map, Value};
use std::collections::VecDeque;
use std::io::Read;
use std::sync::Arc;

/// Record field → input column. Fields: `id`, `patient_id`, `note_type`,
/// `event_time`, `text`, `demographics.<name|birth_date|address|city|state|
/// zip|phone|email|mrn|ssn>`. Unmapped fields are read from a column of the
/// same name (`demographics.x` also from a column `x`) when there is one.
#[derive(Debug, Clone, Default)]
pub struct ColumnMap {
    explicit: Vec<(String, String)>,
}

const TOP_FIELDS: [&str; 5] = ["id", "patient_id", "note_type", "event_time", "text"];

impl ColumnMap {
    /// Parses `field=column` pairs.
    pub fn parse(pairs: &[String]) -> Result<ColumnMap, String> {
        let mut explicit = Vec::new();
        for p in pairs.iter().filter(|p| !p.trim().is_empty()) {
            let (f, c) = p
                .split_once('=')
                .ok_or_else(|| format!("column mapping `{p}` is not field=column"))?;
            let f = f.trim();
            let known = TOP_FIELDS.contains(&f)
                || f.strip_prefix("demographics.")
                    .is_some_and(|d| DEMOGRAPHIC_FIELDS.contains(&d));
            if !known {
                return Err(format!(
                    "unknown record field `{f}` in column mapping (fields: {}, demographics.<{}>)",
                    TOP_FIELDS.join(", "),
                    DEMOGRAPHIC_FIELDS.join("|")
                ));
            }
            explicit.push((f.to_owned(), c.trim().to_owned()));
        }
        Ok(ColumnMap { explicit })
    }

    /// For each record field, the index of its column in `header`.
    fn resolve(&self, header: &[String]) -> Result<Vec<(String, usize)>, String> {
        let find = |c: &str| header.iter().position(|h| h == c);
        let mut out = Vec::new();
        let fields = TOP_FIELDS.iter().map(|f| f.to_string()).chain(
            DEMOGRAPHIC_FIELDS
                .iter()
                .map(|d| format!("demographics.{d}")),
        );
        for f in fields {
            if let Some((_, col)) = self.explicit.iter().find(|(ef, _)| *ef == f) {
                let i = find(col).ok_or_else(|| {
                    format!("mapped column `{col}` (for `{f}`) is not in the input's columns")
                })?;
                out.push((f, i));
            } else if let Some(i) = find(&f).or_else(|| {
                f.strip_prefix("demographics.")
                    .and_then(|d| find(d).or_else(|| find(&format!("patient_{d}"))))
            }) {
                out.push((f, i));
            }
        }
        for required in ["id", "patient_id", "event_time", "text"] {
            if !out.iter().any(|(f, _)| f == required) {
                return Err(format!(
                    "no column for required field `{required}` (map one with {required}=COLUMN)"
                ));
            }
        }
        Ok(out)
    }
}

/// Builds the record object from (field, value) pairs; empty cells are null.
fn to_object<'a>(cells: impl Iterator<Item = (&'a str, Option<&'a str>)>) -> Map<String, Value> {
    let mut obj = Map::new();
    let mut demo = Map::new();
    for (f, v) in cells {
        let v = match v {
            Some(s) if !s.is_empty() => Value::String(s.to_owned()),
            _ => Value::Null,
        };
        match f.strip_prefix("demographics.") {
            Some(d) => {
                demo.insert(d.to_owned(), v);
            }
            None => {
                obj.insert(f.to_owned(), v);
            }
        }
    }
    if demo.values().any(|v| !v.is_null()) {
        obj.insert("demographics".into(), Value::Object(demo));
    }
    obj
}

fn position(source: &Arc<str>, chunk_rows: u64, row: u64) -> Position {
    Position {
        source: source.clone(),
        partition: ((row - 1) / chunk_rows.max(1)) as u32,
        offset: row,
    }
}

fn item(pos: Position, rec: Result<Record, Rejection>) -> Item {
    match rec {
        Ok(r) => Item::Record(pos, Box::new(r)),
        Err(rej) => Item::Dead(DeadLetter::new(pos, "ingest", rej)),
    }
}

/// Streams a CSV file with a header row. Offsets are 1-based data-row
/// numbers (quoted fields may span lines).
pub struct CsvReader<R: Read> {
    rdr: csv::Reader<R>,
    source: Arc<str>,
    cfg: crate::ReaderConfig,
    map: Option<Vec<(String, usize)>>,
    columns: ColumnMap,
    header_len: usize,
    row: u64,
    rec: csv::ByteRecord,
    done: bool,
}

impl<R: Read> CsvReader<R> {
    pub fn new(
        input: R,
        source: impl Into<Arc<str>>,
        cfg: crate::ReaderConfig,
        columns: ColumnMap,
    ) -> Self {
        let rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(input);
        CsvReader {
            rdr,
            source: source.into(),
            cfg,
            map: None,
            columns,
            header_len: 0,
            row: 0,
            rec: csv::ByteRecord::new(),
            done: false,
        }
    }

    fn fail(&mut self, msg: String) -> Option<Result<Item, SourceError>> {
        self.done = true;
        Some(Err(SourceError::Format {
            source_name: self.source.to_string(),
            msg,
        }))
    }
}

impl<R: Read> Iterator for CsvReader<R> {
    type Item = Result<Item, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if self.map.is_none() {
            let header = match self.rdr.byte_headers() {
                Ok(h) => h
                    .iter()
                    .map(|c| String::from_utf8_lossy(c).trim().to_owned())
                    .collect::<Vec<_>>(),
                Err(e) => return self.fail(format!("reading the CSV header: {e}")),
            };
            self.header_len = header.len();
            match self.columns.resolve(&header) {
                Ok(m) => self.map = Some(m),
                Err(e) => return self.fail(e),
            }
        }
        match self.rdr.read_byte_record(&mut self.rec) {
            Ok(false) => {
                self.done = true;
                None
            }
            Err(e) => match e.kind() {
                csv::ErrorKind::Io(_) => {
                    self.done = true;
                    Some(Err(SourceError::Io {
                        source_name: self.source.to_string(),
                        line: self.row + 1,
                        err: std::io::Error::other(e.to_string()),
                    }))
                }
                _ => {
                    self.row += 1;
                    let pos = position(&self.source, self.cfg.chunk_lines, self.row);
                    Some(Ok(item(
                        pos,
                        Err(Rejection::new(
                            ReasonCode::InvalidRow,
                            "row is not valid CSV",
                        )),
                    )))
                }
            },
            Ok(true) => {
                self.row += 1;
                let pos = position(&self.source, self.cfg.chunk_lines, self.row);
                let rec = &self.rec;
                let size = rec.as_slice().len();
                let result = if size > self.cfg.max_record_bytes {
                    Err(Rejection::new(
                        ReasonCode::Oversized,
                        format!("row exceeds {} bytes", self.cfg.max_record_bytes),
                    ))
                } else if rec.len() != self.header_len {
                    Err(Rejection::new(
                        ReasonCode::InvalidRow,
                        format!(
                            "row has {} fields, the header has {}",
                            rec.len(),
                            self.header_len
                        ),
                    ))
                } else {
                    let map = self.map.as_ref().expect("resolved above");
                    let mut cells = Vec::with_capacity(map.len());
                    let mut bad = None;
                    for (f, i) in map {
                        match std::str::from_utf8(&rec[*i]) {
                            Ok(s) => cells.push((f.as_str(), Some(s))),
                            Err(e) => {
                                bad = Some(Rejection::new(
                                    ReasonCode::InvalidUtf8,
                                    format!(
                                        "column for `{f}` is not UTF-8 at byte {}",
                                        e.valid_up_to()
                                    ),
                                ));
                                break;
                            }
                        }
                    }
                    match bad {
                        Some(b) => Err(b),
                        None => Record::from_object(&to_object(cells.into_iter())),
                    }
                };
                Some(Ok(item(pos, result)))
            }
        }
    }
}

/// Streams a Parquet file one record batch at a time (memory bounded by the
/// batch size and one row group's column chunks). Offsets are 1-based row
/// numbers. Columns of any primitive type are read as text (timestamps and
/// dates in ISO form); struct columns are reached with dotted names.
pub struct ParquetReader {
    batches: parquet::arrow::arrow_reader::ParquetRecordBatchReader,
    source: Arc<str>,
    cfg: crate::ReaderConfig,
    /// (field, column path) per mapped field.
    map: Vec<(String, String)>,
    row: u64,
    ready: VecDeque<Item>,
    done: bool,
}

impl ParquetReader {
    pub fn new(
        file: std::fs::File,
        source: impl Into<Arc<str>>,
        cfg: crate::ReaderConfig,
        columns: &ColumnMap,
    ) -> Result<ParquetReader, SourceError> {
        let source = source.into();
        let fail = |msg: String| SourceError::Format {
            source_name: source.to_string(),
            msg,
        };
        let b = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
            .map_err(|e| fail(format!("not a readable Parquet file: {e}")))?;
        // Column names, with struct children as `parent.child`.
        let mut names = Vec::new();
        for f in b.schema().fields() {
            names.push(f.name().clone());
            if let DataType::Struct(children) = f.data_type() {
                for c in children {
                    names.push(format!("{}.{}", f.name(), c.name()));
                }
            }
        }
        let map = columns
            .resolve(&names)
            .map_err(fail)?
            .into_iter()
            .map(|(f, i)| (f, names[i].clone()))
            .collect();
        let batches = b
            .with_batch_size(1024)
            .build()
            .map_err(|e| fail(e.to_string()))?;
        Ok(ParquetReader {
            batches,
            source,
            cfg,
            map,
            row: 0,
            ready: VecDeque::new(),
            done: false,
        })
    }

    fn column(&self, batch: &RecordBatch, path: &str) -> Result<StringArray, String> {
        let mut parts = path.split('.');
        let first = parts.next().unwrap_or(path);
        let mut col: arrow_array::ArrayRef = batch
            .column_by_name(first)
            .cloned()
            .ok_or_else(|| format!("column `{first}` disappeared"))?;
        for child in parts {
            let s = col
                .as_any()
                .downcast_ref::<arrow_array::StructArray>()
                .ok_or_else(|| format!("`{first}` is not a struct"))?;
            col = s
                .column_by_name(child)
                .cloned()
                .ok_or_else(|| format!("struct field `{child}` is missing"))?;
        }
        let cast = arrow_cast::cast(&col, &DataType::Utf8)
            .map_err(|e| format!("column `{path}` cannot be read as text: {e}"))?;
        Ok(cast
            .as_any()
            .downcast_ref::<StringArray>()
            .cloned()
            .expect("cast to Utf8 gives a StringArray"))
    }

    fn fill(&mut self, batch: RecordBatch) -> Result<(), String> {
        let cols = self
            .map
            .iter()
            .map(|(f, p)| Ok((f.clone(), self.column(&batch, p)?)))
            .collect::<Result<Vec<_>, String>>()?;
        for r in 0..batch.num_rows() {
            self.row += 1;
            let pos = position(&self.source, self.cfg.chunk_lines, self.row);
            let size: usize = cols
                .iter()
                .map(|(_, c)| if c.is_null(r) { 0 } else { c.value(r).len() })
                .sum();
            let rec = if size > self.cfg.max_record_bytes {
                Err(Rejection::new(
                    ReasonCode::Oversized,
                    format!("row exceeds {} bytes", self.cfg.max_record_bytes),
                ))
            } else {
                let cells = cols
                    .iter()
                    .map(|(f, c)| (f.as_str(), (!c.is_null(r)).then(|| c.value(r))));
                Record::from_object(&to_object(cells))
            };
            self.ready.push_back(item(pos, rec));
        }
        Ok(())
    }
}

impl Iterator for ParquetReader {
    type Item = Result<Item, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(i) = self.ready.pop_front() {
                return Some(Ok(i));
            }
            if self.done {
                return None;
            }
            let err = match self.batches.next() {
                None => {
                    self.done = true;
                    return None;
                }
                Some(Ok(batch)) => match self.fill(batch) {
                    Ok(()) => continue,
                    Err(e) => e,
                },
                Some(Err(e)) => e.to_string(),
            };
            self.done = true;
            return Some(Err(SourceError::Format {
                source_name: self.source.to_string(),
                msg: format!("after row {}: {err}", self.row),
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ReaderConfig;

    fn csv(input: &str, map: &[&str]) -> Vec<Result<Item, SourceError>> {
        let m = ColumnMap::parse(&map.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
        CsvReader::new(input.as_bytes(), "c", ReaderConfig::default(), m).collect()
    }

    #[test]
    fn csv_rows_with_mapping_and_dead_letters() {
        let input = "note_id,pid,when,body,patient_name\n\
                     n1,p1,2024-01-02,\"Seen today,\nfeels well\",Ann Lee\n\
                     n2,p2,2024-01-03\n\
                     n3,p3,not-a-date,text,\n";
        let items = csv(
            input,
            &[
                "id=note_id",
                "patient_id=pid",
                "event_time=when",
                "text=body",
            ],
        );
        assert_eq!(items.len(), 3);
        let Ok(Item::Record(pos, r)) = &items[0] else {
            panic!("{:?}", items[0])
        };
        assert_eq!((pos.offset, r.id.as_str()), (1, "n1"));
        assert_eq!(r.text, "Seen today,\nfeels well");
        assert_eq!(
            r.demographics.as_ref().unwrap().name.as_deref(),
            Some("Ann Lee")
        );
        let Ok(Item::Dead(d)) = &items[1] else {
            panic!()
        };
        assert_eq!((d.reason, d.position.offset), (ReasonCode::InvalidRow, 2));
        let Ok(Item::Dead(d)) = &items[2] else {
            panic!()
        };
        assert_eq!(d.reason, ReasonCode::InvalidValue);
    }

    #[test]
    fn csv_missing_required_column_is_a_clear_error() {
        let items = csv("id,patient_id,event_time\n1,2,2024-01-01\n", &[]);
        let Err(e) = &items[0] else { panic!() };
        assert!(e.to_string().contains("`text`"), "{e}");
        assert_eq!(items.len(), 1);
        assert!(ColumnMap::parse(&["bogus=x".into()]).is_err());
    }

    #[test]
    fn parquet_rows_any_column_types_and_structs() {
        use arrow_array::{Date32Array, Int64Array, StructArray};
        use arrow_schema::{Field, Schema};
        let demo = StructArray::from(vec![(
            Arc::new(Field::new("name", DataType::Utf8, true)),
            Arc::new(StringArray::from(vec![Some("Ann Lee"), None])) as arrow_array::ArrayRef,
        )]);
        let schema = Arc::new(Schema::new(vec![
            Field::new("id", DataType::Int64, false),
            Field::new("patient_id", DataType::Utf8, false),
            Field::new("event_time", DataType::Date32, false),
            Field::new("text", DataType::Utf8, true),
            Field::new("demographics", demo.data_type().clone(), true),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(Int64Array::from(vec![1, 2])),
                Arc::new(StringArray::from(vec!["p1", "p2"])),
                Arc::new(Date32Array::from(vec![19000, 19001])),
                Arc::new(StringArray::from(vec![Some("feels well"), None])),
                Arc::new(demo),
            ],
        )
        .unwrap();
        let mut f = tempfile::tempfile().unwrap();
        let mut w = parquet::arrow::ArrowWriter::try_new(&mut f, schema, None).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        let items: Vec<_> =
            ParquetReader::new(f, "pq", ReaderConfig::default(), &ColumnMap::default())
                .unwrap()
                .collect();
        let Ok(Item::Record(_, r)) = &items[0] else {
            panic!("{:?}", items[0])
        };
        assert_eq!(r.id, "1");
        assert_eq!(r.event_time.date_naive().to_string(), "2022-01-08");
        assert_eq!(
            r.demographics.as_ref().unwrap().name.as_deref(),
            Some("Ann Lee")
        );
        let Ok(Item::Dead(d)) = &items[1] else {
            panic!()
        };
        assert_eq!((d.reason, d.position.offset), (ReasonCode::MissingField, 2));
    }
}
