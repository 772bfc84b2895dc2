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
#: The longest course one call simulates (100 years): far beyond any course in the book, and short
#: enough that a mistyped horizon cannot hang a kernel.
MAX_MONTHS = 1200


class UnknownName(KeyError, ValueError):
    """A name that is not one of the valid choices (a KeyError for mappings, a ValueError for callers)."""

    def __str__(self) -> str:
        return str(self.args[0])


class Named(dict[str, "npt.NDArray[np.float64]"]):
    """A result's arrays by name; an unknown name is an error that lists the valid ones."""

    def __missing__(self, key: str) -> npt.NDArray[np.float64]:
        raise UnknownName(f"unknown name {key!r}; valid names: {', '.join(repr(k) for k in self)}")


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
        raise ValueError(
            f"blocks must map a pathway name to a strength in [0, 1], e.g. {{'excitotoxicity': 1.0}}; "
            f"valid pathways: {_choices(PATHWAYS)}"
        )
    blockable = net.blockable()
    for name, value in s.blocks.items():
        if name not in blockable:
            steps = [n for n in blockable if n not in PATHWAYS]
            raise ValueError(
                f"unknown pathway {name!r}; valid pathways: {_choices(PATHWAYS)} "
                f"(single steps that can also be blocked: {_choices(steps)})"
            )
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
    """The network turned into arrays once, so that each time step is a few matrix operations.

    ``w`` holds the process -> process weights side by side: activating edges in the first P
    columns, inhibiting ones in the last P, so that one matrix product gives both sums. Edges that
    leave an input are kept apart (``in_*``, ``gain_*``): whether they act depends on the scenario
    (which mutation, in which cell types).
    """

    net: Network
    process: tuple[str, ...]
    inputs: tuple[str, ...]
    w: Array  # (P, 2P): [activating | inhibiting] process -> process weights
    in_src: npt.NDArray[np.intp]  # input index of each drive edge leaving an input
    in_cell: tuple[str | None, ...]  # the cell type in which the mutant gene acts (None: everywhere)
    in_pat: Array  # (E_in, P): 1 where the edge ends
    in_w: Array  # (E_in,): signed weight
    gain_src: npt.NDArray[np.intp]
    gain_cell: tuple[str | None, ...]
    gain_pat: Array  # (E_gain, P)
    gain_w: Array  # (E_gain,)
    basal: Array
    scale: Array  # (2P,): [1 - basal | -1], see _targets
    shift: Array  # (2P,): [basal | 1]
    rate: Array  # DT / tau
    death: int  # the process whose activity sets the rate of neuron loss
    edge_slots: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # edge id -> where its weight sits


@dataclass(frozen=True)
class _Params:
    """Parameters per draw that replace the compiled ones (the sensitivity analysis).

    A batch then holds every scenario once per draw, draw by draw (row ``d * S + s`` is scenario
    ``s`` under draw ``d``), so that many parameter draws run as one vectorised batch: the weight
    matrices carry a draw axis and each draw's matrix multiplies its own block of rows.
    """

    w: Array  # (D, P, 2P)
    in_w: Array  # (D, E_in)
    gain_w: Array  # (D, E_gain)
    rate: Array  # (D, P)


def _compile(net: Network) -> _Compiled:
    """Turn a network into the arrays the time loop uses."""
    process = tuple(n.id for n in net.nodes if n.kind == "process")
    inputs = tuple(n.id for n in net.nodes if n.kind == "input")
    n_p = len(process)
    p_idx = {p: i for i, p in enumerate(process)}
    i_idx = {p: i for i, p in enumerate(inputs)}
    w = np.zeros((n_p, 2 * n_p))
    drive: list[tuple[int, str | None, int, float]] = []
    gain: list[tuple[int, str | None, int, float]] = []
    slots: dict[str, tuple[str, int, int]] = {}
    for e in net.edges:
        if e.dst not in p_idx:
            continue
        if e.mode == "gain":
            slots[e.id] = ("gain", len(gain), 0)
            gain.append((i_idx[e.src], e.cell, p_idx[e.dst], e.weight))
        elif e.src in i_idx:
            slots[e.id] = ("in", len(drive), 0)
            drive.append((i_idx[e.src], e.cell, p_idx[e.dst], e.sign * e.weight))
        elif e.src in p_idx:
            col = p_idx[e.dst] + (0 if e.sign > 0 else n_p)
            slots[e.id] = ("w", p_idx[e.src], col)
            w[p_idx[e.src], col] = e.weight

    def pattern(edges: list[tuple[int, str | None, int, float]]) -> Array:
        pat = np.zeros((len(edges), n_p))
        for j, (_, _, target, _) in enumerate(edges):
            pat[j, target] = 1.0
        return pat

    nodes = {n.id: n for n in net.nodes}
    basal = np.array([nodes[p].basal for p in process])
    return _Compiled(
        net=net,
        process=process,
        inputs=inputs,
        w=w,
        in_src=np.array([e[0] for e in drive], dtype=np.intp),
        in_cell=tuple(e[1] for e in drive),
        in_pat=pattern(drive),
        in_w=np.array([e[3] for e in drive]),
        gain_src=np.array([e[0] for e in gain], dtype=np.intp),
        gain_cell=tuple(e[1] for e in gain),
        gain_pat=pattern(gain),
        gain_w=np.array([e[3] for e in gain]),
        basal=basal,
        scale=np.concatenate((1 - basal, np.full(n_p, -1.0))),
        shift=np.concatenate((basal, np.ones(n_p))),
        rate=np.array([DT / nodes[p].tau for p in process]),
        death=p_idx[net.death],
        edge_slots=slots,
    )


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    return _compile(network())


def _resting(comp: _Compiled, w: Array | None = None) -> Array:
    """The resting activities for weights ``w`` (default: the network's), one row per weight set."""
    w = comp.w if w is None else w
    rows = w.shape[0] if w.ndim == 3 else 1
    n_p = len(comp.process)
    x = np.zeros((rows, n_p))
    add, u, scratch = np.zeros((rows, 2 * n_p)), np.empty((rows, 2 * n_p)), np.empty((rows, 2 * n_p))
    step = np.empty_like(x)
    for _ in range(500):
        _targets(comp, w, x, add, None, u, scratch, step)
        step -= x
        step *= 0.5
        x += step
    return x


@lru_cache(maxsize=1)
def _healthy_state() -> Array:
    """The resting activities of a healthy nervous system: where every course starts.

    Found by iterating the node rules with no input until they settle, so that support functions
    (glutamate uptake, neurotrophic support) start at their healthy level rather than at zero.
    """
    rest: Array = _resting(_compiled())[0]
    return rest


def _targets(
    comp: _Compiled, w: Array, x: Array, add: Array, mul: Array | None, u: Array, scratch: Array, out: Array
) -> Array:
    """The node rule for activities ``x`` (B, P), written into ``out`` (B, P) and returned: ``add``
    and ``mul`` (B, 2P) carry the scenario's input drive and inhibition (added) and its gains
    (multiplied; 1 on the inhibiting half; None when no gain acts).

    One matrix product, one Hill function over both halves and one multiply-add that turns them
    into the rule's two factors, ``basal + (1 - basal) H`` and ``1 - H`` (``-H + 1``: the same
    number), worked out in ``u`` and ``scratch`` (B, 2P). The time loop that calls this is the
    model's whole cost. For one scenario that cost is the number of numpy calls per step, so each
    call counts and none allocates; for thousands of rows it is the arithmetic, so the target goes
    to a contiguous ``out``, where the loop's next operations run about three times faster than on
    a half of ``u``. Each number goes through the same operations in the same order as the rule is
    written: regrouping them (say, one factor for ``(1 + k^n) (1 - basal)``) moves results by a
    few units in the last place, enough to flip the robustness table's exact ties (a therapy
    that changes survival by exactly 0 in some draws).
    """
    if w.ndim == 2:
        np.matmul(x, w, out=u)
    else:  # one weight matrix per draw, each for its own block of rows
        draws = w.shape[0]
        np.matmul(x.reshape(draws, -1, x.shape[1]), w, out=u.reshape(draws, -1, u.shape[1]))
    u += add
    if mul is not None:
        u *= mul
    _hill_in_place(u, comp.net.hill_n, comp.net.hill_k, scratch)
    u *= comp.scale
    u += comp.shift
    n_p = x.shape[1]
    return np.multiply(u[:, :n_p], u[:, n_p:], out=out)


def hill(u: Array, n: float, k: float) -> Array:
    """Normalised Hill function on [0, 1]: 0 at 0, 1 at 1, sigmoid in between."""
    out = np.array(u, dtype=float)
    _hill_in_place(out, n, k, np.empty_like(out))
    return out


def _hill_in_place(u: Array, n: float, k: float, scratch: Array) -> None:
    """:func:`hill` written over ``u`` (``scratch``: an array of the same shape, overwritten)."""
    u.clip(0.0, 1.0, out=u)  # the method: as fast as maximum + minimum on a row, 6x faster on thousands
    if n == 2:
        u *= u
    else:
        np.power(u, n, out=u)
    kn = k**n
    np.add(u, kn, out=scratch)
    u /= scratch
    u *= 1.0 + kn


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


def _check_batch(scenarios: Sequence[Scenario], months: float) -> None:
    if isinstance(months, bool) or not isinstance(months, (int, float)) or not 0 < months <= MAX_MONTHS:
        raise ValueError(f"months must be a number above 0 and at most {MAX_MONTHS}, got {months!r}")
    if isinstance(scenarios, Scenario) or not isinstance(scenarios, Sequence):
        raise ValueError(
            "simulate_batch takes a list of alsbook.Scenario objects, e.g. [Scenario(), Scenario(('SOD1',))]"
        )
    for s in scenarios:
        if not isinstance(s, Scenario):
            raise ValueError(
                f"simulate_batch takes alsbook.Scenario objects, got {type(s).__name__}: use "
                "Scenario(mutations=..., blocks=..., therapy=...) for each, or simulate(...) for one"
            )


def simulate_batch(scenarios: Sequence[Scenario], months: float = 120) -> list[Result]:
    """Simulate many scenarios at once (vectorised over the scenario axis)."""
    _check_batch(scenarios, months)
    if not scenarios:
        return []
    return _integrate(_compiled(), scenarios, months)


@dataclass(frozen=True)
class _Courses:
    """The raw arrays of a batch (what :func:`_integrate` returns before building Results)."""

    hist_x: Array  # (T, B, P) process activities, monthly
    hist_in: Array  # (T, B, I) inputs after blocks, monthly
    hist_s: Array  # (T, B, 2) surviving fractions (UMN, LMN), monthly
    onset: Array  # (B,)
    end: Array  # (B,)


def _run(comp: _Compiled, scenarios: Sequence[Scenario], months: float, params: _Params | None = None) -> _Courses:
    """The time loop: every scenario (row) at once, with per-row parameters if ``params`` is given."""
    net = comp.net
    n_b, n_in, n_p = len(scenarios), len(comp.inputs), len(comp.process)
    steps = int(math.ceil(months / DT))
    per_month = int(round(1 / DT))
    clin = net.clinical
    w = comp.w if params is None else params.w
    per_draw = 1 if params is None else n_b // params.w.shape[0]  # rows (scenarios) per draw
    if params is not None and per_draw * params.w.shape[0] != n_b:
        raise ValueError("a batch with parameter draws needs the same scenarios once per draw")
    in_w = comp.in_w if params is None else np.repeat(params.in_w, per_draw, axis=0)
    gain_w = comp.gain_w if params is None else np.repeat(params.gain_w, per_draw, axis=0)
    rate = comp.rate if params is None else np.repeat(params.rate, per_draw, axis=0)

    # Inputs: which mutations are on, and per input edge whether its cell type carries the mutation.
    inputs = np.zeros((n_b, n_in))
    edge_on = np.zeros((n_b, len(comp.in_cell)))
    gain_on = np.zeros((n_b, len(comp.gain_cell)))
    vul = np.ones((n_b, 2))  # UMN, LMN
    for b, s in enumerate(scenarios):
        for m in s.mutations:
            inputs[b, comp.inputs.index(m)] = 1.0
            v = net.vulnerability.get(m)
            if v:
                vul[b] = [v[p] for p in POPULATIONS]
        if not s.mutations and not s.healthy:
            inputs[b, comp.inputs.index(net.sporadic)] = 1.0
        for on, cells in ((edge_on, comp.in_cell), (gain_on, comp.gain_cell)):
            for j, cell in enumerate(cells):
                on[b, j] = 1.0 if cell is None or cell in s.mutant_cells else 0.0
    w_drive, w_inhibit = edge_on * np.maximum(in_w, 0.0), edge_on * np.maximum(-in_w, 0.0)
    w_gain = gain_on * gain_w
    strength, start, rel = _block_arrays(scenarios, comp)
    restore = np.zeros((n_b, n_p))
    for b, s in enumerate(scenarios):
        if s.therapy is not None:
            for node_id, value in net.therapies[s.therapy].restores.items():
                restore[b, comp.process.index(node_id)] = value

    if params is None:
        x = np.repeat(_healthy_state()[None, :], n_b, axis=0)
    else:
        x = np.repeat(_resting(comp, w), per_draw, axis=0)
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
    # The thresholds of motor function still watched for, each with the month it is crossed per row;
    # one that every row has crossed drops out (motor function only falls).
    watch = [(clin["onset_function"], onset), (clin["end_stage_function"], end)]
    any_block = bool(strength.any())
    restored = np.flatnonzero(restore.any(axis=1))  # the rows a therapy pushes up: the others need no work
    waits_for_onset = np.logical_or(rel.any(axis=(0, 2)), restore.any(axis=1))  # rows whose onset changes inputs
    add, mul = np.zeros((n_b, 2 * n_p)), np.ones((n_b, 2 * n_p))
    u, scratch, target = np.empty((n_b, 2 * n_p)), np.empty((n_b, 2 * n_p)), np.empty((n_b, n_p))
    # Blocks switch on only at their start months or at onset, so everything that depends on them
    # alone (the block factors, the input contributions, the gains) is recomputed only then.
    refresh = True
    next_change = -1.0
    death = comp.death
    for k in range(1, steps + 1):
        t = k * DT
        if refresh or t >= next_change:
            refresh = False
            # A block is active once its start is reached (counted from onset when it says so).
            begins = start + np.where(rel, onset[None, :, None], 0.0)
            active = t >= begins
            factor = np.prod(1.0 - strength * active, axis=0)  # (B, I + P)
            inp = inputs * factor[:, :n_in]
            add[:, :n_p] = (inp[:, comp.in_src] * w_drive) @ comp.in_pat
            add[:, n_p:] = (inp[:, comp.in_src] * w_inhibit) @ comp.in_pat
            mul[:, :n_p] = 1.0 + (inp[:, comp.gain_src] * w_gain) @ comp.gain_pat
            gains = mul if (mul != 1.0).any() else None  # a gain of exactly 1 need not be applied
            node_factor = factor[:, n_in:]
            restoring = restore[restored] * np.isfinite(onset[restored])[:, None]
            pending = begins[(strength > 0) & (begins > t)]
            next_change = float(pending.min()) if pending.size else np.inf
        _targets(comp, w, x, add, gains, u, scratch, target)
        if any_block:
            target *= node_factor
        if restored.size:
            pushed = target[restored]
            pushed += restoring * (1 - pushed)
            target[restored] = pushed
        target -= x
        target *= rate
        x += target
        surv *= np.exp(death_vul * x[:, death : death + 1])
        if watch:
            f = surv @ function_weights
            low = f.min()
            for threshold, when in watch:
                if low > threshold:
                    continue
                crossed = np.isinf(when) & (f <= threshold)
                if crossed.any():
                    # Linear interpolation inside the step gives onset to a fraction of a month.
                    frac = (f_prev[crossed] - threshold) / np.maximum(f_prev[crossed] - f[crossed], 1e-12)
                    when[crossed] = t - DT + DT * frac
                    refresh = refresh or (when is onset and bool(waits_for_onset[crossed].any()))
                    if not np.isinf(when).any():
                        watch = [pair for pair in watch if pair[1] is not when]
            f_prev = f
        if k % per_month == 0:
            i = k // per_month
            hist_x[i], hist_in[i], hist_s[i] = x, inp, surv
    return _Courses(hist_x=hist_x, hist_in=hist_in, hist_s=hist_s, onset=onset, end=end)


def _integrate(comp: _Compiled, scenarios: Sequence[Scenario], months: float) -> list[Result]:
    """Run the time loop and package each row as a :class:`Result`."""
    return _results(comp, scenarios, _run(comp, scenarios, months))


def _results(comp: _Compiled, scenarios: Sequence[Scenario], run: _Courses) -> list[Result]:
    """Package each row of a run as a :class:`Result` (``scenarios``: one per row)."""
    net = comp.net
    hist_x, hist_in, hist_s = run.hist_x, run.hist_in, run.hist_s
    clin = net.clinical
    hn, hk = net.hill_n, net.hill_k
    w_l = clin["lmn_weight"]
    grid = np.arange(hist_x.shape[0], dtype=float)
    lost = 1 - hist_s  # (T, B, 2)
    population = {n.id: j for j, n in enumerate(net.populations)}
    readout_edges: dict[str, list[tuple[int, float]]] = {}
    for e in net.edges:
        if e.src in population:
            readout_edges.setdefault(e.dst, []).append((population[e.src], e.weight))
    # Read-outs and scores for every row at once (T, B): a batch of thousands of rows (the
    # sensitivity analysis) would otherwise spend more time here than in the time loop.
    readouts = {
        node_id: hill(np.sum([wt * lost[:, :, j] for j, wt in parts], axis=0), hn, hk)
        for node_id, parts in readout_edges.items()
    }
    function = (1 - w_l) * hist_s[:, :, 0] + w_l * hist_s[:, :, 1]
    span = clin["onset_function"] - clin["zero_score_function"]
    score = 48.0 * np.clip((function - clin["zero_score_function"]) / span, 0.0, 1.0)
    results = []
    for b, s in enumerate(scenarios):
        activity = {name: hist_in[:, b, i] for i, name in enumerate(comp.inputs)}
        activity.update({name: hist_x[:, b, i] for i, name in enumerate(comp.process)})
        activity.update({node_id: lost[:, b, j] for node_id, j in population.items()})
        activity.update({node_id: values[:, b] for node_id, values in readouts.items()})
        results.append(
            Result(
                scenario=s,
                months=grid,
                activity=Named(activity),
                motor_neurons=Named({p: hist_s[:, b, j] for j, p in enumerate(POPULATIONS)}),
                motor_function=function[:, b],
                alsfrs_r=score[:, b],
                onset_month=float(run.onset[b]),
                end_stage_month=float(run.end[b]),
            )
        )
    return results


def simulate(
    mutations: Sequence[str] | Scenario = (),
    blocks: Mapping[str, float | Block] | None = None,
    therapy: str | None = None,
    mutant_cells: Sequence[str] = CELL_TYPES,
    months: float = 120,
    healthy: bool = False,
) -> Result:
    """Simulate one scenario. ``mutations=()`` is sporadic ALS; see :class:`Scenario`.

    ``simulate(Scenario(...))`` simulates that scenario (the other scenario arguments must then stay
    at their defaults).
    """
    if isinstance(mutations, Scenario):
        if blocks or therapy is not None or tuple(mutant_cells) != CELL_TYPES or healthy:
            raise ValueError("simulate(scenario) takes the scenario alone; put blocks, therapy and cells in it")
        return simulate_batch([mutations], months)[0]
    if isinstance(mutations, str):
        raise ValueError(f"mutations must be a tuple of gene names from {_choices(MUTATIONS)}, e.g. ('SOD1',)")
    if isinstance(mutant_cells, str):
        raise ValueError(f"mutant_cells must be a tuple of cell types from {_choices(CELL_TYPES)}")
    if blocks is not None and not isinstance(blocks, Mapping):
        raise ValueError(
            f"blocks must map a pathway name to a strength in [0, 1], e.g. {{'excitotoxicity': 1.0}}, "
            f"not {type(blocks).__name__}; valid pathways: {_choices(PATHWAYS)}"
        )
    scenario = Scenario(
        mutations=tuple(mutations),
        blocks=dict(blocks or {}),
        therapy=therapy,
        mutant_cells=tuple(mutant_cells),
        healthy=healthy,
    )
    return simulate_batch([scenario], months)[0]
