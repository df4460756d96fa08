"""`pip install .` gives a working `ebbtide`, with resources, audio and the user guide
inside the wheel (not found by accident from the checkout)."""

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def test_the_installed_wheel_runs_with_its_own_resources(tmp_path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels), str(REPO)], check=True, capture_output=True)
    [wheel] = list(wheels.glob("ebbtide-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    py = env_dir / "bin" / "python"
    ask = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(subprocess.run([str(py), "-c", ask], capture_output=True, text=True,
                               check=True).stdout.strip())
    # Install the wheel alone; borrow the already-installed dependencies (PySide6 and
    # friends) by path, so this test needs no network and stays quick.
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    [entry_points] = list(site.glob("ebbtide-*.dist-info/entry_points.txt"))
    assert "[gui_scripts]\nebbtide = ebbtide.cli:main" in entry_points.read_text()
    (site / "zz_borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EBBTIDE_BENCH_STARTUP="1")
    env.pop("PYTHONPATH", None)
    ask = ("import ebbtide.core.paths as p; print(p.resources_dir()); print(p.audio_dir()); "
           "print(p.guide_dir())")
    where = subprocess.run(
        [str(py), "-c", ask],
        capture_output=True, text=True, check=True, cwd=tmp_path, env=env).stdout.split()
    assert all(Path(w).is_relative_to(site) for w in where), where
    assert (Path(where[2]) / "index.md").is_file()  # Help reads the guide from the wheel
    run = subprocess.run([str(py), "-m", "ebbtide", "--data-dir", str(tmp_path / "d")],
                         capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert run.returncode == 0 and "EBBTIDE_SHOWN" in run.stdout, run.stderr
    version = subprocess.run([str(py), "-m", "ebbtide", "--version"], capture_output=True,
                             text=True, cwd=tmp_path, env=env)
    assert version.stdout.startswith("Ebbtide ")
