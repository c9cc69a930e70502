"""Render every overlay with `kubectl kustomize`, validate each object offline, and check the invariants.

    .venv/bin/python k8s/validate.py            # exit 1 and a list of problems if anything is wrong

Built-in kinds are validated strictly against the Kubernetes JSON schemas bundled in the PyPI package
`kubernetes-validate`; KEDA's ScaledObject (a CRD, not in those schemas) against k8s/schemas/, a subset
of KEDA's CRD schema written from its documentation. Then the invariants:
- a GPU is requested only by the inference tier, which also gets the T4 node selector and toleration;
- ConfigMaps hold no secret values (no key or value that looks like a credential);
- every liveness/readiness probe points at an endpoint the binary serves, on a declared container port;
- every pod runs as non-root, without privilege escalation, with all capabilities dropped, a read-only
  root filesystem and no service-account token;
- every Deployment has a PodDisruptionBudget; a default-deny NetworkPolicy exists; only the gateway is
  exposed (Service/Ingress); the inference tier's egress reaches only Kafka and the object store;
- terminationGracePeriodSeconds leaves the gateway's drain time (--drain-seconds) room.
"""
import json
import pathlib
import re
import subprocess
import sys

import jsonschema
import kubernetes_validate
import yaml

ROOT = pathlib.Path(__file__).resolve().parent
K8S_VERSION = "1.32.0"
# What `medsent serve` and `medsent stream --metrics-listen` answer (src/serve/mod.rs, src/stream.rs).
ENDPOINTS = {
    "serve": {"/healthz", "/readyz", "/v2/health/live", "/v2/health/ready", "/metrics"},
    "stream": {"/healthz", "/readyz", "/metrics"},
}
SECRET_WORDS = re.compile(r"(secret|password|passwd|token|private|credential|api[_-]?key|access[_-]?key)", re.I)


def render(overlay):
    out = subprocess.run(["kubectl", "kustomize", str(overlay)], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"kubectl kustomize {overlay} failed:\n{out.stderr}")
    return [d for d in yaml.safe_load_all(out.stdout) if d]


def pod_spec(obj):
    k = obj["kind"]
    if k in ("Deployment", "StatefulSet", "DaemonSet", "Job"):
        return obj["spec"]["template"]["spec"]
    if k == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return None


def check(objs, name):
    problems = []
    bad = lambda msg: problems.append(f"{name}: {msg}")
    keda = json.loads((ROOT / "schemas/keda-scaledobject.json").read_text())
    by_kind = {}
    for o in objs:
        by_kind.setdefault(o["kind"], []).append(o)
        ident = f"{o['kind']}/{o['metadata']['name']}"
        if o["kind"] == "ScaledObject":
            try:
                jsonschema.validate(o, keda)
            except jsonschema.ValidationError as e:
                bad(f"{ident}: {e.message}")
            continue
        try:
            kubernetes_validate.validate(o, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as e:
            bad(f"{ident}: {e.message} at {'/'.join(map(str, e.path))}")
        except Exception as e:  # unknown kind / version
            bad(f"{ident}: {e}")

    workloads = [o for o in objs if pod_spec(o) is not None]
    for o in workloads:
        ident = f"{o['kind']}/{o['metadata']['name']}"
        spec = pod_spec(o)
        tier = (o["metadata"].get("labels") or {}).get("medsent.io/tier")
        if spec.get("automountServiceAccountToken") is not False:
            bad(f"{ident}: mounts a service-account token")
        psc = spec.get("securityContext", {})
        if not psc.get("runAsNonRoot"):
            bad(f"{ident}: pod may run as root")
        gpu = False
        for c in spec["containers"]:
            sc = c.get("securityContext", {})
            if sc.get("allowPrivilegeEscalation") is not False:
                bad(f"{ident}: allows privilege escalation")
            if sc.get("readOnlyRootFilesystem") is not True:
                bad(f"{ident}: root filesystem is writable")
            if "ALL" not in (sc.get("capabilities", {}).get("drop") or []):
                bad(f"{ident}: does not drop all capabilities")
            res = c.get("resources", {})
            if not res.get("requests") or not res.get("limits"):
                bad(f"{ident}: needs resource requests and limits")
            if any("nvidia.com/gpu" in (res.get(k) or {}) for k in ("requests", "limits")):
                gpu = True
            args = c.get("args") or []
            mode = "serve" if args[:1] == ["serve"] else "stream" if args[:1] == ["stream"] else None
            ports = {p["name"]: p["containerPort"] for p in c.get("ports", [])}
            for probe in ("livenessProbe", "readinessProbe"):
                p = c.get(probe)
                if mode and not p:
                    bad(f"{ident}: no {probe}")
                if not p:
                    continue
                path, port = p["httpGet"]["path"], p["httpGet"]["port"]
                if mode is None or path not in ENDPOINTS[mode]:
                    bad(f"{ident}: {probe} {path} is not an endpoint `medsent {mode}` serves")
                if port not in ports and port not in ports.values():
                    bad(f"{ident}: {probe} port {port} is not a container port")
            if mode == "stream" and "9090" not in json.dumps(c.get("ports")):
                bad(f"{ident}: stream workers need their metrics port (liveness/readiness/lag)")
            if mode == "serve":
                drain = int(args[args.index("--drain-seconds") + 1]) if "--drain-seconds" in args else 20
                if spec.get("terminationGracePeriodSeconds", 30) <= drain:
                    bad(f"{ident}: terminationGracePeriodSeconds must exceed --drain-seconds {drain}")
        if gpu and tier != "infer":
            bad(f"{ident}: requests a GPU but is not the inference tier")
        if tier == "infer":
            if not gpu:
                bad(f"{ident}: the inference tier must request nvidia.com/gpu")
            if "nvidia.com/gpu.product" not in (spec.get("nodeSelector") or {}):
                bad(f"{ident}: the inference tier needs the T4 node selector")
            if not any(t.get("key") == "nvidia.com/gpu" for t in spec.get("tolerations") or []):
                bad(f"{ident}: the inference tier needs the GPU toleration")
            mounted = {v.get("secret", {}).get("secretName") for v in spec.get("volumes", [])}
            if "medsent-secrets" in mounted:
                bad(f"{ident}: the inference tier must not hold the de-identification secret")

    for cm in by_kind.get("ConfigMap", []):
        for k, v in (cm.get("data") or {}).items():
            if SECRET_WORDS.search(k) and not k.endswith("_FILE"):
                bad(f"ConfigMap/{cm['metadata']['name']}: key {k} looks like a secret")
            if re.search(r"(?i)(BEGIN [A-Z ]*PRIVATE KEY|AKIA[0-9A-Z]{16}|eyJ[a-zA-Z0-9_-]{10,}\.)", str(v)):
                bad(f"ConfigMap/{cm['metadata']['name']}: value of {k} looks like a credential")

    deployments = {d["metadata"]["name"]: d for d in by_kind.get("Deployment", [])}
    covered = set()
    for pdb in by_kind.get("PodDisruptionBudget", []):
        sel = pdb["spec"]["selector"]["matchLabels"]
        for n, d in deployments.items():
            if all(d["spec"]["template"]["metadata"]["labels"].get(k) == v for k, v in sel.items()):
                covered.add(n)
    for n in deployments:
        if n not in covered:
            bad(f"Deployment/{n}: no PodDisruptionBudget")

    nps = by_kind.get("NetworkPolicy", [])
    if not any(np["spec"]["podSelector"] == {} and set(np["spec"]["policyTypes"]) == {"Ingress", "Egress"}
               and not np["spec"].get("ingress") and not np["spec"].get("egress") for np in nps):
        bad("no default-deny NetworkPolicy")
    for np in nps:
        sel = np["spec"]["podSelector"].get("matchLabels", {})
        if np["spec"].get("ingress") and sel.get("medsent.io/tier") not in ("gateway",):
            for rule in np["spec"]["ingress"]:
                for src in rule.get("from", []):
                    ns = src.get("namespaceSelector", {}).get("matchLabels", {})
                    if ns.get("kubernetes.io/metadata.name") != "monitoring":
                        bad(f"NetworkPolicy/{np['metadata']['name']}: non-gateway pods reachable from {src}")
        if sel.get("medsent.io/tier") == "infer":
            for rule in np["spec"].get("egress", []):
                for dst in rule.get("to", []):
                    ns = dst.get("namespaceSelector", {}).get("matchLabels", {}).get("kubernetes.io/metadata.name")
                    if ns not in ("kafka", None) or ("ipBlock" not in dst and ns is None):
                        bad(f"NetworkPolicy/{np['metadata']['name']}: infer egress to {dst}")
    for svc in by_kind.get("Service", []) + by_kind.get("Ingress", []):
        if "gateway" not in svc["metadata"]["name"]:
            bad(f"{svc['kind']}/{svc['metadata']['name']}: only the gateway is exposed")
    for so in by_kind.get("ScaledObject", []):
        if so["spec"]["scaleTargetRef"]["name"] not in deployments:
            bad(f"ScaledObject/{so['metadata']['name']}: targets no Deployment")
    return problems


def selftest():
    """The checks can fail: break the rendered dev overlay in known ways, expect each to be caught."""
    import copy
    base = render(ROOT / "overlays" / "dev")
    assert not check(base, "dev"), "the dev overlay itself must pass"

    def find(objs, kind, name):
        return next(o for o in objs if o["kind"] == kind and o["metadata"]["name"] == name)

    def broken(mutate, expect):
        objs = copy.deepcopy(base)
        mutate(objs)
        got = check(objs, "selftest")
        assert any(expect in p for p in got), f"not caught: {expect}; got {got}"

    gw = lambda objs: pod_spec(find(objs, "Deployment", "medsent-gateway"))
    broken(lambda o: gw(o)["containers"][0]["resources"]["limits"].update({"nvidia.com/gpu": 1}),
           "requests a GPU but is not the inference tier")
    broken(lambda o: find(o, "ConfigMap", "medsent-config")["data"].update({"AWS_SECRET_ACCESS_KEY": "x"}),
           "looks like a secret")
    broken(lambda o: gw(o)["containers"][0]["readinessProbe"]["httpGet"].update({"path": "/health"}),
           "is not an endpoint")
    broken(lambda o: gw(o)["containers"][0]["securityContext"].update({"readOnlyRootFilesystem": False}),
           "root filesystem is writable")
    broken(lambda o: o.remove(find(o, "PodDisruptionBudget", "medsent-infer")), "no PodDisruptionBudget")
    broken(lambda o: o.remove(find(o, "NetworkPolicy", "default-deny")), "no default-deny")
    broken(lambda o: find(o, "ScaledObject", "medsent-deid")["spec"]["triggers"][0]["metadata"].pop("topic"),
           "'topic' is a required property")
    broken(lambda o: find(o, "Deployment", "medsent-deid")["spec"].update({"replicas": "two"}),
           "is not of type")
    broken(lambda o: gw(o)["containers"][0].update({"livenessProbes": {}}), "Additional properties")
    print("selftest: every planted problem was caught")


def main():
    if sys.argv[1:] == ["--selftest"]:
        return selftest()
    problems = []
    overlays = sorted(p for p in (ROOT / "overlays").iterdir() if (p / "kustomization.yaml").exists())
    for overlay in overlays:
        objs = render(overlay)
        problems += check(objs, overlay.name)
        print(f"{overlay.name}: {len(objs)} objects: " + ", ".join(
            sorted({o['kind'] for o in objs})))
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"ok: {len(overlays)} overlays valid against Kubernetes {K8S_VERSION} schemas and the invariants")


if __name__ == "__main__":
    main()
