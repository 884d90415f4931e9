#!/usr/bin/python3
"""Regenerates every committed golden fixture from PyTorch, torchvision, scikit-learn, NumPy and PIL.

Run with Debian's interpreter after `scripts/bootstrap --reference` (the `python3` first on PATH may lack them):

    /usr/bin/python3 scripts/make-fixtures.py            # all
    /usr/bin/python3 scripts/make-fixtures.py optim      # some, by script name

Each script in scripts/fixtures/ is deterministic: rerunning it rewrites identical files. `swift test` reads the
committed results and needs no Python.
"""
import pathlib
import subprocess
import sys

FOLDER = pathlib.Path(__file__).resolve().parent / "fixtures"


def main(names):
    scripts = sorted(FOLDER.glob("*.py"))
    if names:
        unknown = set(names) - {script.stem for script in scripts}
        if unknown:
            sys.exit(f"make-fixtures: no fixture script named {', '.join(sorted(unknown))}")
        scripts = [script for script in scripts if script.stem in names]
    for script in scripts:
        print(f"make-fixtures: {script.name}", flush=True)
        subprocess.run([sys.executable, str(script)], check=True, cwd=FOLDER.parent.parent)


if __name__ == "__main__":
    main(sys.argv[1:])
