"""Docs where readers look: a short front door, links that lead somewhere, and the parts
made from data (keys, the export format) in step with that data."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

from ebbtide.core import exchange

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
DOCS = REPO / "docs"
GUIDE = DOCS / "guide"
MARKDOWN = [README, *sorted(DOCS.rglob("*.md"))]

_LINK = re.compile(r"(!?)\[[^\]]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def _links(path: Path) -> list[tuple[bool, str]]:
    """(is an image, target) for every Markdown link outside code blocks."""
    text = _FENCE.sub("", path.read_text(encoding="utf-8"))
    return [(bang == "!", target) for bang, target in _LINK.findall(text)]


def _anchors(path: Path) -> set[str]:
    """GitHub's anchors for a file's headings."""
    anchors = set()
    for line in _FENCE.sub("", path.read_text(encoding="utf-8")).splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            anchors.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return anchors


def test_the_readme_is_a_front_door_of_at_most_8_kb() -> None:
    size = len(README.read_bytes())
    assert size <= 8 * 1024, f"README.md is {size} bytes; move detail into docs/"
    text = README.read_text(encoding="utf-8")
    for must in ("make run", "make test", "not a medical device", "If you need help now",
                 "docs/screenshots/ebbtide.png", "docs/screenshots/ebbtide-dark.png"):
        assert must in text, must


def test_every_relative_link_in_the_readme_and_docs_leads_to_a_file() -> None:
    broken = []
    for path in MARKDOWN:
        for _image, target in _links(path):
            if re.match(r"[a-z]+:", target):  # https:, mailto:
                continue
            file_part, _, anchor = target.partition("#")
            dest = (path.parent / file_part).resolve() if file_part else path
            where = f"{path.relative_to(REPO)} → {target}"
            if not dest.is_file():
                broken.append(f"{where}: no such file")
            elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
                broken.append(f"{where}: no such heading")
    assert not broken, "\n".join(broken)


def test_guide_chapters_link_only_to_each_other_so_the_copy_in_the_wheel_works() -> None:
    """Help shows docs/guide from the wheel, where nothing else of docs/ is. Screenshots
    are the exception: Help leaves them out."""
    outside = [f"{path.name} → {target}"
               for path in sorted(GUIDE.glob("*.md")) for image, target in _links(path)
               if not image and not re.match(r"[a-z]+:", target)
               and "/" in target.partition("#")[0]]
    assert not outside, outside


def test_the_keys_chapter_is_in_step_with_keys_toml() -> None:
    spec = importlib.util.spec_from_file_location("gen_keys", DOCS / "gen_keys.py")
    assert spec is not None and spec.loader is not None
    gen_keys = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen_keys)
    assert (GUIDE / "keys.md").read_text(encoding="utf-8") == gen_keys.expected(), (
        "docs/guide/keys.md is out of date: run python docs/gen_keys.py")


def test_the_export_format_page_matches_the_version_ebbtide_writes() -> None:
    page = DOCS / "formats" / f"export-v{exchange.FORMAT_VERSION}.md"
    assert page.is_file(), f"write {page.relative_to(REPO)} for the new version"
    text = page.read_text(encoding="utf-8")
    example, schema = (json.loads(block) for block in
                       re.findall(r"^```json\n(.*?)^```", text, re.M | re.S))
    assert schema["properties"]["format"]["const"] == exchange.FORMAT_NAME
    assert schema["properties"]["version"]["const"] == exchange.FORMAT_VERSION
    session = schema["properties"]["sessions"]["items"]
    assert tuple(session["properties"]) == exchange.SESSION_FIELDS
    # The example, and one session of every documented kind, import as documented.
    assert len(exchange.parse_export(json.dumps(example))) == 1
    for kind in session["properties"]["kind"]["enum"]:
        one = dict(example["sessions"][0], kind=kind, uid=f"doc-{kind}")
        assert exchange.parse_export(json.dumps(dict(example, sessions=[one])))
    own = example.get("self_trust")  # Trust yourself (from version 3)
    if own is not None:
        records = exchange.parse_self_trust(json.dumps(example))
        assert len(records.all()) == sum(len(v) for v in own.values())
        parts = schema["properties"]["self_trust"]["properties"]
        for key, record in (("promises", records.promises[0]), ("lists", records.items[0]),
                            ("decisions", records.decisions[0])):
            assert set(parts[key]["items"]["properties"]) == set(record.to_dict()), key
    columns = re.search(r"^```\n(uid, kind.*)\n```", text, re.M)
    assert columns is not None
    assert tuple(columns.group(1).split(", ")) == exchange.CSV_COLUMNS
