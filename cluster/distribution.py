"""What differs between the search servers fiqra tests on, behind one interface.

cluster/nodes.py runs nodes of any distribution the same way (folders, ports, the `nobody`
user, health checks); a `Distribution` says how to assemble its home from Maven Central and
which Java command, settings and standard input start one node of it. The distributions are
cluster/opensearch.py and cluster/elasticsearch.py.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BUILD = REPO_ROOT / "build"
DEFAULT_MAVEN_REPO = BUILD / "m2"
HEAP = "512m"  # FIQRA_NODE_HEAP overrides it (benchmarks at scale give more)
STAMP = ".fiqra-prepared"

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
        raise JavaMissing("no java found (set JAVA_HOME or put java on PATH; Java 17 runs both)")
    return found


def java_tool(name: str) -> str:
    """A JDK tool (`javac`, `jar`) beside the `java` nodes run with, else on PATH."""
    beside = Path(java_executable()).resolve().parent / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    if not found:
        raise JavaMissing(f"no {name} found: install a JDK (Debian: openjdk-17-jdk-headless)")
    return found


def maven_assemble(pom: Path, home_property: str, home: Path, maven_repo: Path) -> None:
    """Run `pom`'s package phase, which copies the Maven Central artifacts into `home`."""
    mvn = shutil.which("mvn")
    if not mvn:
        raise JavaMissing(f"{home} is not assembled and mvn is not installed")
    command = [
        mvn, "-q", "-f", str(pom), f"-Dmaven.repo.local={maven_repo.resolve()}",
        f"-D{home_property}={home.resolve()}", "package",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise NodeError(f"assembling {home.name} failed: {' '.join(command)}\n"
                        f"{done.stdout[-2000:]}{done.stderr[-2000:]}")


def fingerprint(*parts: Path | str) -> str:
    """A digest of strings and of files' (or whole folders') contents: a home's recipe."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, str):
            digest.update(part.encode())
            continue
        files = sorted(part.rglob("*")) if part.is_dir() else [part]
        for path in files:
            if path.is_file():
                digest.update(str(path.relative_to(part.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class NodeSpec:
    """One node as the distribution sees it: names, folders and ports."""

    name: str
    cluster_name: str
    home: Path
    folder: Path
    http_port: int
    transport_port: int
    seed_ports: list[int] = field(default_factory=list)
    initial_managers: list[str] = field(default_factory=list)

    @property
    def config(self) -> Path:
        return self.folder / "config"

    def settings(self, initial_managers_key: str) -> dict[str, str | Sequence[str]]:
        """The node settings both distributions share (lists where several values go)."""
        settings: dict[str, str | Sequence[str]] = {
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
            settings["discovery.seed_hosts"] = [f"127.0.0.1:{p}" for p in self.seed_ports]
            settings[initial_managers_key] = list(self.initial_managers)
        else:
            settings["discovery.type"] = "single-node"
        return settings

    def jvm_command(self) -> list[str]:
        """How every node's command starts: java, a small heap, its own temporary folder."""
        heap = os.environ.get("FIQRA_NODE_HEAP", HEAP)
        return [
            java_executable(), f"-Xms{heap}", f"-Xmx{heap}", "-XX:+UseSerialGC",
            f"-Djava.io.tmpdir={self.folder / 'tmp'}", "-Dlog4j2.disable.jmx=true",
        ]


class Distribution(ABC):
    """A search server fiqra runs on: its name, version, home and how a node starts."""

    name: str  # as the server names itself and as FIQRA_SEARCH_DISTRIBUTION says it
    title: str  # for people
    version: str
    home_parts: tuple[str, ...]  # what a node reads from the home (copied for `nobody`)
    manager_cat: str  # the _cat API naming the elected cluster manager (master)

    @property
    def home(self) -> Path:
        return BUILD / self.name

    def prepared(self, home: Path) -> bool:
        """Whether `home` was assembled from the current recipe (version, sources)."""
        stamp = home / STAMP
        return stamp.is_file() and stamp.read_text() == self.recipe()

    def prepare(self, home: Path | None = None, maven_repo: Path = DEFAULT_MAVEN_REPO) -> Path:
        """Make `home` runnable: download through Maven and build only what is missing."""
        home = home or self.home
        java_executable()
        if not self.prepared(home):
            self.assemble(home, maven_repo)
            (home / STAMP).write_text(self.recipe())
        return home

    @abstractmethod
    def recipe(self) -> str:
        """A fingerprint of everything the home is made from."""

    @abstractmethod
    def assemble(self, home: Path, maven_repo: Path) -> None:
        """Download and lay out the home."""

    @abstractmethod
    def configure(self, node: NodeSpec) -> None:
        """Write what the node reads from its config folder."""

    @abstractmethod
    def command(self, node: NodeSpec) -> list[str]:
        """The command line that starts the node."""

    def environment(self, node: NodeSpec) -> dict[str, str]:
        """Environment variables the node needs besides ours."""
        return {}

    def stdin(self, node: NodeSpec) -> bytes | None:
        """Bytes the node reads on its standard input (None: no input, stdin closed)."""
        return None

    def shutdown(self, process: subprocess.Popen[bytes]) -> None:
        """Ask the node to stop cleanly."""
        process.send_signal(signal.SIGTERM)
