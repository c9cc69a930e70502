//! OAuth2 bearer JWT verification: HS256 with a shared secret, or RS256 /
//! ES256 with keys from a JWKS file. Failures answer 401 (403 for a valid
//! token without the required scope) with no detail about why.

use anyhow::{Context, Result, bail};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, jwk::JwkSet};
use serde::Deserialize;
use std::collections::HashSet;

pub struct Auth {
    keys: Keys,
    issuer: Option<String>,
    audience: Option<String>,
    scope: Option<String>,
}

enum Keys {
    Secret(DecodingKey),
    Jwks(JwkSet),
}

#[derive(Debug, PartialEq, Eq)]
pub enum Denied {
    /// Missing, malformed, unverifiable, expired or not meant for us.
    Unauthorized,
    /// Valid token without the required scope.
    Forbidden,
}

#[derive(Deserialize)]
struct Claims {
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    scp: Option<ScopeList>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ScopeList {
    One(String),
    Many(Vec<String>),
}

impl Auth {
    pub fn new(
        secret: Option<&str>,
        jwks_file: Option<&std::path::Path>,
        issuer: Option<String>,
        audience: Option<String>,
        scope: Option<String>,
    ) -> Result<Auth> {
        let keys = match (secret, jwks_file) {
            (Some(_), Some(_)) => bail!("give either --jwt-secret or --jwks, not both"),
            (Some(s), None) => {
                if s.len() < 32 {
                    bail!("--jwt-secret must be at least 32 bytes for HS256");
                }
                Keys::Secret(DecodingKey::from_secret(s.as_bytes()))
            }
            (None, Some(p)) => {
                let raw = std::fs::read(p)
                    .with_context(|| format!("reading JWKS file {}", p.display()))?;
                let set: JwkSet = serde_json::from_slice(&raw)
                    .with_context(|| format!("parsing JWKS file {}", p.display()))?;
                if set.keys.is_empty() {
                    bail!("JWKS file {} has no keys", p.display());
                }
                Keys::Jwks(set)
            }
            (None, None) => bail!(
                "no token verification configured: set --jwt-secret / MEDSENT_JWT_SECRET or --jwks / MEDSENT_JWKS (or --no-auth for local use)"
            ),
        };
        Ok(Auth {
            keys,
            issuer,
            audience,
            scope,
        })
    }

    pub fn check(&self, authorization: Option<&str>) -> Result<(), Denied> {
        let token = authorization
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(Denied::Unauthorized)?;
        let header = jsonwebtoken::decode_header(token).map_err(|_| Denied::Unauthorized)?;
        let (key, allowed): (std::borrow::Cow<DecodingKey>, &[Algorithm]) = match &self.keys {
            Keys::Secret(k) => (std::borrow::Cow::Borrowed(k), &[Algorithm::HS256]),
            Keys::Jwks(set) => {
                let jwk = match &header.kid {
                    Some(kid) => set.find(kid),
                    None if set.keys.len() == 1 => set.keys.first(),
                    None => None,
                }
                .ok_or(Denied::Unauthorized)?;
                let key = DecodingKey::from_jwk(jwk).map_err(|_| Denied::Unauthorized)?;
                (
                    std::borrow::Cow::Owned(key),
                    &[Algorithm::RS256, Algorithm::ES256],
                )
            }
        };
        // The algorithm comes from our configuration, never from the token alone.
        if !allowed.contains(&header.alg) {
            return Err(Denied::Unauthorized);
        }
        let mut v = Validation::new(header.alg);
        v.leeway = 30;
        v.set_required_spec_claims(&["exp"]);
        match &self.audience {
            Some(a) => v.set_audience(&[a]),
            None => v.validate_aud = false,
        }
        if let Some(i) = &self.issuer {
            v.set_issuer(&[i]);
        }
        let data =
            jsonwebtoken::decode::<Claims>(token, &key, &v).map_err(|_| Denied::Unauthorized)?;
        if let Some(required) = &self.scope {
            let mut have: HashSet<&str> = HashSet::new();
            if let Some(s) = &data.claims.scope {
                have.extend(s.split_whitespace());
            }
            match &data.claims.scp {
                Some(ScopeList::One(s)) => have.extend(s.split_whitespace()),
                Some(ScopeList::Many(v)) => have.extend(v.iter().map(String::as_str)),
                None => {}
            }
            if !have.contains(required.as_str()) {
                return Err(Denied::Forbidden);
            }
        }
        Ok(())
    }
}
