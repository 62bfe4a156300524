"""Run real OpenSearch and Elasticsearch nodes on this machine, from Maven Central artifacts.

Each distribution (cluster/opensearch.py, cluster/elasticsearch.py) knows how to assemble
its home under `build/<name>` and which command starts one node; this module runs nodes of
either the same way: one process per node, bound to 127.0.0.1 on free ports, with a small
heap, its own folder (config, data, logs) and a health check until the cluster is up.

Both servers refuse to run as root, so when we are root the node runs as `nobody` and its
per-node folder is handed to that user (and the home copied where `nobody` can read it).

    python -m cluster.nodes prepare [--distribution D]           # download and assemble
    python -m cluster.nodes run [--distribution D] [--nodes 3]   # start, print URLs, Ctrl-C
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
from dataclasses import dataclass
from pathlib import Path

from cluster.distribution import STAMP, Distribution, NodeError, NodeSpec
from cluster.elasticsearch import ELASTICSEARCH
from cluster.opensearch import OPENSEARCH

# Every distribution the tests and benchmarks run on, in the order they run.
DISTRIBUTIONS: dict[str, Distribution] = {d.name: d for d in (OPENSEARCH, ELASTICSEARCH)}


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run_as_user() -> dict[str, object]:
    """Popen arguments that drop root to `nobody` (both servers refuse to run as root)."""
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


def runnable_home(distribution: Distribution, home: Path) -> Path:
    """`home`, or as root when `nobody` cannot reach it (a clone under /root, say) a copy
    of it in the temporary folder, which everyone can enter; made once per recipe."""
    if os.geteuid() != 0 or not _closed_to_others(home):
        return home
    mirror = Path(tempfile.gettempdir()) / f"fiqra-{distribution.name}-{distribution.version}"
    if not distribution.prepared(mirror):
        staging = Path(tempfile.mkdtemp(prefix=f"fiqra-{distribution.name}-", dir=mirror.parent))
        for part in distribution.home_parts:
            shutil.copytree(home / part, staging / part)
        shutil.copy(home / STAMP, staging / STAMP)
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
    """One server process; `start` again after `stop` keeps its data (a rejoin)."""

    spec: NodeSpec
    distribution: Distribution
    process: subprocess.Popen[bytes] | None = None

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.spec.http_port}"

    @property
    def log_path(self) -> Path:
        return self.spec.folder / "stdout.log"

    def start(self) -> None:
        if self.alive():
            return
        for sub in ("data", "logs", "tmp", "config"):
            (self.spec.folder / sub).mkdir(parents=True, exist_ok=True)
        self.distribution.configure(self.spec)
        _hand_over(self.spec.folder)
        given = self.distribution.stdin(self.spec)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.distribution.command(self.spec), stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL if given is None else subprocess.PIPE,
                cwd=self.spec.folder, start_new_session=True,
                env={**os.environ, **self.distribution.environment(self.spec)},
                **_run_as_user(),  # type: ignore[call-overload]
            )
        if given is not None:
            # The server reads this, then keeps reading: stdin stays open while it runs.
            assert self.process.stdin is not None
            self.process.stdin.write(given)
            self.process.stdin.flush()
        if self not in _STARTED:
            _STARTED.append(self)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 60.0) -> None:
        """Ask the node to stop, and kill it after `timeout` seconds."""
        if not self.alive():
            return
        assert self.process is not None
        self.distribution.shutdown(self.process)
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
    distribution: Distribution
    seconds: float = 0.0  # from the first start to healthy

    @property
    def url(self) -> str:
        return self.nodes[0].url

    @property
    def urls(self) -> list[str]:
        return [node.url for node in self.nodes]

    def manager(self) -> str:
        """The name of the node elected cluster manager (master), asked of the first live one."""
        node = next(n for n in self.nodes if n.alive())
        url = f"{node.url}/{self.distribution.manager_cat}?format=json"
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(json.load(response)[0]["node"])

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
    distribution: Distribution = OPENSEARCH,
    home: Path | None = None,
    timeout: float = 240.0,
    cluster_name: str = "fiqra-test",
) -> Cluster:
    """Start `size` nodes (1: single-node discovery) and wait for health; stop on failure."""
    if size < 1:
        raise ValueError(f"a cluster needs at least one node, not {size}")
    began = time.monotonic()
    home = runnable_home(distribution, distribution.prepare(home))
    runs = home / "run"
    runs.mkdir(exist_ok=True)
    runs.chmod(0o755)
    folder = Path(tempfile.mkdtemp(prefix=f"{cluster_name}-", dir=runs))
    folder.chmod(0o755)  # the node user must reach its folder inside
    transport_ports = [free_port() for _ in range(size)]
    names = [f"node-{i + 1}" for i in range(size)]
    nodes = [
        Node(
            NodeSpec(
                name=name,
                cluster_name=cluster_name,
                home=home,
                folder=folder / name,
                http_port=free_port(),
                transport_port=transport_port,
                seed_ports=transport_ports if size > 1 else [],
                initial_managers=names if size > 1 else [],
            ),
            distribution,
        )
        for name, transport_port in zip(names, transport_ports, strict=True)
    ]
    cluster = Cluster(nodes=nodes, folder=folder, distribution=distribution)
    try:
        for node in nodes:
            node.start()
        wait_until_healthy(nodes, expect_nodes=size, timeout=timeout)
    except BaseException:
        cluster.stop()
        raise
    cluster.seconds = time.monotonic() - began
    return cluster


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cluster.nodes", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    prepare = sub.add_parser("prepare", help="download (Maven) and assemble the homes")
    run = sub.add_parser("run", help="start nodes and keep them running until Ctrl-C")
    run.add_argument("--nodes", type=int, default=1)
    for command, default in ((prepare, None), (run, OPENSEARCH.name)):
        command.add_argument("--distribution", choices=sorted(DISTRIBUTIONS), default=default,
                             help=f"default: {default or 'all'}")
    args = parser.parse_args(argv)
    try:
        if args.command == "prepare":
            for name in [args.distribution] if args.distribution else DISTRIBUTIONS:
                started = time.monotonic()
                home = DISTRIBUTIONS[name].prepare()
                print(f"prepared {home} in {time.monotonic() - started:.1f}s")
            return 0
        cluster = start_cluster(args.nodes, distribution=DISTRIBUTIONS[args.distribution])
    except NodeError as error:
        print(f"error: {error}")
        return 1
    print(f"{len(cluster.nodes)} {cluster.distribution.title} node(s) up in "
          f"{cluster.seconds:.1f}s: " + " ".join(cluster.urls), flush=True)
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
