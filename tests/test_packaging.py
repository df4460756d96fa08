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
