"""Write every chapter's self-check questions as Moodle XML into _build/selfchecks/ (for a course).

Usage: python scripts/export_selfchecks.py [OUTPUT_FOLDER]
"""

from __future__ import annotations

import sys
from pathlib import Path

from alsbook.causal_network import DATA
from alsbook.selfcheck import moodle_xml

ROOT = Path(__file__).resolve().parent.parent


def main(args: list[str]) -> None:
    out = Path(args[0]) if args else ROOT / "_build" / "selfchecks"
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted((DATA / "selfcheck").glob("*.yaml")):
        (out / f"{path.stem}.moodle.xml").write_text(moodle_xml(path.stem), encoding="utf-8")
        print(out / f"{path.stem}.moodle.xml")


if __name__ == "__main__":
    main(sys.argv[1:])
