"""Live or static: how an explorer or a figure shows itself in the process that displays it.

* **live**: ipywidgets and native plotly figures that call the model in the kernel. Right where a
  reader has a Jupyter front end: JupyterLab and Notebook start kernels through a Jupyter server,
  which gives each kernel ``JPY_SESSION_NAME``.
* **static**: the kernel-free HTML panel whose states the book build precomputes. Right everywhere
  else: the book build's kernels, ``pytest --nbval`` (so a chapter passes on its own, and its stored
  outputs are these panels), ``jupyter nbconvert --execute`` and plain scripts.

The book's build sets the mode explicitly from its configuration (``alsbook_render`` in
``_config.yml``, default ``static``) so that a build started from a JupyterLab terminal still
renders static panels; ``ALSBOOK_RENDER=live|static`` overrides the detection anywhere.
"""

from __future__ import annotations

import os

RENDER_ENV = "ALSBOOK_RENDER"
MODES = ("live", "static")


def render_mode() -> str:
    """``"live"`` or ``"static"`` for this process (see the module docstring)."""
    explicit = os.environ.get(RENDER_ENV, "").strip().lower()
    if explicit:
        if explicit not in MODES:
            raise ValueError(f"{RENDER_ENV}={explicit!r} is not a render mode; valid modes: {', '.join(MODES)}")
        return explicit
    return "live" if os.environ.get("JPY_SESSION_NAME") else "static"


def is_live() -> bool:
    """True when figures should be live widgets (a Jupyter front end is attached)."""
    return render_mode() == "live"
