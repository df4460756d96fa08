import subprocess
import sys

from ebbtide import __version__


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ebbtide", *args], capture_output=True,
                          text=True, timeout=60)


def test_version_answers_without_starting_qt() -> None:
    out = _run("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"Ebbtide {__version__}"
    probe = subprocess.run(
        [sys.executable, "-c",
         "import sys\nfrom ebbtide.cli import build_parser\n"
         "try:\n build_parser().parse_args(['--version'])\nexcept SystemExit: pass\n"
         "print('PySide6' in sys.modules)"],
        capture_output=True, text=True, check=True)
    assert probe.stdout.strip().endswith("False")


def test_help_explains_the_data_dir_option() -> None:
    out = _run("--help")
    assert out.returncode == 0
    assert "--data-dir" in out.stdout and "EBBTIDE_DATA_DIR" in out.stdout
