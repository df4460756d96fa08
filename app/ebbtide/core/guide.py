"""The user guide as Help shows it: Markdown chapters in docs/guide (shipped in the wheel
as ebbtide/_data/guide). The index comes first; the chapters follow in the order the
index links to them, each titled by its first "# " heading. The keys chapter is made
from keys.toml, so Help always shows the keys as they are defined."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ebbtide.core.content import ContentError
from ebbtide.core.keys import keys_markdown, load_keys
from ebbtide.core.paths import guide_dir

INDEX = "index.md"
KEYS_CHAPTER = "keys.md"
_LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")
_IMAGE = re.compile(r"\s*!\[[^\]]*\]\([^)]*\)\s*$")


@dataclass(frozen=True)
class Chapter:
    file: str  # its name inside the guide folder, as the chapters link to it
    title: str


def guide_chapters(folder: Path | None = None) -> list[Chapter]:
    """The index, then every chapter it links to, in the order of its first link."""
    folder = folder or guide_dir()
    index_text = _read(folder / INDEX)
    names = [INDEX]
    for number, line in enumerate(index_text.splitlines(), start=1):
        for name in _LINK.findall(line):
            if name in names:
                continue
            if "/" in name or not (folder / name).is_file():
                raise ContentError(f"the link to {name!r} leads to no chapter of the guide",
                                   folder / INDEX, number)
            names.append(name)
    return [Chapter(name, _title(folder / name)) for name in names]


def chapter_markdown(chapter: Chapter | str, folder: Path | None = None) -> str:
    """A chapter's Markdown, ready to show; the keys chapter straight from keys.toml."""
    name = chapter.file if isinstance(chapter, Chapter) else chapter
    if name == KEYS_CHAPTER:
        return keys_markdown(load_keys(), header=False)
    text = _read((folder or guide_dir()) / name)
    # Screenshots are for readers outside the app (they are not shipped): in Help the
    # app itself is on screen.
    return "\n".join(line for line in text.splitlines() if not _IMAGE.match(line)) + "\n"


def _title(path: Path) -> str:
    for line in _read(path).splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ContentError("the chapter needs a title: a first line starting with \"# \"", path)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ContentError("the file is missing", path) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"the file cannot be read ({exc})", path) from exc
