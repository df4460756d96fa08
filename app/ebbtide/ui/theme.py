"""Light and dark themes from resources/themes/*.toml, applied as a QPalette plus a
small style sheet (sizes, spacing and a clearly visible focus ring)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ebbtide.core.paths import resource_path


@dataclass(frozen=True)
class ThemeColors:
    name: str
    window: str
    surface: str
    surface_alt: str
    text: str
    text_muted: str
    accent: str
    accent_text: str
    focus: str
    border: str
    danger: str


class ThemeError(ValueError):
    pass


@cache
def load_theme(name: str) -> ThemeColors:
    path = resource_path("themes", f"{name}.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ThemeError(f"{path}: {exc}") from exc
    wanted = {f.name for f in fields(ThemeColors)}
    missing = wanted - data.keys()
    if missing:
        raise ThemeError(f"{path}: missing {', '.join(sorted(missing))}")
    for key in wanted - {"name"}:
        if not QColor.isValidColorName(str(data[key])):
            raise ThemeError(f"{path}: {key} = {data[key]!r} is not a colour")
    return ThemeColors(**{k: str(data[k]) for k in wanted})


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def effective_theme(choice: str) -> str:
    """'system' follows what the platform reports; light when it reports nothing."""
    if choice in ("light", "dark"):
        return choice
    return "dark" if system_prefers_dark() else "light"


def _palette(c: ThemeColors) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    sets = {
        role.Window: c.window,
        role.WindowText: c.text,
        role.Base: c.surface,
        role.AlternateBase: c.surface_alt,
        role.Text: c.text,
        role.Button: c.surface_alt,
        role.ButtonText: c.text,
        role.Highlight: c.accent,
        role.HighlightedText: c.accent_text,
        role.ToolTipBase: c.surface,
        role.ToolTipText: c.text,
        role.PlaceholderText: c.text_muted,
        role.Link: c.accent,
        role.BrightText: c.danger,
        role.Mid: c.border,
        role.Midlight: c.surface_alt,
    }
    for r, colour in sets.items():
        p.setColor(r, QColor(colour))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, r, QColor(c.text_muted))
    return p


def _style_sheet(c: ThemeColors) -> str:
    return f"""
    QWidget {{ font-size: 11pt; }}
    QLabel[role="title"] {{ font-size: 20pt; font-weight: 600; }}
    QLabel[role="subtitle"] {{ font-size: 13pt; color: {c.text_muted}; }}
    QLabel[role="muted"] {{ color: {c.text_muted}; }}
    QLabel[role="notice"] {{ background: {c.surface_alt}; border-radius: 8px; padding: 8px 12px; }}
    QFrame[role="card"] {{ background: {c.surface}; border: 1px solid {c.border};
                           border-radius: 12px; }}
    QListWidget#navigation {{ background: {c.surface_alt}; border: none; padding: 8px;
                              outline: none; }}
    QListWidget#navigation::item {{ padding: 10px 14px; border-radius: 8px; margin: 2px 0; }}
    QListWidget#navigation::item:selected {{ background: {c.accent}; color: {c.accent_text}; }}
    QPushButton {{ padding: 6px 16px; border-radius: 8px; border: 1px solid {c.border};
                   background: {c.surface}; min-height: 24px; }}
    QPushButton:hover {{ border-color: {c.accent}; }}
    QPushButton[role="primary"] {{ background: {c.accent}; color: {c.accent_text};
                                   border-color: {c.accent}; font-weight: 600; }}
    QPushButton:checked {{ background: {c.accent}; color: {c.accent_text}; }}
    QPushButton:focus, QToolButton:focus, QListWidget:focus, QLineEdit:focus,
    QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QSpinBox:focus,
    QSlider:focus, QCheckBox:focus, QRadioButton:focus, QTabBar::tab:focus,
    QDoubleSpinBox:focus, QDateEdit:focus {{
        outline: none; border: 2px solid {c.focus}; }}
    #distressScale {{ border: 2px solid transparent; border-radius: 10px; }}
    #distressScale:focus {{ border: 2px solid {c.focus}; }}
    QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit {{
        border: 1px solid {c.border}; border-radius: 6px; padding: 4px 6px;
        background: {c.surface}; }}
    QStatusBar {{ color: {c.text_muted}; }}
    """


class ThemeManager:
    """Applies the chosen theme and, on 'system', follows the platform live."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.choice = "system"
        self.current: ThemeColors = load_theme("light")
        app.styleHints().colorSchemeChanged.connect(self._system_changed)

    def apply(self, choice: str) -> None:
        self.choice = choice
        self.current = load_theme(effective_theme(choice))
        self.app.setStyle("Fusion")
        self.app.setPalette(_palette(self.current))
        self.app.setStyleSheet(_style_sheet(self.current))

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.choice == "system":
            self.apply("system")
