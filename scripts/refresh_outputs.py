"""Re-execute chapters and store their outputs: after an intended model change, or to restore a
chapter that JupyterLab saved with live outputs.

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

ROOT = Path(__file__).resolve().parent.parent


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
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
