"""`ebbtide --self-check`: does this copy of Ebbtide work on this computer? Opens the store
in a temporary folder, the main window offscreen (every page once) and plays one second
of a tone, printing one line per check. Exit 0 when all worked. Nothing of the person's
own data is read or written. The bundled app's smoke test runs it, and anyone helping a
person can ask them to.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from ebbtide import APP_NAME, __version__

# The tone the sound check plays; the bundle's smoke test checks the captured samples
# against these.
TONE_S = 1.0
TONE_HZ = 440.0
TONE_LEVEL = 0.3

Say = Callable[[str], None]


def _say(line: str) -> None:
    print(line, flush=True)


def run_self_check(say: Say = _say) -> int:
    # Before any QApplication exists: the check never needs a screen.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance() or QApplication([sys.argv[0]])
    say(f"{APP_NAME} {__version__} self-check")
    with tempfile.TemporaryDirectory(prefix="ebbtide-self-check-") as folder:
        ok = _checks(Path(folder), app, say)
    say("all checks passed" if ok else "a check failed")
    return 0 if ok else 1


def _checks(folder: Path, app: QCoreApplication, say: Say) -> bool:
    from ebbtide.core.paths import resolve_paths
    from ebbtide.core.settings import Settings
    from ebbtide.core.store import Store

    paths = resolve_paths(folder)
    try:
        store = Store.open(paths.database).store
        store.meta_set("self_check", "written")
        if store.meta_get("self_check") != "written":
            raise RuntimeError("what was written did not read back")
    except Exception as exc:
        say(f"store: FAILED ({_why(exc)})")
        return False
    say(f"store: ok (opened, written and read back in {folder})")

    from ebbtide.ui.context import UiContext
    from ebbtide.ui.main_window import MainWindow

    ctx = UiContext(paths, store, Settings.load(paths.settings_file))
    window = None
    try:
        try:
            window = MainWindow(ctx)
            window.show()
            for index in range(len(window.specs)):  # pages load on first show
                window.show_page(index)
                app.processEvents()
            if not window.isVisible() or len(window.pages) != len(window.specs):
                raise RuntimeError("the window or a page did not open")
        except Exception as exc:
            say(f"window: FAILED ({_why(exc)})")
            return False
        say(f"window: ok (opened offscreen, {len(window.pages)} pages shown)")

        engine = ctx.audio
        if engine.available:
            from ebbtide.audio.synth import tone

            engine.set_muted(False)
            engine.set_volume(1.0)
            engine.play_effect(tone(TONE_S, TONE_HZ, level=TONE_LEVEL))
            engine.wait_quiet(TONE_S + 5.0)
        if not engine.available:
            say(f"sound: FAILED ({engine.unavailable_reason})")
            return False
        say(f"sound: ok (played {TONE_S:g} s of a {TONE_HZ:g} Hz tone)")
        return True
    finally:
        if window is not None:
            window.close()
        if ctx.audio_started:
            ctx.audio.close()
        app.processEvents()
        store.close()
        from ebbtide.ui.teardown import release_widgets

        release_widgets()  # every page was shown, charts too: taken apart in order


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
