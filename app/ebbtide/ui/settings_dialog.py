"""Settings: appearance, sound, and where the data lives. Changes apply at once and are
saved at once; there is nothing to confirm."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSlider,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.settings import SettingKey
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.roles import honest_tabs
from ebbtide.ui.context import UiContext
from ebbtide.ui.theme import space


def _privacy_tabs(ctx: UiContext) -> list[tuple[str, QWidget]]:
    from ebbtide.ui.privacy.settings_tab import privacy_settings_tabs

    return privacy_settings_tabs(ctx)


def _reminders_tabs(ctx: UiContext) -> list[tuple[str, QWidget]]:
    from ebbtide.ui.steady.settings_tab import reminders_settings_tabs

    return reminders_settings_tabs(ctx)


#: Extra tabs other parts of the app add: each a function (ctx) -> [(title, widget)].
EXTRA_TABS: list[Callable[[UiContext], list[tuple[str, QWidget]]]] = [_privacy_tabs,
                                                                       _reminders_tabs]

THEME_CHOICES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


class SettingsDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        # No fixed minimum: the layout knows how small the widest tab can go without
        # cutting its words, and a fixed one let the dialog squeeze them.
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Settings sections")
        honest_tabs(self.tabs)
        self.tabs.addTab(self._appearance(), "Appearance")
        self.tabs.addTab(self._sound(), "Sound")
        self.tabs.addTab(self._data(), "Your data")
        for make_tabs in EXTRA_TABS:
            for title, widget in make_tabs(ctx):
                self.tabs.addTab(widget, title)
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        # A choice here takes effect at once, so no tab has an action of its own to
        # single out: closing, with everything kept, is what the dialog is for.
        buttons.button(QDialogButtonBox.StandardButton.Close).setProperty("role", "primary")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _appearance(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Colours"))
        self.theme_group = QButtonGroup(page)
        for key, label in THEME_CHOICES:
            radio = QRadioButton(label)
            radio.setAccessibleName(f"Colours: {label}")
            radio.setProperty("theme_key", key)
            radio.setChecked(self.ctx.settings[SettingKey.THEME] == key)
            self.theme_group.addButton(radio)
            layout.addWidget(radio)
        self.theme_group.buttonToggled.connect(self._theme_toggled)
        self.reduced_motion = QCheckBox("Reduce motion (still shapes, a slowly filling bar)")
        self.reduced_motion.setAccessibleName("Reduce motion")
        self.reduced_motion.setChecked(self.ctx.settings[SettingKey.REDUCED_MOTION])
        self.reduced_motion.toggled.connect(
            lambda on: self.ctx.set_setting(SettingKey.REDUCED_MOTION, on))
        layout.addSpacing(space("m"))
        layout.addWidget(self.reduced_motion)
        self.show_streaks = QCheckBox("Show how many days in a row I practised")
        self.show_streaks.setAccessibleName("Show streaks")
        self.show_streaks.setChecked(self.ctx.settings[SettingKey.SHOW_STREAKS])
        self.show_streaks.toggled.connect(
            lambda on: self.ctx.set_setting(SettingKey.SHOW_STREAKS, on))
        layout.addWidget(self.show_streaks)
        # Trust yourself: the person's own lists at the end of a hard practice.
        self.true_about_you = QCheckBox(
            "After a hard practice, show things that are true about me")
        self.true_about_you.setAccessibleName(
            "After a hard practice, show things that are true about me: my strengths, "
            "values and boundaries from Trust yourself")
        self.true_about_you.setChecked(self.ctx.settings[SettingKey.SHOW_TRUE_ABOUT_YOU])
        self.true_about_you.toggled.connect(
            lambda on: self.ctx.set_setting(SettingKey.SHOW_TRUE_ABOUT_YOU, on))
        layout.addWidget(self.true_about_you)
        layout.addStretch(1)
        return page

    def _theme_toggled(self, button: QRadioButton, checked: bool) -> None:
        if checked:
            self.ctx.set_setting(SettingKey.THEME, button.property("theme_key"))

    def _sound(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.sounds_on = QCheckBox("Play sounds")
        self.sounds_on.setAccessibleName("Play sounds")
        self.sounds_on.setChecked(self.ctx.settings[SettingKey.SOUNDS_ON])
        self.sounds_on.toggled.connect(lambda on: self.ctx.set_setting(SettingKey.SOUNDS_ON, on))
        layout.addWidget(self.sounds_on)
        row = QHBoxLayout()
        row.addWidget(QLabel("Volume"))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setPageStep(10)
        self.volume.setAccessibleName("Volume")
        self.volume.setValue(self.ctx.settings[SettingKey.VOLUME])
        self.volume_label = QLabel(f"{self.volume.value()}%")
        self.volume.valueChanged.connect(self._volume_changed)
        row.addWidget(self.volume, 1)
        row.addWidget(self.volume_label)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _volume_changed(self, value: int) -> None:
        self.volume_label.setText(f"{value}%")
        self.ctx.set_setting(SettingKey.VOLUME, value)

    def _data(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Everything you save is kept on this computer, in:"))
        self.data_dir_label = QLabel(str(self.ctx.paths.data_dir))
        self.data_dir_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.data_dir_label.setWordWrap(True)
        layout.addWidget(self.data_dir_label)
        open_button = QPushButton("Open folder")
        open_button.setAccessibleName("Open the data folder")
        open_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.paths.data_dir)))
        )
        layout.addWidget(open_button, 0, Qt.AlignmentFlag.AlignLeft)
        logs = role_label(f"Logs (never containing what you write): {self.ctx.paths.log_dir}",
                          "muted", wrap=True)
        layout.addWidget(logs)
        layout.addSpacing(space("m"))
        layout.addWidget(self._country_row())
        layout.addStretch(1)
        return page

    def _country_row(self) -> QWidget:
        """Whose crisis and domestic-abuse lines come first, everywhere they are shown."""
        from ebbtide.core.help_lines import SOMEWHERE_ELSE, load_help_lines

        row_widget = QWidget()
        row = QHBoxLayout(row_widget)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel("Help lines for:")
        self.country = QComboBox()
        self.country.setAccessibleName("Help lines for: the country whose lines come first")
        label.setBuddy(self.country)
        self.country.addItem("This computer's region", None)
        for code, help_here in load_help_lines().countries.items():
            self.country.addItem(help_here.name, code)
        self.country.addItem("Somewhere else (a directory of lines)", SOMEWHERE_ELSE)
        chosen = self.ctx.settings[SettingKey.COUNTRY]
        found = self.country.findData(chosen) if chosen else 0
        self.country.setCurrentIndex(max(0, found))
        self.country.currentIndexChanged.connect(
            lambda _i: self.ctx.set_setting(SettingKey.COUNTRY, self.country.currentData()))
        row.addWidget(label)
        row.addWidget(self.country)
        row.addStretch(1)
        return row_widget
