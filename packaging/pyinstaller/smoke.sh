#!/usr/bin/env bash
# Smoke test of the bundled app, as a person's computer would run it: build it with
# `make bundle` (or, with --reuse, use dist/ebbtide/ if it is there), then run
# `ebbtide --version` and `ebbtide --self-check` with ALSA's default device pointed at a
# file, check that the file holds one second of the self-check's tone at full volume,
# and check that with no sound device the bundle still opens and says so.
# Run by .ci/run; needs nothing outside the repository but what `make` installs.
set -euo pipefail
cd "$(dirname "$0")/../.."
app=dist/ebbtide/ebbtide
now() { date +%s%N; }
took() { local ms=$(( ($(now) - $1) / 1000000 )); printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100)); }

if [ "${1:-}" != "--reuse" ] || [ ! -x "$app" ]; then
  started=$(now)
  make bundle
  echo "smoke: built in $(took "$started")"
fi
echo "smoke: bundle is $(du -sh dist/ebbtide | cut -f1) unpacked"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Everything the app plays becomes 16-bit stereo at 44.1 kHz in out.raw.
cat > "$work/asound.conf" <<CONF
pcm.!default { type plug; slave { pcm "capture"; channels 2; rate 44100; format S16_LE } }
pcm.capture { type file; slave.pcm "null"; file "$work/out.raw"; format "raw" }
CONF
cat > "$work/no-device.conf" <<CONF
pcm.!default { type hw; card 42 }
CONF
alsa() { echo "/usr/share/alsa/alsa.conf:$work/$1"; }

started=$(now)
version=$("$app" --version)
echo "$version"
[[ "$version" =~ ^Ebbtide\ [0-9]+\.[0-9]+ ]] || { echo "smoke: unexpected --version" >&2; exit 1; }
echo "smoke: --version in $(took "$started")"

started=$(now)
env -u QT_QPA_PLATFORM ALSA_CONFIG_PATH="$(alsa asound.conf)" "$app" --self-check
echo "smoke: --self-check in $(took "$started")"

# The tone of ebbtide/self_check.py (TONE_S, TONE_HZ, TONE_LEVEL) at volume 1.
python3 - "$work/out.raw" <<'PY'
import array, math, sys
samples = array.array("h")
with open(sys.argv[1], "rb") as raw:
    samples.frombytes(raw.read())
if sys.byteorder != "little":
    samples.byteswap()
left = samples[0::2]
rate, seconds, hz, level = 44100, 1.0, 440.0, 0.3
sounding = [i for i, v in enumerate(left) if abs(v) > 100]
assert sounding, "smoke: the captured sound is silent"
length = (sounding[-1] - sounding[0] + 1) / rate
middle = left[sounding[0] + rate // 10 : sounding[-1] - rate // 10]
rms = math.sqrt(sum(v * v for v in middle) / len(middle))
crossings = sum(1 for a, b in zip(middle, middle[1:]) if (a < 0) != (b < 0))
freq = crossings / 2 / (len(middle) / rate)
print(f"smoke: captured {length:.3f} s of sound, {freq:.1f} Hz, RMS {rms:.0f} "
      f"(expected {seconds:g} s, {hz:g} Hz, RMS {level * 32768 / math.sqrt(2):.0f})")
assert abs(length - seconds) < 0.02, "smoke: the tone is not one second long"
assert abs(freq - hz) < 5, "smoke: the tone is not at its pitch"
assert abs(rms - level * 32768 / math.sqrt(2)) < 0.03 * rms, "smoke: the tone is not at its level"
PY

started=$(now)
set +e
quiet=$(env -u QT_QPA_PLATFORM ALSA_CONFIG_PATH="$(alsa no-device.conf)" "$app" --self-check 2>/dev/null)
code=$?
set -e
echo "$quiet"
if [ "$code" -ne 1 ] || ! grep -q "^window: ok" <<<"$quiet" \
    || ! grep -q "^sound: FAILED (No sound device" <<<"$quiet"; then
  echo "smoke: without a sound device the bundle should open and say sound is off" >&2
  exit 1
fi
echo "smoke: no sound device: the window opens and the check says so ($(took "$started"))"
echo "smoke: passed"
