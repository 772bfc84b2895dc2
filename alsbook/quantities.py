"""The model's numbers as the prose quotes them, computed when the book is built and when it is run.

Why: a sentence such as "in the teaching model SOD1 ALS reaches end stage about 19 months after
onset" goes stale the moment a weight changes, and nothing would notice. So the book never types a
model number. It writes an inline expression instead, with MyST's ``{eval}`` role, formatted by
:func:`fmt`::

    end stage comes {eval}`fmt(survival("SOD1"))` months after onset

The expression is evaluated in :func:`namespace`: the small functions of this module (one per
read-out a chapter quotes), ``Block``, ``fmt`` and a few builtins. Two readers evaluate it: the book's
Sphinx extension at every build (and self-check questions, whose YAML uses the same role), and, in
JupyterLab, the MyST extension, in the kernel, once the chapter's first cell has run
``from alsbook.inline import *``; before that JupyterLab shows the values ``scripts/refresh`` stored
with the notebook (each markdown cell's ``user_expressions``). ``fmt`` returns a :class:`Shown`, which
both print without quotes. Literature numbers stay typed, with their citation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np

from .causal_network import network
from .model import CELL_TYPES, DT, Block, Result, simulate

#: ``{eval}`expression``` inside a text (used where Sphinx does not parse the text).
ROLE = re.compile(r"\{eval\}`([^`]+)`")

_Frozen = tuple[tuple[str, Any], ...]


@lru_cache(maxsize=1024)
def _course(
    mutations: tuple[str, ...], blocks: _Frozen, therapy: str | None, mutant_cells: tuple[str, ...], months: float
) -> Result:
    return simulate(mutations, dict(blocks), therapy, mutant_cells, months)


def course(
    *mutations: str,
    blocks: Mapping[str, float | Block] | None = None,
    therapy: str | None = None,
    mutant_cells: tuple[str, ...] = CELL_TYPES,
    months: float = 120,
) -> Result:
    """One simulated course (cached: the prose asks for the same scenario many times)."""
    return _course(tuple(mutations), tuple(sorted((blocks or {}).items())), therapy, tuple(mutant_cells), months)


def onset(*mutations: str, **scenario: Any) -> float:
    """Month of symptom onset (from disease start)."""
    return course(*mutations, **scenario).onset_month


def end_stage(*mutations: str, **scenario: Any) -> float:
    """Month of end stage (from disease start)."""
    return course(*mutations, **scenario).end_stage_month


def survival(*mutations: str, **scenario: Any) -> float:
    """Months from symptom onset to end stage."""
    return course(*mutations, **scenario).survival_months


def slope(*mutations: str, **scenario: Any) -> float:
    """ALSFRS-R points lost per month over the first year after onset (the explorers' summary)."""
    return course(*mutations, **scenario).alsfrs_slope()


def score(months_after_onset: float, *mutations: str, **scenario: Any) -> float:
    """The ALSFRS-R a given number of months after onset (interpolated between monthly values)."""
    r = course(*mutations, **scenario)
    return _interp(r.onset_month + months_after_onset, r.months, r.alsfrs_r)


def decline(*mutations: str, weeks: float = 24, **scenario: Any) -> float:
    """ALSFRS-R points lost over the first ``weeks`` after onset (how trials report it)."""
    return score(0, *mutations, **scenario) - score(weeks * 12 / 52, *mutations, **scenario)


def months_to_lose(points: float, *mutations: str, **scenario: Any) -> float:
    """Months from onset to the first monthly ALSFRS-R at or below ``48 - points``."""
    r = course(*mutations, **scenario)
    below = np.flatnonzero(r.alsfrs_r <= 48 - points)
    return float(r.months[below[0]] - r.onset_month) if below.size else math.inf


def half_max_month(node: str, *mutations: str, **scenario: Any) -> float:
    """The first month in which a node reaches half of its highest activity in the course."""
    act = activity_course(node, *mutations, **scenario)
    return float(np.flatnonzero(act >= act.max() / 2)[0])


def activity_course(node: str, *mutations: str, **scenario: Any) -> Any:
    """A node's activity month by month."""
    r = course(*mutations, **scenario)
    if node not in r.activity:
        raise ValueError(f"unknown node {node!r}; valid nodes: {', '.join(r.activity)}")
    return r.activity[node]


def activity(node: str, month: int, *mutations: str, **scenario: Any) -> float:
    """Activity of a node (0-1) at a month from disease start."""
    return float(activity_course(node, *mutations, **scenario)[month])


def surviving(population: str, month: int, *mutations: str, **scenario: Any) -> float:
    """Fraction of a motor neuron population ("UMN" or "LMN") still alive at a month."""
    r = course(*mutations, **scenario)
    if population not in r.motor_neurons:
        raise ValueError(f"unknown population {population!r}; valid: {', '.join(r.motor_neurons)}")
    return float(r.motor_neurons[population][month])


def _interp(t: float, xs: Any, ys: Any) -> float:
    return float(np.interp(t, xs, ys))


NAMESPACE: dict[str, Any] = {
    f.__name__: f
    for f in (
        course,
        onset,
        end_stage,
        survival,
        slope,
        score,
        decline,
        months_to_lose,
        half_max_month,
        activity,
        surviving,
    )
}
NAMESPACE.update(
    Block=Block, network=network, step=DT, abs=abs, min=min, max=max, round=round, len=len, sum=sum, inf=math.inf
)


def _extra_namespace() -> dict[str, Any]:
    from . import sensitivity
    from .explorers import get
    from .figures import block_gains

    def view(explorer_id: str) -> Any:
        diagram = getattr(get(explorer_id).view, "view", None)
        if diagram is None:
            raise ValueError(f"explorer {explorer_id!r} draws no disease course")
        return diagram

    def snapshot(explorer_id: str) -> int:
        """The month whose activities colour an explorer's diagram."""
        return int(view(explorer_id).snapshot)

    def horizon(explorer_id: str | None = None) -> int:
        """Months simulated: by an explorer, or by ``simulate`` by default."""
        return int(view(explorer_id).months) if explorer_id else int(course().months[-1])

    def block_gain(first: str, second: str | None = None) -> float:
        """Months to end stage gained by blocking one pathway (or two), as in chapter 4's heat map."""
        names, gains = block_gains()
        for name in (first, second or first):
            if name not in names:
                raise ValueError(f"unknown pathway {name!r}; valid: {', '.join(names)}")
        return float(gains[names.index(first), names.index(second or first)])

    def robust(behaviour_id: str) -> float:
        """Share of the sensitivity draws in which a behaviour holds (the robustness table's figure)."""
        result = sensitivity.robustness()
        if behaviour_id not in result.held:
            raise ValueError(f"unknown behaviour {behaviour_id!r}; valid: {', '.join(sorted(result.held))}")
        return result.share(behaviour_id)

    return {
        "block_gain": block_gain,
        "snapshot": snapshot,
        "horizon": horizon,
        "robust": robust,
        # The settings of the sensitivity analysis, for the sentences that describe it.
        "DRAWS": sensitivity.DRAWS,
        "SPREAD": sensitivity.SPREAD,
        "BAND_PERCENTILES": sensitivity.BAND_PERCENTILES,
    }


class Unquotable(ValueError):
    """A model result that a sentence cannot quote as a number (infinite or not a number)."""


class Shown(str):
    """A model number formatted for the prose. It prints without quotes, so that JupyterLab's inline
    expressions (which show the kernel's ``repr``) read like the book."""

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


def fmt(value: float, spec: str = ".0f") -> Shown:
    """``value`` formatted with a format spec, negative numbers with a true minus ("-0" loses its sign).

    Refuses what a sentence cannot quote: infinity (end stage not reached) or not-a-number."""
    if not math.isfinite(value):
        raise Unquotable(
            f"model quantity is {value}: say in words what happens (for example that end stage is "
            "not reached) and check that sentence with a test that runs the model"
        )
    out = format(value, spec)
    if re.fullmatch(r"-0(\.0*)?%?", out):
        out = out[1:]
    return Shown(out.replace("-", "\u2212") if out.startswith("-") else out)


def namespace() -> dict[str, Any]:
    """Every name an inline expression may use (``alsbook.inline`` exports the same names)."""
    return {**NAMESPACE, **_extra_namespace(), "fmt": fmt}


def evaluate(text: str) -> Any:
    """The value of one inline expression."""
    names = namespace()
    try:
        return eval(text.strip(), {"__builtins__": {}}, names)  # noqa: S307 - the book's own source text
    except Unquotable:
        raise
    except Exception as err:  # noqa: BLE001 - re-raised with the expression named
        valid = ", ".join(sorted(names))
        raise ValueError(f"cannot evaluate model quantity {text!r}: {err}. Available names: {valid}") from err


def quote(text: str) -> str:
    """The expression's value as the reader sees it: a :func:`fmt` result or a whole number. A bare
    float is refused: a kernel would print all its digits, so the text must say how to round it."""
    value = evaluate(text)
    if isinstance(value, Shown) or (isinstance(value, int) and not isinstance(value, bool)):
        return str(value)
    raise ValueError(f"model quantity {text!r} gives {value!r}: wrap it in fmt(..., spec), e.g. fmt(x, '.1f')")


def render(text: str) -> str:
    """Replace every ``{eval}`...``` in a plain text (self-check YAML) by its quoted value."""
    return ROLE.sub(lambda m: quote(m.group(1)), text)


def user_expressions(markdown: str) -> list[dict[str, Any]]:
    """The values of a markdown cell's inline expressions, as JupyterLab's MyST extension stores them
    in the cell's ``user_expressions`` metadata (and shows them before the kernel has run)."""
    return [
        {"expression": expr, "result": {"status": "ok", "data": {"text/plain": quote(expr)}, "metadata": {}}}
        for expr in ROLE.findall(markdown)
    ]
