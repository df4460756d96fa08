import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

REPO = Path(__file__).resolve().parent.parent
DESKTOP = REPO / "packaging" / "linux" / "org.ebbtide.Ebbtide.desktop"
METAINFO = REPO / "packaging" / "linux" / "org.ebbtide.Ebbtide.metainfo.xml"
ICON = REPO / "resources" / "icons" / "ebbtide.svg"


def test_icon_is_an_svg() -> None:
    root = ElementTree.parse(ICON).getroot()
    assert root.tag.endswith("svg")


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-utils not installed (make installs it on Debian)")
def test_desktop_file_validates() -> None:
    out = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True,
                         text=True)
    assert out.returncode == 0 and out.stdout.strip() == "", out.stdout


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstream not installed (make installs it on Debian)")
def test_metainfo_validates() -> None:
    out = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_desktop_file_and_metainfo_agree_on_the_id() -> None:
    root = ElementTree.parse(METAINFO).getroot()
    assert root.findtext("launchable") == DESKTOP.name
    assert "Exec=ebbtide" in DESKTOP.read_text()


def test_the_software_centre_screenshot_is_one_the_repository_has() -> None:
    root = ElementTree.parse(METAINFO).getroot()
    urls = [image.text or "" for image in root.iter("image")]
    assert urls, "no <screenshots> for software centres"
    for url in urls:
        assert url.startswith("https://") and "/main/" in url
        assert (REPO / url.split("/main/", 1)[1]).is_file(), url


FLATPAK = REPO / "packaging" / "flatpak" / "org.ebbtide.Ebbtide.yml"


def test_flatpak_installs_the_validated_desktop_file_metainfo_and_icon() -> None:
    text = FLATPAK.read_text()
    assert "id: org.ebbtide.Ebbtide" in text and "command: ebbtide" in text
    for shipped in (DESKTOP, METAINFO, ICON):
        assert str(shipped.relative_to(REPO)) in text
    assert "- --share=network" not in text  # Ebbtide never goes online


def test_flatpak_carries_every_dependency_ebbtide_needs_on_its_python() -> None:
    import re
    import tomllib

    from packaging.requirements import Requirement

    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    env = {"python_version": "3.12", "python_full_version": "3.12.0"}  # the runtime's
    wanted = [r.name for r in map(Requirement, deps) if r.marker is None or r.marker.evaluate(env)]
    files = [url.rsplit("/", 1)[1] for url in re.findall(r"url: (\S+)", FLATPAK.read_text())]
    normal = [re.sub(r"[-_.]+", "_", f).lower() for f in files]
    for name in wanted:
        key = re.sub(r"[-_.]+", "_", name).lower() + "_"
        assert any(f.startswith(key) for f in normal), f"{name} has no source in {FLATPAK.name}"


def test_every_bundle_carries_the_typeface_and_its_licence() -> None:
    import tomllib

    tokens = tomllib.loads((REPO / "resources" / "themes" / "tokens.toml").read_text())
    fonts = REPO / "resources" / "fonts"
    for name in [*tokens["font"]["files"], "OFL.txt", "README.md"]:
        assert (fonts / name).is_file(), name
    # The wheel (and so the flatpak, which installs it) and the frozen app take all of
    # resources/, fonts included.
    wheel = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    assert wheel["targets"]["wheel"]["force-include"]["resources"] == "ebbtide/_data/resources"
    spec = (REPO / "packaging" / "pyinstaller" / "ebbtide.spec").read_text()
    assert '(str(ROOT / "resources"), "resources")' in spec
    assert "pip3 install" in FLATPAK.read_text()
