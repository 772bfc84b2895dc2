"""Write the student edition's table of contents and configuration, derived from the book's own.

The student edition is the same book without the instructor guide and without exercise solutions
(``alsbook_edition: student``). Both files are generated into ``_build/student-edition/`` so that
the book's ``_toc.yml`` and ``_config.yml`` stay the one source; ``scripts/build --student`` uses them.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
INSTRUCTOR_ONLY = {"book/instructor-guide"}


def main() -> None:
    out = ROOT / "_build" / "student-edition"
    out.mkdir(parents=True, exist_ok=True)
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc["parts"]:
        part["chapters"] = [c for c in part["chapters"] if c["file"] not in INSTRUCTOR_ONLY]
    (out / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = f"{config['title']} (student edition)"
    config["sphinx"]["config"]["alsbook_edition"] = "student"
    (out / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    print(out)


if __name__ == "__main__":
    main()
