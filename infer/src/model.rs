use crate::InferError;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `model.toml`: what medsent needs to know about a model directory.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    pub name: String,
    pub version: String,
    /// Class labels in logit order.
    pub labels: Vec<String>,
    /// The label whose probability is reported as the positive score.
    pub positive_label: String,
    /// Window length in tokens including the special tokens.
    #[serde(default = "default_max_length")]
    pub max_length: usize,
    /// Overlap between consecutive windows, in tokens.
    #[serde(default = "default_stride")]
    pub stride: usize,
    /// Graph input names: ids, attention mask and optionally token type ids.
    #[serde(default = "default_inputs")]
    pub inputs: Vec<String>,
    #[serde(default = "default_output")]
    pub output: String,
    #[serde(default)]
    pub cls_token: Option<String>,
    #[serde(default)]
    pub sep_token: Option<String>,
}

fn default_max_length() -> usize {
    128
}
fn default_stride() -> usize {
    32
}
fn default_inputs() -> Vec<String> {
    vec!["input_ids".into(), "attention_mask".into()]
}
fn default_output() -> String {
    "logits".into()
}

/// A model directory: `model.onnx`, `tokenizer.json`, `model.toml`.
#[derive(Debug, Clone)]
pub struct ModelDir {
    pub path: PathBuf,
    pub spec: Arc<ModelSpec>,
}

impl ModelDir {
    pub fn open(path: &Path) -> Result<ModelDir, InferError> {
        let toml_path = path.join("model.toml");
        let raw = std::fs::read_to_string(&toml_path)
            .map_err(|e| InferError::Model(format!("cannot read {}: {e}", toml_path.display())))?;
        let spec: ModelSpec = toml::from_str(&raw)
            .map_err(|e| InferError::Model(format!("invalid {}: {e}", toml_path.display())))?;
        if spec.labels.len() < 2 {
            return Err(InferError::Model(
                "model.toml: `labels` needs at least two labels".into(),
            ));
        }
        if !spec.labels.contains(&spec.positive_label) {
            return Err(InferError::Model(
                "model.toml: `positive_label` is not one of `labels`".into(),
            ));
        }
        if spec.max_length < 8 || spec.stride * 2 >= spec.max_length {
            return Err(InferError::Model(
                "model.toml: need max_length >= 8 and stride < max_length / 2".into(),
            ));
        }
        for f in ["model.onnx", "tokenizer.json"] {
            if !path.join(f).is_file() {
                return Err(InferError::Model(format!(
                    "{} is missing {f}",
                    path.display()
                )));
            }
        }
        Ok(ModelDir {
            path: path.to_owned(),
            spec: Arc::new(spec),
        })
    }
}
