#!/usr/bin/env bash
# System packages Ebbtide needs on Debian/Ubuntu: ALSA headers (simpleaudio builds
# against them), the libraries Qt's xcb and offscreen platforms load, and the tools the
# tests use when present (desktop-file-validate, appstreamcli), and binutils (objdump and
# strip, which PyInstaller uses for `make bundle`), and what the accessibility suite
# (tests/a11y) reads the app with: Xvfb, a D-Bus session, the AT-SPI bus and pyatspi for
# the system Python, and poppler-utils (pdftotext, pdfinfo: the therapist report's tests
# read the PDF back). Installs what is missing
# when run as root; otherwise prints the exact command to run.
set -euo pipefail

packages=(
  libasound2-dev
  libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  desktop-file-utils appstream binutils poppler-utils
  xvfb dbus dbus-daemon at-spi2-core python3 python3-pyatspi gir1.2-atspi-2.0
)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian-like system: please install the ALSA development headers and Qt 6's xcb libraries with your package manager." >&2
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Ebbtide needs these system packages. Please run:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
