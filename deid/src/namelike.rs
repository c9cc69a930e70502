//! How much a word no list holds looks like a person's name rather than an
//! English, medical or drug word, from its letters alone: two character
//! trigram models with Laplace smoothing, one learnt from the name list
//! (`data/names.txt`), one from the English, known-word and drug lists
//! (`data/english.txt`, `data/known.txt`, `data/drugs.txt`), both built
//! once from the lists the engine ships. The score is the log-likelihood
//! ratio of the word's letters (with its start and end) under the two:
//! above zero, the letters are likelier in a name ("okonkwo", "kuruvu");
//! below, in a word ("telopeptide", "copd", "afib").

use std::sync::OnceLock;

/// Start/end of a word, `a`–`z`, apostrophe, hyphen.
const SYMBOLS: usize = 29;
const CELLS: usize = SYMBOLS * SYMBOLS * SYMBOLS;

struct Model {
    /// log P_name(c | ab) − log P_word(c | ab) for every trigram `abc`.
    ratio: Vec<f32>,
}

fn symbol(c: u8) -> Option<usize> {
    match c {
        b'a'..=b'z' => Some(usize::from(c - b'a') + 1),
        b'\'' => Some(27),
        b'-' => Some(28),
        _ => None,
    }
}

/// Calls `f` with each of the word's trigram cells, with two start symbols
/// and one end symbol; false (and no call) for a word with any other byte
/// (capitals, digits, non-ASCII).
fn cells(w: &[u8], mut f: impl FnMut(usize)) -> bool {
    if !w.iter().all(|&c| symbol(c).is_some()) {
        return false;
    }
    let (mut a, mut b) = (0, 0);
    for c in w.iter().filter_map(|&c| symbol(c)).chain([0]) {
        f((a * SYMBOLS + b) * SYMBOLS + c);
        (a, b) = (b, c);
    }
    true
}

fn count<'a>(words: impl Iterator<Item = &'a str>) -> Vec<f64> {
    let mut n = vec![0f64; CELLS];
    for w in words {
        cells(w.as_bytes(), |c| n[c] += 1.0);
    }
    n
}

/// log P(c | ab) for every cell, add-one smoothed over the symbols.
fn log_probs(n: &[f64]) -> Vec<f64> {
    let mut out = vec![0f64; CELLS];
    for ctx in 0..SYMBOLS * SYMBOLS {
        let row = &n[ctx * SYMBOLS..(ctx + 1) * SYMBOLS];
        let total: f64 = row.iter().sum::<f64>() + SYMBOLS as f64;
        for (k, &x) in row.iter().enumerate() {
            out[ctx * SYMBOLS + k] = ((x + 1.0) / total).ln();
        }
    }
    out
}

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| {
        use crate::lexicon::{DRUGS, ENGLISH_WORDS, KNOWN_WORDS, NAMES};
        use crate::names::dictionary;
        // The same lists the word table is built from (`lexicon`).
        let names = count(dictionary(NAMES).filter(|(_, weak)| !weak).map(|(w, _)| w));
        let words = count(
            [ENGLISH_WORDS, KNOWN_WORDS, DRUGS]
                .into_iter()
                .flat_map(dictionary)
                .map(|(w, _)| w),
        );
        let (pn, pw) = (log_probs(&names), log_probs(&words));
        Model {
            ratio: pn.iter().zip(&pw).map(|(a, b)| (a - b) as f32).collect(),
        }
    })
}

/// The log-likelihood ratio name : word of a lower-case ASCII word's
/// letters; None for any other word.
pub(crate) fn name_score(w: &str) -> Option<f32> {
    let m = model();
    let mut sum = 0f32;
    cells(w.as_bytes(), |c| sum += m.ratio[c]).then_some(sum)
}

/// Builds the models now rather than at the first caseless note.
pub(crate) fn warm() {
    model();
}

#[cfg(test)]
mod tests {
    use super::name_score;

    #[test]
    fn letters_tell_names_from_terms_and_abbreviations() {
        // Names from several languages that no list of the engine holds.
        for w in ["tsegaye", "wojtaszek", "nakahara", "kowalczuk"] {
            assert!(!crate::is_listed_word(w), "{w} is listed: pick another");
            assert!(name_score(w).unwrap() > 0.0, "{w}: {:?}", name_score(w));
        }
        // Terms and abbreviations, built as medical words are. (A score, not a
        // rule: some names score below zero, e.g. "adeyemi" at about -1.1.)
        for w in [
            "tachyarrhythmic",
            "glomerulopathic",
            "nephrolithotomy",
            "dmards",
        ] {
            assert!(!crate::is_listed_word(w), "{w} is listed: pick another");
            assert!(name_score(w).unwrap() < 0.0, "{w}: {:?}", name_score(w));
        }
        // Only lower-case ASCII words are scored.
        assert_eq!(name_score("Okafor"), None);
        assert_eq!(name_score("b12"), None);
        assert_eq!(name_score("jos\u{e9}"), None);
    }

    #[test]
    #[ignore = "prints the score of each word in the file $NAMELIKE_WORDS, one word a line"]
    fn print_scores() {
        let path = std::env::var("NAMELIKE_WORDS").expect("NAMELIKE_WORDS");
        for w in std::fs::read_to_string(path).expect("a word file").lines() {
            println!("{w}\t{:?}", name_score(w));
        }
    }
}
