use crate::{InferError, ModelSpec};
use tokenizers::Tokenizer;

/// One model input window: token ids including the special tokens.
#[derive(Debug, Clone)]
pub struct Window {
    pub ids: Vec<i64>,
    /// Content tokens in this window (its weight when scores are aggregated).
    pub weight: u32,
}

/// A note turned into windows of at most `max_length` tokens.
#[derive(Debug, Clone, Default)]
pub struct Encoded {
    pub windows: Vec<Window>,
    pub tokens: usize,
    /// Which loaded model version made these ids (0: hand-made, any version).
    pub generation: u64,
}

/// Tokeniser plus the windowing rule for long notes:
/// content tokens are cut into windows of `max_length - 2` tokens that overlap
/// by `stride` tokens; each window gets [CLS] … [SEP]. Empty text gives one
/// window holding only the special tokens.
pub struct Encoder {
    tok: Tokenizer,
    cls: i64,
    sep: i64,
    max_content: usize,
    step: usize,
}

impl Encoder {
    pub fn new(tokenizer_json: &std::path::Path, spec: &ModelSpec) -> Result<Encoder, InferError> {
        let mut tok = Tokenizer::from_file(tokenizer_json).map_err(|e| {
            InferError::Model(format!("cannot load {}: {e}", tokenizer_json.display()))
        })?;
        // The files often carry padding/truncation settings; windows are ours to make.
        tok.with_padding(None);
        tok.with_truncation(None)
            .map_err(|e| InferError::Model(e.to_string()))?;
        let id = |names: &[&str]| -> Result<i64, InferError> {
            names
                .iter()
                .find_map(|n| tok.token_to_id(n))
                .map(i64::from)
                .ok_or_else(|| {
                    InferError::Model(format!("tokenizer has none of the tokens {names:?}"))
                })
        };
        let cls = match &spec.cls_token {
            Some(t) => id(&[t.as_str()])?,
            None => id(&["[CLS]", "<s>"])?,
        };
        let sep = match &spec.sep_token {
            Some(t) => id(&[t.as_str()])?,
            None => id(&["[SEP]", "</s>"])?,
        };
        let max_content = spec.max_length - 2;
        Ok(Encoder {
            tok,
            cls,
            sep,
            max_content,
            step: max_content - spec.stride,
        })
    }

    pub fn encode(&self, text: &str) -> Result<Encoded, InferError> {
        // Tokenizer errors can quote input; never pass them on.
        let enc = self
            .tok
            .encode(text, false)
            .map_err(|_| InferError::Tokenize)?;
        let ids = enc.get_ids();
        let mut windows = Vec::new();
        let mut start = 0;
        loop {
            let end = (start + self.max_content).min(ids.len());
            let mut w = Vec::with_capacity(end - start + 2);
            w.push(self.cls);
            w.extend(ids[start..end].iter().map(|&i| i64::from(i)));
            w.push(self.sep);
            windows.push(Window {
                ids: w,
                weight: (end - start).max(1) as u32,
            });
            if end >= ids.len() {
                break;
            }
            start += self.step;
        }
        Ok(Encoded {
            windows,
            tokens: ids.len(),
            generation: 0,
        })
    }
}
