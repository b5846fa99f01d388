"""Fold the changelog fragments (changelog.d/<area>.md) into CHANGELOG.md as a
release section, then remove them. Run when a release is cut:

    python scripts/assemble_changelog.py 0.2.0 2026-11-30

Each fragment holds Keep-a-Changelog bullets under `### Added`, `### Changed`,
`### Fixed`, `### Removed` (or a heading of its own, kept as it is)."""
from __future__ import annotations

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
ORDER = ["Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"]


def main(version: str, date: str) -> int:
    frag_dir = ROOT / "changelog.d"
    fragments = sorted(p for p in frag_dir.glob("*.md") if p.name != "README.md")
    if not fragments:
        print("no fragments")
        return 1
    sections: dict[str, list[str]] = {}
    for frag in fragments:
        heading = "Added"
        for line in frag.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^#{1,3}\s+(.*)$", line)
            if m:
                title = m.group(1).strip()
                heading = next((k for k in ORDER if title.lower().startswith(k.lower())), title)
                continue
            if line.strip():
                sections.setdefault(heading, []).append(line)
    out = [f"## [{version}] — {date}", ""]
    for name in ORDER + [k for k in sections if k not in ORDER]:
        if name in sections:
            out += [f"### {name}", *sections[name], ""]
    changelog = ROOT / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    text = text.replace("## [Unreleased] — 0.1.0", "## [0.1.0]", 1)
    marker = text.index("## [0.1.0]")
    changelog.write_text(text[:marker] + "\n".join(out) + "\n" + text[marker:], encoding="utf-8")
    for frag in fragments:
        frag.unlink()
    print(f"CHANGELOG.md: {version} from {len(fragments)} fragments")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
