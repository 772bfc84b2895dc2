"""An independent oracle for the teaching model: the rules of book/model.md, written out as plain Python.

One scenario at a time, with floats, dicts and loops: no numpy, nothing from ``alsbook.model``. The
network (nodes, edges, weights, tau, basal, therapies, clinical constants) is read from the data
through ``alsbook.causal_network.load_network``, which is the source of truth. ``test_oracle.py``
checks that ``alsbook.simulate_batch`` gives the same numbers.

Where book/model.md does not say how a rule is carried out step by step, the choice below follows
alsbook/model.py and is marked "NOT IN model.md" (each is a sentence model.md should gain):

1. Node activities take explicit (forward) Euler steps: x += DT / tau * (target - x), with the
   target computed from the activities at the start of the step.
2. Neurons die with the exact exponential of the step, S *= exp(-r * v * DT * apoptosis), using the
   apoptosis activity at the END of the step (just updated), not a Euler step of dS/dt.
3. The resting state is the fixed point of the node rules with every input off and no block,
   reached from all-zero activities.
4. A block "starting at month s" acts on every step whose END is at or after s (so it first acts on
   the step from s - DT to s). A block or therapy counted from onset acts only from the step after
   the one in which onset was found, and then on steps ending at or after onset + start.
5. A block of a mutation input scales the input everywhere it acts, gain edges included
   (u_act = (... + drive) * (1 + sum g * blocked input)).
6. A restoring therapy is applied after the blocks: target = block factor * rule, then
   target += rho * (1 - target).
7. Onset and end stage are interpolated linearly in motor function between the two ends of the step
   in which F first reaches the threshold (F <= threshold).
8. The healthy control has every input off, the sporadic background included. The vulnerability of
   a scenario is that of its mutation (the last one with an entry, if several; 1 otherwise).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from alsbook.causal_network import Network, load_network

DT = 0.5  # months per step (model.md: "steps of half a month")
CELL_TYPES = ("motor_neurons", "astrocytes", "microglia")


def hill(u: float, n: float, k: float) -> float:
    """Normalised Hill function: H(0) = 0, H(1) = 1, u clipped to 0..1."""
    u = min(max(u, 0.0), 1.0)
    return float(u**n / (u**n + k**n) * (1 + k**n))


@dataclass
class Course:
    """What the oracle reports: monthly values (index = month) and the two clinical event months."""

    activity: dict[str, list[float]] = field(default_factory=dict)  # process, population, readout nodes
    umn: list[float] = field(default_factory=list)  # surviving fractions
    lmn: list[float] = field(default_factory=list)
    function: list[float] = field(default_factory=list)
    alsfrs_r: list[float] = field(default_factory=list)
    onset: float = math.inf
    end_stage: float = math.inf


class Oracle:
    """The model of book/model.md for one network: build once, then ``simulate`` one scenario at a time."""

    def __init__(self, net: Network | None = None) -> None:
        self.net = net = net or load_network()
        self.node = {n.id: n for n in net.nodes}
        self.processes = [n.id for n in net.nodes if n.kind == "process"]
        self.inputs = [n.id for n in net.nodes if n.kind == "input"]
        self.sporadic = getattr(net, "sporadic", "sporadic_factors")
        self.death = getattr(net, "death", "apoptosis")
        self.edges_into = {p: [e for e in net.edges if e.dst == p] for p in self.processes}
        self.resting = self._resting_state()

    # -- the node rule ----------------------------------------------------------------------------
    def target(self, p: str, x: dict[str, float], inp: dict[str, float], cells: tuple[str, ...]) -> float:
        """target = (basal + (1 - basal) H(u_act)) (1 - H(u_inh)), before blocks and restores."""
        act = inhibit = 0.0
        gain = 1.0
        for e in self.edges_into[p]:
            if e.src in inp:  # an edge leaving an input acts only where the mutant gene is
                if e.cell is not None and e.cell not in cells:
                    continue
                value = inp[e.src]
            else:
                value = x[e.src]
            if e.mode == "gain":
                gain += e.weight * value
            elif e.sign > 0:
                act += e.weight * value
            else:
                inhibit += e.weight * value
        n, k, basal = self.net.hill_n, self.net.hill_k, self.node[p].basal
        return (basal + (1 - basal) * hill(act * gain, n, k)) * (1 - hill(inhibit, n, k))

    def _resting_state(self) -> dict[str, float]:
        """Every input off, no block: run the node rules from zero until nothing moves (NOT IN model.md, 3)."""
        x = {p: 0.0 for p in self.processes}
        no_input = {i: 0.0 for i in self.inputs}
        for _ in range(100_000):
            new = {p: x[p] + DT / self.node[p].tau * (self.target(p, x, no_input, CELL_TYPES) - x[p]) for p in x}
            moved = max(abs(new[p] - x[p]) for p in x)
            x = new
            if moved < 1e-16:
                return x
        raise RuntimeError("resting state did not settle")

    # -- one scenario -----------------------------------------------------------------------------
    def simulate(
        self,
        mutations: tuple[str, ...] = (),
        blocks: dict[str, Any] | None = None,
        therapy: str | None = None,
        mutant_cells: tuple[str, ...] = CELL_TYPES,
        months: float = 120,
        healthy: bool = False,
    ) -> Course:
        """``blocks`` maps a blockable name to a strength or to anything with strength/start/after_onset."""
        net, clin = self.net, self.net.clinical
        raw_input = {i: 0.0 for i in self.inputs}
        for m in mutations:
            raw_input[m] = 1.0
        if not mutations and not healthy:
            raw_input[self.sporadic] = 1.0
        vul = {"UMN": 1.0, "LMN": 1.0}
        for m in mutations:  # NOT IN model.md (8): several mutations with a vulnerability
            vul = dict(net.vulnerability.get(m, vul))

        # Every block as (node, strength, start, counted from onset); a therapy's blocks start at onset.
        acting = []
        for name, b in (blocks or {}).items():
            strength = float(getattr(b, "strength", b))
            acting.append((net.blockable()[name], strength, getattr(b, "start", 0.0), getattr(b, "after_onset", False)))
        restores: dict[str, float] = {}
        if therapy is not None:
            acting += [(node, s, 0.0, True) for node, s in net.therapies[therapy].blocks.items()]
            restores = net.therapies[therapy].restores

        def factor(node: str, t: float, onset_known: float) -> float:
            f = 1.0
            for target, strength, start, from_onset in acting:
                begins = (onset_known + start) if from_onset else start
                if target == node and t >= begins:  # NOT IN model.md (4): t is the step's end
                    f *= 1 - strength
            return f

        x = dict(self.resting)
        s_umn = s_lmn = 1.0
        f_prev = 1.0
        out = Course()
        self._record(out, x, s_umn, s_lmn)
        steps = math.ceil(months / DT)
        for k in range(1, steps + 1):
            t = k * DT  # the end of this step
            onset_known = out.onset  # onset as found by the end of the previous step
            inp = {i: v * factor(i, t, onset_known) for i, v in raw_input.items()}  # gains too (5)
            new = {}
            for p in self.processes:
                target = self.target(p, x, inp, mutant_cells) * factor(p, t, onset_known)
                if p in restores and math.isfinite(onset_known):  # after the blocks (6)
                    target += restores[p] * (1 - target)
                new[p] = x[p] + DT / self.node[p].tau * (target - x[p])  # forward Euler (1)
            x = new
            death = clin["death_rate"] * x[self.death] * DT  # exact exponential, end-of-step apoptosis (2)
            s_umn *= math.exp(-vul["UMN"] * death)
            s_lmn *= math.exp(-vul["LMN"] * death)
            f = (1 - clin["lmn_weight"]) * s_umn + clin["lmn_weight"] * s_lmn
            for threshold, event in ((clin["onset_function"], "onset"), (clin["end_stage_function"], "end_stage")):
                if math.isinf(getattr(out, event)) and f <= threshold:  # linear interpolation (7)
                    setattr(out, event, t - DT + DT * (f_prev - threshold) / (f_prev - f))
            f_prev = f
            if k % round(1 / DT) == 0:
                self._record(out, x, s_umn, s_lmn)
        return out

    def _record(self, out: Course, x: dict[str, float], s_umn: float, s_lmn: float) -> None:
        """Append one month: activities, survival, motor function, ALSFRS-R and the clinical read-outs."""
        clin, net = self.net.clinical, self.net
        lost = {"UMN": 1 - s_umn, "LMN": 1 - s_lmn}
        values = dict(x)
        for node in net.nodes:
            if node.kind == "population":  # the population nodes count lost neurons
                values[node.id] = lost[getattr(node, "population", None) or node.id.upper()]
        for node in net.nodes:
            if node.kind == "readout":  # H of the weighted lost fractions
                drive = sum(e.weight * values[e.src] for e in net.edges if e.dst == node.id)
                values[node.id] = hill(drive, net.hill_n, net.hill_k)
        for name, v in values.items():
            out.activity.setdefault(name, []).append(v)
        f = (1 - clin["lmn_weight"]) * s_umn + clin["lmn_weight"] * s_lmn
        zero = clin["zero_score_function"]
        score = 48 * (f - zero) / (clin["onset_function"] - zero)
        out.umn.append(s_umn)
        out.lmn.append(s_lmn)
        out.function.append(f)
        out.alsfrs_r.append(min(max(score, 0.0), 48.0))
