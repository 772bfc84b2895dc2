"""The teaching model: a continuous logical model on the signed network, integrated over months.

Why this form: every process node is a number between 0 and 1 that relaxes towards a target set by
its inputs, so each node can be explained on its own ("oxidative stress rises because mitochondria
fail"), the whole model runs for hundreds of scenarios at once (numpy over a scenario axis), and the
same rules serve every chapter. The rules, for a process node *i* with activating inputs *a* and
inhibiting inputs *h* (weights *w*):

    target_i = (basal_i + (1 - basal_i) * H(sum_a w * x_a)) * (1 - H(sum_h w * x_h))
    dx_i/dt  = (target_i - x_i) / tau_i

with the normalised Hill function ``H(u) = u^n / (u^n + k^n) * (1 + k^n)`` (so ``H(0) = 0``,
``H(1) = 1``; weak inputs alone do little, inputs that coincide act together). A block of strength
``s`` on a node multiplies its target by ``1 - s``; a therapy that restores a node pushes the target
towards 1. Motor neurons die at a rate set by the apoptosis node, ``dS/dt = -r * v * apoptosis * S``,
separately for upper and lower motor neurons (``v`` a vulnerability per mutation). Clinical
read-outs follow from the surviving fractions: symptom onset, the ALSFRS-R score and end stage are
stated thresholds of motor function (see ``book/model.md``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from .causal_network import POPULATIONS, Network, network

Array = npt.NDArray[np.float64]

#: The names a scenario may use, read from the network data (the one source of truth): the genes a
#: reader can switch on, the pathways a reader can block, the therapies, and the cell types that can
#: carry a mutation.
MUTATIONS: tuple[str, ...] = network().mutations
PATHWAYS: tuple[str, ...] = tuple(network().pathways)
THERAPIES: tuple[str, ...] = tuple(network().therapies)
CELL_TYPES: tuple[str, ...] = network().cell_types
#: Integration step in months; results are reported once a month.
DT = 0.5


@dataclass(frozen=True)
class Block:
    """A block of one pathway: how strong, and from when.

    ``start`` is in months from disease start, or from symptom onset when ``after_onset`` is set
    (chapter 5 asks what happens when inflammation is blocked early or late).
    """

    strength: float
    start: float = 0.0
    after_onset: bool = False


@dataclass(frozen=True)
class Scenario:
    """What the reader switched on: mutations, blocks, a therapy, and which cells carry the mutation.

    ``mutations=()`` is sporadic ALS; ``healthy=True`` switches the sporadic background off too,
    giving a control in which nothing happens.
    """

    mutations: tuple[str, ...] = ()
    blocks: Mapping[str, float | Block] = field(default_factory=dict)
    therapy: str | None = None
    mutant_cells: tuple[str, ...] = CELL_TYPES
    healthy: bool = False

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True)
class Result:
    """A simulated course: activities, motor neuron survival and clinical read-outs over time."""

    scenario: Scenario
    months: Array
    activity: dict[str, Array]
    motor_neurons: dict[str, Array]
    motor_function: Array
    alsfrs_r: Array
    onset_month: float
    end_stage_month: float

    @property
    def survival_months(self) -> float:
        """Months from symptom onset to end stage; ``inf`` when end stage is never reached."""
        if math.isinf(self.onset_month) or math.isinf(self.end_stage_month):
            return math.inf
        return self.end_stage_month - self.onset_month

    def alsfrs_slope(self, months: int = 12) -> float:
        """ALSFRS-R points lost per month over the first ``months`` after onset (``nan`` without onset)."""
        if math.isinf(self.onset_month):
            return math.nan
        i = int(math.ceil(self.onset_month))
        j = min(i + months, int(self.months[-1]))
        return float((self.alsfrs_r[i] - self.alsfrs_r[j]) / (j - i)) if j > i else math.nan


def _choices(valid: Sequence[str]) -> str:
    return ", ".join(repr(v) for v in valid)


def validate(s: Scenario) -> None:
    """Raise a ValueError that names the valid choices for anything a scenario gets wrong."""
    net = network()
    if isinstance(s.mutations, str) or not isinstance(s.mutations, Sequence):
        raise ValueError(f"mutations must be a tuple of gene names from {_choices(MUTATIONS)}")
    for m in s.mutations:
        if m not in MUTATIONS:
            raise ValueError(f"unknown mutation {m!r}; valid mutations: {_choices(MUTATIONS)}")
    if len(set(s.mutations)) != len(s.mutations):
        raise ValueError(f"mutation listed twice in {s.mutations!r}")
    if s.healthy and s.mutations:
        raise ValueError("a healthy control carries no mutations")
    if not isinstance(s.blocks, Mapping):
        raise ValueError("blocks must map a pathway name to a strength in [0, 1]")
    blockable = net.blockable()
    for name, value in s.blocks.items():
        if name not in blockable:
            raise ValueError(f"unknown pathway {name!r}; valid pathways: {_choices(list(blockable))}")
        block = value if isinstance(value, Block) else None
        strength = block.strength if block else value
        if isinstance(strength, bool) or not isinstance(strength, (int, float)):
            raise ValueError(f"block strength for {name!r} must be a number in [0, 1]")
        if not 0.0 <= float(strength) <= 1.0 or math.isnan(float(strength)):
            raise ValueError(f"block strength for {name!r} must be in [0, 1], got {strength!r}")
        if block and (block.start < 0 or math.isnan(block.start)):
            raise ValueError(f"block start for {name!r} must be >= 0 months")
    if s.therapy is not None and s.therapy not in net.therapies:
        raise ValueError(f"unknown therapy {s.therapy!r}; valid therapies: None, {_choices(THERAPIES)}")
    if isinstance(s.mutant_cells, str) or not isinstance(s.mutant_cells, Sequence):
        raise ValueError(f"mutant_cells must be a tuple of cell types from {_choices(CELL_TYPES)}")
    for c in s.mutant_cells:
        if c not in CELL_TYPES:
            raise ValueError(f"unknown cell type {c!r}; valid cell types: {_choices(CELL_TYPES)}")


@dataclass(frozen=True)
class _Compiled:
    """The network turned into arrays once, so that each time step is a few matrix operations."""

    net: Network
    process: tuple[str, ...]
    inputs: tuple[str, ...]
    w_act: Array  # (P, P) process -> process activation weights
    w_inh: Array  # (P, P)
    in_edges: tuple[tuple[int, str | None, int, float], ...]  # (input, cell, target, signed weight)
    gain_edges: tuple[tuple[int, str | None, int, float], ...]  # same, for gain edges
    basal: Array
    rate: Array  # DT / tau
    death: int  # the process whose activity sets the rate of neuron loss


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    net = network()
    process = tuple(n.id for n in net.nodes if n.kind == "process")
    inputs = tuple(n.id for n in net.nodes if n.kind == "input")
    p_idx = {p: i for i, p in enumerate(process)}
    i_idx = {p: i for i, p in enumerate(inputs)}
    w_act = np.zeros((len(process), len(process)))
    w_inh = np.zeros_like(w_act)
    in_edges, gain_edges = [], []
    for e in net.edges:
        if e.dst not in p_idx:
            continue
        if e.mode == "gain":
            gain_edges.append((i_idx[e.src], e.cell, p_idx[e.dst], e.weight))
        elif e.src in i_idx:
            in_edges.append((i_idx[e.src], e.cell, p_idx[e.dst], e.sign * e.weight))
        elif e.src in p_idx:
            target = w_act if e.sign > 0 else w_inh
            target[p_idx[e.src], p_idx[e.dst]] = e.weight
    nodes = {n.id: n for n in net.nodes}
    return _Compiled(
        net=net,
        process=process,
        inputs=inputs,
        w_act=w_act,
        w_inh=w_inh,
        in_edges=tuple(in_edges),
        gain_edges=tuple(gain_edges),
        basal=np.array([nodes[p].basal for p in process]),
        rate=np.array([DT / nodes[p].tau for p in process]),
        death=p_idx[net.death],
    )


@lru_cache(maxsize=1)
def _healthy_state() -> Array:
    """The resting activities of a healthy nervous system: where every course starts.

    Found by iterating the node rules with no input until they settle, so that support functions
    (glutamate uptake, neurotrophic support) start at their healthy level rather than at zero.
    """
    comp = _compiled()
    x = np.zeros(len(comp.process))
    for _ in range(500):
        x = x + 0.5 * (node_targets(comp, x, 0.0, 0.0, 1.0) - x)
    return x


def node_targets(comp: _Compiled, x: Array, drive: Array | float, inhibit: Array | float, gain: Array | float) -> Array:
    """The node rule of the module docstring: each process node's target for activities ``x``.

    Written with in-place operations, because the time loop that calls it is the model's whole cost
    (a single scenario runs in a few milliseconds).
    """
    hn, hk = comp.net.hill_n, comp.net.hill_k
    u = x @ comp.w_act
    u += drive
    u *= gain
    target = hill(u, hn, hk)
    target *= 1 - comp.basal
    target += comp.basal
    u = x @ comp.w_inh
    u += inhibit
    target *= 1 - hill(u, hn, hk)
    return target


def hill(u: Array, n: float, k: float) -> Array:
    """Normalised Hill function on [0, 1]: 0 at 0, 1 at 1, sigmoid in between."""
    un: Array = np.minimum(np.maximum(u, 0.0), 1.0) ** n  # faster than np.clip on small arrays
    out: Array = un / (un + k**n) * (1.0 + k**n)
    return out


def _scatter(edges: Sequence[tuple[int, str | None, int, float]], n_p: int) -> tuple[npt.NDArray[np.intp], Array]:
    """Source indices and a weight matrix that scatters each edge's input onto its target."""
    src = np.array([e[0] for e in edges], dtype=np.intp)
    dst = np.zeros((len(edges), n_p))
    for j, (_, _, target, weight) in enumerate(edges):
        dst[j, target] = weight
    return src, dst


def _block_arrays(scenarios: Sequence[Scenario], comp: _Compiled) -> tuple[Array, ...]:
    """Per scenario and node: block strength, start month, and whether the start counts from onset.

    Two layers (the reader's blocks, the therapy) so that both can act on one node; their effects
    multiply. Inputs and processes share one column space: inputs first, then processes.
    """
    cols = {name: i for i, name in enumerate(comp.inputs + comp.process)}
    shape = (2, len(scenarios), len(cols))
    strength, start, rel = np.zeros(shape), np.zeros(shape), np.zeros(shape, dtype=bool)
    blockable = comp.net.blockable()
    for b, s in enumerate(scenarios):
        for name, value in s.blocks.items():
            blk = value if isinstance(value, Block) else Block(float(value))
            c = cols[blockable[name]]
            strength[0, b, c], start[0, b, c], rel[0, b, c] = blk.strength, blk.start, blk.after_onset
        if s.therapy is not None:
            t = comp.net.therapies[s.therapy]
            for node_id, value in t.blocks.items():
                strength[1, b, cols[node_id]] = value
                rel[1, b, cols[node_id]] = True
    return strength, start, rel


def simulate_batch(scenarios: Sequence[Scenario], months: float = 120) -> list[Result]:
    """Simulate many scenarios at once (vectorised over the scenario axis)."""
    if isinstance(months, bool) or not isinstance(months, (int, float)) or not months > 0:
        raise ValueError(f"months must be a positive number, got {months!r}")
    if not scenarios:
        return []
    comp = _compiled()
    net = comp.net
    n_b, n_in, n_p = len(scenarios), len(comp.inputs), len(comp.process)
    steps = int(math.ceil(months / DT))
    per_month = int(round(1 / DT))
    hn, hk = net.hill_n, net.hill_k
    clin = net.clinical

    # Inputs: which mutations are on, and per input edge whether its cell type carries the mutation.
    inputs = np.zeros((n_b, n_in))
    edge_on = np.zeros((n_b, len(comp.in_edges)))
    gain_on = np.zeros((n_b, len(comp.gain_edges)))
    vul = np.ones((n_b, 2))  # UMN, LMN
    for b, s in enumerate(scenarios):
        for m in s.mutations:
            inputs[b, comp.inputs.index(m)] = 1.0
            v = net.vulnerability.get(m)
            if v:
                vul[b] = [v[p] for p in POPULATIONS]
        if not s.mutations and not s.healthy:
            inputs[b, comp.inputs.index(net.sporadic)] = 1.0
        for on, edges in ((edge_on, comp.in_edges), (gain_on, comp.gain_edges)):
            for j, (_, cell, _, _) in enumerate(edges):
                on[b, j] = 1.0 if cell is None or cell in s.mutant_cells else 0.0
    in_src, in_dst = _scatter(comp.in_edges, n_p)
    gain_src, gain_dst = _scatter(comp.gain_edges, n_p)
    strength, start, rel = _block_arrays(scenarios, comp)
    restore = np.zeros((n_b, n_p))
    for b, s in enumerate(scenarios):
        if s.therapy is not None:
            for node_id, value in net.therapies[s.therapy].restores.items():
                restore[b, comp.process.index(node_id)] = value

    x = np.repeat(_healthy_state()[None, :], n_b, axis=0)
    surv = np.ones((n_b, 2))
    onset = np.full(n_b, np.inf)
    end = np.full(n_b, np.inf)
    f_prev = np.ones(n_b)
    n_out = steps // per_month + 1
    hist_x = np.zeros((n_out, n_b, n_p))
    hist_in = np.zeros((n_out, n_b, n_in))
    hist_s = np.ones((n_out, n_b, 2))
    hist_in[0], hist_x[0] = inputs, x
    w_l = clin["lmn_weight"]
    death_vul = -clin["death_rate"] * DT * vul
    function_weights = np.array([1 - w_l, w_l])
    any_block, any_restore = bool(strength.any()), bool(restore.any())
    # Blocks switch on only at their start months or at onset, so everything that depends on them
    # alone (the block factors, the input contributions, the gains) is recomputed only then.
    onset_seen = np.zeros(n_b, dtype=bool)
    n_onset_seen = 0
    next_change = -1.0
    for k in range(1, steps + 1):
        t = k * DT
        newly = np.isfinite(onset) & ~onset_seen if n_onset_seen < n_b else onset_seen
        if k == 1 or t >= next_change or (n_onset_seen < n_b and newly.any()):
            onset_seen |= newly
            n_onset_seen = int(onset_seen.sum())
            # A block is active once its start is reached (counted from onset when it says so).
            begins = start + np.where(rel, onset[None, :, None], 0.0)
            active = t >= begins
            factor = np.prod(1.0 - strength * active, axis=0)  # (B, I + P)
            inp = inputs * factor[:, :n_in]
            contrib = (inp[:, in_src] * edge_on) @ in_dst
            drive, inhibit = np.clip(contrib, 0, None), -np.clip(contrib, None, 0)
            gain = 1.0 + (inp[:, gain_src] * gain_on) @ gain_dst
            node_factor = factor[:, n_in:]
            restoring = restore * np.isfinite(onset)[:, None]
            pending = begins[(strength > 0) & (begins > t)]
            next_change = float(pending.min()) if pending.size else np.inf
        target = node_targets(comp, x, drive, inhibit, gain)
        if any_block:
            target *= node_factor
        if any_restore:
            target += restoring * (1 - target)
        target -= x
        target *= comp.rate
        x = x + target
        surv = surv * np.exp(death_vul * x[:, comp.death : comp.death + 1])
        f = surv @ function_weights
        for threshold, when in ((clin["onset_function"], onset), (clin["end_stage_function"], end)):
            if f.min() > threshold:
                continue
            crossed = np.isinf(when) & (f <= threshold)
            if crossed.any():
                # Linear interpolation inside the step gives onset to a fraction of a month.
                frac = (f_prev[crossed] - threshold) / np.maximum(f_prev[crossed] - f[crossed], 1e-12)
                when[crossed] = t - DT + DT * frac
        f_prev = f
        if k % per_month == 0:
            i = k // per_month
            hist_x[i], hist_in[i], hist_s[i] = x, inp, surv

    grid = np.arange(n_out, dtype=float)
    lost = 1 - hist_s  # (T, B, 2)
    population = {n.id: j for j, n in enumerate(net.populations)}
    readout_edges: dict[str, list[tuple[int, float]]] = {}
    for e in net.edges:
        if e.src in population:
            readout_edges.setdefault(e.dst, []).append((population[e.src], e.weight))
    results = []
    for b, s in enumerate(scenarios):
        activity = {name: hist_in[:, b, i] for i, name in enumerate(comp.inputs)}
        activity.update({name: hist_x[:, b, i] for i, name in enumerate(comp.process)})
        activity.update({node_id: lost[:, b, j] for node_id, j in population.items()})
        for node_id, parts in readout_edges.items():
            drive = np.sum([w * lost[:, b, j] for j, w in parts], axis=0)
            activity[node_id] = hill(drive, hn, hk)
        function = (1 - w_l) * hist_s[:, b, 0] + w_l * hist_s[:, b, 1]
        span = clin["onset_function"] - clin["zero_score_function"]
        score = 48.0 * np.clip((function - clin["zero_score_function"]) / span, 0.0, 1.0)
        results.append(
            Result(
                scenario=s,
                months=grid,
                activity=activity,
                motor_neurons={p: hist_s[:, b, j] for j, p in enumerate(POPULATIONS)},
                motor_function=function,
                alsfrs_r=score,
                onset_month=float(onset[b]),
                end_stage_month=float(end[b]),
            )
        )
    return results


def simulate(
    mutations: Sequence[str] = (),
    blocks: Mapping[str, float | Block] | None = None,
    therapy: str | None = None,
    mutant_cells: Sequence[str] = CELL_TYPES,
    months: float = 120,
    healthy: bool = False,
) -> Result:
    """Simulate one scenario. ``mutations=()`` is sporadic ALS; see :class:`Scenario`."""
    if isinstance(mutations, str):
        raise ValueError(f"mutations must be a tuple of gene names from {_choices(MUTATIONS)}, e.g. ('SOD1',)")
    if isinstance(mutant_cells, str):
        raise ValueError(f"mutant_cells must be a tuple of cell types from {_choices(CELL_TYPES)}")
    scenario = Scenario(
        mutations=tuple(mutations),
        blocks=dict(blocks or {}),
        therapy=therapy,
        mutant_cells=tuple(mutant_cells),
        healthy=healthy,
    )
    return simulate_batch([scenario], months)[0]
