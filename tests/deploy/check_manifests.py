#!/usr/bin/env python3
# Checks that deploy/kubernetes/ and the Dockerfile agree with the factd binary.
#
#   check_manifests.py FACTD_BINARY [REPO_ROOT]
#
# Registered in tests/CMakeLists.txt (needs Debian's python3-yaml):
#
#   add_test(NAME Deploy.ManifestsAgreeWithTheBinary
#            COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/deploy/check_manifests.py
#                    $<TARGET_FILE:factd> ${CMAKE_SOURCE_DIR})
#
# What it checks:
# - every YAML file under deploy/kubernetes parses (all its documents) and each
#   object has apiVersion, kind and metadata.name; kustomization.yaml lists
#   every other YAML file there and nothing missing;
# - every --flag in the Deployment's container args and in the Dockerfile's
#   ENTRYPOINT/CMD is one that `factd --help` prints (as `--name (`), and the
#   binary starts with those values (address and metrics moved to 127.0.0.1
#   with free ports) and stops on SIGTERM;
# - ports: the --address port is the container port named grpc, the probes'
#   port and the grpc Services' targetPort; the metrics port (--metrics_port,
#   or the port in --metrics_address) is the container port named metrics,
#   the metrics Service's targetPort and the prometheus.io/port annotation;
#   the Dockerfile EXPOSEs both; neither address is loopback;
# - shutdown: terminationGracePeriodSeconds > --grace_period + preStop sleep,
#   and liveness does not fail (periodSeconds x failureThreshold) during a
#   drain, when health answers NOT_SERVING;
# - labels: app.kubernetes.io/name on every object; the Services, PDB and
#   Deployment selectors match the pod labels; the HPA targets the Deployment;
#   the container runs as the non-root user of the Dockerfile.
# Prints each failure and exits 1, or prints a summary and exits 0.
import json
import os
import re
import select
import shlex
import signal
import subprocess
import sys
import time

try:
    import yaml
except ImportError:  # pragma: no cover
    print("check_manifests: the python3 yaml module is missing "
          "(apt-get install python3-yaml)")
    sys.exit(1)

NAME_LABEL = "app.kubernetes.io/name"
failures = []


def fail(message):
    failures.append(message)


# ---------------------------------------------------------------- helpers

_UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_duration(text):
    """absl::Duration flag syntax ("20s", "1m30s", "1.5s", "0", "inf")."""
    text = text.strip().strip('"')
    if text in ("inf", "+inf"):
        return float("inf")
    if text in ("0", "-0"):
        return 0.0
    parts = re.findall(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|ms|s|m|h)", text)
    if not parts or "".join(a + b for a, b in parts) != text.lstrip("+"):
        raise ValueError(f"not a duration: {text!r}")
    return sum(float(n) * _UNITS[u] for n, u in parts)


def split_host_port(address):
    """'HOST:PORT' or '[V6]:PORT' -> (host, port or None)."""
    m = re.fullmatch(r"\[([^\]]*)\](?::(\d+))?", address)
    if m:
        return m.group(1), int(m.group(2)) if m.group(2) else None
    if address.count(":") == 1:
        host, port = address.split(":")
        return host, int(port) if port else None
    return address, None


def is_loopback(host):
    return host in ("localhost", "::1") or host.startswith("127.")


def flag_values(args):
    """['--a=1', '--b', '2', '--c'] -> [('a', '1'), ('b', '2'), ('c', None)]."""
    out = []
    i = 0
    while i < len(args):
        arg = str(args[i])
        if arg.startswith("-"):
            name = arg.lstrip("-")
            if "=" in name:
                name, value = name.split("=", 1)
            elif i + 1 < len(args) and not str(args[i + 1]).startswith("-"):
                value = str(args[i + 1])
                i += 1
            else:
                value = None
            out.append((name, value))
        i += 1
    return out


def help_flags(binary):
    try:
        run = subprocess.run([binary, "--help"], capture_output=True, text=True,
                             timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        fail(f"{binary} --help: {error}")
        return {}, {}
    text = run.stdout + run.stderr
    if run.returncode != 0:
        fail(f"{binary} --help exited {run.returncode}")
    names = set(re.findall(r"--([A-Za-z0-9_]+) \(", text))
    if not names:
        fail(f"{binary} --help printed no flags (looked for '--name (')")
    # Defaults: '--name (...); default: VALUE;' (may wrap lines).
    defaults = {}
    flat = re.sub(r"\s+", " ", text)
    for m in re.finditer(r"--([A-Za-z0-9_]+) \((.*?)\); default: (.*?);", flat):
        defaults[m.group(1)] = m.group(3).strip('"')
    return names, defaults


def start_and_stop(binary, args, what):
    """Runs factd with `args` on loopback/free ports; checks it serves and
    stops on SIGTERM."""
    moved = []
    for name, value in flag_values(args):
        if name == "address":
            value = "127.0.0.1:0"
        elif name == "metrics_address":
            value = "127.0.0.1"
        elif name == "metrics_port":
            continue
        moved.append(f"--{name}" if value is None else f"--{name}={value}")
    moved.append("--metrics_port=0")
    try:
        process = subprocess.Popen([binary] + moved, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
    except OSError as error:
        fail(f"{what}: cannot run {binary}: {error}")
        return
    try:
        ready, _, _ = select.select([process.stdout], [], [], 30)
        line = process.stdout.readline() if ready else ""
        if not line.startswith("listening on "):
            process.kill()
            _, err = process.communicate(timeout=30)
            fail(f"{what}: factd {' '.join(moved)} did not start "
                 f"(exit {process.returncode}): {err.strip() or line.strip()}")
            return
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
        if process.returncode != 0:
            fail(f"{what}: factd exited {process.returncode} on SIGTERM: {err.strip()}")
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        fail(f"{what}: factd did not stop within 60 s of SIGTERM")


def resolve_port(port, container_ports):
    """A probe or targetPort: a number or the name of a container port."""
    if isinstance(port, int):
        return port
    if isinstance(port, str) and port.isdigit():
        return int(port)
    return container_ports.get(port)


def prestop_seconds(lifecycle):
    pre = (lifecycle or {}).get("preStop") or {}
    if "sleep" in pre:  # Kubernetes' own sleep action
        return float(pre["sleep"].get("seconds", 0))
    command = (pre.get("exec") or {}).get("command") or []
    words = [str(w) for w in command]
    if len(words) >= 3 and words[1] == "-c":  # sh -c "sleep 5"
        words = shlex.split(words[2])
    if words and os.path.basename(words[0]) == "sleep" and len(words) == 2:
        return parse_duration(words[1] if not words[1].isdigit() else words[1] + "s")
    if pre:
        fail(f"preStop {pre} is not a sleep this check understands")
    return 0.0


def matches(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


# ---------------------------------------------------------------- Dockerfile

def read_dockerfile(path):
    """The final stage's ENTRYPOINT, CMD, EXPOSE and USER."""
    result = {"entrypoint": [], "cmd": [], "expose": set(), "user": None}
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as error:
        fail(f"Dockerfile: {error}")
        return result
    text = re.sub(r"\\\n", " ", text)
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        word, rest = word.upper(), rest.strip()
        if word == "FROM":
            result = {"entrypoint": [], "cmd": [], "expose": set(), "user": None}
        elif word in ("ENTRYPOINT", "CMD"):
            try:
                value = json.loads(rest)
            except ValueError:
                fail(f"Dockerfile: {word} is not in JSON (exec) form: {rest}")
                value = shlex.split(rest)
            result[word.lower()] = [str(v) for v in value]
        elif word == "EXPOSE":
            for item in rest.split():
                result["expose"].add(int(item.split("/")[0]))
        elif word == "USER":
            result["user"] = rest
    return result


# ---------------------------------------------------------------- main

def main():
    if len(sys.argv) not in (2, 3):
        print("usage: check_manifests.py FACTD_BINARY [REPO_ROOT]")
        return 2
    binary = os.path.abspath(sys.argv[1])
    root = sys.argv[2] if len(sys.argv) == 3 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..")
    manifests_dir = os.path.join(root, "deploy", "kubernetes")

    # --- every YAML parses and names itself
    objects = []  # (file, object)
    kustomizations = []
    yaml_files = []
    for folder, _, files in sorted(os.walk(manifests_dir)):
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                yaml_files.append(os.path.join(folder, name))
    if not yaml_files:
        fail(f"no YAML files under {manifests_dir}")
    for path in yaml_files:
        rel = os.path.relpath(path, manifests_dir)
        try:
            with open(path, encoding="utf-8") as f:
                documents = [d for d in yaml.safe_load_all(f) if d is not None]
        except (OSError, yaml.YAMLError) as error:
            fail(f"{rel}: does not parse: {error}")
            continue
        if not documents:
            fail(f"{rel}: holds no document")
        for doc in documents:
            if not isinstance(doc, dict):
                fail(f"{rel}: a document is not a mapping")
                continue
            kind = doc.get("kind")
            if not doc.get("apiVersion") or not kind:
                fail(f"{rel}: a document lacks apiVersion or kind")
                continue
            if kind == "Kustomization":
                kustomizations.append((path, doc))
                continue
            if not (doc.get("metadata") or {}).get("name"):
                fail(f"{rel}: {kind} lacks metadata.name")
                continue
            objects.append((rel, doc))
            labels = doc["metadata"].get("labels") or {}
            if labels.get(NAME_LABEL) != "factd":
                fail(f"{rel}: {kind} {doc['metadata']['name']} lacks label {NAME_LABEL}: factd")

    for path, doc in kustomizations:
        folder = os.path.dirname(path)
        listed = {os.path.normpath(os.path.join(folder, r)) for r in doc.get("resources") or []}
        for r in sorted(listed):
            if not os.path.exists(r):
                fail(f"{os.path.relpath(path, manifests_dir)}: lists missing {os.path.relpath(r, folder)}")
        for other in yaml_files:
            if other != path and os.path.dirname(other) == folder and \
                    os.path.normpath(other) not in listed:
                fail(f"{os.path.relpath(path, manifests_dir)}: does not list {os.path.basename(other)}")

    def find(kind):
        return [(f, o) for f, o in objects if o["kind"] == kind]

    deployments = [(f, o) for f, o in find("Deployment") if o["metadata"]["name"] == "factd"]
    if len(deployments) != 1:
        fail(f"expected one Deployment named factd, found {len(deployments)}")
        return report()
    dep_file, deployment = deployments[0]
    template = (deployment.get("spec") or {}).get("template") or {}
    pod_labels = (template.get("metadata") or {}).get("labels") or {}
    pod_annotations = (template.get("metadata") or {}).get("annotations") or {}
    pod_spec = template.get("spec") or {}
    containers = pod_spec.get("containers") or []
    container = next((c for c in containers if c.get("name") == "factd"),
                     containers[0] if containers else None)
    if container is None:
        fail(f"{dep_file}: the Deployment has no container")
        return report()
    args = [str(a) for a in container.get("args") or []]
    values = dict(flag_values(args))

    # --- flags against the binary's --help
    known, defaults = help_flags(binary)
    docker = read_dockerfile(os.path.join(root, "Dockerfile"))
    docker_args = docker["entrypoint"][1:] + docker["cmd"]
    if known:
        for where, flags in ((f"{dep_file} args", args), ("Dockerfile ENTRYPOINT/CMD", docker_args)):
            unknown = [n for n, _ in flag_values(flags) if n not in known]
            for name in unknown:
                fail(f"{where}: --{name} is not a flag of factd (not in --help)")
            if not unknown:
                start_and_stop(binary, flags, where)
    if docker["entrypoint"] and os.path.basename(docker["entrypoint"][0]) != "factd":
        fail(f"Dockerfile: ENTRYPOINT runs {docker['entrypoint'][0]}, not factd")

    # --- ports
    container_ports = {}
    for p in container.get("ports") or []:
        if p.get("name"):
            container_ports[p["name"]] = p.get("containerPort")

    def flag(name):
        return values.get(name, defaults.get(name))

    address = flag("address")
    grpc_port = None
    if address is None:
        fail(f"{dep_file}: no --address in args and no default in --help")
    else:
        host, grpc_port = split_host_port(address)
        if grpc_port is None:
            fail(f"{dep_file}: --address={address} has no port")
        if is_loopback(host):
            fail(f"{dep_file}: --address={address} is loopback: unreachable from other pods")
    metrics_address = flag("metrics_address") or ""
    metrics_host, metrics_port = split_host_port(metrics_address)
    if metrics_port is None:
        raw = flag("metrics_port")
        metrics_port = int(raw) if raw is not None else None
    if is_loopback(metrics_host):
        fail(f"{dep_file}: --metrics_address={metrics_address} is loopback: Prometheus cannot scrape it")

    if grpc_port is not None and container_ports.get("grpc") != grpc_port:
        fail(f"{dep_file}: container port 'grpc' is {container_ports.get('grpc')}, --address port is {grpc_port}")
    if metrics_port is not None and container_ports.get("metrics") != metrics_port:
        fail(f"{dep_file}: container port 'metrics' is {container_ports.get('metrics')}, metrics port is {metrics_port}")

    probes = {}
    for probe_name in ("readinessProbe", "livenessProbe", "startupProbe"):
        probe = container.get(probe_name)
        if not probe:
            continue
        probes[probe_name] = probe
        handler = probe.get("grpc") or probe.get("tcpSocket") or probe.get("httpGet")
        if handler is None:
            continue
        port = resolve_port(handler.get("port"), container_ports)
        if "grpc" in probe and port != grpc_port:
            fail(f"{dep_file}: {probe_name} checks port {handler.get('port')}, --address port is {grpc_port}")
    for needed in ("readinessProbe", "livenessProbe"):
        if needed not in probes:
            fail(f"{dep_file}: no {needed}")

    annotation = pod_annotations.get("prometheus.io/port")
    if str(annotation) != str(metrics_port):
        fail(f"{dep_file}: prometheus.io/port is {annotation!r}, metrics port is {metrics_port}")
    if str(pod_annotations.get("prometheus.io/scrape")) != "true":
        fail(f"{dep_file}: prometheus.io/scrape is not \"true\"")
    if pod_annotations.get("prometheus.io/path", "/metrics") != "/metrics":
        fail(f"{dep_file}: prometheus.io/path is not /metrics")

    services = find("Service")
    if not services:
        fail("no Service")
    for svc_file, svc in services:
        spec = svc.get("spec") or {}
        name = svc["metadata"]["name"]
        if not matches(spec.get("selector"), pod_labels):
            fail(f"{svc_file}: Service {name} selector {spec.get('selector')} does not select the pods {pod_labels}")
        for p in spec.get("ports") or []:
            target = p.get("targetPort", p.get("port"))
            resolved = resolve_port(target, container_ports)
            if resolved is None:
                fail(f"{svc_file}: Service {name} port {p.get('name')} targets {target!r}, no such container port")
            elif p.get("name") == "grpc" and resolved != grpc_port:
                fail(f"{svc_file}: Service {name} grpc targets {resolved}, --address port is {grpc_port}")
            elif p.get("name") == "metrics" and resolved != metrics_port:
                fail(f"{svc_file}: Service {name} metrics targets {resolved}, metrics port is {metrics_port}")
            elif p.get("name") not in ("grpc", "metrics") and resolved not in container_ports.values():
                fail(f"{svc_file}: Service {name} port {p.get('name')} targets {resolved}, not a container port")

    for port, what in ((grpc_port, "gRPC"), (metrics_port, "metrics")):
        if port is not None and port not in docker["expose"]:
            fail(f"Dockerfile: does not EXPOSE the {what} port {port}")
    if docker_args:
        d = dict(flag_values(docker_args))
        d_host, d_port = split_host_port(d.get("address", defaults.get("address", "")))
        if d_port not in docker["expose"]:
            fail(f"Dockerfile: CMD serves gRPC on {d_port}, which it does not EXPOSE")
        if is_loopback(d_host):
            fail(f"Dockerfile: CMD --address={d.get('address')} is loopback")
        m_host, _ = split_host_port(d.get("metrics_address", defaults.get("metrics_address", "")))
        if is_loopback(m_host):
            fail("Dockerfile: metrics stay on loopback (--metrics_address)")

    # --- shutdown timing
    try:
        grace = parse_duration(flag("grace_period") or "10s")
    except ValueError as error:
        fail(f"{dep_file}: --grace_period: {error}")
        grace = 0.0
    sleep = prestop_seconds(container.get("lifecycle"))
    termination = pod_spec.get("terminationGracePeriodSeconds", 30)
    if not termination > grace + sleep:
        fail(f"{dep_file}: terminationGracePeriodSeconds {termination} is not above "
             f"--grace_period {grace:g}s + preStop {sleep:g}s")
    liveness = probes.get("livenessProbe") or {}
    if liveness and liveness.get("periodSeconds", 10) * liveness.get("failureThreshold", 3) <= grace:
        fail(f"{dep_file}: livenessProbe fails within --grace_period ({grace:g}s) while "
             f"factd drains (health NOT_SERVING)")

    # --- security
    pod_sc = pod_spec.get("securityContext") or {}
    sc = container.get("securityContext") or {}
    if not (sc.get("runAsNonRoot") or pod_sc.get("runAsNonRoot")):
        fail(f"{dep_file}: runAsNonRoot is not set")
    if not sc.get("readOnlyRootFilesystem"):
        fail(f"{dep_file}: readOnlyRootFilesystem is not set")
    if "ALL" not in ((sc.get("capabilities") or {}).get("drop") or []):
        fail(f"{dep_file}: capabilities do not drop ALL")
    uid = sc.get("runAsUser", pod_sc.get("runAsUser"))
    user = (docker["user"] or "").split(":")[0]
    if not user.isdigit() or int(user) == 0:
        fail(f"Dockerfile: USER {docker['user']!r} is not a numeric non-root uid (runAsNonRoot needs one)")
    elif uid is not None and int(uid) != int(user):
        fail(f"{dep_file}: runAsUser {uid} differs from the Dockerfile's USER {user}")

    # --- selectors and references
    selector = ((deployment.get("spec") or {}).get("selector") or {}).get("matchLabels")
    if not matches(selector, pod_labels):
        fail(f"{dep_file}: selector {selector} does not match the pod labels {pod_labels}")
    for pdb_file, pdb in find("PodDisruptionBudget"):
        s = ((pdb.get("spec") or {}).get("selector") or {}).get("matchLabels")
        if not matches(s, pod_labels):
            fail(f"{pdb_file}: PodDisruptionBudget selector {s} does not select the pods")
    for hpa_file, hpa in find("HorizontalPodAutoscaler"):
        ref = (hpa.get("spec") or {}).get("scaleTargetRef") or {}
        if ref.get("kind") != "Deployment" or ref.get("name") != "factd":
            fail(f"{hpa_file}: HorizontalPodAutoscaler targets {ref.get('kind')} {ref.get('name')}")
        if "requests" not in (container.get("resources") or {}) or \
                "cpu" not in container["resources"]["requests"]:
            fail(f"{dep_file}: no CPU request, which a CPU-utilization HPA needs")

    return report(len(objects), len(args), grpc_port, metrics_port, grace, sleep, termination)


def report(n_objects=0, n_args=0, grpc_port=None, metrics_port=None, grace=0.0,
           sleep=0.0, termination=0):
    if failures:
        for message in failures:
            print(f"FAIL: {message}")
        print(f"check_manifests: {len(failures)} failure(s)")
        return 1
    print(f"check_manifests: OK: {n_objects} objects, {n_args} Deployment args known to "
          f"factd and accepted by it, grpc {grpc_port}, metrics {metrics_port}, "
          f"termination {termination}s > grace {grace:g}s + preStop {sleep:g}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
