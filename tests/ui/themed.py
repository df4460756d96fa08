"""The whole main window in one theme, for tests that look at a page as a person sees
it; the application's palette, style sheet, style and font are put back afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication

from ebbtide.core.settings import SettingKey
from ebbtide.ui import theme as theme_module
from ebbtide.ui.main_window import MainWindow


@contextmanager
def themed_window(qtbot, qapp: QApplication, ctx, theme: str) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    saved = (qapp.palette(), qapp.styleSheet(), qapp.style().name(), qapp.font())
    try:
        themes = theme_module.ThemeManager(qapp)
        themes.apply(theme)
        ctx.settings.set(SettingKey.WELCOME_SEEN, True)
        window = MainWindow(ctx, themes)
        qtbot.addWidget(window)
        window.show()
        yield window
    finally:
        qapp.setStyle(saved[2])
        qapp.setFont(saved[3])
        qapp.setPalette(saved[0])
        qapp.setStyleSheet(saved[1])
