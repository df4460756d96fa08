"""How a person's words are kept at rest, and the errors the store speaks in. The store,
the crypto and the lock all build on this module; it imports none of them, so they
form a line (sealing → store → crypto → lock), never a circle."""

from __future__ import annotations

import json
from typing import Any, Protocol

# Where a sealed value lives: (table, column, the row's uid). The lock binds each
# encrypted value to its place, so a value copied into another row or column does not
# open. None is "no particular place" (only values sealed that way open with it).
Place = tuple[str, str, str]


class Sealer(Protocol):
    """Turns a person's words into bytes at rest and back."""

    def seal(self, text: str, place: Place | None = None) -> bytes: ...

    def unseal(self, blob: bytes, place: Place | None = None) -> str: ...


def to_bytes(text: str) -> bytes:
    """UTF-8, keeping a lone surrogate (a broken paste) exactly instead of failing: the
    person's words are kept as they were typed, whatever they are."""
    return text.encode("utf-8", "surrogatepass")


def from_bytes(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def words_json(body: dict[str, Any]) -> str:
    """A record's fields as JSON to seal: readable UTF-8 when possible; text that cannot
    be UTF-8 (a lone surrogate from a broken paste) kept exactly through JSON escapes."""
    text = json.dumps(body, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(body, ensure_ascii=True)
    return text


class PlainSealer:
    """No lock: words are kept as UTF-8, marked so an encrypting sealer can tell them apart."""

    PREFIX = b"P1:"

    def seal(self, text: str, place: Place | None = None) -> bytes:
        return self.PREFIX + to_bytes(text)

    def unseal(self, blob: bytes, place: Place | None = None) -> str:
        if not blob.startswith(self.PREFIX):
            raise ValueError("These words are locked; unlock Ebbtide to read them.")
        return from_bytes(bytes(blob[len(self.PREFIX) :]))


class LockedSealer:
    """The lock is on and closed: there is no key in memory. Reading sealed words or
    writing new ones is refused with a clear message. A plain value is refused too: in a
    locked store it can only have been put there by someone else (or by an upgrade, which
    the next unlock seals), never shown as the person's own words."""

    def seal(self, text: str, place: Place | None = None) -> bytes:
        raise StoreLocked()

    def unseal(self, blob: bytes, place: Place | None = None) -> str:
        raise StoreLocked()


class StoreError(RuntimeError):
    """Something about the store a person should be told about, in plain words."""


class StoreLocked(StoreError):
    """Words were asked for while Ebbtide is locked (raised by the lock's sealer; here
    so code that reads words can tell "locked" apart without loading the crypto)."""

    def __init__(self) -> None:
        super().__init__("Ebbtide is locked. Unlock it to read or write your own words.")
