"""The one style module. Light and dark colours from resources/themes/{light,dark}.toml
and the shared design tokens (typeface, type scale, spacing, radii, the reading measure)
from resources/themes/tokens.toml, applied as a QPalette, the app's font and one style
sheet. Widgets never carry sizes or colours of their own: they take a role
(`setProperty("role", ...)`) the sheet styles, or ask this module for a token."""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, fields
from functools import cache
from typing import Any, Literal

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from ebbtide.core.paths import resource_path

log = logging.getLogger(__name__)


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
    control_border: str
    danger: str
    # Lines of a chart with several series (the five signs): told apart in colour and
    # also by their marker shape, so colour is never the only clue.
    series_1: str
    series_2: str
    series_3: str
    series_4: str
    series_5: str

    @property
    def series(self) -> tuple[str, ...]:
        return (self.series_1, self.series_2, self.series_3, self.series_4, self.series_5)
    soft: str
    soft_hover: str


class ThemeError(ValueError):
    pass


@dataclass(frozen=True)
class TypeStyle:
    size: float  # points
    weight: int  # 400 regular, 600 semibold

    def css(self) -> str:
        return f"font-size: {self.size:g}pt; font-weight: {self.weight};"


TYPE_NAMES = ("display", "title", "lead", "echo", "heading", "subtitle", "body", "caption",
              "print")
SPACE_NAMES = ("xs", "s", "m", "l", "xl", "xxl")
RADIUS_NAMES = ("s", "m", "l")
MEASURE_NAMES = ("text", "wide", "charts")


@dataclass(frozen=True)
class Tokens:
    """Everything but colour: shared by both themes."""

    family: str
    font_files: tuple[str, ...]
    mono: str
    type: dict[str, TypeStyle]
    space: dict[str, int]
    radius: dict[str, int]
    measure: dict[str, int]
    tones: dict[str, str]
    chart: dict[str, str]
    paper: dict[str, str]


def _table(data: dict[str, Any], key: str, names: tuple[str, ...], where: str) -> dict[str, Any]:
    table = data.get(key)
    if not isinstance(table, dict):
        raise ThemeError(f"{where}: no [{key}] table")
    missing = [n for n in names if n not in table]
    if missing:
        raise ThemeError(f"{where}: [{key}] lacks {', '.join(missing)}")
    return table


def _colours(table: dict[str, Any], key: str, where: str) -> dict[str, str]:
    for name, value in table.items():
        if not QColor.isValidColorName(str(value)):
            raise ThemeError(f"{where}: [{key}] {name} = {value!r} is not a colour")
    return {name: str(value) for name, value in table.items()}


@cache
def tokens() -> Tokens:
    path = resource_path("themes", "tokens.toml")
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ThemeError(f"{where}: {exc}") from exc
    font = _table(data, "font", ("family", "files", "mono"), where)
    scale = _table(data, "type", TYPE_NAMES, where)
    try:
        type_scale = {n: TypeStyle(float(scale[n]["size"]), int(scale[n]["weight"]))
                      for n in TYPE_NAMES}
        space = {n: int(v) for n, v in _table(data, "space", SPACE_NAMES, where).items()}
        radius = {n: int(v) for n, v in _table(data, "radius", RADIUS_NAMES, where).items()}
        measure = {n: int(v) for n, v in _table(data, "measure", MEASURE_NAMES, where).items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise ThemeError(f"{where}: a size is missing or not a number ({exc})") from exc
    return Tokens(
        family=str(font["family"]), font_files=tuple(str(f) for f in font["files"]),
        mono=str(font["mono"]), type=type_scale, space=space, radius=radius,
        measure=measure, tones=_colours(_table(data, "tones", ("none",), where), "tones", where),
        chart=_colours(_table(data, "chart", (), where), "chart", where),
        paper=_colours(_table(data, "paper", ("paper", "ink", "muted_ink", "rule", "accent"),
                              where), "paper", where))


def space(name: str) -> int:
    """A spacing step in pixels (xs, s, m, l, xl, xxl) for margins and gaps."""
    return tokens().space[name]


Step = str | Literal[0]  # a spacing step's name, or 0 for none


def margins(sides: Step, top: Step | None = None, bottom: Step | None = None) -> QMargins:
    """A layout's margins from spacing steps (0 for none), for `setContentsMargins`:
    `sides` left and right, `top` (the sides' step if not given) and `bottom` (the
    top's). `margins("xl", "l")` is 24 px at the sides and 16 above and below."""
    def step(value: Step) -> int:
        if isinstance(value, str):
            return space(value)
        if value != 0:
            raise ValueError(f"a margin is a spacing step or 0, not {value!r}")
        return 0
    top = sides if top is None else top
    bottom = top if bottom is None else bottom
    return QMargins(step(sides), step(top), step(sides), step(bottom))


def measure(name: str = "text") -> int:
    """The widest a page's content grows, in pixels (text, wide, charts)."""
    return tokens().measure[name]


def tone_colour(tone: str | None) -> str:
    """The colour of one of the feeling wheel's cores (or a neutral one)."""
    tones = tokens().tones
    return tones.get(tone or "", tones["none"])


def chart_colour(name: str) -> str:
    return tokens().chart[name]


def paper_colour(name: str) -> str:
    """A colour of printed pages (PDF exports): ink on white, whatever the app's theme."""
    return tokens().paper[name]


def paint_as_paper(widget: QWidget) -> None:
    """Draw `widget`'s words in ink, on no background: for rendering onto a printed page
    (an app style sheet would otherwise colour them for the screen's theme)."""
    widget.setStyleSheet(f"color: {paper_colour('ink')}; background: transparent;")


def paper_document_css() -> str:
    """Headings and table rules of a printed document, from the type scale."""
    ty = tokens().type
    return (f"h1 {{ font-size: {ty['title'].size - 2:g}pt; }} "
            f"h2 {{ font-size: {ty['heading'].size - 0.5:g}pt; margin-top: 14px; }} "
            f"h3 {{ font-size: {ty['body'].size:g}pt; }} "
            f"th {{ border-bottom: 1px solid {paper_colour('rule')}; }}")


def font(style: str = "body") -> QFont:
    """The app's typeface at one step of the type scale (for painting and print)."""
    t = tokens()
    step = t.type[style]
    made = QFont(t.family)
    made.setPointSizeF(step.size)
    made.setWeight(QFont.Weight(step.weight))
    return made


_fonts_loaded: bool | None = None


def load_fonts() -> bool:
    """Register the shipped typeface once. False (and the platform's font is used) when a
    file is missing or unreadable: the app must start all the same."""
    global _fonts_loaded
    if _fonts_loaded is None:
        loaded = True
        for name in tokens().font_files:
            if QFontDatabase.addApplicationFont(str(resource_path("fonts", name))) < 0:
                log.warning("Could not load the font %s", name)
                loaded = False
        _fonts_loaded = loaded
    return _fonts_loaded


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


def _icon_url(name: str, theme: str) -> str:
    """A style-sheet url() for one of the theme's small SVG icons (tick, chevrons);
    absolute, with forward slashes, so it works from any working folder and on Windows."""
    return f'url("{resource_path("icons", f"{name}-{theme}.svg").as_posix()}")'


def _tone_rules(t: Tokens) -> str:
    rules = []
    for tone, colour in t.tones.items():
        rules.append(f'QFrame[tone="{tone}"] {{ background: {colour}; border-radius: 2px; }}')
        rules.append(f'QPushButton[tone="{tone}"] {{ border-bottom: 4px solid {colour}; }}')
    return "\n    ".join(rules)


def _style_sheet(c: ThemeColors) -> str:
    tick = _icon_url("check", c.name)
    down = _icon_url("chevron-down", c.name)
    up = _icon_url("chevron-up", c.name)
    t = tokens()
    ty, r, sp = t.type, t.radius, t.space
    return f"""
    QWidget {{ font-family: "{t.family}"; {ty["body"].css()} }}
    QLabel[role="title"] {{ {ty["title"].css()} }}
    QLabel[role="subtitle"] {{ {ty["subtitle"].css()} color: {c.text_muted}; }}
    QLabel[role="heading"] {{ {ty["heading"].css()} }}
    QLabel[role="lead"] {{ {ty["lead"].css()} }}
    QLabel[role="echo"] {{ {ty["echo"].css()} color: {c.text_muted}; }}
    QLabel[role="display"] {{ {ty["display"].css()} }}
    QLabel[role="caption"] {{ {ty["caption"].css()} color: {c.text_muted}; }}
    QLabel[role="muted"] {{ color: {c.text_muted}; }}
    *[role="strong"] {{ font-weight: 600; }}
    QLabel[role="question"] {{ font-weight: 600; margin-top: {sp["s"]}px; }}
    QLabel[role="flag-note"] {{ background: {c.surface_alt}; border-radius: {r["m"]}px;
                                padding: {sp["s"]}px {sp["m"]}px;
                                border-left: 4px solid {c.focus}; }}
    QFrame[role="safety"] {{ background: {c.surface_alt}; border-radius: {r["l"]}px;
                             border-left: 5px solid {c.focus}; }}
    QLabel[role="notice"] {{ background: {c.surface_alt}; border-radius: {r["m"]}px;
                             padding: {sp["s"]}px {sp["m"]}px; }}
    QFrame[role="card"] {{ background: {c.surface}; border: 1px solid {c.border};
                           border-radius: {r["l"]}px; }}
    QListWidget#navigation {{ background: {c.surface_alt}; border: 2px solid transparent;
                              border-radius: {r["m"]}px; padding: 6px; outline: none; }}
    QListWidget#navigation:focus {{ border-color: {c.focus}; }}
    QListWidget#navigation::item {{ padding: 8px 14px; border-radius: {r["m"]}px;
                                    margin: 1px 0; }}
    QListWidget#navigation::item:selected {{ background: {c.accent}; color: {c.accent_text};
                                             font-weight: 600; }}
    /* Lists whose rows are read and chosen: room around each row. */
    QListWidget[role="roomy"]::item {{ padding: 6px 10px; border-radius: {r["s"]}px; }}
    QWidget[role="month"] QLabel[role="notice"] {{ border: 1px solid {c.accent};
                                                 padding: {sp["xs"]}px; }}
    QPushButton[role="point"] {{ padding: 5px 2px; }}
    QListWidget[role="steps"] {{ padding: {sp["xs"]}px; }}
    QListWidget[role="steps"]::item {{ padding: 5px 6px; border-radius: {r["s"]}px; }}
    /* A feeling-wheel core's colour: a strip beside a chosen word, a line under a core. */
    {_tone_rules(t)}

    /* Buttons: one filled primary action per view; quiet, soft secondary ones; text
       buttons (role link or text) for the rest. */
    QPushButton {{ padding: 6px 16px; border-radius: {r["m"]}px; border: 1px solid {c.soft};
                   background: {c.soft}; color: {c.text}; min-height: 24px; }}
    QPushButton:hover {{ border-color: {c.soft_hover}; background: {c.soft_hover}; }}
    QPushButton:disabled {{ border-color: {c.border}; background: transparent;
                            color: {c.text_muted}; }}
    QPushButton[role="primary"] {{ background: {c.accent}; color: {c.accent_text};
                                   border-color: {c.accent}; font-weight: 600; }}
    QPushButton[role="primary"]:disabled {{ background: {c.surface_alt}; color: {c.text_muted};
                                            border-color: {c.border}; }}
    QPushButton:checked {{ background: {c.accent}; color: {c.accent_text};
                           border-color: {c.accent}; }}
    QPushButton[role="link"], QPushButton[role="text"] {{ border: 2px solid transparent;
        background: transparent; color: {c.accent}; }}
    QPushButton[role="link"] {{ text-decoration: underline; }}
    QPushButton[role="text"] {{ font-weight: 600; padding: 4px 8px; min-height: 20px; }}
    QPushButton[role="link"]:hover, QPushButton[role="text"]:hover {{
        border-color: transparent; background: {c.soft}; }}
    QPushButton[role="link"]:disabled, QPushButton[role="text"]:disabled {{
        color: {c.text_muted}; background: transparent; }}
    /* A button that opens a menu: room for its arrow. */
    QPushButton[menu="true"] {{ padding-right: 34px; }}
    /* The distress scale's eleven numbers: narrow, so all fit a small window. */
    #distressScale QPushButton {{ padding: 6px 2px; }}
    /* Feeling words on the wheel: a little tighter than other buttons. */
    QPushButton[role="feeling"] {{ padding: 4px 10px; }}
    QPushButton[role="feeling-core"] {{ padding: 6px 6px; }}
    QPushButton[role="feeling"][weight="strong"] {{ font-weight: 600; }}
    QPushButton::menu-indicator {{ image: {down}; subcontrol-origin: padding;
                                   subcontrol-position: center right; width: 12px;
                                   height: 12px; right: 10px; }}
    QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}

    QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit {{
        border: 1px solid {c.control_border}; border-radius: 6px; padding: 4px 6px;
        background: {c.surface}; }}
    QLineEdit:disabled, QComboBox:disabled, QSpinBox:disabled, QDoubleSpinBox:disabled,
    QDateEdit:disabled {{ border-color: {c.border}; background: {c.window}; }}
    QListWidget, QListView, QTreeView, QTableView {{ border: 1px solid {c.control_border};
        border-radius: 6px; background: {c.surface}; }}
    QListView::item:selected {{ background: {c.accent}; color: {c.accent_text}; }}
    QTableView::item {{ padding: 4px 10px; }}
    QHeaderView::section {{ background: {c.surface_alt}; color: {c.text}; padding: 5px 10px;
        border: none; border-bottom: 1px solid {c.border}; font-weight: 600; }}

    /* The drop-down list of a combo box: a clear highlighted row, not a blank box. */
    QComboBox {{ padding-right: 4px; min-height: 22px; combobox-popup: 0; }}
    QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
                            width: 24px; border: none; }}
    QComboBox::down-arrow {{ image: {down}; width: 12px; height: 12px; }}
    QComboBox QAbstractItemView {{ background: {c.surface}; color: {c.text};
        border: 1px solid {c.control_border}; outline: none; padding: 2px;
        selection-background-color: {c.accent}; selection-color: {c.accent_text}; }}
    QComboBox QAbstractItemView::item {{ min-height: 26px; padding: 2px 8px; }}
    QComboBox QAbstractItemView::item:selected, QComboBox QAbstractItemView::item:hover {{
        background: {c.accent}; color: {c.accent_text}; }}

    /* Spin boxes: two roomy steppers with a chevron each, instead of squashed arrows. */
    QSpinBox, QDoubleSpinBox, QDateEdit {{ padding: 3px 24px 3px 6px; }}
    QSpinBox::up-button, QDoubleSpinBox::up-button, QDateEdit::up-button,
    QSpinBox::down-button, QDoubleSpinBox::down-button, QDateEdit::down-button {{
        subcontrol-origin: border; width: 22px; background: {c.surface_alt};
        border-left: 1px solid {c.border}; }}
    QSpinBox::up-button, QDoubleSpinBox::up-button, QDateEdit::up-button {{
        subcontrol-position: top right; border-top-right-radius: 6px;
        border-bottom: 1px solid {c.border}; }}
    QSpinBox::down-button, QDoubleSpinBox::down-button, QDateEdit::down-button {{
        subcontrol-position: bottom right; border-bottom-right-radius: 6px; }}
    QSpinBox::up-button:hover, QDoubleSpinBox::up-button:hover, QDateEdit::up-button:hover,
    QSpinBox::down-button:hover, QDoubleSpinBox::down-button:hover,
    QDateEdit::down-button:hover {{ background: {c.border}; }}
    QSpinBox::up-arrow, QDoubleSpinBox::up-arrow, QDateEdit::up-arrow {{
        image: {up}; width: 10px; height: 10px; }}
    QSpinBox::down-arrow, QDoubleSpinBox::down-arrow, QDateEdit::down-arrow {{
        image: {down}; width: 10px; height: 10px; }}
    /* A date box with a calendar has one drop-down instead of two steppers. */
    QDateEdit::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
                            width: 24px; border: none; }}
    QSpinBox::up-arrow:disabled, QDoubleSpinBox::up-arrow:disabled,
    QSpinBox::down-arrow:disabled, QDoubleSpinBox::down-arrow:disabled {{ image: none; }}

    /* Tick boxes and round choices with edges you can see in both themes. */
    QCheckBox, QRadioButton {{ spacing: 8px; padding: 0 2px; border: 2px solid transparent;
                               border-radius: 6px; }}
    QCheckBox::indicator, QRadioButton::indicator {{ width: 16px; height: 16px;
        border: 2px solid {c.control_border}; background: {c.surface}; }}
    QCheckBox::indicator {{ border-radius: 4px; }}
    QRadioButton::indicator {{ border-radius: 10px; }}
    QCheckBox::indicator:hover, QRadioButton::indicator:hover {{ border-color: {c.accent}; }}
    QCheckBox::indicator:checked {{ background: {c.accent}; border-color: {c.accent};
                                    image: {tick}; }}
    QRadioButton::indicator:checked {{ border-color: {c.accent}; background: qradialgradient(
        cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5, stop: 0 {c.accent},
        stop: 0.5 {c.accent}, stop: 0.56 {c.surface}, stop: 1 {c.surface}); }}
    QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{
        border-color: {c.border}; background: {c.window}; }}
    QCheckBox::indicator:checked:disabled {{ background: {c.border}; }}

    QGroupBox {{ border: 1px solid {c.border}; border-radius: 8px; margin-top: 24px;
                 padding: 6px 4px 4px 4px; }}
    QGroupBox::title {{ subcontrol-origin: margin; subcontrol-position: top left; left: 2px;
                        padding: 0 2px; font-weight: 600; }}
    QTabWidget::pane {{ border: 1px solid {c.border}; border-radius: {r["m"]}px; top: -1px; }}
    /* No padding on a dialog's tab pane: Qt leaves it out of the tabs' smallest size,
       so it cut words at the edge; each tab page keeps its own margins instead. */
    QTabBar::tab {{ padding: 7px 16px; margin-right: 4px; border: 1px solid {c.border};
                    border-bottom: none; border-top-left-radius: 8px;
                    border-top-right-radius: 8px; background: {c.surface_alt}; }}
    QTabBar::tab:selected {{ background: {c.surface}; font-weight: 600; }}
    QTabWidget[compact="true"] QTabBar::tab {{ padding: 7px 10px; margin-right: 2px; }}
    QTabBar::tab:hover:!selected {{ border-color: {c.accent}; }}

    QSlider::groove:horizontal {{ height: 4px; border-radius: 2px;
                                  background: {c.control_border}; }}
    QSlider::sub-page:horizontal {{ border-radius: 2px; background: {c.accent}; }}
    QSlider::handle:horizontal {{ width: 18px; height: 18px; margin: -9px 0;
        border-radius: 10px; background: {c.surface}; border: 2px solid {c.accent}; }}
    QSlider {{ border: 2px solid transparent; border-radius: 6px; padding: 2px; }}
    QSlider:horizontal {{ min-height: 26px; }}

    /* Quiet scroll bars: a rounded handle you can still see, no arrow buttons. */
    QScrollBar:vertical {{ background: transparent; width: 12px; margin: 0; }}
    QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 0; }}
    QScrollBar::handle:vertical {{ background: {c.control_border}; border-radius: 4px;
                                   min-height: 32px; margin: 2px; }}
    QScrollBar::handle:horizontal {{ background: {c.control_border}; border-radius: 4px;
                                     min-width: 32px; margin: 2px; }}
    QScrollBar::handle:hover {{ background: {c.accent}; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
    QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}

    QToolTip {{ background: {c.surface}; color: {c.text}; border: 1px solid {c.control_border};
                padding: 4px 8px; }}
    QMenu {{ background: {c.surface}; border: 1px solid {c.control_border}; padding: 4px; }}
    QMenu::item {{ padding: 6px 20px; border-radius: 4px; }}
    QMenu::item:selected {{ background: {c.accent}; color: {c.accent_text}; }}

    /* One focus ring for everything you can reach with Tab. Last, so it wins. */
    QPushButton:focus, QToolButton:focus, QListWidget:focus, QListView:focus,
    QTreeView:focus, QTableView:focus, QLineEdit:focus, QPlainTextEdit:focus,
    QTextEdit:focus, QComboBox:focus, QSpinBox:focus, QSlider:focus, QCheckBox:focus,
    QRadioButton:focus, QTabBar::tab:focus, QDoubleSpinBox:focus, QDateEdit:focus,
    QScrollArea#patternDetails:focus {{
        outline: none; border: 2px solid {c.focus}; }}
    QPushButton:focus {{ padding: 5px 15px; }}
    QPushButton[role="link"]:focus {{ padding: 6px 16px; }}
    QPushButton[role="text"]:focus {{ padding: 4px 8px; }}
    QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus {{
        padding: 3px 5px; }}
    QComboBox:focus {{ padding-right: 3px; }}
    QSpinBox:focus, QDoubleSpinBox:focus, QDateEdit:focus {{ padding: 2px 23px 2px 5px; }}
    QComboBox QAbstractItemView:focus {{ border: 1px solid {c.control_border}; }}
    QScrollArea#patternDetails {{ border: 2px solid transparent; border-radius: 8px;
                                  background: transparent; }}
    QScrollArea#patternDetails > QWidget > QWidget {{ background: transparent; }}
    QLabel#recoveryKey {{ border: 2px solid transparent; font-family: "{t.mono}", monospace;
                          font-size: 17pt; font-weight: 600; padding: {sp["l"]}px; }}
    /* A chart's canvas takes the focus ring too. */
    QGraphicsView[role="chart"] {{ border: 2px solid transparent; border-radius: 4px; }}
    QGraphicsView[role="chart"]:focus {{ border: 2px solid {c.focus}; }}
    QLabel#recoveryKey:focus {{ border: 2px solid {c.focus}; }}
    #distressScale {{ border: 2px solid transparent; border-radius: 10px; }}
    #distressScale:focus {{ border: 2px solid {c.focus}; }}
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
        if load_fonts():
            self.app.setFont(font("body"))
        self.app.setStyle("Fusion")
        self.app.setPalette(_palette(self.current))
        self.app.setStyleSheet(_style_sheet(self.current))

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.choice == "system":
            self.apply("system")
