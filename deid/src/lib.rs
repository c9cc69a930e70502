//! medsent de-identification.
//!
//! [`Deidentifier`] removes HIPAA Safe Harbor identifiers from free text, using
//! compiled patterns, context rules (titles, relations, credentials), and the
//! record's own structured identifiers as seeds wherever they recur. It also
//! derives the keyed values that keep data linkable without PHI: patient and
//! record pseudonyms (HMAC-SHA256) and a per-patient date shift.
//!
//! This crate does no I/O and never logs. Its outputs other than
//! [`Redacted::spans`] contain no PHI; spans are offsets for audit and
//! evaluation and must not be stored with the original text.

mod context;
mod dates;
mod detect;
mod keys;
mod kinds;
mod lexicon;
mod namelike;
mod names;
mod operators;
mod places;
mod streets;

pub use detect::Span;
pub use keys::Keyring;
pub use kinds::{PhiCounts, PhiKind};
pub use operators::{Operator, Operators};

use chrono::NaiveDate;
use detect::{Patterns, Seeds};

/// Settings of the engine. The secret keys every pseudonym and date shift:
/// keep it in a secret store; changing it breaks linkage with earlier output.
#[derive(Clone)]
pub struct DeidConfig {
    pub secret: Vec<u8>,
    /// Date shifts are drawn from ±this many days (never 0).
    pub max_shift_days: u32,
    /// What replaces each kind (default: dates shift, ZIP and age generalise, the rest become tags).
    pub operators: Operators,
    /// Take a capitalised word that no word list knows as a name even with no
    /// context ("Shovda is very reliable"). On by default; off trades recall
    /// for fewer clinical words taken as names (unlisted jargon: "Vanco").
    pub lone_names: bool,
}

impl std::fmt::Debug for DeidConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeidConfig")
            .field("max_shift_days", &self.max_shift_days)
            .field("lone_names", &self.lone_names)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DeidError {
    #[error("the de-identification secret must be at least 16 bytes (got {0})")]
    WeakSecret(usize),
    #[error("{0}")]
    Operator(String),
}

/// An identifier from a structured field, used to find the same value in text.
#[derive(Debug, Clone)]
pub struct Seed {
    pub kind: PhiKind,
    pub value: String,
}

/// Whose text this is: the patient (for date shifts) and structured seeds.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub patient_id: &'a str,
    /// Year used to shift dates written without one (the record's event year).
    pub reference_year: i32,
    pub seeds: &'a [Seed],
}

/// De-identified text and what was removed.
#[derive(Debug, Clone)]
pub struct Redacted {
    pub text: String,
    pub counts: PhiCounts,
    /// Byte offsets into the *input* text. For audit and evaluation only.
    pub spans: Vec<Span>,
}

pub struct Deidentifier {
    keys: Keyring,
    patterns: Patterns,
    operators: Operators,
}

/// ZIP3 areas with 20,000 or fewer people (2000 census, per HHS guidance):
/// Safe Harbor requires 000 for these.
const RESTRICTED_ZIP3: [&str; 17] = [
    "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878",
    "879", "884", "890", "893",
];

impl Deidentifier {
    pub fn new(cfg: &DeidConfig) -> Result<Deidentifier, DeidError> {
        if cfg.secret.len() < 16 {
            return Err(DeidError::WeakSecret(cfg.secret.len()));
        }
        // Built here, not inside the first caseless note's redaction.
        namelike::warm();
        Ok(Deidentifier {
            keys: Keyring::new(&cfg.secret, cfg.max_shift_days),
            patterns: Patterns::new().with_lone_names(cfg.lone_names),
            operators: cfg.operators.clone(),
        })
    }

    pub fn keys(&self) -> &Keyring {
        &self.keys
    }

    /// Pseudonymous, linkable patient key.
    pub fn patient_key(&self, patient_id: &str) -> String {
        self.keys.pseudonym("patient", patient_id)
    }

    /// Pseudonymous record key.
    pub fn record_key(&self, record_id: &str) -> String {
        self.keys.pseudonym("record", record_id)
    }

    pub fn shift_date(&self, patient_id: &str, d: NaiveDate) -> NaiveDate {
        self.keys.shift_date(patient_id, d)
    }

    /// Finds identifiers in `text` (byte spans, merged, sorted).
    pub fn detect(&self, text: &str, subject: &Subject<'_>) -> Vec<Span> {
        let mut spans = Vec::new();
        self.patterns.detect(text, &mut spans);
        if let Some(seeds) = Seeds::build(&expand_seeds(subject.seeds)) {
            seeds.detect(text, &mut spans);
        }
        detect::resolve(&mut spans);
        spans
    }

    /// Removes identifiers from `text`.
    pub fn redact(&self, text: &str, subject: &Subject<'_>) -> Redacted {
        let spans = self.detect(text, subject);
        let shift = self.keys.shift_days(subject.patient_id);
        let mut out = String::with_capacity(text.len() + 16);
        let mut counts = PhiCounts::default();
        let mut at = 0;
        for s in &spans {
            out.push_str(&text[at..s.start]);
            counts.add(s.kind);
            out.push_str(&self.render(s.kind, &text[s.start..s.end], shift, subject));
            at = s.end;
        }
        out.push_str(&text[at..]);
        Redacted {
            text: out,
            counts,
            spans,
        }
    }
}

impl Deidentifier {
    /// The replacement for one identifier under the configured operator.
    fn render(&self, kind: PhiKind, original: &str, shift: i64, subject: &Subject<'_>) -> String {
        let tag = || kind.tag().to_owned();
        match (self.operators.get(kind), kind) {
            (op @ (Operator::Shift | Operator::Generalise), PhiKind::Date) => {
                let Some(p) = dates::parse(original, subject.reference_year) else {
                    return tag();
                };
                let year_alone = p.month.is_none() && p.day.is_none();
                match (p.year, op) {
                    // Safe Harbor: no date element, the year included, that
                    // may tell an age over 89 (a birth date 90 years or more
                    // before the record's year).
                    (Some(y), _) if y <= subject.reference_year - 90 => tag(),
                    // A year alone is no identifier; generalising keeps the year.
                    (Some(y), Operator::Generalise) => y.to_string(),
                    (Some(y), _) if year_alone => y.to_string(),
                    (None, Operator::Generalise) => tag(),
                    _ => {
                        dates::render_shifted(p, shift, subject.reference_year).unwrap_or_else(tag)
                    }
                }
            }
            (Operator::Generalise, PhiKind::Zip) => format!("[ZIP {}]", zip3(original)),
            (Operator::Hmac, k) => operators::hmac(&self.keys, k, original),
            (Operator::Surrogate, k) => {
                operators::surrogate(&self.keys, k, subject.patient_id, original)
            }
            (_, k) => k.tag().to_owned(),
        }
    }

    /// De-identifies a structured field known to hold `kind` (a birth date, a
    /// ZIP, a phone…) with the same operators as free text.
    pub fn replace_field(&self, kind: PhiKind, value: &str, subject: &Subject<'_>) -> String {
        let shift = self.keys.shift_days(subject.patient_id);
        self.render(kind, value, shift, subject)
    }
}

/// Safe Harbor ZIP generalisation: the first three digits, or 000 where the
/// three-digit area is too small.
pub fn zip3(zip: &str) -> String {
    let digits: String = zip.chars().filter(|c| c.is_ascii_digit()).take(3).collect();
    if digits.len() < 3 || RESTRICTED_ZIP3.contains(&digits.as_str()) {
        "000".to_owned()
    } else {
        digits
    }
}

/// Whether `words` name a US state (its postal code or its name, as usually
/// written) or a country: geography Safe Harbor lets a record keep, which the
/// engine leaves in place. Words may be separated by any whitespace.
pub fn is_state_or_country(words: &str) -> bool {
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    detect::STATES.split('|').any(|s| s == words) || lexicon::is_country(&words.to_lowercase())
}

/// Whether any of the engine's word lists (names, places, English and rare
/// words, drugs, countries) holds `word`, in any case: for evaluations that
/// need words the engine cannot know.
pub fn is_listed_word(word: &str) -> bool {
    lexicon::flags(word) != 0
}

/// Converts a byte offset in `text` to a Unicode scalar offset.
pub fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].chars().count()
}

/// Turns structured values into the strings to look for in text.
fn expand_seeds(seeds: &[Seed]) -> Vec<(PhiKind, String)> {
    let mut out: Vec<(PhiKind, String)> = Vec::new();
    let mut add = |k: PhiKind, v: &str| {
        let v = v.trim().trim_matches(|c: char| c == ',' || c == '.');
        if v.chars().count() >= 2 && !out.iter().any(|(_, x)| x.eq_ignore_ascii_case(v)) {
            out.push((k, v.to_owned()));
        }
    };
    for s in seeds {
        let v = s.value.as_str();
        add(s.kind, v);
        match s.kind {
            PhiKind::Name => {
                for t in v.split(|c: char| c.is_whitespace() || c == ',') {
                    let t = t.trim_matches('.');
                    if t.len() >= 2
                        && !detect::is_stopword(t)
                        && t.chars()
                            .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
                    {
                        add(PhiKind::Name, t);
                    }
                }
            }
            PhiKind::Address => {
                if let Some(street) = v.split(',').next() {
                    add(PhiKind::Address, street);
                }
            }
            PhiKind::Phone | PhiKind::Fax | PhiKind::Ssn => {
                let d: String = v.chars().filter(|c| c.is_ascii_digit()).collect();
                add(s.kind, &d);
                if d.len() == 10 {
                    add(s.kind, &format!("{}-{}-{}", &d[..3], &d[3..6], &d[6..]));
                    add(s.kind, &format!("({}) {}-{}", &d[..3], &d[3..6], &d[6..]));
                    add(s.kind, &format!("{}.{}.{}", &d[..3], &d[3..6], &d[6..]));
                }
                if d.len() == 9 && s.kind == PhiKind::Ssn {
                    add(s.kind, &format!("{}-{}-{}", &d[..3], &d[3..5], &d[5..]));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
