//! One map from a lower-case word to everything the engine's word lists say
//! about it (name, place, English word, stopword, country), looked up once
//! per token when the text is split into words, so that the dictionary and
//! context passes test bits instead of lower-casing and hashing each word
//! again.

use crate::names::{FastMap, dictionary};
use std::sync::OnceLock;

/// A dictionary name (`data/names.txt`) that is not an English word.
pub(crate) const NAME: u8 = 1;
/// A dictionary name that is also an English word ("Smith", "Will").
pub(crate) const WEAK_NAME: u8 = 2;
/// The first word of a place in the gazetteer (`data/places.txt`).
pub(crate) const PLACE: u8 = 4;
/// An ordinary lower-case English word (`data/english.txt`).
pub(crate) const ENGLISH: u8 = 8;
/// A stopword: capitalised in notes, never part of a name.
pub(crate) const STOP: u8 = 16;
/// The last word of a country's name (`data/countries.txt`).
pub(crate) const COUNTRY_END: u8 = 32;
/// A drug's name, generic or brand (`data/drugs.txt`): never a person.
pub(crate) const DRUG: u8 = 64;
/// A word a large English dictionary knows that is neither on the ordinary
/// list nor a dictionary name (`data/known.txt`: rare words, nationalities,
/// brands, organisations, famous people): no person's name alone.
pub(crate) const KNOWN: u8 = 128;

const NAMES: &str = include_str!("../data/names.txt");
const PLACES: &str = include_str!("../data/places.txt");
const ENGLISH_WORDS: &str = include_str!("../data/english.txt");
const COUNTRIES: &str = include_str!("../data/countries.txt");
const DRUGS: &str = include_str!("../data/drugs.txt");
const KNOWN_WORDS: &str = include_str!("../data/known.txt");

fn map() -> &'static FastMap<&'static [u8], u8> {
    static MAP: OnceLock<FastMap<&'static [u8], u8>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m: FastMap<&'static [u8], u8> = FastMap::default();
        m.reserve(380_000);
        let mut set = |w: &'static str, f: u8| *m.entry(w.as_bytes()).or_default() |= f;
        for (w, weak) in dictionary(NAMES) {
            set(w, if weak { WEAK_NAME } else { NAME });
        }
        for (p, _) in dictionary(PLACES) {
            if let Some(first) = p.split(' ').next() {
                set(first, PLACE);
            }
        }
        for (w, _) in dictionary(ENGLISH_WORDS) {
            set(w, ENGLISH);
        }
        for (c, _) in dictionary(COUNTRIES) {
            if let Some(last) = c.rsplit(' ').next() {
                set(last, COUNTRY_END);
            }
        }
        for (w, _) in dictionary(DRUGS) {
            set(w, DRUG);
        }
        for (w, _) in dictionary(KNOWN_WORDS) {
            set(w, KNOWN);
        }
        for w in crate::detect::STOPWORDS {
            set(w, STOP);
        }
        m
    })
}

/// An English word that no name list has ("tolerated", "portal"): in
/// capitals no evidence of a name.
pub(crate) fn english_only(flags: u8) -> bool {
    flags & ENGLISH != 0 && flags & (NAME | WEAK_NAME) == 0
}

/// A dictionary name that is neither an English word nor a stopword
/// ("patricia", "silvana"): a name even in lower case.
pub(crate) fn plain_name(flags: u8) -> bool {
    flags & NAME != 0 && flags & (ENGLISH | STOP) == 0
}

/// What the word lists say about a word (any case).
pub(crate) fn flags(word: &str) -> u8 {
    let b = word.as_bytes();
    if b.len() > 32 {
        return 0;
    }
    let found = if word.is_ascii() {
        // Lower-case the bytes: no allocation, no UTF-8 check.
        let mut buf = [0u8; 32];
        for (d, c) in buf.iter_mut().zip(b) {
            *d = c.to_ascii_lowercase();
        }
        map().get(&buf[..b.len()]).copied()
    } else {
        map().get(word.to_lowercase().as_bytes()).copied()
    };
    found.unwrap_or(0)
}

/// A country's name, lower-case words joined by single spaces.
pub(crate) fn is_country(name: &str) -> bool {
    static SET: OnceLock<crate::names::FastSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| dictionary(COUNTRIES).map(|(c, _)| c).collect())
        .contains(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_lookup_answers_every_list() {
        assert_eq!(flags("Yefremova"), 0);
        assert!(flags("Anderson") & NAME != 0);
        assert!(flags("SMITH") & WEAK_NAME != 0);
        assert!(flags("Worcester") & PLACE != 0);
        assert!(flags("walk") & ENGLISH != 0);
        assert!(flags("Patient") & STOP != 0);
        assert!(flags("Zealand") & COUNTRY_END != 0);
    }
}
