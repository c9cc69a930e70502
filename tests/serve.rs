//! The HTTP gateway over real HTTP: a `medsent serve` process per test.

mod common;
use common::*;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use reqwest::blocking::Client;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const SECRET: &str = "test-jwt-secret-that-is-long-enough-0123456789";
const ISS: &str = "https://idp.example.test";
const AUD: &str = "medsent";

struct Server {
    child: Child,
    base: String,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = medsent()
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .env("MEDSENT_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let base = line.trim().rsplit(' ').next().unwrap().to_owned();
        assert!(base.starts_with("http"), "unexpected first line: {line}");
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (buf, mut err) = (stderr.clone(), child.stderr.take().unwrap());
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = err.read_to_string(&mut s);
            buf.lock().unwrap().push_str(&s);
        });
        Server {
            child,
            base,
            stderr,
        }
    }

    fn url(&self, p: &str) -> String {
        format!("{}{p}", self.base)
    }

    fn wait_ready(&self) {
        let c = client();
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(30) {
            if c.get(self.url("/readyz"))
                .send()
                .is_ok_and(|r| r.status() == 200)
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("server not ready");
    }

    fn stop(mut self) -> (std::process::ExitStatus, String) {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let st = self.child.wait().unwrap();
        std::thread::sleep(Duration::from_millis(100));
        let log = self.stderr.lock().unwrap().clone();
        (st, log)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn claims(exp_offset: i64, aud: &str, iss: &str, scope: &str) -> Value {
    json!({ "sub": "app-1", "iss": iss, "aud": aud, "exp": (now() as i64 + exp_offset), "scope": scope })
}

fn hs256(c: &Value, secret: &str) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        c,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn hs_server(extra: &[&str]) -> Server {
    let mut a = vec![
        "--model-dir",
        "",
        "--jwt-secret",
        SECRET,
        "--jwt-issuer",
        ISS,
        "--jwt-audience",
        AUD,
    ];
    let tiny = tiny_model();
    let tiny = tiny.to_str().unwrap().to_owned();
    a[1] = &tiny;
    a.extend_from_slice(extra);
    let s = Server::start(&a);
    s.wait_ready();
    s
}

/// reqwest is built with rustls but no bundled provider (the sink's S3
/// client brings that feature); use ring, as the binary does.
fn client() -> Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    Client::new()
}

fn post(c: &Client, url: &str, token: Option<&str>, body: &Value) -> reqwest::blocking::Response {
    let mut r = c.post(url).json(body);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    r.send().unwrap()
}

#[test]
fn auth_matrix_hs256() {
    let s = hs_server(&[]);
    let c = client();
    let url = s.url("/v1/sentiment");
    let body = json!({ "text": "Feeling better today." });
    let good = hs256(&claims(300, AUD, ISS, "openid medsent.infer"), SECRET);
    let r = post(&c, &url, Some(&good), &body);
    assert_eq!(r.status(), 200);
    let v: Value = r.json().unwrap();
    assert_eq!(v["model"]["name"], "tiny-distilbert-random");

    let none_alg = {
        use base64_like::url_b64;
        format!(
            "{}.{}.",
            url_b64(br#"{"alg":"none","typ":"JWT"}"#),
            url_b64(
                claims(300, AUD, ISS, "medsent.infer")
                    .to_string()
                    .as_bytes()
            )
        )
    };
    let cases: Vec<(&str, Option<String>, u16)> = vec![
        ("no token", None, 401),
        ("garbage", Some("not-a-jwt".into()), 401),
        (
            "wrong signature",
            Some(hs256(
                &claims(300, AUD, ISS, "medsent.infer"),
                "another-secret-that-is-long-enough-xx",
            )),
            401,
        ),
        (
            "expired",
            Some(hs256(&claims(-3600, AUD, ISS, "medsent.infer"), SECRET)),
            401,
        ),
        (
            "wrong audience",
            Some(hs256(
                &claims(300, "someone-else", ISS, "medsent.infer"),
                SECRET,
            )),
            401,
        ),
        (
            "wrong issuer",
            Some(hs256(
                &claims(300, AUD, "https://evil.test", "medsent.infer"),
                SECRET,
            )),
            401,
        ),
        ("alg none", Some(none_alg), 401),
        (
            "missing scope",
            Some(hs256(&claims(300, AUD, ISS, "openid"), SECRET)),
            403,
        ),
    ];
    let mut bodies_401 = Vec::new();
    for (what, tok, want) in cases {
        let r = post(&c, &url, tok.as_deref(), &body);
        assert_eq!(r.status().as_u16(), want, "{what}");
        if want == 401 {
            assert_eq!(r.headers()["www-authenticate"], "Bearer", "{what}");
            bodies_401.push(r.text().unwrap());
        }
    }
    assert!(
        bodies_401.windows(2).all(|w| w[0] == w[1]),
        "401 answers must not say why"
    );
    // Protected KServe routes need the token too; health does not.
    assert_eq!(
        c.get(s.url("/v2/models/tiny-distilbert-random"))
            .send()
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        c.get(s.url("/v2/models/tiny-distilbert-random"))
            .bearer_auth(&good)
            .send()
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        c.get(s.url("/v2/health/ready")).send().unwrap().status(),
        200
    );
}

/// Minimal base64url without padding, for hand-made tokens.
mod base64_like {
    pub fn url_b64(b: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut s = String::new();
        for ch in b.chunks(3) {
            let n = (u32::from(ch[0]) << 16)
                | (u32::from(*ch.get(1).unwrap_or(&0)) << 8)
                | u32::from(*ch.get(2).unwrap_or(&0));
            for i in 0..=ch.len() {
                s.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        s
    }
}

#[test]
fn jwks_es256_and_algorithm_confusion() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("ec.pem");
    let made = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out {}",
            key.display()
        ))
        .status()
        .unwrap();
    assert!(made.success(), "openssl is needed to make a test key");
    let ek = EncodingKey::from_ec_pem(&std::fs::read(&key).unwrap()).unwrap();
    let mut jwk = jsonwebtoken::jwk::Jwk::from_encoding_key(&ek, Algorithm::ES256).unwrap();
    jwk.common.key_id = Some("k1".into());
    let jwks = dir.path().join("jwks.json");
    std::fs::write(
        &jwks,
        serde_json::to_vec(&json!({ "keys": [jwk] })).unwrap(),
    )
    .unwrap();
    let tiny = tiny_model();
    let s = Server::start(&[
        "--model-dir",
        tiny.to_str().unwrap(),
        "--jwks",
        jwks.to_str().unwrap(),
        "--jwt-audience",
        AUD,
    ]);
    s.wait_ready();
    let c = client();
    let mut h = Header::new(Algorithm::ES256);
    h.kid = Some("k1".into());
    let good = encode(&h, &claims(300, AUD, ISS, "medsent.infer"), &ek).unwrap();
    let body = json!({ "text": "ok" });
    assert_eq!(
        post(&c, &s.url("/v1/sentiment"), Some(&good), &body).status(),
        200
    );
    // An HS256 token must not be accepted by a server that trusts public keys.
    let hs = hs256(&claims(300, AUD, ISS, "medsent.infer"), SECRET);
    assert_eq!(
        post(&c, &s.url("/v1/sentiment"), Some(&hs), &body).status(),
        401
    );
    let mut h2 = Header::new(Algorithm::ES256);
    h2.kid = Some("unknown".into());
    let other = encode(&h2, &claims(300, AUD, ISS, "medsent.infer"), &ek).unwrap();
    assert_eq!(
        post(&c, &s.url("/v1/sentiment"), Some(&other), &body).status(),
        401
    );
}

#[test]
fn validation_errors_never_echo_content_and_phi_stays_out_of_logs() {
    let s = hs_server(&["--max-body-bytes", "4096", "--max-notes", "2"]);
    let c = client();
    let tok = hs256(&claims(300, AUD, ISS, "medsent.infer"), SECRET);
    let url = s.url("/v1/sentiment");
    let raw = |body: &str| {
        c.post(&url)
            .bearer_auth(&tok)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .unwrap()
    };
    let cases = [
        (r#"{"text": "Maria Lopez"#, 400),
        (r#"{"text": ["Maria Lopez"]}"#, 400),
        (r#"{"text": "Maria Lopez", "notes": []}"#, 400),
        (r#"{"notes": []}"#, 400),
        (
            r#"{"notes": [{"text":"a"},{"text":"b"},{"text":"Maria Lopez"}]}"#,
            400,
        ),
        (r#"{"txt": "Maria Lopez"}"#, 400),
    ];
    for (body, want) in cases {
        let r = raw(body);
        assert_eq!(r.status().as_u16(), want, "{body}");
        let t = r.text().unwrap();
        let v: Value = serde_json::from_str(&t).unwrap();
        assert!(v["error"]["code"].is_string() && v["error"]["message"].is_string());
        assert!(
            !t.contains("Maria") && !t.contains("Lopez"),
            "error echoes content: {t}"
        );
    }
    let big = json!({ "text": "Maria Lopez ".repeat(1000) });
    assert_eq!(post(&c, &url, Some(&tok), &big).status(), 413);

    // A real note with PHI: the answer has the de-identified text; logs and metrics have none.
    let note = json!({ "notes": [{ "id": "a1", "patient_id": "p9", "text": "Mrs. Hernandez called from 617-555-0199 on 03/02/2024; she feels better.",
                                  "demographics": { "name": "Rosa Hernandez" } }], "return_text": true });
    let r = post(&c, &url, Some(&tok), &note);
    assert_eq!(r.status(), 200);
    let v: Value = r.json().unwrap();
    let res = &v["results"][0];
    assert_eq!(res["id"], "a1");
    let text = res["text"].as_str().unwrap();
    assert!(
        !text.contains("Hernandez") && !text.contains("555-0199") && !text.contains("03/02"),
        "{text}"
    );
    assert!(res["phi_counts"]["name"].as_u64().unwrap() >= 1);
    let metrics = c.get(s.url("/metrics")).send().unwrap().text().unwrap();
    assert!(
        metrics.contains("medsent_http_requests_total{route=\"/v1/sentiment\",status=\"200\"}")
    );
    assert!(metrics.contains("medsent_batch_size_bucket"));
    assert!(metrics.contains("medsent_queue_windows"));
    assert!(!metrics.contains("Hernandez"));
    let (_, log) = s.stop();
    assert!(
        !log.contains("Hernandez") && !log.contains("Maria") && !log.contains("555-0199"),
        "PHI in logs"
    );
}

#[test]
fn kserve_v2_shapes() {
    let s = hs_server(&[]);
    let c = client();
    let tok = hs256(&claims(300, AUD, ISS, "medsent.infer"), SECRET);
    assert_eq!(
        c.get(s.url("/v2/health/live")).send().unwrap().status(),
        200
    );
    assert_eq!(
        c.get(s.url("/v2/health/ready")).send().unwrap().status(),
        200
    );
    let meta: Value = c.get(s.url("/v2")).send().unwrap().json().unwrap();
    assert_eq!(meta["name"], "medsent");
    let m = "tiny-distilbert-random";
    let md: Value = c
        .get(s.url(&format!("/v2/models/{m}")))
        .bearer_auth(&tok)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(md["name"], m);
    assert_eq!(md["inputs"][0]["datatype"], "BYTES");
    assert_eq!(
        c.get(s.url(&format!("/v2/models/{m}/ready")))
            .bearer_auth(&tok)
            .send()
            .unwrap()
            .status(),
        200
    );
    let req = json!({ "id": "r-7", "inputs": [{ "name": "text", "shape": [3], "datatype": "BYTES", "data": ["good", "bad", "Dr. Smith called"] }] });
    let r = post(
        &c,
        &s.url(&format!("/v2/models/{m}/infer")),
        Some(&tok),
        &req,
    );
    assert_eq!(r.status(), 200);
    let v: Value = r.json().unwrap();
    assert_eq!(v["model_name"], m);
    assert_eq!(v["id"], "r-7");
    let outs = v["outputs"].as_array().unwrap();
    let by = |n: &str| outs.iter().find(|o| o["name"] == n).unwrap().clone();
    assert_eq!(by("label")["shape"], json!([3]));
    assert_eq!(by("label")["datatype"], "BYTES");
    assert_eq!(by("score")["datatype"], "FP32");
    assert_eq!(by("probabilities")["shape"], json!([3, 2]));
    assert_eq!(by("probabilities")["data"].as_array().unwrap().len(), 6);
    assert_eq!(by("phi_count")["data"][2], 1);
    // Protocol errors: {"error": "..."}.
    let r = post(&c, &s.url("/v2/models/nope/infer"), Some(&tok), &req);
    assert_eq!(r.status(), 404);
    assert!(r.json::<Value>().unwrap()["error"].is_string());
    let bad =
        json!({ "inputs": [{ "name": "text", "shape": [1], "datatype": "FP32", "data": [1.0] }] });
    assert_eq!(
        post(
            &c,
            &s.url(&format!("/v2/models/{m}/infer")),
            Some(&tok),
            &bad
        )
        .status(),
        400
    );
    let mismatch =
        json!({ "inputs": [{ "name": "text", "shape": [2], "datatype": "BYTES", "data": ["x"] }] });
    assert_eq!(
        post(
            &c,
            &s.url(&format!("/v2/models/{m}/infer")),
            Some(&tok),
            &mismatch
        )
        .status(),
        400
    );
    let api: Value = c
        .get(s.url("/openapi.json"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert!(api["paths"]["/v2/models/{model}/infer"].is_object());
}

#[test]
fn readiness_follows_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model");
    let s = Server::start(&["--no-auth", "--model-dir", model.to_str().unwrap()]);
    let c = client();
    assert_eq!(c.get(s.url("/healthz")).send().unwrap().status(), 200);
    assert_eq!(c.get(s.url("/readyz")).send().unwrap().status(), 503);
    assert_eq!(
        c.get(s.url("/v2/health/ready")).send().unwrap().status(),
        503
    );
    let r = post(
        &c,
        &s.url("/v1/sentiment"),
        None,
        &json!({ "text": "hello" }),
    );
    assert_eq!(r.status(), 503);
    assert_eq!(r.json::<Value>().unwrap()["error"]["code"], "not_ready");
    // The model arrives (as a volume sync would deliver it): model.toml last.
    std::fs::create_dir_all(&model).unwrap();
    for f in ["model.onnx", "tokenizer.json", "model.toml"] {
        std::fs::copy(tiny_model().join(f), model.join(f)).unwrap();
    }
    s.wait_ready();
    assert_eq!(
        post(
            &c,
            &s.url("/v1/sentiment"),
            None,
            &json!({ "text": "hello" })
        )
        .status(),
        200
    );
}

#[test]
fn overload_answers_429_with_retry_after() {
    // The real model is slow enough on CPU for a queue of 2 windows to fill.
    let s = Server::start(&[
        "--no-auth",
        "--max-queue-windows",
        "2",
        "--max-batch-size",
        "2",
        "--intra-threads",
        "1",
    ]);
    s.wait_ready();
    let url = s.url("/v1/sentiment");
    let note = "The patient reports improvement and some pain. ".repeat(40);
    let handles: Vec<_> = (0..16)
        .map(|_| {
            let (url, note) = (url.clone(), note.clone());
            std::thread::spawn(move || {
                let r = client()
                    .post(&url)
                    .json(&json!({ "text": note }))
                    .send()
                    .unwrap();
                let retry = r
                    .headers()
                    .get("retry-after")
                    .map(|v| v.to_str().unwrap().to_owned());
                (r.status().as_u16(), retry)
            })
        })
        .collect();
    let got: Vec<(u16, Option<String>)> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(got.iter().all(|(s, _)| *s == 200 || *s == 429), "{got:?}");
    assert!(got.iter().any(|(s, _)| *s == 200), "{got:?}");
    let refused: Vec<_> = got.iter().filter(|(s, _)| *s == 429).collect();
    assert!(
        !refused.is_empty(),
        "16 concurrent long notes against a queue of 2 windows: {got:?}"
    );
    assert!(refused.iter().all(|(_, r)| r.as_deref() == Some("1")));
}

#[test]
fn sigterm_drains_in_flight_requests() {
    let s = Server::start(&["--no-auth", "--intra-threads", "1"]);
    s.wait_ready();
    let url = s.url("/v1/sentiment");
    let notes: Vec<Value> = (0..16)
        .map(|i| json!({ "text": format!("note {i}: the patient feels better. ").repeat(30) }))
        .collect();
    let h = std::thread::spawn(move || {
        client()
            .post(&url)
            .json(&json!({ "notes": notes }))
            .send()
            .unwrap()
            .status()
            .as_u16()
    });
    std::thread::sleep(Duration::from_millis(300));
    let (status, _) = s.stop();
    assert_eq!(h.join().unwrap(), 200, "the in-flight request completes");
    assert!(status.success());
}

#[test]
fn tls_with_rustls() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = (
        dir.path().join("ca.pem"),
        dir.path().join("cert.pem"),
        dir.path().join("key.pem"),
    );
    // A throwaway CA and a leaf for 127.0.0.1 signed by it.
    let script = format!(
        "set -e; cd {d}; ec='-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes'; \
         openssl req -x509 $ec -days 1 -subj /CN=test-ca -keyout ca.key -out ca.pem; \
         openssl req $ec -subj /CN=localhost -keyout key.pem -out leaf.csr; \
         printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nbasicConstraints=CA:FALSE\\n' > ext; \
         openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -extfile ext -out cert.pem",
        d = dir.path().display()
    );
    let ok = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(ok.success());
    let tiny = tiny_model();
    let s = Server::start(&[
        "--no-auth",
        "--model-dir",
        tiny.to_str().unwrap(),
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
    ]);
    assert!(s.base.starts_with("https://127.0.0.1:"));
    let resp = https_get(&s.base, "/healthz", &ca);
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(resp.contains("\"ok\""));
}

fn https_get(base: &str, path: &str, ca: &Path) -> String {
    use rustls_pki_types::pem::PemObject;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut roots = rustls::RootCertStore::empty();
    for c in rustls_pki_types::CertificateDer::pem_file_iter(ca).unwrap() {
        roots.add(c.unwrap()).unwrap();
    }
    let cfg = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let addr = base.trim_start_matches("https://");
    let name = rustls_pki_types::ServerName::try_from("127.0.0.1")
        .unwrap()
        .to_owned();
    let conn = rustls::ClientConnection::new(std::sync::Arc::new(cfg), name).unwrap();
    let tcp = std::net::TcpStream::connect(addr).unwrap();
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    write!(
        tls,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    let _ = tls.read_to_string(&mut out);
    out
}

#[test]
fn new_model_version_is_picked_up_without_failed_requests() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["model.onnx", "tokenizer.json", "model.toml"] {
        std::fs::copy(tiny_model().join(f), dir.path().join(f)).unwrap();
    }
    let s = Server::start(&[
        "--no-auth",
        "--model-dir",
        dir.path().to_str().unwrap(),
        "--reload-check-seconds",
        "1",
    ]);
    s.wait_ready();
    let url = s.url("/v1/sentiment");
    let version = || -> (u16, String) {
        let r = client()
            .post(&url)
            .json(&json!({ "text": "fine" }))
            .send()
            .unwrap();
        let st = r.status().as_u16();
        let v: Value = r.json().unwrap_or_default();
        (
            st,
            v["results"][0]["model_version"]
                .as_str()
                .unwrap_or("")
                .to_owned(),
        )
    };
    assert_eq!(version(), (200, "0.0.1".to_owned()));
    let toml = std::fs::read_to_string(dir.path().join("model.toml")).unwrap();
    std::fs::write(
        dir.path().join("model.toml"),
        toml.replace("version = \"0.0.1\"", "version = \"0.0.2\""),
    )
    .unwrap();
    let t = Instant::now();
    let mut seen = Vec::new();
    while t.elapsed() < Duration::from_secs(15) {
        let (st, v) = version();
        assert_eq!(st, 200, "no request fails during a reload");
        if v == "0.0.2" {
            break;
        }
        seen.push(v);
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(version(), (200, "0.0.2".to_owned()), "after {seen:?}");
}
