//! Keyed operations: pseudonymous keys and per-patient date shifts, all
//! derived from one secret with HMAC-SHA256 and domain separation.

use chrono::{Days, NaiveDate};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct Keyring {
    secret: Vec<u8>,
    max_shift_days: u32,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl Keyring {
    pub fn new(secret: &[u8], max_shift_days: u32) -> Self {
        Keyring {
            secret: secret.to_vec(),
            max_shift_days: max_shift_days.max(1),
        }
    }

    pub fn mac(&self, domain: &str, value: &str) -> [u8; 32] {
        // An HMAC accepts keys of any length, so this cannot fail.
        let mut m = HmacSha256::new_from_slice(&self.secret).expect("HMAC takes any key length");
        m.update(domain.as_bytes());
        m.update(&[0]);
        m.update(value.as_bytes());
        m.finalize().into_bytes().into()
    }

    /// 128-bit hex pseudonym of `value` in `domain` (e.g. "patient", "record").
    pub fn pseudonym(&self, domain: &str, value: &str) -> String {
        hex(&self.mac(domain, value)[..16])
    }

    /// The patient's date shift in days: non-zero, within ±max_shift_days,
    /// never a whole number of years, the same for every record of the patient.
    pub fn shift_days(&self, patient_id: &str) -> i64 {
        let m = self.mac("dateshift", patient_id);
        let v = u64::from_le_bytes(m[..8].try_into().expect("8 bytes"));
        let max = i64::from(self.max_shift_days);
        let r = (v % (2 * max as u64)) as i64 - max; // [-max, max-1]
        let mut r = if r >= 0 { r + 1 } else { r };
        // A whole number of years would leave month and day (PHI) as they were.
        while r.unsigned_abs() % 365 == 0 || r.unsigned_abs() % 366 == 0 {
            r -= r.signum();
        }
        r
    }

    pub fn shift_date(&self, patient_id: &str, d: NaiveDate) -> NaiveDate {
        shift(d, self.shift_days(patient_id))
    }
}

pub(crate) fn shift(d: NaiveDate, days: i64) -> NaiveDate {
    let r = if days >= 0 {
        d.checked_add_days(Days::new(days as u64))
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    r.unwrap_or(d)
}

pub(crate) fn hex(b: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(b.len() * 2);
    for &x in b {
        s.push(H[(x >> 4) as usize] as char);
        s.push(H[(x & 15) as usize] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifts_are_nonzero_bounded_and_stable() {
        let k = Keyring::new(b"secret", 30);
        for p in 0..500 {
            let s = k.shift_days(&p.to_string());
            assert!(s != 0 && (-30..=30).contains(&s));
            assert_eq!(s, k.shift_days(&p.to_string()));
        }
        assert_ne!(
            Keyring::new(b"other", 30).pseudonym("patient", "1"),
            k.pseudonym("patient", "1")
        );
        // Over a wide range no shift is a whole number of years (month and day would survive).
        let wide = Keyring::new(b"secret", 800);
        let shifts: Vec<i64> = (0..20_000)
            .map(|p| wide.shift_days(&p.to_string()))
            .collect();
        assert!(
            shifts
                .iter()
                .all(|s| *s != 0 && s.unsigned_abs() % 365 != 0 && s.unsigned_abs() % 366 != 0)
        );
        assert!(
            shifts.iter().any(|s| s.unsigned_abs() == 364)
                && shifts.iter().any(|s| s.unsigned_abs() == 367)
        );
    }
}
