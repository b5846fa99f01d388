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
    changelog = ROOT / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    head = f"## [{version}]"
    if head in text:
        # The version's section exists (a release being prepared): add the fragments'
        # bullets to its subsections, in the usual order.
        start = text.index(head)
        nxt = text.find("\n## [", start + len(head))
        end = len(text) if nxt < 0 else nxt + 1
        existing: dict[str, list[str]] = {}
        title_line = text[start:end].splitlines()[0]
        heading = ""
        for line in text[start:end].splitlines()[1:]:
            m = re.match(r"^###\s+(.*)$", line)
            if m:
                heading = m.group(1).strip()
                existing.setdefault(heading, [])
            elif line.strip():
                existing.setdefault(heading or "Added", []).append(line)
        for name, lines in sections.items():
            existing.setdefault(name, []).extend(lines)
        out = [title_line, ""]
        for name in ORDER + [k for k in existing if k not in ORDER]:
            if existing.get(name):
                out += [f"### {name}", *existing[name], ""]
        new_text = text[:start] + "\n".join(out) + "\n" + text[end:]
        changelog.write_text(new_text, encoding="utf-8")
    else:
        out = [f"{head} — {date}", ""]
        for name in ORDER + [k for k in sections if k not in ORDER]:
            if name in sections:
                out += [f"### {name}", *sections[name], ""]
        marker = text.find("\n## [") + 1
        if marker <= 0:
            marker = len(text)
        new_text = text[:marker] + "\n".join(out) + "\n" + text[marker:]
        changelog.write_text(new_text, encoding="utf-8")
    for frag in fragments:
        frag.unlink()
    print(f"CHANGELOG.md: {version} from {len(fragments)} fragments")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
