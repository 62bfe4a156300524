"""Elasticsearch nodes assembled from Maven Central artifacts plus a few pieces built here.

Maven Central has the server, its libraries, the Netty transport module and the entitlement
bridge (`cluster/elasticsearch.pom.xml`), but not Elasticsearch's launcher nor most of its
modules. What a node needs of those is built by `prepare` with the JDK's `javac` and `jar`
from the sources in `cluster/java/`:

- `lib/tools/ansi-console/`: the console loader the server asks for a terminal (none here);
- `lib/entitlement-agent/`: the agent through which the server (8.18+) instruments the JDK
  for its entitlement checks;
- `plugins/fiqra-node/`: `GET /` and `HEAD /` (rest-root) and the `whitespace` tokenizer
  (analysis-common), the two things fiqra and its client use of the unpublished modules.
  Nothing else of them is there: fiqra reindexes through aliases, not `_reindex`.

This module is the launcher: the server runs on the module path, reads its settings as a
`ServerArgs` record on stdin (cluster/server_args.py), stops when stdin closes or when it
reads the byte 0x1B, and needs the bridge patched into java.base.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from cluster.distribution import (
    LOG_CONFIG,
    REPO_ROOT,
    Distribution,
    NodeError,
    NodeSpec,
    fingerprint,
    java_tool,
    maven_assemble,
)
from cluster.server_args import server_args

VERSION = "8.19.21"
POM = REPO_ROOT / "cluster" / "elasticsearch.pom.xml"
JAVA_SOURCES = REPO_ROOT / "cluster" / "java"
NETTY = "transport-netty4"
SHUTDOWN = b"\x1b"  # read on stdin: stop cleanly
# Packages of the patched-in bridge that the JDK modules calling it must see.
BRIDGE_READERS = "org.elasticsearch.entitlement,java.logging,java.net.http,java.naming,jdk.net"


def _javac(sources: Path, classpath: Path | None, out: Path) -> None:
    files = [str(p) for p in sorted(sources.rglob("*.java"))]
    command = [java_tool("javac"), "--release", "17", "-nowarn", "-d", str(out)]
    if classpath:
        command += ["-cp", f"{classpath}/*"]
    done = subprocess.run([*command, *files], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise NodeError(f"compiling {sources.name} failed:\n{done.stdout}{done.stderr}")


def _jar(classes: Path, target: Path, manifest: Path | None = None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    command = [java_tool("jar"), "--create", "--file", str(target)]
    if manifest:
        command += ["--manifest", str(manifest)]
    done = subprocess.run([*command, "-C", str(classes), "."], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise NodeError(f"packing {target.name} failed:\n{done.stdout}{done.stderr}")


def build_piece(name: str, target: Path, classpath: Path | None) -> None:
    """Compile `cluster/java/<name>` and pack it as `target` (with its MANIFEST.MF, if any)."""
    sources = JAVA_SOURCES / name
    manifest = sources / "MANIFEST.MF"
    with tempfile.TemporaryDirectory(prefix=f"fiqra-{name}-") as classes:
        _javac(sources, classpath, Path(classes))
        _jar(Path(classes), target, manifest if manifest.is_file() else None)


class Elasticsearch(Distribution):
    name = "elasticsearch"
    title = "Elasticsearch"
    version = VERSION
    home_parts = ("lib", "modules", "plugins")
    manager_cat = "_cat/master"

    def recipe(self) -> str:
        return fingerprint(VERSION, POM, JAVA_SOURCES)

    def assemble(self, home: Path, maven_repo: Path) -> None:
        lib = home / "lib"
        if not (lib / f"elasticsearch-{VERSION}.jar").is_file():
            maven_assemble(POM, "elasticsearch.home", home, maven_repo)
        # The Netty module's descriptor and entitlement policy travel inside its jar.
        netty = home / "modules" / NETTY
        with zipfile.ZipFile(netty / f"{NETTY}-{VERSION}.jar") as jar:
            for leaf in ("plugin-descriptor.properties", "entitlement-policy.yaml"):
                (netty / leaf).write_bytes(jar.read(f"META-INF/es-plugins/{NETTY}/{leaf}"))
        for built in ("tools/ansi-console", "entitlement-agent"):
            shutil.rmtree(lib / built, ignore_errors=True)
        build_piece("ansi-console", lib / "tools" / "ansi-console" / "ansi-console.jar", lib)
        build_piece("entitlement-agent", lib / "entitlement-agent" / "entitlement-agent.jar",
                    None)
        plugin = home / "plugins" / "fiqra-node"
        shutil.rmtree(plugin, ignore_errors=True)
        build_piece("node-plugin", plugin / "fiqra-node.jar", lib)
        descriptor = (JAVA_SOURCES / "node-plugin" / "plugin-descriptor.properties").read_text()
        (plugin / "plugin-descriptor.properties").write_text(
            descriptor.replace("@ELASTICSEARCH_VERSION@", VERSION)
        )

    def configure(self, node: NodeSpec) -> None:
        (node.config / "log4j2.properties").write_text(LOG_CONFIG)
        (node.config / "elasticsearch.yml").touch()

    def command(self, node: NodeSpec) -> list[str]:
        lib = node.home / "lib"
        [bridge] = sorted((lib / "entitlement-bridge").glob("*.jar"))
        return [
            *node.jvm_command(),
            f"-Des.path.home={node.home}", f"-Des.path.conf={node.config}",
            "-Des.distribution.type=tar", "-Dlog4j.shutdownHookEnabled=false",
            # The entitlement agent is attached by the server to itself.
            "-Djdk.attach.allowAttachSelf=true",
            f"--patch-module=java.base={bridge}",
            f"--add-exports=java.base/org.elasticsearch.entitlement.bridge={BRIDGE_READERS}",
            "--module-path", str(lib), "--add-modules=ALL-MODULE-PATH",
            "-m", "org.elasticsearch.server/org.elasticsearch.bootstrap.Elasticsearch",
        ]

    def environment(self, node: NodeSpec) -> dict[str, str]:
        # Where native code may write (the launcher checks it is set; the JVM's tmpdir).
        return {"LIBFFI_TMPDIR": str(node.folder / "tmp")}

    def stdin(self, node: NodeSpec) -> bytes:
        settings = {"path.home": str(node.home), **node.settings("cluster.initial_master_nodes")}
        return server_args(settings, node.config, node.folder / "logs")

    def shutdown(self, process: subprocess.Popen[bytes]) -> None:
        try:
            assert process.stdin is not None
            process.stdin.write(SHUTDOWN)
            process.stdin.close()
        except (BrokenPipeError, ValueError):
            super().shutdown(process)


ELASTICSEARCH = Elasticsearch()
