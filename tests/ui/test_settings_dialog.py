import json

from ebbtide.ui.settings_dialog import SettingsDialog
from tests.ui.a11y import unnamed_controls


def test_changes_are_saved_at_once(qtbot, ui_ctx) -> None:
    dialog = SettingsDialog(ui_ctx)
    qtbot.addWidget(dialog)
    changed: list[str] = []
    ui_ctx.settings_changed.connect(changed.append)
    dialog.reduced_motion.setChecked(True)
    dialog.volume.setValue(40)
    dark = next(b for b in dialog.theme_group.buttons() if b.property("theme_key") == "dark")
    dark.setChecked(True)
    saved = json.loads(ui_ctx.paths.settings_file.read_text())
    assert (saved["reduced_motion"], saved["volume"], saved["theme"]) == (True, 40, "dark")
    assert changed == ["reduced_motion", "volume", "theme"]


def test_shows_where_the_data_lives_and_every_control_is_named(qtbot, ui_ctx) -> None:
    dialog = SettingsDialog(ui_ctx)
    qtbot.addWidget(dialog)
    assert dialog.data_dir_label.text() == str(ui_ctx.paths.data_dir)
    for i in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(i)
        assert unnamed_controls(dialog.tabs.widget(i)) == []
