"""Run real OpenSearch nodes on this machine, assembled from Maven Central artifacts only.

Why not Docker or the release tarball: neither can be fetched here, but the server jar and its
modules are on Maven Central. `cluster/pom.xml` copies the server with its libraries into
`lib/` and each module with its own libraries into `modules/<name>/`; this module adds what
the tarball would have (module descriptors and security policies, a logging config, empty
`bin/` and `plugins/`) and starts `org.opensearch.bootstrap.OpenSearch` on that home, one
process per node, bound to 127.0.0.1 on free ports, with a small heap.

OpenSearch refuses to run as root, so when we are root the node runs as `nobody` and its
per-node folder (config, data, logs) is handed to that user.

    python -m cluster.nodes prepare           # download and assemble (once)
    python -m cluster.nodes run [--nodes 3]   # start, print the URL, stop on Ctrl-C
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

OPENSEARCH_VERSION = "2.19.6"
REPO_ROOT = Path(__file__).resolve().parent.parent
POM = REPO_ROOT / "cluster" / "pom.xml"
DEFAULT_HOME = REPO_ROOT / "build" / "opensearch"
DEFAULT_MAVEN_REPO = REPO_ROOT / "build" / "m2"
HEAP = "512m"

# What a module may do under OpenSearch's security manager. Netty accepts and opens
# sockets and names its own threads' class loaders; analysis-common needs nothing extra.
NETTY_POLICY = """grant {
  permission java.io.FilePermission "/proc/sys/net/core/somaxconn", "read";
  permission java.net.SocketPermission "*", "accept,connect";
  permission java.lang.RuntimePermission "*", "setContextClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
  permission java.util.PropertyPermission "sun.nio.ch.bugLevel", "write";
};
"""

# module folder -> (plugin class, security policy or None)
MODULES: dict[str, tuple[str, str | None]] = {
    "transport-netty4": ("org.opensearch.transport.Netty4Plugin", NETTY_POLICY),
    "analysis-common": ("org.opensearch.analysis.common.CommonAnalysisPlugin", None),
}

LOG_CONFIG = """status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
"""


class NodeError(RuntimeError):
    """A node could not be prepared or started; the message says why, for a person."""


class JavaMissing(NodeError):
    """No Java runtime: cluster tests skip with this message."""


def java_executable() -> str:
    """The `java` to run nodes with: $JAVA_HOME/bin/java, else the one on PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise JavaMissing("no java found (set JAVA_HOME or put java on PATH; Java 17 runs 2.19)")
    return found


def _server_jar(home: Path) -> Path:
    return home / "lib" / f"opensearch-{OPENSEARCH_VERSION}.jar"


def prepare(home: Path = DEFAULT_HOME, maven_repo: Path = DEFAULT_MAVEN_REPO) -> Path:
    """Make `home` a runnable OpenSearch home (downloads through Maven only when missing)."""
    java_executable()
    if not _server_jar(home).is_file():
        mvn = shutil.which("mvn")
        if not mvn:
            raise JavaMissing(f"{_server_jar(home)} is missing and mvn is not installed")
        command = [
            mvn, "-q", "-f", str(POM), f"-Dmaven.repo.local={maven_repo}",
            f"-Dopensearch.home={home}", "package",
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not _server_jar(home).is_file():
            raise NodeError(f"assembling OpenSearch failed: {' '.join(command)}\n"
                            f"{done.stdout[-2000:]}{done.stderr[-2000:]}")
    for name, (classname, policy) in MODULES.items():
        folder = home / "modules" / name
        if not folder.is_dir():
            raise NodeError(f"module folder {folder} is missing: run prepare after cleaning {home}")
        (folder / "plugin-descriptor.properties").write_text(
            f"description={name} module\nversion={OPENSEARCH_VERSION}\nname={name}\n"
            f"classname={classname}\njava.version=17\nopensearch.version={OPENSEARCH_VERSION}\n"
        )
        if policy:
            (folder / "plugin-security.policy").write_text(policy)
    # The bootstrap checks that these exist; the tarball has them.
    for empty in ("bin", "plugins"):
        (home / empty).mkdir(exist_ok=True)
    return home


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run_as_user() -> dict[str, object]:
    """Popen arguments that drop root to `nobody` (OpenSearch refuses to run as root)."""
    if os.geteuid() != 0:
        return {}
    return {"user": "nobody", "group": "nogroup", "extra_groups": []}


def _closed_to_others(home: Path) -> Path | None:
    """The first folder on the way to `home` that other users cannot enter, if any."""
    resolved = home.resolve()
    for folder in [*reversed(resolved.parents), resolved]:
        if not folder.stat().st_mode & stat.S_IXOTH:
            return folder
    return None


def runnable_home(home: Path) -> Path:
    """`home`, or as root when `nobody` cannot reach it (a clone under /root, say) a copy
    of it in the temporary folder, which everyone can enter; made once per version."""
    if os.geteuid() != 0 or not _closed_to_others(home):
        return home
    mirror = Path(tempfile.gettempdir()) / f"fiqra-opensearch-{OPENSEARCH_VERSION}"
    if not _server_jar(mirror).is_file():
        staging = Path(tempfile.mkdtemp(prefix="fiqra-opensearch-", dir=mirror.parent))
        for part in ("lib", "modules", "bin", "plugins"):
            shutil.copytree(home / part, staging / part)
        for root, dirs, files in os.walk(staging):
            for name in [*dirs, "."]:
                (Path(root) / name).chmod(0o755)
            for name in files:
                (Path(root) / name).chmod(0o644)
        if _closed_to_others(staging):
            raise NodeError(f"neither {home} nor {staging} can be reached by user nobody")
        shutil.rmtree(mirror, ignore_errors=True)
        staging.rename(mirror)
    return mirror


def _hand_over(path: Path) -> None:
    if os.geteuid() != 0:
        return
    for root, dirs, files in os.walk(path):
        for name in [*dirs, *files, "."]:
            shutil.chown(Path(root) / name, "nobody", "nogroup")


@dataclass
class Node:
    """One OpenSearch process; `start` again after `stop` keeps its data (a rejoin)."""

    name: str
    cluster_name: str
    home: Path
    folder: Path
    http_port: int
    transport_port: int
    seed_ports: list[int] = field(default_factory=list)
    initial_managers: list[str] = field(default_factory=list)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def log_path(self) -> Path:
        return self.folder / "stdout.log"

    def settings(self) -> list[str]:
        settings = {
            "cluster.name": self.cluster_name,
            "node.name": self.name,
            "network.host": "127.0.0.1",
            "http.port": str(self.http_port),
            "transport.port": str(self.transport_port),
            "path.data": str(self.folder / "data"),
            "path.logs": str(self.folder / "logs"),
            # A nearly full disk would otherwise leave shards unassigned (health red).
            "cluster.routing.allocation.disk.threshold_enabled": "false",
        }
        if self.seed_ports:
            settings["discovery.seed_hosts"] = ",".join(f"127.0.0.1:{p}" for p in self.seed_ports)
            settings["cluster.initial_cluster_manager_nodes"] = ",".join(self.initial_managers)
        else:
            settings["discovery.type"] = "single-node"
        return [f"-E{key}={value}" for key, value in settings.items()]

    def start(self) -> None:
        if self.process and self.process.poll() is None:
            return
        config = self.folder / "config"
        for sub in ("data", "logs", "tmp", "config"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        (config / "log4j2.properties").write_text(LOG_CONFIG)
        (config / "opensearch.yml").touch()
        _hand_over(self.folder)
        command = [
            java_executable(), f"-Xms{HEAP}", f"-Xmx{HEAP}", "-XX:+UseSerialGC",
            f"-Djava.io.tmpdir={self.folder / 'tmp'}",
            f"-Dopensearch.path.home={self.home}", f"-Dopensearch.path.conf={config}",
            "-Dlog4j2.disable.jmx=true",
            # One logging context: the default selector asks for class loaders, which the
            # security manager forbids in the shutdown hook (the JVM then never exits).
            "-Dlog4j2.contextSelector=org.apache.logging.log4j.core.selector.BasicContextSelector",
            "-Dio.netty.allocator.type=unpooled",
            "-cp", f"{self.home / 'lib'}/*", "org.opensearch.bootstrap.OpenSearch",
            *self.settings(),
        ]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=self.folder, start_new_session=True, **_run_as_user(),  # type: ignore[call-overload]
            )
        if self not in _STARTED:
            _STARTED.append(self)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 60.0) -> None:
        """Stop the process (SIGTERM, then SIGKILL after `timeout` seconds)."""
        if not self.alive():
            return
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.is_file():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


_STARTED: list[Node] = []


@atexit.register
def _stop_leftovers() -> None:
    """A crashed test session must not leave JVMs behind."""
    for node in _STARTED:
        node.stop(timeout=20)


@dataclass
class Cluster:
    """Nodes started together; `url` is the first node's, `urls` all of them."""

    nodes: list[Node]
    folder: Path

    @property
    def url(self) -> str:
        return self.nodes[0].url

    @property
    def urls(self) -> list[str]:
        return [node.url for node in self.nodes]

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def health(url: str, timeout: float = 5.0) -> dict[str, object]:
    """GET /_cluster/health of the node at `url`."""
    with urllib.request.urlopen(f"{url}/_cluster/health", timeout=timeout) as response:
        return dict(json.load(response))


def wait_until_healthy(
    nodes: list[Node], *, expect_nodes: int, timeout: float = 180.0, status: str = "yellow"
) -> dict[str, object]:
    """Wait until a live node reports `expect_nodes` nodes and `status` (or better)."""
    accepted = ("green",) if status == "green" else ("green", "yellow")
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while time.monotonic() < deadline:
        for node in nodes:
            if node.process is not None and not node.alive():
                raise NodeError(
                    f"node {node.name} exited with code {node.process.returncode}; "
                    f"last lines of {node.log_path}:\n{node.log_tail()}"
                )
        for node in nodes:
            if not node.alive():
                continue
            try:
                state = health(node.url, timeout=3)
            except (OSError, urllib.error.URLError, ValueError) as error:
                last = f"{node.url}: {error}"
                continue
            last = f"{node.url}: {state}"
            if state.get("status") in accepted and state.get(
                "number_of_nodes"
            ) == expect_nodes:
                return state
        time.sleep(1.0)
    raise NodeError(
        f"cluster not healthy with {expect_nodes} node(s) after {timeout:.0f}s ({last}); "
        f"last lines of {nodes[0].log_path}:\n{nodes[0].log_tail()}"
    )


def start_cluster(
    size: int = 1,
    *,
    home: Path = DEFAULT_HOME,
    timeout: float = 240.0,
    cluster_name: str = "fiqra-test",
) -> Cluster:
    """Start `size` nodes (1: single-node discovery) and wait for health; stop on failure."""
    if size < 1:
        raise ValueError(f"a cluster needs at least one node, not {size}")
    home = runnable_home(prepare(home))
    runs = home / "run"
    runs.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{cluster_name}-", dir=runs))
    folder.chmod(0o755)  # the node user must reach its folder inside
    transport_ports = [free_port() for _ in range(size)]
    names = [f"node-{i + 1}" for i in range(size)]
    nodes = [
        Node(
            name=name,
            cluster_name=cluster_name,
            home=home,
            folder=folder / name,
            http_port=free_port(),
            transport_port=transport_port,
            seed_ports=transport_ports if size > 1 else [],
            initial_managers=names if size > 1 else [],
        )
        for name, transport_port in zip(names, transport_ports, strict=True)
    ]
    cluster = Cluster(nodes=nodes, folder=folder)
    try:
        for node in nodes:
            node.start()
        wait_until_healthy(nodes, expect_nodes=size, timeout=timeout)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def start_node(*, home: Path = DEFAULT_HOME, timeout: float = 180.0) -> Cluster:
    """One single-node cluster; its `url` is the HTTP address."""
    return start_cluster(1, home=home, timeout=timeout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cluster.nodes", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("prepare", help="download (Maven) and assemble the OpenSearch home")
    run = sub.add_parser("run", help="start nodes and keep them running until Ctrl-C")
    run.add_argument("--nodes", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        if args.command == "prepare":
            started = time.monotonic()
            print(f"prepared {prepare()} in {time.monotonic() - started:.1f}s")
            return 0
        started = time.monotonic()
        cluster = start_cluster(args.nodes)
    except NodeError as error:
        print(f"error: {error}")
        return 1
    print(f"{len(cluster.nodes)} node(s) up in {time.monotonic() - started:.1f}s: "
          + " ".join(cluster.urls), flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
