"""The causal network of the teaching model, loaded from ``data/network.yaml`` and validated.

The network is data so that adding a mechanism is a data change plus a citation, and so that the
model, the diagram, the widgets, the static site and the tests all read one description. Loading
checks the file against itself and against ``references.bib``: an edge that names an unknown node,
an edge without a citation, or a citation key that the bibliography does not hold is an error that
says what to fix, not a silent gap in the book.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"
#: The bibliography of the book; the package ships a copy so that it works when installed too.
BIBLIOGRAPHY_CANDIDATES = (Path(__file__).parent.parent / "references.bib", DATA / "references.bib")

NODE_KINDS = ("input", "process", "population", "readout")
POPULATIONS = ("UMN", "LMN")
SHORT_MAX = 15


@lru_cache(maxsize=1)
def claims() -> dict[str, str]:
    """Claim id -> sentence, from the package's copy of the claims checklist (``data/claims.txt``)."""
    path = DATA / "claims.txt"
    if not path.exists():
        raise ValueError(f"{path} is missing: the package needs its copy of the claims checklist")
    return dict(re.findall(r"^(C\d+\.\d+)\s+(.*)$", path.read_text(encoding="utf-8"), flags=re.M))


@dataclass(frozen=True)
class Node:
    """One box of the diagram: a mutation, a process, a motor neuron population or a clinical sign."""

    id: str
    label: str
    kind: str
    cell: str
    pos: tuple[float, float]
    about: str
    tau: float = 1.0
    basal: float = 0.0
    views: tuple[str, ...] = ()
    population: str | None = None
    #: A name of at most ``SHORT_MAX`` characters, drawn instead of ``label`` where the diagram is narrow (a phone).
    short: str = ""


@dataclass(frozen=True)
class Edge:
    """A signed, weighted causal link with the evidence (citation keys, claim ids) behind it."""

    src: str
    dst: str
    sign: int
    weight: float
    cite: tuple[str, ...]
    claims: tuple[str, ...]
    cell: str | None = None
    mode: str = "drive"

    @property
    def id(self) -> str:
        """A stable name for the edge, unique within the network."""
        suffix = f"@{self.cell}" if self.cell else ""
        kind = " (gain)" if self.mode == "gain" else ""
        return f"{self.src}->{self.dst}{suffix}{kind}"


@dataclass(frozen=True)
class Therapy:
    """A treatment: the nodes it acts on from symptom onset, and the trial that tested it."""

    id: str
    label: str
    mechanism: str
    blocks: dict[str, float]
    restores: dict[str, float]
    cite: tuple[str, ...]
    trial: str
    short: str = ""

    @property
    def name(self) -> str:
        """The short name an explorer's button shows."""
        return self.short or self.label


@dataclass(frozen=True)
class Network:
    """The whole causal network with its pathways, therapies and clinical constants."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    pathways: dict[str, dict[str, str]]
    steps: dict[str, dict[str, str]]
    therapies: dict[str, Therapy]
    vulnerability: dict[str, dict[str, float]]
    clinical: dict[str, float]
    hill_n: float
    hill_k: float
    groups: dict[str, dict[str, Any]]
    sporadic: str
    death: str
    views: dict[str, str]
    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {n.id: i for i, n in enumerate(self.nodes)})

    def node(self, node_id: str) -> Node:
        """The node called ``node_id``; a ValueError lists the valid names otherwise."""
        if node_id not in self.index:
            raise ValueError(f"unknown node {node_id!r}; valid nodes: {', '.join(self.index)}")
        return self.nodes[self.index[node_id]]

    @property
    def mutations(self) -> tuple[str, ...]:
        """The genes a reader can switch on: every input node except the sporadic background."""
        return tuple(n.id for n in self.nodes if n.kind == "input" and n.id != self.sporadic)

    @property
    def cell_types(self) -> tuple[str, ...]:
        """The cell types that can carry a mutation (a scenario's ``mutant_cells``)."""
        return tuple(g for g, spec in self.groups.items() if spec.get("cell_type"))

    @property
    def populations(self) -> tuple[Node, ...]:
        """The motor neuron population nodes, in the order of :data:`POPULATIONS`."""
        by_name = {n.population: n for n in self.nodes if n.population}
        return tuple(by_name[p] for p in POPULATIONS)

    def view_nodes(self, view: str) -> tuple[str, ...]:
        """The ids of the nodes an explorer view draws; a ValueError lists the views otherwise."""
        if view not in self.views:
            raise ValueError(f"unknown view {view!r}; valid views: {', '.join(self.views)}")
        return tuple(n.id for n in self.nodes if view in n.views)

    def blockable(self) -> dict[str, str]:
        """Every name a scenario may block, mapped to the node the block suppresses."""
        names = {name: p["node"] for name, p in self.pathways.items()}
        names.update({name: name for name in self.steps})
        return names

    def therapy_nodes(self) -> set[str]:
        """Nodes some therapy blocks or restores (drawn cut when that therapy is given)."""
        return {n for t in self.therapies.values() for n in (*t.blocks, *t.restores)}

    def citations(self) -> set[str]:
        """All citation keys the network uses (edges and therapies)."""
        keys = {k for e in self.edges for k in e.cite}
        return keys | {k for t in self.therapies.values() for k in t.cite}


def bibliography_keys(path: Path | None = None) -> set[str]:
    """The citation keys defined in a BibTeX file (read with a regex: keys are all we need)."""
    if path is None:
        path = next((p for p in BIBLIOGRAPHY_CANDIDATES if p.exists()), None)
        if path is None:
            raise ValueError("references.bib not found next to the package or inside it")
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", text, flags=re.MULTILINE))


def _short(n: dict[str, Any], where: str) -> str:
    short = str(_require(n, "short", where))
    if len(short) > SHORT_MAX:
        raise ValueError(f"{where}: short name {short!r} is longer than {SHORT_MAX} characters")
    return short


def _require(mapping: dict[str, Any], key: str, where: str) -> Any:
    if key not in mapping:
        raise ValueError(f"{where}: missing field {key!r}")
    return mapping[key]


def parse_network(raw: dict[str, Any], bib_keys: set[str]) -> Network:
    """Build and validate a :class:`Network` from the parsed YAML mapping."""
    groups = dict(_require(raw, "groups", "network"))
    views = dict(_require(raw, "views", "network"))
    claim_ids = set(claims())
    nodes = []
    for i, n in enumerate(_require(raw, "nodes", "network")):
        where = f"node #{i} ({n.get('id', '?')})"
        kind = _require(n, "kind", where)
        if kind not in NODE_KINDS:
            raise ValueError(f"{where}: kind {kind!r} is not one of {', '.join(NODE_KINDS)}")
        cell = _require(n, "cell", where)
        if cell not in groups:
            raise ValueError(f"{where}: cell {cell!r} is not one of {', '.join(groups)}")
        node_views = tuple(n.get("views") or ())
        unknown_views = [v for v in node_views if v not in views]
        if unknown_views:
            raise ValueError(f"{where}: unknown views {unknown_views}; valid views: {', '.join(views)}")
        population = n.get("population")
        if population is not None and (kind != "population" or population not in POPULATIONS):
            raise ValueError(f"{where}: population must be one of {', '.join(POPULATIONS)} on a population node")
        tau = float(n.get("tau", 1.0))
        if tau <= 0:
            raise ValueError(f"{where}: tau must be positive")
        x, y = _require(n, "pos", where)
        nodes.append(
            Node(
                id=_require(n, "id", where),
                label=_require(n, "label", where),
                kind=kind,
                cell=cell,
                pos=(float(x), float(y)),
                about=_require(n, "about", where),
                tau=tau,
                basal=float(n.get("basal", 0.0)),
                views=node_views,
                population=population,
                short=_short(n, where),
            )
        )
    ids = [n.id for n in nodes]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate node ids: {', '.join(sorted(duplicates))}")
    known = set(ids)
    cell_types = {g for g, spec in groups.items() if spec.get("cell_type")}
    for role in ("sporadic", "death"):
        if _require(raw, role, "network") not in known:
            raise ValueError(f"network: {role} names unknown node {raw[role]!r}")
    if sorted(n.population for n in nodes if n.population) != sorted(POPULATIONS):
        raise ValueError(f"network: needs exactly one population node for each of {', '.join(POPULATIONS)}")
    edges = []
    for i, e in enumerate(_require(raw, "edges", "network")):
        where = f"edge #{i} ({e.get('src', '?')} -> {e.get('dst', '?')})"
        for end in ("src", "dst"):
            name = _require(e, end, where)
            if name not in known:
                raise ValueError(f"{where}: unknown node {name!r}; valid nodes: {', '.join(ids)}")
        cite = tuple(e.get("cite") or ())
        if not cite:
            raise ValueError(f"{where}: every edge needs at least one citation key")
        missing = [k for k in cite if k not in bib_keys]
        if missing:
            raise ValueError(f"{where}: citation keys not in references.bib: {', '.join(missing)}")
        edge_claims = tuple(e.get("claims") or ())
        if not edge_claims or not set(edge_claims) <= claim_ids:
            raise ValueError(f"{where}: needs claim ids of data/claims.txt (like C3.4), got {list(edge_claims)}")
        sign = int(_require(e, "sign", where))
        if sign not in (1, -1):
            raise ValueError(f"{where}: sign must be 1 or -1")
        weight = float(_require(e, "weight", where))
        if not 0 < weight <= 1:
            raise ValueError(f"{where}: weight must be in (0, 1]")
        cell = e.get("cell")
        if cell is not None and cell not in cell_types:
            raise ValueError(f"{where}: cell {cell!r} is not one of {', '.join(sorted(cell_types))}")
        mode = e.get("mode", "drive")
        if mode not in ("drive", "gain"):
            raise ValueError(f"{where}: mode must be 'drive' or 'gain', got {mode!r}")
        if mode == "gain" and (sign != 1 or nodes[ids.index(e["src"])].kind != "input"):
            raise ValueError(f"{where}: a gain edge must be activating and leave a mutation")
        edges.append(Edge(e["src"], e["dst"], sign, weight, cite, edge_claims, cell, mode))
    edge_ids = [e.id for e in edges]
    if len(set(edge_ids)) != len(edge_ids):
        raise ValueError("two edges of the same mode join the same nodes in the same cell type")

    pathways = dict(_require(raw, "pathways", "network"))
    for name, p in pathways.items():
        if p.get("node") not in known:
            raise ValueError(f"pathway {name!r}: unknown node {p.get('node')!r}")
    steps = dict(raw.get("steps") or {})
    for name in steps:
        if name not in known:
            raise ValueError(f"step {name!r} is not a node")

    therapies = {}
    for name, t in _require(raw, "therapies", "network").items():
        where = f"therapy {name!r}"
        acts = {**(t.get("blocks") or {}), **(t.get("restores") or {})}
        if not acts:
            raise ValueError(f"{where}: needs a node it blocks or restores")
        for node_id, strength in acts.items():
            if node_id not in known:
                raise ValueError(f"{where}: unknown node {node_id!r}")
            if not 0 <= float(strength) <= 1:
                raise ValueError(f"{where}: strength for {node_id} outside [0, 1]")
        cite = tuple(_require(t, "cite", where))
        missing = [k for k in cite if k not in bib_keys]
        if not cite or missing:
            raise ValueError(f"{where}: needs citation keys in references.bib (missing: {missing})")
        therapies[name] = Therapy(
            id=name,
            label=_require(t, "label", where),
            mechanism=_require(t, "mechanism", where),
            blocks={k: float(v) for k, v in (t.get("blocks") or {}).items()},
            restores={k: float(v) for k, v in (t.get("restores") or {}).items()},
            cite=cite,
            trial=_require(t, "trial", where),
            short=str(t.get("short", "")),
        )

    hill = raw.get("hill") or {}
    return Network(
        nodes=tuple(nodes),
        edges=tuple(edges),
        pathways=pathways,
        steps=steps,
        therapies=therapies,
        vulnerability={k: dict(v) for k, v in _require(raw, "vulnerability", "network").items()},
        clinical={k: float(v) for k, v in _require(raw, "clinical", "network").items()},
        hill_n=float(hill.get("n", 3)),
        hill_k=float(hill.get("k", 0.5)),
        groups=groups,
        sporadic=raw["sporadic"],
        death=raw["death"],
        views=views,
    )


def load_network(path: Path | None = None, bibliography: Path | None = None) -> Network:
    """Read a network file (default: the package's own) and validate it."""
    path = path or DATA / "network.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a mapping with nodes and edges")
    return parse_network(raw, bibliography_keys(bibliography))


@lru_cache(maxsize=1)
def network() -> Network:
    """The book's network (loaded once): nodes and edges with their citations and claims."""
    return load_network()
