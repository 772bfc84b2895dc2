"""The package as a user gets it: a wheel built from the repository's files, installed in a fresh venv.

The editable install of the dev venv hides packaging mistakes: it imports ``alsbook`` from the source
tree, where every data file is present whether or not the wheel ships it. These tests build a wheel
from a clean copy of the repository (``git ls-files``: tracked files plus new, not yet committed
ones that are not ignored, so build products, ``*.egg-info``, ``__pycache__`` or ``_build`` never
leak in), install it in fresh venvs, and use it from outside the repository:

* with its dependencies from the package index: import, run the model, render an explorer's
  static panel and a self-check (everything that reads ``alsbook/data`` and the bibliography);
* without dependencies, the book's toolchain borrowed from the dev venv: build the book with ``-W``
  from a copy of the book's sources that holds no Python file of ``alsbook``, so the Sphinx extension
  and the chapters' kernels can only use the installed package.

Slow (a wheel build, two venvs, one full book build): not in the fast tier.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import link_npm_packages

ROOT = Path(__file__).resolve().parent.parent
DEV_PYTHON = ROOT / ".venv" / "bin" / "python"
#: Files under alsbook/ that _config.yml names by path (html.favicon; bibtex_bibfiles through the
#: root symlink references.bib -> alsbook/data/references.bib). The book copy keeps these two, and
#: no Python file of the package.
BOOK_CONFIG_FILES = {"alsbook/static/favicon.svg", "alsbook/data/references.bib"}
#: jupyter-book 1.0.4 has no ``__main__``; ``python -m jupyter_book.cli.main`` runs nothing and exits 0.
JUPYTER_BOOK = "import sys; from jupyter_book.cli.main import main; sys.exit(main())"


def _run(cmd: Sequence[str | os.PathLike[str]], timeout: float, cwd: Path, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-4000:]}"
        )
    return proc.stdout


def _clean_env(venv: Path) -> dict[str, str]:
    """The environment of a process in ``venv``: nothing points back at the dev venv or the sources."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env = {k: v for k, v in env.items() if not k.startswith("ALSBOOK_")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    env["PYTHONNOUSERSITE"] = "1"
    return env


def _repo_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # A tracked file deleted in the working tree is not part of what is being tested.
    return sorted({f for f in out.split("\0") if f and os.path.lexists(ROOT / f)})


def _copy(files: list[str], dest: Path) -> None:
    for rel in files:
        src, dst = ROOT / rel, dest / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():  # references.bib at the root: keep it a (relative) link
            dst.symlink_to(os.readlink(src))
        else:
            shutil.copy2(src, dst)


def _venv(path: Path) -> Path:
    _run([sys.executable, "-m", "venv", path], timeout=300, cwd=path.parent)
    return path / "bin" / "python"


def _alsbook_file(python: Path, env: dict[str, str], cwd: Path) -> Path:
    out = _run([python, "-c", "import alsbook; print(alsbook.__file__)"], timeout=120, cwd=cwd, env=env)
    return Path(out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of a clean copy of the repository."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout")
    src = tmp_path_factory.mktemp("src")
    _copy(_repo_files(), src)
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out, src], timeout=600, cwd=out)
    (whl,) = out.glob("alsbook-*.whl")
    return whl


def test_wheel_installs_and_runs_outside_the_repository(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    venv = tmp_path_factory.mktemp("venv-run") / "venv"
    python = _venv(venv)
    env = _clean_env(venv)
    _run([python, "-m", "pip", "install", "--quiet", wheel], timeout=900, cwd=venv.parent, env=env)
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    script = elsewhere / "use_alsbook.py"
    script.write_text(
        "import sys\n"
        "from pathlib import Path\n"
        "import alsbook\n"
        "here = Path(alsbook.__file__).resolve()\n"
        "assert here.is_relative_to(Path(sys.prefix).resolve()), here\n"
        "r = alsbook.simulate()\n"
        "print('survival', r.survival_months)\n"
        "panel = alsbook.show('ch3-genes').data\n"
        "assert 'data-als-explorer=\"ch3-genes\"' in panel, panel[:500]\n"
        "quiz = alsbook.self_check('ch03')._repr_html_()\n"
        "assert '<' in quiz and len(quiz) > 200, quiz\n"
        "print('file', here)\n",
        encoding="utf-8",
    )
    out = _run([python, script], timeout=300, cwd=elsewhere, env=env)
    survival = float(next(line.split()[1] for line in out.splitlines() if line.startswith("survival ")))
    assert 0 < survival < 1000
    assert Path(out.split("file ", 1)[1].strip()).is_relative_to(venv.resolve())


def test_book_builds_with_the_installed_package(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    if not DEV_PYTHON.exists():
        pytest.skip("needs the dev venv (.venv) for jupyter-book")
    venv = tmp_path_factory.mktemp("venv-book") / "venv"
    python = _venv(venv)
    env = _clean_env(venv)
    _run([python, "-m", "pip", "install", "--quiet", "--no-deps", wheel], timeout=300, cwd=venv.parent, env=env)
    # jupyter-book and the rest from the dev venv, after the fresh venv's own site-packages. A path
    # line in a .pth file only extends sys.path: the .pth files inside the dev site-packages (its
    # editable-install hook among them) are not processed, so the source tree stays out of reach.
    dev_site = _run(
        [DEV_PYTHON, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], timeout=60, cwd=ROOT
    ).strip()
    site = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], timeout=60, cwd=ROOT)
    Path(site.strip(), "alsbook_dev_toolchain.pth").write_text(dev_site + "\n", encoding="utf-8")
    neutral = tmp_path_factory.mktemp("cwd")
    installed = _alsbook_file(python, env, neutral)
    assert installed.resolve().is_relative_to(venv.resolve()), installed

    book = tmp_path_factory.mktemp("book")
    files = [f for f in _repo_files() if not f.startswith("alsbook/") or f in BOOK_CONFIG_FILES]
    _copy(files, book)
    link_npm_packages(book)  # the plotly.js bundle the build serves, installed by scripts/setup
    assert not list((book / "alsbook").rglob("*.py"))

    build: list[str | os.PathLike[str]] = [python, "-c", JUPYTER_BOOK, "build", "-W", "-n", "--keep-going", "--all"]
    _run([*build, book], timeout=1800, cwd=neutral, env=env)
    page = book / "_build" / "html" / "notebooks" / "03-genetics.html"
    assert page.exists(), "the build wrote no chapter page"
    assert 'data-als-explorer="ch3-genes"' in page.read_text(encoding="utf-8")
    assert (book / "_build" / "html" / "_explorers" / "ch3-genes.js").exists()
