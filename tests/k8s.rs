//! The Kubernetes manifests: every overlay renders with `kubectl kustomize`, validates offline against the
//! Kubernetes schemas (PyPI `kubernetes-validate`) and KEDA's ScaledObject schema, and keeps the
//! invariants k8s/validate.py lists; its self-test proves each check can fail.

mod common;
use common::*;

fn validate(args: &[&str]) {
    let py = root().join(".venv/bin/python");
    let o = std::process::Command::new(py)
        .arg(root().join("k8s/validate.py"))
        .args(args)
        .output()
        .expect("run k8s/validate.py (scripts/setup.sh installs its packages)");
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn overlays_render_validate_and_keep_the_invariants() {
    validate(&[]);
}

#[test]
fn the_checks_catch_planted_problems() {
    validate(&["--selftest"]);
}
