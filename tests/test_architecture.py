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


# -- layers and circles --------------------------------------------------------------------

# Lower layers never import higher ones: core < audio < ui < application/cli.
LAYER = {"core": 0, "logs": 0, "audio": 1, "ui": 2, "application": 3, "self_check": 3, "cli": 4,
         "__main__": 5}


def _module_name(path: Path) -> str:
    parts = path.relative_to(APP).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("ebbtide", *parts))


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node that runs: imports under `if TYPE_CHECKING:` are for the type checker
    only and make no circle at run time."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    return [n for n in ast.walk(tree) if id(n) not in skipped]


def _ebbtide_imports(path: Path, modules: set[str]) -> set[str]:
    """Every ebbtide module a file imports when it runs, at the top or inside a function
    (a name imported from a module counts as that module, or as the submodule it is)."""
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        found.update(n for n in names if n in modules)
    return found


def _graph() -> dict[str, set[str]]:
    paths = list(APP.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    graph = {_module_name(p): _ebbtide_imports(p, modules) - {_module_name(p)} for p in paths}
    # A module's own package (its __init__) is not a dependency that makes a circle.
    return {k: {d for d in v if not k.startswith(d + ".")} for k, v in graph.items()}


def _layer(module: str) -> int:
    parts = module.split(".")
    return LAYER.get(parts[1], 0) if len(parts) > 1 else 0


def test_no_module_imports_a_higher_layer() -> None:
    upward = sorted(
        f"{src} -> {dst}"
        for src, deps in _graph().items()
        for dst in deps
        if _layer(dst) > _layer(src)
    )
    assert upward == []


def test_there_are_no_import_circles() -> None:
    """Any import, lazy or not, counts: a circle hidden inside a function is still one."""
    graph = _graph()
    circles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                circles.append([*stack[stack.index(dep):], dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert circles == []
