"""The citation graph of a set of reports: one edge per (citing report, target), weighted
by how many references make it, as JSON or as a CSV edge list network tools open."""

from __future__ import annotations

import csv
import io
from typing import Any

from indexer.backend import Citation
from indexer.csv_cells import csv_row

EDGE_FIELDS = ("source", "target", "kind", "resolved", "weight", "paragraphs")


def citation_graph(cites: list[Citation]) -> dict[str, Any]:
    """Nodes (report symbols and targets) and edges with the citing paragraphs."""
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for c in cites:
        edge = edges.setdefault(
            (c.symbol, c.target, c.kind),
            {"source": c.symbol, "target": c.target, "kind": c.kind, "resolved": c.resolved,
             "weight": 0, "paragraphs": []},
        )
        edge["weight"] += 1
        if c.paragraph is not None and c.paragraph not in edge["paragraphs"]:
            edge["paragraphs"].append(c.paragraph)
    nodes = sorted({e["source"] for e in edges.values()} | {e["target"] for e in edges.values()})
    return {"nodes": [{"id": n} for n in nodes], "edges": list(edges.values())}


def edges_csv(graph: dict[str, Any]) -> str:
    """The edge list as CSV (`source,target,kind,resolved,weight,paragraphs`)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EDGE_FIELDS)
    for e in graph["edges"]:
        resolved = "true" if e["resolved"] else "false"
        writer.writerow(csv_row([e["source"], e["target"], e["kind"], resolved, e["weight"],
                                 " ".join(map(str, e["paragraphs"]))]))
    return out.getvalue()
