"""Professional help, explained: pages open from Help and from *If you need help now*;
a link opens in the browser only when clicked, and nothing is fetched."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl

from ebbtide.core.settings import SettingKey
from ebbtide.ui.support import dialog as support


def test_pages_open_and_links_wait_for_a_click(qtbot, ui_ctx, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(support, "open_url", lambda url: opened.append(url.toString()))
    ui_ctx.settings.set(SettingKey.COUNTRY, "GB")
    view = support.ProfessionalHelpDialog(ui_ctx)
    qtbot.addWidget(view)
    view.show()
    assert view.current is not None and view.current.id == "start"
    assert "not advised" in view.browser.toPlainText()
    # Down the list by keyboard to each page; none of them opens anything by itself.
    view.page_list.setFocus()
    titles = []
    for _ in range(view.page_list.count() - 1):
        qtbot.keyClick(view.page_list, Qt.Key.Key_Down)
        titles.append(view.current.title)
        assert "Sources" in view.browser.toPlainText()
    assert "Gottman-method couples therapy" in titles and "Support groups" in titles
    view.open_page("finding")
    text = view.browser.toPlainText()
    assert text.index("United Kingdom") < text.index("United States")
    assert "BACP Find a Therapist" in text
    assert opened == []
    # A click hands that one address to the person's browser.
    view.browser.anchorClicked.emit(QUrl("https://www.bacp.co.uk/about-therapy/how-to-find-a-therapist/"))
    assert opened == ["https://www.bacp.co.uk/about-therapy/how-to-find-a-therapist/"]
    view.browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert len(opened) == 1  # only web pages, only https


def test_the_crisis_page_has_a_quiet_way_in(qtbot, ui_ctx, monkeypatch):
    from ebbtide.ui.help_dialogs import CrisisDialog

    shown: list[str] = []
    monkeypatch.setattr(support.ProfessionalHelpDialog, "exec",
                        lambda self: shown.append(self.current.id))
    crisis = CrisisDialog(ui_ctx)
    qtbot.addWidget(crisis)
    assert crisis.professional.property("role") == "link"
    crisis.professional.click()
    assert shown == ["finding"]
