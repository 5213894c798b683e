"""Refresh static/vendor/dkfds from the npm package `dkfds` (Det Fælles Designsystem, MIT).

Copies the built CSS and JS, the licence, and only the fonts and images the CSS refers to,
so the vendored tree stays small and collectstatic's manifest finds every reference.
Usage: python scripts/vendor_dkfds.py VERSION   (run by `make vendor`)
"""

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "static" / "vendor" / "dkfds"


def strip_source_map(path: Path) -> None:
    """The .map files are not vendored; collectstatic's manifest fails on a dangling reference."""
    text = path.read_text()
    path.write_text(re.sub(r"\n?/[*/]# sourceMappingURL=\S+?(?: \*/)?\s*$", "\n", text))


def main(version: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", "--silent", f"dkfds@{version}"],
            cwd=tmp,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        tarball = next(Path(tmp).glob("dkfds-*.tgz"))
        with tarfile.open(tarball) as archive:
            archive.extractall(tmp, filter="data")
        dist = Path(tmp) / "package" / "dist"
        if TARGET.exists():
            shutil.rmtree(TARGET)
        wanted = ["css/dkfds.min.css", "js/dkfds.min.js", "LICENSE.md", "img/all-svg-icons.svg"]
        css = (dist / "css" / "dkfds.min.css").read_text()
        for ref in sorted(set(re.findall(r"url\(['\"]?([^'\")?#]+)", css))):
            if ref.startswith("../"):
                wanted.append(ref[3:])
        for rel in wanted:
            (TARGET / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(dist / rel, TARGET / rel)
        for rel in ("css/dkfds.min.css", "js/dkfds.min.js"):
            strip_source_map(TARGET / rel)
        (TARGET / "VERSION").write_text(version + "\n")
    print(f"dkfds {version}: {len(wanted)} filer i {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "11.2.0")
