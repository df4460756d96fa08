"""A person's own recording sealed by the lock, against the same recording plain, in one
run.

    python benchmarks/sealed_recordings.py [--trials 5]

Two recordings: the shipped 15-minute body scan (Ogg Vorbis, as a compressed recording
from a phone would be) and 5 minutes of 44.1 kHz stereo WAV (uncompressed: decoding
costs least there, so reading the sealed file weighs most). For each, printed beside
the plain file doing the same work:

  open     Begin to a track ready to play: `decode()` of the file (into the private
           cache, as Listen does), through `RecordingLibrary.opener` for the sealed one
           (its chunks decrypted as the decoder reads them)
  import   adding it to the library: copied in (lock off) vs. sealed as it is copied
           (lock on); each flushed to the disk

Medians of several runs, sealed and plain taken turn about. Aims: open ≤ 1.25× plain,
import ≤ 2× plain. Nothing asserts: numbers on a shared machine wobble.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "app"))

import numpy as np  # noqa: E402
import soundfile  # noqa: E402
from _aims import verdict  # noqa: E402

from ebbtide.audio.decode import decode  # noqa: E402
from ebbtide.core import lock as core_lock  # noqa: E402
from ebbtide.core.crypto import ScryptParams  # noqa: E402
from ebbtide.core.recordings import RecordingLibrary  # noqa: E402
from ebbtide.core.store import Store  # noqa: E402

AIM_OPEN, AIM_IMPORT = 1.25, 2.0
TRACK = REPO / "audio" / "voice" / "body-scan-15.ogg"


def _wav(path: Path, seconds: float) -> Path:
    rng = np.random.default_rng(7)
    rate = 44100
    with soundfile.SoundFile(str(path), "w", rate, 2, subtype="PCM_16") as f:
        for _ in range(int(seconds)):
            f.write((rng.standard_normal((rate, 2)) * 3000).astype(np.int16))
    return path


def _median_pair(first: Callable[[], None], second: Callable[[], None],
                 trials: int) -> tuple[float, float]:
    a, b = [], []
    for _ in range(trials):
        for fn, out in ((first, a), (second, b)):
            started = time.perf_counter()
            fn()
            out.append(time.perf_counter() - started)
    return statistics.median(a), statistics.median(b)


def _library(folder: Path, locked: bool) -> RecordingLibrary:
    store = Store.open(folder / "ebbtide.sqlite3").store
    if locked:
        core_lock.enable_lock(store, "a bench passphrase", params=ScryptParams(n=2**10))
    return RecordingLibrary(store, folder / "recordings", checker=lambda path: 60.0)


def measure(source: Path, work: Path, trials: int) -> tuple[float, float]:
    plain_lib = _library(work / "plain", locked=False)
    sealed_lib = _library(work / "sealed", locked=True)
    plain_rec = plain_lib.import_file(source, "plain")
    sealed_rec = sealed_lib.import_file(source, "sealed")
    cache = work / "cache"

    def open_with(lib: RecordingLibrary, uid: str) -> Callable[[], None]:
        def run() -> None:
            rec = lib.get(uid)
            assert rec is not None
            voice = decode(lib.path_of(rec), cache_dir=cache, opener=lib.opener(rec))
            voice.close()
        return run

    sealed, plain = _median_pair(open_with(sealed_lib, sealed_rec.uid),
                                 open_with(plain_lib, plain_rec.uid), trials)
    open_ratio = sealed / plain
    print(f"  open     sealed {sealed * 1000:8.1f} ms   plain {plain * 1000:8.1f} ms   "
          f"ratio {open_ratio:5.2f}")

    def add_to(lib: RecordingLibrary) -> Callable[[], None]:
        return lambda: lib.purge_deleted() or lib.delete(lib.import_file(source, "x").uid)

    sealed, plain = _median_pair(add_to(sealed_lib), add_to(plain_lib), trials)
    import_ratio = sealed / plain
    mb = source.stat().st_size / 1e6
    print(f"  import   sealed {sealed * 1000:8.1f} ms   plain {plain * 1000:8.1f} ms   "
          f"ratio {import_ratio:5.2f}   ({mb / sealed:6.0f} MB/s sealed)")
    plain_lib.store.close()
    sealed_lib.store.close()
    return open_ratio, import_ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ebbtide-sealed-bench-") as tmp:
        work = Path(tmp)
        wav = _wav(work / "five-minutes.wav", 300)
        results = {}
        for source in (TRACK, wav):
            info = soundfile.info(str(source))
            print(f"{source.name}: {info.duration:.0f} s, {info.samplerate} Hz, "
                  f"{info.channels} channel(s), {source.stat().st_size / 1e6:.1f} MB")
            folder = work / source.stem
            folder.mkdir()
            results[source.suffix] = measure(source, folder, args.trials)
            shutil.rmtree(folder)
    for suffix, (open_ratio, import_ratio) in results.items():
        kind = "Ogg" if suffix == ".ogg" else "WAV"
        verdict(f"open a sealed {kind} recording vs plain", f"{open_ratio:.2f}×",
                f"≤ {AIM_OPEN}×", open_ratio <= AIM_OPEN)
        verdict(f"import a {kind} recording sealed vs plain", f"{import_ratio:.2f}×",
                f"≤ {AIM_IMPORT}×", import_ratio <= AIM_IMPORT)


if __name__ == "__main__":
    main()
