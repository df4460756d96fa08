"""The main window: calm navigation on the left, one page at a time on the right, crisis
help always one click away. Pages are imported the first time they are shown.

At start-up the window can show the check-in first and build the rest (menus and their
keys, the navigation's tooltips, whatever the application adds with `when_painted`) just
after its first paint, so a person can type a number the moment the window is there.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ebbtide import APP_NAME
from ebbtide.core.keys import load_keys
from ebbtide.core.settings import SettingKey
from ebbtide.ui.common.fit import least_height
from ebbtide.ui.common.honest_list import HonestList
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import ChangeNotice
from ebbtide.ui.page import Page
from ebbtide.ui.registry import PAGES, PageKey, PageSpec
from ebbtide.ui.theme import ThemeManager, margins, measure, space

NOTICE_MS = 6000


class PageFrame(QScrollArea):
    """Holds one page. The page fills the window's height, and its width up to the
    page's measure (a theme token: a comfortable reading width), centred beyond that;
    only when the window is shorter than the page's own minimum does it scroll up and
    down, instead of squeezing its parts over each other. (QScrollArea's own resizing
    follows wrapped text's preferred height, so it would scroll pages that fit; this
    follows the minimum.)"""

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(page)
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().eventFilter(watched, event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return super().viewportEvent(event)

    def _fit(self) -> None:
        page = self.widget()
        if page is None:
            return
        room = self.maximumViewportSize()
        width = min(room.width(), widest(page))
        # What the step on show needs (Qt's minimum is the largest step's), with text
        # wrapped onto the lines it takes at this width (Qt's counts one line).
        least = least_height(page, width)
        if least > room.height():  # the scroll bar takes some width
            scroll_bar = self.verticalScrollBar().sizeHint().width()
            page.resize(min(room.width() - scroll_bar, widest(page)), least)
        else:
            page.resize(width, room.height())


class _EarlyKeys(QObject):
    """Until the menus are built (just after the first paint): a key that may belong to a
    menu or the lock builds them at once. Qt asks the focus widget and then its window
    (ShortcutOverride) before it looks the key up among the shortcuts, so the key finds
    what was just built. Removed once they are, so later events pay nothing for it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and _may_be_a_window_key(event)):
            self.window.keys_now()
        return False


def _may_be_a_window_key(event: QKeyEvent) -> bool:
    """Ctrl, Alt or Meta with a key, or a function key: the window's keys (keys.toml)
    and the menus' letters are all of these; typing a number or a word is not."""
    held = event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                | Qt.KeyboardModifier.AltModifier
                                | Qt.KeyboardModifier.MetaModifier)
    return bool(held) or Qt.Key.Key_F1.value <= event.key() <= Qt.Key.Key_F35.value


def widest(page: QWidget) -> int:
    """The page's measure plus its own side margins: it grows no wider than this."""
    name = page.measure if isinstance(page, Page) else "text"
    layout = page.layout()
    sides = 0
    if layout is not None:
        margins = layout.contentsMargins()
        sides = margins.left() + margins.right()
    return measure(name) + sides


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext, theme: ThemeManager | None = None, *,
                 rest_after_paint: bool = False) -> None:
        """With `rest_after_paint`, menus and keys are built just after the first paint
        (start-up); otherwise at once (tests, and a start with the lock on)."""
        super().__init__()
        self.ctx = ctx
        self.theme = theme
        self.specs: list[PageSpec] = list(PAGES)
        self.pages: dict[str, Page] = {}
        self._page_frames: dict[str, PageFrame] = {}
        self._current: Page | None = None
        self.tray: Any = None  # the tray controller, when the app installs one
        self.steady_window: QWidget | None = None
        self._quitting = False
        self._built = False
        self._painted = False
        self._after_paint: list[Callable[[], None]] = []
        self._for_keys: list[Callable[[], None]] = []
        self._early_keys: _EarlyKeys | None = None
        self._menu_additions: list[QAction] = []
        self.setWindowTitle(APP_NAME)
        self.setAccessibleName(APP_NAME)
        self.resize(1100, 720)
        self.setMinimumSize(760, 520)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._build_sidebar())
        self.stack = QStackedWidget()
        self.stack.setAccessibleName("Page")
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        if not rest_after_paint:
            self.build_rest()
        else:  # should no paint come (a window started minimised), build it anyway
            QTimer.singleShot(1500, self._first_paint_done)
            self._early_keys = _EarlyKeys(self)
            self.installEventFilter(self._early_keys)
        self.statusBar().setAccessibleName("Messages")

        ctx.notice.connect(lambda text: self.statusBar().showMessage(text, NOTICE_MS))
        ctx.ops.changed.connect(self._data_changed)
        ctx.practice_requested.connect(self._practice_requested)
        ctx.crisis_requested.connect(self.show_crisis)
        self.navigation.currentRowChanged.connect(self._show_row)
        self.navigation.setCurrentRow(0)

    # -- building ---------------------------------------------------------------------

    def _build_sidebar(self) -> QWidget:
        side = QWidget()
        side.setFixedWidth(220)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(margins("m", "l", "m"))
        layout.setSpacing(space("m"))
        name = role_label(APP_NAME, "title")
        name.setAccessibleName(APP_NAME)
        layout.addWidget(name)
        self.navigation = HonestList()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Pages")
        self.navigation.setAccessibleDescription("Choose a practice. Ctrl and a number also work.")
        for spec in self.specs:
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spec.title)
            self.navigation.addItem(item)
        layout.addWidget(self.navigation, 1)
        # Steady me now sits beside the crisis button: both are for hard moments.
        self.steady_button = QPushButton("Steady me now")
        self.steady_button.setAccessibleName("Steady me now: rate, breathe, name it")
        self.steady_button.clicked.connect(lambda _=False: self.show_steady())
        layout.addWidget(self.steady_button)
        self.crisis_button = QPushButton("If you need help now")
        self.crisis_button.setAccessibleName(
            "If you need help now: crisis phone lines you can reach now")
        self.crisis_button.clicked.connect(self.show_crisis)
        layout.addWidget(self.crisis_button)
        return side

    def build_rest(self) -> None:
        """Menus, their keys and the navigation's tooltips (once)."""
        if self._built:
            return
        self._built = True
        if self._early_keys is not None:
            self.removeEventFilter(self._early_keys)
        keys = load_keys()  # reads keys.toml: kept off the first paint
        for row, spec in enumerate(self.specs):
            item = self.navigation.item(row)
            item.setToolTip(f"{spec.hint}  ({keys[f'window.go.{spec.key}'].label})")
        self.steady_button.setToolTip(f"A short guided path  ({keys['window.steady'].label})")
        self._build_menus()
        for action in self._menu_additions:
            self.app_menu.insertAction(self._app_menu_end, action)
        self._menu_additions.clear()

    def when_painted(self, callback: Callable[[], None], *, first: bool = False,
                     keys: bool = False) -> None:
        """Run `callback` just after the window's first paint (at once if it is past);
        `first`: before the others (what the person is waiting to see); `keys`: it
        installs keys (the lock's), so a key pressed before then runs it at once."""
        if self._painted:
            callback()
            return
        if first:
            self._after_paint.insert(0, callback)
        else:
            self._after_paint.append(callback)
        if keys:
            self._for_keys.append(callback)

    def keys_now(self) -> None:
        """Build what keys need now (a key came before the first paint's work)."""
        for callback in [c for c in self._after_paint if any(c is k for k in self._for_keys)]:
            self._after_paint.remove(callback)
            callback()
        self._for_keys.clear()
        self.build_rest()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Queued: the paint pass this event belongs to finishes first.
            QTimer.singleShot(0, self._first_paint_done)

    def _first_paint_done(self) -> None:
        if self._painted and self._built and not self._after_paint:
            return
        self._painted = True
        # One at a time, so a dialog one of them opens (the welcome) is painted as soon
        # as it can be, and the rest follow inside its event loop. Each is taken from the
        # list when its turn comes: a key may have run one already (`keys_now`).
        for _ in range(len(self._after_paint) + 1):
            QTimer.singleShot(0, self._run_next)

    def _run_next(self) -> None:
        if self._after_paint:
            self._after_paint.pop(0)()
        else:
            self.build_rest()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.app_menu = app_menu = bar.addMenu("&Ebbtide")
        self._action(app_menu, "S&teady me now", "window.steady",
                     lambda _=False: self.show_steady())
        self._action(app_menu, "&Settings…", "window.settings", self.show_settings)
        self._action(app_menu, "A &report for your therapist…", None, self.show_report)
        self._app_menu_end = app_menu.addSeparator()
        self._action(app_menu, "&Quit", "window.quit", self.quit_app)
        go = bar.addMenu("&Go")
        for n, spec in enumerate(self.specs):  # keys.toml has a window.go.<key> per page
            # "&&": a page title's "&" is a letter to show, not a mnemonic ("Name & Check").
            self._action(go, spec.title.replace("&", "&&"), f"window.go.{spec.key}",
                         lambda _=False, i=n: self.show_page(i))
        go.addSeparator()
        # One key from anywhere: a new trigger entry (Notice & record).
        self._action(go, "Log a &trigger…", "window.notice.trigger",
                     lambda _=False: self.ctx.practice_requested.emit(
                         PageKey.NOTICE, {"entry": "trigger"}))
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Help", "window.help", lambda _=False: self.show_help())
        self._action(help_menu, "&Keys", None, lambda _=False: self.show_help("keys.md"))
        self._action(help_menu, "&Welcome", None, self.show_welcome)
        self._action(help_menu, "If you need help &now", None, self.show_crisis)
        self._action(help_menu, "&Professional help and support groups", None,
                     lambda _=False: self.show_professional_help())

    def _action(self, menu, text, key_id, slot):  # type: ignore[no-untyped-def]
        """A menu action; its keys (if `key_id` is given) come from keys.toml."""
        action = QAction(text, self)
        if key_id is not None:
            action.setShortcuts([QKeySequence(s) for s in load_keys().sequences(key_id)])
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def add_to_app_menu(self, action: QAction) -> None:
        """For parts installed after the window is built (the lock)."""
        if self._built:
            self.app_menu.insertAction(self._app_menu_end, action)
        else:
            self._menu_additions.append(action)

    # -- pages ----------------------------------------------------------------------------

    def show_page(self, index: int) -> None:
        if 0 <= index < len(self.specs):
            self.navigation.setCurrentRow(index)

    def page(self, key: str) -> Page:
        """The page for `key`, created (and its module imported) on first use."""
        if key not in self.pages:
            spec = next(s for s in self.specs if s.key == key)
            module = importlib.import_module(spec.module)
            page: Page = getattr(module, spec.class_name)(self.ctx)
            self.pages[key] = page
            frame = PageFrame(page)
            self._page_frames[key] = frame
            self.stack.addWidget(frame)
        return self.pages[key]

    def _practice_requested(self, key: str, options: dict[str, object]) -> None:
        if key == "steady":  # a result screen's next step after a harder moment
            self.show_steady()
            return
        index = next((i for i, s in enumerate(self.specs) if s.key == key), None)
        if index is None:
            return
        self.show_page(index)
        if options:
            self.page(key).start_practice(options)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        spec = self.specs[row]
        if self._current is not None:
            self._current.page_hidden()
        page = self.page(spec.key)
        self.stack.setCurrentWidget(self._page_frames[spec.key])
        self._current = page
        self.setWindowTitle(f"{spec.title} — {APP_NAME}")
        page.page_shown()

    @property
    def current_page(self) -> Page | None:
        return self._current

    # -- dialogs ------------------------------------------------------------------------

    def show_settings(self) -> None:
        from ebbtide.ui.settings_dialog import SettingsDialog  # dialogs load when asked for

        SettingsDialog(self.ctx, self).exec()

    def show_help(self, chapter: str = "index.md") -> None:
        from ebbtide.ui.help_dialogs import HelpDialog

        HelpDialog(self, chapter).exec()

    def show_crisis(self) -> None:
        from ebbtide.ui.help_dialogs import CrisisDialog

        CrisisDialog(self.ctx, self).exec()

    def show_professional_help(self, page: str = "start") -> None:
        from ebbtide.ui.support.dialog import ProfessionalHelpDialog

        ProfessionalHelpDialog(self.ctx, self, page).exec()

    def show_report(self) -> None:
        from ebbtide.ui.report.composer import ReportDialog

        ReportDialog(self.ctx, self).exec()

    def show_welcome(self) -> None:
        first_time = not self.ctx.settings[SettingKey.WELCOME_SEEN]
        from ebbtide.ui.help_dialogs import WelcomeDialog

        WelcomeDialog(self.ctx.paths, self.show_crisis, self).exec()
        self.welcome_closed(first_time)

    def welcome_closed(self, first_time: bool) -> None:
        """The welcome is seen; the first time, the lock is offered."""
        self.ctx.set_setting(SettingKey.WELCOME_SEEN, True)
        if first_time:
            from ebbtide.ui.privacy.lock import offer_lock

            offer_lock(self, self.ctx)  # kindly, once; it can be turned on later too

    def welcome_if_first_run(self) -> None:
        if not self.ctx.settings[SettingKey.WELCOME_SEEN]:
            QTimer.singleShot(0, self.show_welcome)

    # -- steady me now and the tray (ui/steady) ---------------------------------------------

    def show_steady(self, breath_only: bool = False) -> None:
        """The guided path in its own window (only breathing while locked)."""
        if self.steady_window is not None and self.steady_window.isVisible():
            self.steady_window.raise_()
            self.steady_window.activateWindow()
            return
        from ebbtide.ui.steady.window import SteadyWindow

        window = SteadyWindow(self.ctx, breath_only=breath_only or self.is_locked(),
                              open_page=self.show_window, show_crisis=self.show_crisis)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        window.destroyed.connect(lambda _=None: setattr(self, "steady_window", None))
        self.steady_window = window
        window.show()

    def show_window(self, page: str | None = None,
                    options: dict[str, object] | None = None) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()
        if page is not None:
            self._practice_requested(page, options or {})

    def breathe_now(self, pattern_id: str) -> None:
        """From the tray: two minutes of breathing at once, no question first."""
        self.show_window("breathe")
        page = self.page("breathe")
        page.start_pattern(pattern_id, 2, ask_rating=False)  # type: ignore[attr-defined]

    def is_locked(self) -> bool:
        from ebbtide.core.lock import is_locked
        from ebbtide.ui.privacy.lock import controller_for

        controller = controller_for(self.ctx)
        return bool(controller is not None and controller.locked) or is_locked(self.ctx.store)

    def is_busy(self) -> bool:
        """An exercise is running (reminders wait until it ends)."""
        steady = self.steady_window
        return bool((self._current is not None and self._current.busy())
                    or (steady is not None and steady.isVisible()))

    def lock_now(self) -> None:
        from ebbtide.ui.privacy.lock import controller_for

        controller = controller_for(self.ctx)
        if controller is not None:
            controller.lock()

    def quit_app(self) -> None:
        self._quitting = True
        self.close()

    # -- settings that the window itself follows ----------------------------------------

    def _data_changed(self, notice: ChangeNotice) -> None:
        if notice.setting is SettingKey.THEME and self.theme is not None:
            self.theme.apply(self.ctx.settings[SettingKey.THEME])

    # -- closing ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._quitting and self.tray is not None and self.tray.keeps_running(self):
            self.hide()  # still in the tray; Quit there ends it
            event.ignore()
            return
        if self.tray is not None:
            self.tray.shut_down()
            if self.tray.icon is not None:  # with a tray, closing windows does not quit
                QTimer.singleShot(0, QCoreApplication.quit)
        if self.steady_window is not None:
            self.steady_window.close()  # the path keeps what was done
        for page in self.pages.values():
            page.shutting_down()  # pages save what is running, as stopped early
        self.ctx.stop_all_sound()
        self.ctx.finish_writes()  # nothing asked for is lost on quit
        event.accept()
