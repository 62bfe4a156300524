"""OpenSearch nodes assembled from Maven Central artifacts only.

Why not Docker or the release tarball: neither can be fetched here, but the server jar and
its modules are on Maven Central. `cluster/opensearch.pom.xml` copies the server with its
libraries into `lib/` and each module with its own libraries into `modules/<name>/`; this
module adds what the tarball would have (module descriptors and security policies, a
logging config, empty `bin/` and `plugins/`) and starts `org.opensearch.bootstrap.OpenSearch`
on that home with its settings as `-E` options.
"""

from __future__ import annotations

from pathlib import Path

from cluster.distribution import (
    LOG_CONFIG,
    REPO_ROOT,
    Distribution,
    NodeError,
    NodeSpec,
    fingerprint,
    maven_assemble,
)

VERSION = "2.19.6"
POM = REPO_ROOT / "cluster" / "opensearch.pom.xml"

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


class OpenSearch(Distribution):
    name = "opensearch"
    title = "OpenSearch"
    version = VERSION
    home_parts = ("lib", "modules", "bin", "plugins")
    manager_cat = "_cat/cluster_manager"

    def recipe(self) -> str:
        return fingerprint(VERSION, POM, NETTY_POLICY)

    def assemble(self, home: Path, maven_repo: Path) -> None:
        if not (home / "lib" / f"opensearch-{VERSION}.jar").is_file():
            maven_assemble(POM, "opensearch.home", home, maven_repo)
        for name, (classname, policy) in MODULES.items():
            folder = home / "modules" / name
            if not folder.is_dir():
                raise NodeError(f"module folder {folder} is missing: prepare after cleaning {home}")
            (folder / "plugin-descriptor.properties").write_text(
                f"description={name} module\nversion={VERSION}\nname={name}\n"
                f"classname={classname}\njava.version=17\nopensearch.version={VERSION}\n"
            )
            if policy:
                (folder / "plugin-security.policy").write_text(policy)
        # The bootstrap checks that these exist; the tarball has them.
        for empty in ("bin", "plugins"):
            (home / empty).mkdir(exist_ok=True)

    def configure(self, node: NodeSpec) -> None:
        (node.config / "log4j2.properties").write_text(LOG_CONFIG)
        (node.config / "opensearch.yml").touch()

    def command(self, node: NodeSpec) -> list[str]:
        settings = node.settings("cluster.initial_cluster_manager_nodes")
        return [
            *node.jvm_command(),
            f"-Dopensearch.path.home={node.home}", f"-Dopensearch.path.conf={node.config}",
            # One logging context: the default selector asks for class loaders, which the
            # security manager forbids in the shutdown hook (the JVM then never exits).
            "-Dlog4j2.contextSelector=org.apache.logging.log4j.core.selector.BasicContextSelector",
            "-Dio.netty.allocator.type=unpooled",
            "-cp", f"{node.home / 'lib'}/*", "org.opensearch.bootstrap.OpenSearch",
            *(f"-E{key}={value if isinstance(value, str) else ','.join(value)}"
              for key, value in settings.items()),
        ]


OPENSEARCH = OpenSearch()
