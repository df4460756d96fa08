"""The cipher: words round-trip, tampering is caught, the recovery key survives being
copied by hand, a locked store refuses clearly, and words sealed by an earlier Ebbtide
still open where they were sealed."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ebbtide.core.crypto import (
    NONCE_BYTES,
    SEAL_AAD_V2,
    EncryptingSealer,
    WrongSecret,
    _aesgcm,
    format_recovery_key,
    new_data_key,
    new_recovery_key,
    parse_recovery_key,
)
from ebbtide.core.sealing import LockedSealer, PlainSealer, StoreError, StoreLocked


def test_sealed_words_round_trip_and_are_not_readable() -> None:
    sealer = EncryptingSealer(new_data_key())
    text = "I felt the old fear again — ça va passer. 🌊"
    blob = sealer.seal(text)
    assert blob.startswith(b"E2:")
    assert text.encode() not in blob and b"fear" not in blob
    assert sealer.unseal(blob) == text
    assert sealer.seal(text) != blob  # a fresh nonce every time


def test_a_changed_byte_is_caught_not_misread() -> None:
    sealer = EncryptingSealer(new_data_key())
    blob = bytearray(sealer.seal("evidence against the thought"))
    blob[-1] ^= 1
    with pytest.raises(StoreError, match="changed or damaged"):
        sealer.unseal(bytes(blob))


def test_another_key_cannot_read() -> None:
    blob = EncryptingSealer(new_data_key()).seal("private")
    with pytest.raises(StoreError):
        EncryptingSealer(new_data_key()).unseal(blob)


def test_plain_words_read_only_while_the_lock_is_turned_on_or_off() -> None:
    plain = PlainSealer().seal("old note")
    assert EncryptingSealer(new_data_key(), read_plain=True).unseal(plain) == "old note"
    with pytest.raises(StoreError, match="not sealed by your lock"):
        EncryptingSealer(new_data_key()).unseal(plain)


def test_locked_sealer_refuses_to_read_or_write_with_a_clear_message() -> None:
    blob = EncryptingSealer(new_data_key()).seal("hidden")
    with pytest.raises(StoreLocked, match="Unlock it"):
        LockedSealer().unseal(blob)
    with pytest.raises(StoreLocked):
        LockedSealer().seal("new words")


def test_recovery_key_is_grouped_and_forgiving_when_typed_back() -> None:
    raw = new_recovery_key()
    shown = format_recovery_key(raw)
    groups = shown.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert parse_recovery_key(shown) == raw
    assert parse_recovery_key(shown.lower().replace("-", " ")) == raw
    hand_copied = shown.replace("O", "0").replace("I", "1").replace("B", "8")
    assert parse_recovery_key(hand_copied) == raw


def test_a_recovery_key_of_the_wrong_length_gets_a_helpful_message() -> None:
    with pytest.raises(WrongSecret, match="32 letters"):
        parse_recovery_key("ABCD-EFGH")


@settings(max_examples=200, deadline=None)
@given(st.tuples(st.text(), st.text(), st.text()) | st.tuples(st.text(), st.text(), st.integers()))
def test_words_sealed_by_an_earlier_ebbtide_open_at_their_place_and_only_there(
        place: tuple[str, str, str]) -> None:
    """The place bound into each value (its associated data) is the same bytes Ebbtide
    has always written — JSON of the place — for any table, column or row key, so words
    sealed before still open; a value at any other place still does not."""
    key = new_data_key()
    nonce = os.urandom(NONCE_BYTES)
    earlier = SEAL_AAD_V2 + json.dumps(list(place), ensure_ascii=True).encode("ascii")
    blob = b"E2:" + nonce + _aesgcm(key).encrypt(nonce, b"my words", earlier)
    sealer = EncryptingSealer(key)
    assert sealer.unseal(blob, place) == "my words"  # type: ignore[arg-type]
    moved = (place[0], place[1], f"{place[2]}x")
    with pytest.raises(StoreError, match="changed or damaged"):
        sealer.unseal(blob, moved)
