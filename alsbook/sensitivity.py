"""How robust is each lesson? The behaviour suite rerun under perturbed weights and time constants.

Why: the weights and time constants of the network are assumptions, tuned by hand and by search.
A teaching conclusion that holds only for the exact numbers chosen is a property of the tuning, not
of the mechanism. So each draw multiplies every edge weight and every time constant by its own
factor, drawn uniformly from ``1 - spread`` to ``1 + spread`` (25% by default), and the whole
behaviour suite (:mod:`alsbook.behaviours`) is checked again. The share of draws in which a
behaviour holds says how much of the lesson comes from the wiring and how much from the numbers.

The draws run as one vectorised batch per block of draws: the model's weight matrices carry a draw
axis (``model._Params``), so 200 draws of every scenario of the suite take seconds, not minutes.
What is held fixed: the network's structure and signs, the clinical thresholds, the death rate,
the vulnerabilities and the therapy strengths (calibrated to trials, not assumed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .behaviours import BEHAVIOURS, Behaviour, Check, assemble, plan
from .model import DT, _compiled, _Params, _results, _run

#: The defaults of the book's robustness table.
DRAWS = 200
SPREAD = 0.25
SEED = 14


@dataclass(frozen=True)
class Robustness:
    """Per behaviour: in how many draws it held, of how many, and whether it holds unperturbed."""

    draws: int
    spread: float
    held: dict[str, int]
    baseline: dict[str, bool]

    def share(self, behaviour_id: str) -> float:
        """The fraction of draws in which the behaviour held."""
        return self.held[behaviour_id] / self.draws

    def fragile(self, threshold: float = 0.9) -> list[str]:
        """Teaching conclusions that hold in fewer than ``threshold`` of the draws."""
        return [b.id for b in BEHAVIOURS if b.lesson and self.share(b.id) < threshold]


def draw_parameters(n: int, spread: float = SPREAD, seed: int = SEED) -> _Params:
    """``n`` draws of every edge weight and time constant, each scaled by U(1 - spread, 1 + spread)."""
    comp = _compiled()
    rng = np.random.default_rng(seed)
    mask = comp.w != 0

    def scale(shape: tuple[int, ...]) -> np.ndarray:
        return rng.uniform(1 - spread, 1 + spread, size=shape)

    w = np.where(mask, comp.w[None] * scale((n, *comp.w.shape)), 0.0)
    in_w = comp.in_w[None] * scale((n, comp.in_w.size))
    gain_w = comp.gain_w[None] * scale((n, comp.gain_w.size))
    tau = DT / comp.rate
    rate = DT / (tau[None] * scale((n, tau.size)))
    return _Params(w=w, in_w=in_w, gain_w=gain_w, rate=rate)


def _slice(p: _Params, lo: int, hi: int) -> _Params:
    return _Params(w=p.w[lo:hi], in_w=p.in_w[lo:hi], gain_w=p.gain_w[lo:hi], rate=p.rate[lo:hi])


def evaluate(
    draws: int = DRAWS,
    spread: float = SPREAD,
    seed: int = SEED,
    behaviours: Sequence[Behaviour] = BEHAVIOURS,
    block: int = 25,
) -> Robustness:
    """Check every behaviour under ``draws`` parameter draws (vectorised over blocks of draws)."""
    comp = _compiled()
    p = plan(behaviours)
    params = draw_parameters(draws, spread, seed)
    held = {b.id: 0 for b in behaviours}
    for lo in range(0, draws, block):
        hi = min(lo + block, draws)
        n = hi - lo
        part = _slice(params, lo, hi)
        results = {}
        for months, scenarios in p.groups.items():
            rows = list(scenarios) * n
            results[months] = _results(comp, rows, _run(comp, rows, months, part))
        for d in range(n):
            size = {m: len(s) for m, s in p.groups.items()}
            mine = {m: r[d * size[m] : (d + 1) * size[m]] for m, r in results.items()}
            for bid, check in assemble(p, mine, behaviours, lessons=True).items():
                held[bid] += check.holds
    from .behaviours import evaluate as unperturbed

    baseline = {bid: c.holds for bid, c in unperturbed(behaviours).items()}
    return Robustness(draws=draws, spread=spread, held=held, baseline=baseline)


@lru_cache(maxsize=1)
def robustness() -> Robustness:
    """The book's robustness analysis (200 draws within 25%), computed once per process."""
    return evaluate()


@dataclass(frozen=True)
class Band:
    """One scenario's ALSFRS-R course: unperturbed, and its spread across the draws (percentiles)."""

    label: str
    months: np.ndarray
    score: np.ndarray
    low: np.ndarray
    median: np.ndarray
    high: np.ndarray


BAND_PERCENTILES = (10, 50, 90)


def bands(months: int = 120, draws: int = DRAWS, spread: float = SPREAD, seed: int = SEED) -> list[Band]:
    """The ALSFRS-R course of sporadic ALS and of each familial form under the same draws as the
    robustness table, as the 10th, 50th and 90th percentile at each month (one vectorised batch)."""
    from .model import MUTATIONS, Scenario, simulate_batch

    comp = _compiled()
    backgrounds = [("sporadic ALS", Scenario())] + [(g, Scenario(mutations=(g,))) for g in MUTATIONS]
    scenarios = [s for _, s in backgrounds]
    rows = scenarios * draws
    results = _results(comp, rows, _run(comp, rows, months, draw_parameters(draws, spread, seed)))
    plain = simulate_batch(scenarios, months)
    out = []
    for k, (label, _) in enumerate(backgrounds):
        scores = np.array([results[d * len(scenarios) + k].alsfrs_r for d in range(draws)])
        low, median, high = np.percentile(scores, BAND_PERCENTILES, axis=0)
        out.append(Band(label, plain[k].months, plain[k].alsfrs_r, low, median, high))
    return out


def table_markdown(r: Robustness | None = None, lessons_only: bool = True) -> str:
    """The robustness table as Markdown: each teaching conclusion and the share of draws it holds in."""
    r = r or robustness()
    lines = [
        "| Lesson | Behaviour | Holds in (share of draws) |",
        "|---|---|---|",
    ]
    for b in BEHAVIOURS:
        if lessons_only and not b.lesson:
            continue
        share = r.share(b.id)
        flag = "" if share >= 0.9 else " (uncertain)"
        lines.append(f"| {b.lesson or b.finding} | `{b.id}` | {100 * share:.0f}%{flag} |")
    return "\n".join(lines)


def checks_for(behaviour_id: str) -> Check:
    """The unperturbed check of one behaviour (for messages next to the table)."""
    from .behaviours import evaluate as unperturbed

    return unperturbed([b for b in BEHAVIOURS if b.id == behaviour_id])[behaviour_id]


__all__ = ["Robustness", "draw_parameters", "evaluate", "robustness", "table_markdown"]
