"""Re-execute chapters and store their outputs: after an intended model change, or to restore a
chapter that JupyterLab saved with live outputs. It also keeps the JupyterLab-only note at the top
of each chapter (how to work on a copy) naming the chapter's own file, and stores with each
markdown cell the values of its inline model numbers, which JupyterLab shows before a kernel runs.

The stored outputs are what strict nbval compares a fresh run with, and what a reader who opens a
chapter without running it sees. They are always the static panels (the render mode of a process
without a Jupyter front end), so this forces that mode whatever terminal it runs from. Volatile
execution timestamps are dropped so that the diff shows only what changed.

Usage: python scripts/refresh_outputs.py [notebooks/NN-name.ipynb ...]   (default: every chapter)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from alsbook.quantities import user_expressions

ROOT = Path(__file__).resolve().parent.parent


#: The tag of the note at the top of each chapter that only JupyterLab shows (``remove-cell`` keeps
#: it off the website): a reader who runs and saves the chapter itself breaks nbval and the build.
COPY_NOTE = "copy-note"


def copy_note(nb: nbformat.NotebookNode, rel: str) -> None:
    """Write (or rewrite) the chapter's JupyterLab-only note, naming this very file."""
    name = rel.rsplit("/", 1)[-1]
    text = (
        "**Working on this chapter in JupyterLab?** Save a copy first (*File > Save Notebook As...*, for\n"
        f"example `my-{name}`) and run the copy: this file keeps the outputs that the book and its\n"
        f"tests compare. If you ran and saved the chapter itself, `bash scripts/refresh {rel}` (or\n"
        f"`git checkout {rel}`) restores it. The website does not show this note. In JupyterLab,\n"
        "citations show their keys (the book's bibliography page lists them); the numbers that the\n"
        "model computes are stored with this file and recomputed by the kernel when you run the chapter."
    )
    notes = [c for c in nb.cells if COPY_NOTE in c.metadata.get("tags", [])]
    if notes:
        notes[0].source = text
    else:
        nb.cells.insert(1, nbformat.v4.new_markdown_cell(text, metadata={"tags": ["remove-cell", COPY_NOTE]}))


def store_inline_values(nb: nbformat.NotebookNode) -> None:
    """Each markdown cell's ``user_expressions`` (jupyterlab-myst's metadata), from the model now."""
    for cell in nb.cells:
        values = user_expressions(cell.source) if cell.cell_type == "markdown" else []
        if values:
            cell.metadata["user_expressions"] = values
        else:
            cell.metadata.pop("user_expressions", None)


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    copy_note(nb, path.relative_to(ROOT).as_posix())
    store_inline_values(nb)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    print(f"refreshed {path.relative_to(ROOT)}")


def main(args: list[str]) -> None:
    os.environ["ALSBOOK_RENDER"] = "static"
    os.environ.pop("JPY_SESSION_NAME", None)
    paths = [Path(a).resolve() for a in args] or sorted((ROOT / "notebooks").glob("0*.ipynb"))
    for path in paths:
        refresh(path)


if __name__ == "__main__":
    main(sys.argv[1:])
