"""Runs Ebbtide under Xvfb with a private D-Bus session and the AT-SPI bus, and has
walker.py (system Python, pyatspi) read it from outside. `python -m tests.a11y.atspi_run`
prints the per-page figures: interactive nodes, unnamed ones, names that hide text."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"
NEEDS = "run packaging/install-system-deps.sh (xvfb, dbus, at-spi2-core, python3-pyatspi)"


def missing_tools() -> list[str]:
    """What the environment lacks to run the suite; empty when it can."""
    lacking = [tool for tool in ("Xvfb", "dbus-run-session") if shutil.which(tool) is None]
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        lacking.append("at-spi-bus-launcher (at-spi2-core)")
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True,
                           check=False) if Path(SYSTEM_PYTHON).exists() else None
    if probe is None or probe.returncode != 0:
        lacking.append(f"pyatspi for {SYSTEM_PYTHON} (python3-pyatspi)")
    return lacking


@dataclass
class Walk:
    pages: dict[str, list[dict]]  # AT-SPI nodes showing on each page or dialog
    labels: dict[str, dict[str, str]]  # what each window's labels show: text -> name
    events: dict[str, list[dict]]
    navigation: list[str] = field(default_factory=list)
    scale_after_choosing: dict[str, str] = field(default_factory=dict)

    def names_without_their_words(self) -> list[tuple[str, str]]:
        """Buttons and boxes whose name leaves out the words they show: voice control
        says the words seen. Key hints in brackets and a trailing … are not words."""
        missing = []
        for key, buttons in self.labels.items():
            if not key.endswith(" (buttons)"):
                continue
            for text, name in buttons.items():
                words = re.sub(r"\s*\([^)]*\)\s*$", "", text).rstrip("…").strip().lower()
                if name and words not in name.lower() and (text, name) not in missing:
                    missing.append((text, name))
        return missing

    def interactive(self, page: str) -> list[dict]:
        return [n for n in self.pages[page] if n["interactive"]]

    def unnamed(self, page: str) -> list[dict]:
        return [n for n in self.interactive(page) if not n["name"].strip()]

    def hidden_texts(self, page: str) -> list[str]:
        """Texts a label shows that no node on the page says (its name covers them)."""
        window = page.split(",")[0]  # "Check in, after saving" is the Check in window
        walked = [n for key, nodes in self.pages.items() if key.split(",")[0] == window
                  for n in nodes]
        said = [" ".join(n["name"].split()) for n in walked if n["label"]]
        said += [" ".join((n["text"] or "").split()) for n in walked]
        # A control may carry the words drawn inside it (the distress scale's anchors).
        said += [" ".join(n["description"].split()) for n in walked if n["interactive"]]
        return [text for text in self.labels.get(window, {})
                if not any(text in words for words in said)]


def seed(data_dir: Path) -> None:
    """A few weeks of sessions, so Progress draws its charts."""
    from ebbtide.core.sessions import SessionRecord
    from ebbtide.core.store import Store

    store = Store.open(data_dir / "ebbtide.sqlite3").store
    now = time.time()
    records = []
    for day in range(1, 15):
        start = now - day * 86400
        records.append(SessionRecord("breathing", start, "box", start + 300, 300.0,
                                     6 + day % 3, 3 + day % 2))
        records.append(SessionRecord("checkin", start + 600, distress_before=4 + day % 4))
    store.add_sessions(records)
    store.close()


def run_walk(work: Path, app_dir: Path | None = None) -> Walk:
    lacking = missing_tools()
    if lacking:
        raise RuntimeError(f"The accessibility suite can't run: missing {', '.join(lacking)}; "
                           f"{NEEDS}.")
    data = work / "data"
    data.mkdir(parents=True, exist_ok=True)
    seed(data)
    labels_file = work / "labels.json"
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x900x24",
                             "-nolisten", "tcp"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        assert xvfb.stdout is not None
        display = xvfb.stdout.readline().decode().strip()
        if not display:
            raise RuntimeError("Xvfb did not start.")
        app = str(app_dir or HERE.parents[1] / "app")
        env = dict(os.environ, DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb",
                   QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_ACCESSIBILITY="1",
                   EBBTIDE_A11Y_LABELS=str(labels_file), NO_AT_BRIDGE="0",
                   PYTHONPATH=os.pathsep.join([app, str(HERE.parents[1])]))
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        env.pop("AT_SPI_BUS_ADDRESS", None)
        done = subprocess.run(
            ["dbus-run-session", "--", SYSTEM_PYTHON, str(HERE / "walker.py"),
             sys.executable, str(HERE / "observed_app.py"), "--data-dir", str(data)],
            capture_output=True, text=True, timeout=100, env=env, check=False)
    finally:
        xvfb.terminate()
        xvfb.wait(10)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        said = "\n".join(line for line in done.stderr.splitlines()
                          if not line.startswith(("qt.accessibility", "dbus-daemon")))
        raise RuntimeError(f"The AT-SPI walk failed ({done.returncode}):\n{said[-3000:]}")
    found = json.loads(lines[-1])
    if os.environ.get("EBBTIDE_A11Y_KEEP"):
        Path(os.environ["EBBTIDE_A11Y_KEEP"]).write_text(lines[-1])
    labels = json.loads(labels_file.read_text()) if labels_file.exists() else {}
    return Walk(found["pages"], labels, found["events"], found.get("navigation", []),
                found.get("scale_after_choosing", {}))


def main() -> None:
    import tempfile

    app_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory() as tmp:
        walk = run_walk(Path(tmp), app_dir)
    print(f"{'page':28} interactive  unnamed  names hiding text  claiming focus")
    for text, name in walk.names_without_their_words():
        print(f"name leaves out its words: {text!r} is read {name!r}")
    for page in walk.pages:
        print(f"{page:28} {len(walk.interactive(page)):11}  {len(walk.unnamed(page)):7}  "
              f"{len(walk.hidden_texts(page)):17}  "
              f"{sum('focused' in n['states'] for n in walk.pages[page])}")
        for text in walk.hidden_texts(page):
            print(f"    hidden: {text[:90]}")
        for node in walk.unnamed(page):
            print(f"    unnamed: {node['role']} {node['description'][:60]}")


if __name__ == "__main__":
    main()
