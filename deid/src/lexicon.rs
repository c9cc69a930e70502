//! One map from a lower-case word to everything the engine's word lists say
//! about it (name, place, English word, stopword, country), looked up once
//! per token when the text is split into words, so that the dictionary and
//! context passes test bits instead of lower-casing and hashing each word
//! again.

use crate::names::dictionary;
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

pub(crate) const NAMES: &str = include_str!("../data/names.txt");
const PLACES: &str = include_str!("../data/places.txt");
pub(crate) const ENGLISH_WORDS: &str = include_str!("../data/english.txt");
const COUNTRIES: &str = include_str!("../data/countries.txt");
pub(crate) const DRUGS: &str = include_str!("../data/drugs.txt");
pub(crate) const KNOWN_WORDS: &str = include_str!("../data/known.txt");
/// Given names: the dictionary names that the 1990 Census given-name lists
/// hold, and the most frequent 2020 Census given names that no other list
/// holds (`scripts/build_name_dict.py --given`).
const GIVEN: &str = include_str!("../data/given.txt");

/// The word lists as one open-addressed table of 64-bit slots, one per word:
/// 56 bits of a hash of the lower-case word (the fingerprint) and the word's
/// 8 flag bits. A lookup is one hash and, nearly always, one cache line —
/// the strings themselves are never touched, where a map keyed by the words
/// read its control bytes, its bucket and the word (three cache misses,
/// which were most of a lookup's time). The slot's index comes from a second,
/// independent hash of the word, so a word that is in no list is taken for
/// one only if its 56-bit fingerprint equals that of a listed word at the
/// slots it probes: about 2^-56 a comparison, once in ~10^16 lookups. Within
/// the lists, no two words share a fingerprint (a test checks every word).
pub(crate) struct Table {
    slots: Vec<u64>,
    mask: usize,
}

/// Two hashes of a word: (slot index source, fingerprint).
#[inline]
fn hashes(w: &[u8]) -> (u64, u64) {
    // Eight bytes at a time; the length is mixed in, so padding is unambiguous.
    let mut h = 0x9E37_79B9_7F4A_7C15u64 ^ (w.len() as u64);
    for c in w.chunks(8) {
        let mut b = [0u8; 8];
        b[..c.len()].copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(b)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        h ^= h >> 31;
    }
    (fmix(h), fmix(h ^ 0x94D0_49BB_1331_11EB))
}

/// MurmurHash3's 64-bit finaliser: every input bit moves every output bit.
#[inline]
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// A slot's key: the fingerprint's top 56 bits, never zero (zero is empty).
#[inline]
fn key(fingerprint: u64) -> u64 {
    (fingerprint | 1 << 63) & !0xFF
}

impl Table {
    fn with_capacity(words: usize) -> Table {
        // At most two-thirds full, usually about half: probes stay short.
        let n = (words * 3 / 2).next_power_of_two();
        Table {
            slots: vec![0; n],
            mask: n - 1,
        }
    }

    /// ORs `flags` into the word's slot (the word in lower case).
    fn set(&mut self, w: &[u8], flags: u8) {
        let (i, f) = hashes(w);
        let k = key(f);
        let mut i = i as usize & self.mask;
        loop {
            let s = self.slots[i];
            if s == 0 || s & !0xFF == k {
                self.slots[i] = k | (s & 0xFF) | u64::from(flags);
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The word's flags (the word in lower case), 0 when it is in no list.
    #[inline]
    fn get(&self, w: &[u8]) -> u8 {
        let (i, f) = hashes(w);
        let k = key(f);
        let mut i = i as usize & self.mask;
        loop {
            let s = self.slots[i];
            if s & !0xFF == k {
                return s as u8;
            }
            if s == 0 {
                return 0;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// Every list's words with their flags, in the order they are set.
fn entries() -> impl Iterator<Item = (&'static str, u8)> {
    let names = dictionary(NAMES).map(|(w, weak)| (w, if weak { WEAK_NAME } else { NAME }));
    let places = dictionary(PLACES).filter_map(|(p, _)| Some((p.split(' ').next()?, PLACE)));
    let english = dictionary(ENGLISH_WORDS).map(|(w, _)| (w, ENGLISH));
    let countries =
        dictionary(COUNTRIES).filter_map(|(c, _)| Some((c.rsplit(' ').next()?, COUNTRY_END)));
    let drugs = dictionary(DRUGS).map(|(w, _)| (w, DRUG));
    let known = dictionary(KNOWN_WORDS).map(|(w, _)| (w, KNOWN));
    let stop = crate::detect::STOPWORDS.iter().map(|w| (*w, STOP));
    names
        .chain(places)
        .chain(english)
        .chain(countries)
        .chain(drugs)
        .chain(known)
        .chain(stop)
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table::with_capacity(entries().count());
        for (w, f) in entries() {
            t.set(w.as_bytes(), f);
        }
        t
    })
}

/// Whether a word in lower case (ASCII bytes) is a given name of
/// `data/given.txt`: asked only of lower-case words in notes typed with
/// capitals, so a table of its own rather than a ninth flag bit (with a
/// bitmap of a cheap hash in front: about one word in ten gets past it).
pub(crate) fn is_given(lower: &[u8]) -> bool {
    struct Given {
        /// One bit per value of [`Given::quick`]: most words are turned away
        /// by it, before the table's two hashes.
        seen: Vec<u64>,
        table: Table,
    }
    impl Given {
        fn quick(w: &[u8]) -> usize {
            let mut b = [0u8; 8];
            let n = w.len().min(8);
            b[..n].copy_from_slice(&w[..n]);
            let h = (u64::from_le_bytes(b) ^ (w.len() as u64) << 56)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
            (h >> 48) as usize
        }
    }
    static GIVEN_WORDS: OnceLock<Given> = OnceLock::new();
    let g = GIVEN_WORDS.get_or_init(|| {
        let mut g = Given {
            seen: vec![0; 1 << 10],
            table: Table::with_capacity(dictionary(GIVEN).count()),
        };
        for (w, _) in dictionary(GIVEN) {
            let q = Given::quick(w.as_bytes());
            g.seen[q >> 6] |= 1 << (q & 63);
            g.table.set(w.as_bytes(), 1);
        }
        g
    });
    let q = Given::quick(lower);
    g.seen[q >> 6] & 1 << (q & 63) != 0 && g.table.get(lower) != 0
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
    if word.is_ascii() {
        // Lower-case the bytes: no allocation, no UTF-8 check.
        let mut buf = [0u8; 32];
        for (d, c) in buf.iter_mut().zip(b) {
            *d = c.to_ascii_lowercase();
        }
        table().get(&buf[..b.len()])
    } else {
        table().get(word.to_lowercase().as_bytes())
    }
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
    fn given_names_answer_exactly() {
        let given: Vec<&str> = dictionary(GIVEN).map(|(w, _)| w).collect();
        assert!(given.len() > 6000);
        for w in &given {
            assert!(is_given(w.as_bytes()), "{w}");
        }
        for w in ["purpura", "cava", "tolerated", "", "zzqx", "chole", "Maria"] {
            assert!(!is_given(w.as_bytes()), "{w}");
        }
    }

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

    /// The table answers exactly what a map keyed by the words would: every
    /// listed word's flags, and no two listed words share a fingerprint.
    #[test]
    fn table_holds_every_word_exactly() {
        let mut exact: std::collections::HashMap<&str, u8> = Default::default();
        for (w, f) in entries() {
            *exact.entry(w).or_default() |= f;
        }
        let mut keys = std::collections::HashMap::new();
        for (w, f) in &exact {
            let k = key(hashes(w.as_bytes()).1);
            assert_eq!(keys.insert(k, *w), None, "{w} shares a fingerprint");
            assert_eq!(table().get(w.as_bytes()), *f, "{w}");
        }
        assert!(exact.len() > 300_000);
        for w in [
            "yefremova",
            "zzqx",
            "",
            "a-very-long-unlisted-word-of-many-bytes",
        ] {
            assert_eq!(
                table().get(w.as_bytes()),
                exact.get(w).copied().unwrap_or(0)
            );
        }
    }
}
