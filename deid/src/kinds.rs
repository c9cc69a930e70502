use serde::Serialize;

macro_rules! kinds {
    ($( $variant:ident => $name:literal, $tag:literal; )*) => {
        /// The PHI kinds medsent detects: HIPAA Safe Harbor's identifier
        /// categories as they occur in text (biometrics and photos cannot).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum PhiKind { $($variant),* }

        impl PhiKind {
            pub const ALL: &'static [PhiKind] = &[$(PhiKind::$variant),*];
            /// snake_case name, used for columns, counts and configuration.
            pub fn name(self) -> &'static str { match self { $(PhiKind::$variant => $name),* } }
            /// The default redaction tag.
            pub fn tag(self) -> &'static str { match self { $(PhiKind::$variant => $tag),* } }
            pub fn from_name(s: &str) -> Option<PhiKind> {
                match s { $($name => Some(PhiKind::$variant),)* _ => None }
            }
        }
    };
}

kinds! {
    Name => "name", "[NAME]";
    Address => "address", "[ADDRESS]";
    Location => "location", "[LOCATION]";
    Zip => "zip", "[ZIP]";
    Date => "date", "[DATE]";
    Age => "age", "[AGE>89]";
    Phone => "phone", "[PHONE]";
    Fax => "fax", "[FAX]";
    Email => "email", "[EMAIL]";
    Ssn => "ssn", "[SSN]";
    Mrn => "mrn", "[MRN]";
    HealthPlan => "health_plan", "[HEALTH_PLAN_ID]";
    Account => "account", "[ACCOUNT]";
    License => "license", "[LICENSE]";
    Vehicle => "vehicle", "[VEHICLE_ID]";
    Device => "device", "[DEVICE_ID]";
    Url => "url", "[URL]";
    Ip => "ip", "[IP]";
    Id => "id", "[ID]";
}

/// Counts of detected PHI by kind for one record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhiCounts([u32; PhiKind::ALL.len()]);

impl PhiCounts {
    pub fn add(&mut self, kind: PhiKind) {
        self.0[kind as usize] += 1;
    }
    /// Adds `n` findings of one kind (counts carried between stages).
    pub fn add_n(&mut self, kind: PhiKind, n: u32) {
        self.0[kind as usize] += n;
    }
    pub fn get(&self, kind: PhiKind) -> u32 {
        self.0[kind as usize]
    }
    pub fn total(&self) -> u32 {
        self.0.iter().sum()
    }
    pub fn iter(&self) -> impl Iterator<Item = (PhiKind, u32)> + '_ {
        PhiKind::ALL.iter().map(|&k| (k, self.get(k)))
    }
    pub fn merge(&mut self, other: &PhiCounts) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a += b;
        }
    }
}

impl Serialize for PhiCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        for (k, n) in self.iter().filter(|(_, n)| *n > 0) {
            m.serialize_entry(k.name(), &n)?;
        }
        m.end()
    }
}
