//! What replaces each kind of identifier. Configurable per kind:
//! `tag` (`[NAME]`), `hmac` (keyed pseudonym, the same for the same value in
//! every record: `[NAME:3f9a0c1d]`), `surrogate` (a made-up value of the same
//! kind, consistent within a patient), `shift` (dates: the patient's shift),
//! `generalise` (dates: the year; ZIP: ZIP3 or 000; ages: `[AGE>89]`).

use crate::{DeidError, Keyring, PhiKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    Tag,
    Hmac,
    Surrogate,
    Shift,
    Generalise,
}

impl std::str::FromStr for Operator {
    type Err = DeidError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "tag" | "redact" => Operator::Tag,
            "hmac" | "pseudonym" => Operator::Hmac,
            "surrogate" => Operator::Surrogate,
            "shift" => Operator::Shift,
            "generalise" | "generalize" => Operator::Generalise,
            _ => {
                return Err(DeidError::Operator(format!(
                    "unknown operator `{s}` (tag, hmac, surrogate, shift, generalise)"
                )));
            }
        })
    }
}

/// The operator for every kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operators([Operator; PhiKind::ALL.len()]);

impl Default for Operators {
    /// Dates shift, ZIPs and ages generalise, everything else becomes a tag.
    fn default() -> Self {
        let mut o = Operators([Operator::Tag; PhiKind::ALL.len()]);
        o.0[PhiKind::Date as usize] = Operator::Shift;
        o.0[PhiKind::Zip as usize] = Operator::Generalise;
        o.0[PhiKind::Age as usize] = Operator::Generalise;
        o
    }
}

const SURROGATE_KINDS: [PhiKind; 6] = [
    PhiKind::Name,
    PhiKind::Phone,
    PhiKind::Fax,
    PhiKind::Email,
    PhiKind::Address,
    PhiKind::Location,
];

impl Operators {
    pub fn get(&self, kind: PhiKind) -> Operator {
        self.0[kind as usize]
    }

    /// Sets one kind's operator, refusing combinations that would not remove
    /// the identifier or make no sense (shifting a name, a ZIP surrogate).
    pub fn set(&mut self, kind: PhiKind, op: Operator) -> Result<(), DeidError> {
        let ok = match op {
            Operator::Tag | Operator::Hmac => true,
            Operator::Shift => kind == PhiKind::Date,
            Operator::Generalise => matches!(kind, PhiKind::Date | PhiKind::Zip | PhiKind::Age),
            Operator::Surrogate => SURROGATE_KINDS.contains(&kind),
        };
        if !ok {
            return Err(DeidError::Operator(format!(
                "operator {op:?} does not apply to {}",
                kind.name()
            )));
        }
        self.0[kind as usize] = op;
        Ok(())
    }

    /// Parses `kind=operator` settings (e.g. `name=surrogate`, `date=generalise`).
    pub fn parse<'a>(settings: impl IntoIterator<Item = &'a str>) -> Result<Operators, DeidError> {
        let mut o = Operators::default();
        for s in settings
            .into_iter()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let (k, op) = s
                .split_once('=')
                .ok_or_else(|| DeidError::Operator(format!("expected kind=operator, got `{s}`")))?;
            let kind = PhiKind::from_name(k.trim())
                .ok_or_else(|| DeidError::Operator(format!("unknown PHI kind `{k}`")))?;
            o.set(kind, op.trim().parse()?)?;
        }
        Ok(o)
    }
}

const FIRST: [&str; 16] = [
    "Alex", "Jordan", "Casey", "Riley", "Morgan", "Avery", "Quinn", "Rowan", "Emery", "Harper",
    "Jules", "Sage", "Reese", "Dana", "Kai", "Blair",
];
const LAST: [&str; 16] = [
    "Alder", "Birch", "Cedar", "Dunmore", "Ellery", "Fairbank", "Glenholm", "Hollis", "Ingram",
    "Kestrel", "Larkin", "Marsh", "Norwood", "Orchard", "Prewitt", "Quarry",
];
const PLACES: [&str; 8] = [
    "Lakeside",
    "Riverton",
    "Hillcrest",
    "Brookfield",
    "Maplewood",
    "Fairview",
    "Oakridge",
    "Pinehurst",
];

fn normal(kind: PhiKind, v: &str) -> String {
    match kind {
        PhiKind::Phone | PhiKind::Fax | PhiKind::Ssn => {
            v.chars().filter(char::is_ascii_digit).collect()
        }
        _ => v
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    }
}

fn bracket(kind: PhiKind) -> &'static str {
    kind.tag().trim_start_matches('[').trim_end_matches(']')
}

/// `[NAME:3f9a0c1d]`: the same for the same value in every record and run
/// with the same secret, so values can be counted and joined without being seen.
pub(crate) fn hmac(keys: &Keyring, kind: PhiKind, v: &str) -> String {
    let m = keys.mac(&format!("phi:{}", kind.name()), &normal(kind, v));
    format!("[{}:{}]", bracket(kind), crate::keys::hex(&m[..4]))
}

/// A made-up value of the same kind, the same for the same value within one
/// patient's records (different patients get unrelated surrogates).
pub(crate) fn surrogate(keys: &Keyring, kind: PhiKind, patient: &str, v: &str) -> String {
    let m = keys.mac(
        &format!("surrogate:{}", kind.name()),
        &format!("{patient}\u{0}{}", normal(kind, v)),
    );
    let n = u32::from_le_bytes([m[0], m[1], m[2], m[3]]) as usize;
    let out = match kind {
        PhiKind::Name if v.split_whitespace().count() > 1 => {
            format!("{} {}", FIRST[n % 16], LAST[(n >> 4) % 16])
        }
        PhiKind::Name => LAST[n % 16].to_owned(),
        PhiKind::Phone | PhiKind::Fax => format!("555-01{:02}", n % 100), // 555-0100..0199: reserved for fiction
        PhiKind::Email => format!("person{:04x}@example.org", n & 0xffff),
        PhiKind::Address => format!("{} Example Street", 1 + n % 9000),
        PhiKind::Location => PLACES[n % PLACES.len()].to_owned(),
        other => return hmac(keys, other, v),
    };
    let letters: Vec<char> = v.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        out.to_uppercase()
    } else {
        out
    }
}
