"""Reading the shipped content files (feelings, traps, prompts, patterns, help,
meditation scripts): one error type and one TOML reader, so a mistake in any data file
is reported the same way, with the file's name and the line it is on.

`load_content(parse, path, file_name)` reads a shipped file once and keeps what `parse`
made of it; `read_toml(path)` parses a file and keeps its text; `source.error(problem,
*keys)` builds a `ContentError` pointing at the line where `keys` (like "feelings",
"calm", "definition", or "segments", 3 for the fourth [[segments]]) is written.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, cast

from ebbtide.core.paths import resource_path

T = TypeVar("T")


class ContentError(ValueError):
    """A shipped content file is broken. The message names the file and, when known,
    the line; `problem` says what is wrong with the entry. Content files hold only our
    own words, never a person's, so the message is safe to show and to log."""

    def __init__(self, problem: str, path: Path | None = None, line: int | None = None) -> None:
        if path is None:
            message = problem
        elif line:
            message = f"{path}, line {line}: {problem}"
        else:
            message = f"{path}: {problem}"
        super().__init__(message)
        self.path = path
        self.line = line
        self.problem = problem


_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass(frozen=True)
class TomlSource:
    """A parsed TOML file with its text kept, so a semantic problem can be pointed at."""

    path: Path
    text: str
    data: dict[str, Any]

    def error(self, problem: str, *keys: str | int) -> ContentError:
        return ContentError(problem, self.path, self.line_of(*keys))

    def line_of(self, *keys: str | int) -> int | None:
        """The line where `keys` is defined: a table header like [a.b], the nth [[a.b]]
        when an int follows its name, or a `key =` inside a table. When the exact key is
        not written out, the line of the nearest enclosing table; None if not even that."""
        wanted = list(keys)
        best: int | None = None
        current: list[str | int] = []
        array_counts: dict[tuple[str, ...], int] = {}
        for number, raw in enumerate(self.text.splitlines(), start=1):
            line = raw.strip()
            if line.startswith("[["):
                name = tuple(split_dotted_key(line[2:].split("]]")[0]))
                array_counts[name] = array_counts.get(name, 0) + 1
                current = [*name, array_counts[name] - 1]
            elif line.startswith("["):
                current = list(split_dotted_key(line[1:].split("]")[0]))
            elif "=" in line and not line.startswith("#"):
                full = current + list(split_dotted_key(line.split("=", 1)[0]))
                if full == wanted:
                    return number
                continue
            else:
                continue
            if current == wanted or (current and current[-1] == 0 and current[:-1] == wanted):
                return number
            if wanted[: len(current)] == current:
                best = number
        return best


def split_dotted_key(text: str) -> list[str]:
    """`a."b c".d` → ["a", "b c", "d"] (enough of TOML's key syntax for our files)."""
    parts: list[str] = []
    buf = ""
    quote: str | None = None
    for ch in text.strip():
        if quote:
            if ch == quote:
                quote = None
            else:
                buf += ch
        elif ch in "\"'":
            quote = ch
        elif ch == ".":
            parts.append(buf.strip())
            buf = ""
        else:
            buf += ch
    parts.append(buf.strip())
    return parts


def load_content(parse: Callable[[TomlSource], T], path: Path | None, file_name: str) -> T:
    """A content file read and checked by `parse`: the shipped `resources/content/
    <file_name>`, or the file at `path` (tests). Each file is parsed once, then kept."""
    return cast(T, _parsed(parse, path or resource_path("content", file_name)))


@lru_cache(maxsize=16)
def _parsed(parse: Callable[[TomlSource], object], path: Path) -> object:
    return parse(read_toml(path))


def read_toml(path: Path) -> TomlSource:
    """Parse a content file; a missing, unreadable or malformed file becomes a
    ContentError (with the line, for a syntax error)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ContentError("the file is missing", path) from exc
    except OSError as exc:
        raise ContentError(f"the file cannot be read ({exc.strerror})", path) from exc
    except UnicodeDecodeError as exc:
        raise ContentError("the file is not valid UTF-8 text", path) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POSITION.search(str(exc))
        line = int(match.group(1)) if match else None
        problem = _TOML_POSITION.sub("", str(exc)).strip()
        raise ContentError(f"this is not valid TOML ({problem})", path, line) from exc
    return TomlSource(path, text, data)


def one_line_text(source: TomlSource, value: Any, what: str, *keys: str | int,
                  limit: int = 400) -> str:
    """A non-empty single line of text, or a ContentError pointing at it."""
    if not isinstance(value, str) or not value.strip():
        raise source.error(f"{what} must be some text", *keys)
    if "\n" in value:
        raise source.error(f"{what} must fit on one line", *keys)
    if len(value) > limit:
        raise source.error(f"{what} is longer than {limit} characters", *keys)
    return value


def table_of(source: TomlSource, value: Any, what: str, *keys: str | int) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise source.error(f"{what} must be a table", *keys)
    return value


def check_known_keys(source: TomlSource, table: dict[str, Any], allowed: Iterable[str],
                     *keys: str | int) -> None:
    allowed_set = set(allowed)
    for key in table:
        if key not in allowed_set:
            raise source.error(
                f"unknown key {key!r} (expected one of: {', '.join(sorted(allowed_set))})",
                *keys, key,
            )
