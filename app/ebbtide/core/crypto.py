"""The cipher behind the lock. No Qt, no storage: keys in, bytes out.

One random 256-bit *data key* encrypts a person's words (AES-256-GCM, authenticated, a
fresh 96-bit nonce per value). The data key itself is never stored as is: it is kept
*wrapped* (encrypted) twice — once under a key derived from the passphrase with scrypt
(memory-hard, so guessing passphrases is slow and costly), and once under a key derived
from a random recovery key (high-entropy, so a fast HKDF is enough). Changing the
passphrase only re-wraps the data key; the words on disk never pass through plain text.
"""

from __future__ import annotations

import base64
import json
import os
import unicodedata
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii as _json_str
from typing import Any

from ebbtide.core.sealing import Place, PlainSealer, StoreError, from_bytes, to_bytes

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
RECOVERY_KEY_BYTES = 20  # 160 bits: 32 base32 letters, written as 8 groups of 4

# Bound into every sealed value so a blob from some other purpose cannot pass as one.
# E1 (until issue 13) bound only this constant, so a value could be moved between rows;
# E2 also binds the value's table, column and row uid (see `place_aad`).
SEAL_AAD = b"ebbtide:E1:words"
SEAL_AAD_V2 = b"ebbtide:E2:"
WRAP_AAD_PASSPHRASE = b"ebbtide:wrap:passphrase"
WRAP_AAD_RECOVERY = b"ebbtide:wrap:recovery"
VERIFIER_PLAINTEXT = b"ebbtide:data-key-verifier:v1"
VERIFIER_AAD = b"ebbtide:verifier"

# Crockford-style base32 without padding, easy to read aloud and write by hand.
_B32_STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


class WrongSecret(StoreError):
    """A passphrase or recovery key that does not open this store."""


@dataclass(frozen=True)
class ScryptParams:
    """scrypt cost. n=2**17, r=8 needs 128 MiB and about a quarter of a second here —
    slow enough to make guessing expensive, quick enough that unlocking feels immediate."""

    n: int = 2**17
    r: int = 8
    p: int = 1

    def as_dict(self) -> dict[str, int]:
        return {"n": self.n, "r": self.r, "p": self.p}

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> ScryptParams:
        n, r, p = d.get("n"), d.get("r"), d.get("p")
        if not all(isinstance(v, int) and v > 0 for v in (n, r, p)):
            raise StoreError("The lock's settings in this store are damaged.")
        assert isinstance(n, int) and isinstance(r, int) and isinstance(p, int)
        if n & (n - 1) or not 2**10 <= n <= 2**20 or r > 32 or p > 16:
            raise StoreError("The lock's settings in this store are out of range.")
        return cls(n, r, p)


# `cryptography` loads only when a key is used: start-up with the lock off never needs it.


def _aesgcm(key: bytes) -> Any:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def _invalid_tag() -> type[Exception]:
    from cryptography.exceptions import InvalidTag

    return InvalidTag


def random_bytes(n: int) -> bytes:
    """`n` bytes from `secrets`. Imported here, not at the top: `secrets` loads OpenSSL's
    hashing (about 4 MiB resident), which start-up never needs."""
    import secrets

    return secrets.token_bytes(n)


def new_data_key() -> bytes:
    return random_bytes(KEY_BYTES)


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def passphrase_key(passphrase: str, salt: bytes, params: ScryptParams) -> bytes:
    """The key-encryption key for a passphrase (NFC-normalised so the same words typed
    on another keyboard layout still match)."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt  # used only on unlock

    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    kdf = Scrypt(salt=salt, length=KEY_BYTES, n=params.n, r=params.r, p=params.p)
    return kdf.derive(secret)


def recovery_key_key(recovery_key: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    kdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt,
               info=b"ebbtide:recovery-key:v1")
    return kdf.derive(recovery_key)


def wrap(kek: bytes, data_key: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + _aesgcm(kek).encrypt(nonce, data_key, aad)


def unwrap(kek: bytes, wrapped: bytes, aad: bytes) -> bytes:
    """The data key, or WrongSecret when `kek` did not wrap it (GCM's tag says so)."""
    if len(wrapped) < NONCE_BYTES + 16:
        raise WrongSecret("The lock's key record in this store is damaged.")
    try:
        return _aesgcm(kek).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], aad)
    except _invalid_tag():
        raise WrongSecret("That does not open this store.") from None


def make_verifier(data_key: bytes) -> bytes:
    """A short sealed constant: proves a data key belongs to a store without needing any
    of the person's words."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + _aesgcm(data_key).encrypt(nonce, VERIFIER_PLAINTEXT, VERIFIER_AAD)


def key_matches_verifier(data_key: bytes, verifier: bytes) -> bool:
    try:
        plain = _aesgcm(data_key).decrypt(
            verifier[:NONCE_BYTES], verifier[NONCE_BYTES:], VERIFIER_AAD
        )
    except (_invalid_tag(), ValueError):
        return False
    return plain == VERIFIER_PLAINTEXT


# -- the recovery key, as a person sees it ---------------------------------------------


def new_recovery_key() -> bytes:
    return random_bytes(RECOVERY_KEY_BYTES)


def format_recovery_key(raw: bytes) -> str:
    """'ABCD-EFGH-…' in groups of four, to write down or print."""
    letters = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def parse_recovery_key(text: str) -> bytes:
    """Forgiving: spaces, dashes and lower case are fine, and the letters people mix up
    when copying by hand (0/O, 1/I/L, 8/B) are read as the ones the alphabet has."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    if len(cleaned) != 32 or any(ch not in _B32_STD for ch in cleaned):
        raise WrongSecret(
            "A recovery key has 32 letters and digits, usually written in groups of four."
        )
    return base64.b32decode(cleaned)


# -- sealers ---------------------------------------------------------------------------


def place_aad(place: Place | None) -> bytes:
    """The associated data for a value at `place`: unambiguous (JSON), so no two places
    share it."""
    if place is None:
        return SEAL_AAD_V2
    if len(place) == 3:
        # The usual place, three strings: the very bytes json.dumps makes (its string
        # encoder, its ", " separator), at a fifth of the cost, once for every value read.
        table, column, key = place
        if type(table) is str and type(column) is str and type(key) is str:
            return SEAL_AAD_V2 + (f"[{_json_str(table)}, {_json_str(column)}, "
                                  f"{_json_str(key)}]").encode("ascii")
    return SEAL_AAD_V2 + json.dumps(list(place), ensure_ascii=True).encode("ascii")


class EncryptingSealer:
    """The lock is on and open: words are sealed as b"E2:" + nonce + ciphertext+tag,
    bound to their place. Only E2 values open: a plain (P1) value in a locked store was
    not written by this lock, and an older E1 value is re-sealed as E2 at the next unlock
    (`read_e1`, `read_plain`: only for that re-sealing and for turning the lock off)."""

    PREFIX = b"E2:"
    LEGACY_PREFIX = b"E1:"

    def __init__(self, data_key: bytes, *, read_e1: bool = False,
                 read_plain: bool = False) -> None:
        if len(data_key) != KEY_BYTES:
            raise ValueError("A data key is 32 bytes.")
        self._aead = _aesgcm(data_key)
        self.data_key = data_key
        self.read_e1 = read_e1
        self.read_plain = read_plain

    def seal(self, text: str, place: Place | None = None) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return self.PREFIX + nonce + self._aead.encrypt(nonce, to_bytes(text),
                                                        place_aad(place))

    def unseal(self, blob: bytes, place: Place | None = None) -> str:
        if blob.startswith(self.PREFIX):
            return self._open(memoryview(blob)[len(self.PREFIX):], place_aad(place))
        if self.read_e1 and blob.startswith(self.LEGACY_PREFIX):
            return self._open(memoryview(blob)[len(self.LEGACY_PREFIX):], SEAL_AAD)
        if self.read_plain and blob.startswith(PlainSealer.PREFIX):
            return PlainSealer().unseal(blob)
        if blob.startswith(PlainSealer.PREFIX):
            raise StoreError("Some saved words were not sealed by your lock, so they are "
                             "not shown as yours.")
        raise StoreError("Some saved words are in a form this Ebbtide does not know.")

    def _open(self, body: memoryview, aad: bytes) -> str:
        # A view, not a copy: the nonce and the ciphertext are read in place.
        try:
            plain = self._aead.decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], aad)
        except (_invalid_tag(), ValueError):
            raise StoreError(
                "Some saved words could not be opened: they were changed or damaged on disk."
            ) from None
        return from_bytes(plain)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise StoreError("The lock's key record in this store is damaged.")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise StoreError("The lock's key record in this store is damaged.") from None
