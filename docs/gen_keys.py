"""Write docs/guide/keys.md from resources/content/keys.toml, the one place keys are
defined. Run after editing keys.toml:  python docs/gen_keys.py   (--check only compares;
tests/docs/test_docs.py fails when the two disagree)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KEYS_DOC = REPO / "docs" / "guide" / "keys.md"


def expected() -> str:
    sys.path.insert(0, str(REPO / "app"))
    from ebbtide.core.keys import keys_markdown, load_keys

    return keys_markdown(load_keys(REPO / "resources" / "content" / "keys.toml"))


def main(argv: list[str]) -> int:
    text = expected()
    if "--check" in argv:
        current = KEYS_DOC.read_text(encoding="utf-8") if KEYS_DOC.exists() else ""
        if current != text:
            print(f"{KEYS_DOC.relative_to(REPO)} is out of date: run python docs/gen_keys.py")
            return 1
        return 0
    KEYS_DOC.write_text(text, encoding="utf-8")
    print(f"wrote {KEYS_DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
