"""The core and the audio engine are pure: no Qt. Start-up stays light."""

import ast
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app" / "ebbtide"
GUI_MODULES = ("PySide6", "shiboken6", "pyqtgraph")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_and_audio_import_no_qt() -> None:
    offenders = {
        str(p.relative_to(APP)): sorted(_imports(p) & set(GUI_MODULES))
        for folder in ("core", "audio")
        for p in (APP / folder).rglob("*.py")
        if _imports(p) & set(GUI_MODULES)
    }
    assert offenders == {}


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = [
        "ebbtide." + ".".join(p.relative_to(APP).with_suffix("").parts)
        for folder in ("core", "audio")
        for p in sorted((APP / folder).rglob("*.py"))
        if p.name != "__init__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {GUI_MODULES!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_main_window_module_does_not_pull_in_heavy_page_imports() -> None:
    code = (
        "import sys; import ebbtide.ui.main_window\n"
        "print(sorted(m for m in ('numpy', 'pyqtgraph', 'simpleaudio', 'soundfile') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
