import json

from ebbtide.ui.settings_dialog import SettingsDialog
from tests.ui.a11y import unnamed_controls


def test_changes_apply_at_once_and_reach_the_file_a_moment_later(qtbot, ui_ctx) -> None:
    dialog = SettingsDialog(ui_ctx)
    qtbot.addWidget(dialog)
    changed: list[str] = []
    ui_ctx.ops.changed.connect(lambda notice: changed.append(notice.setting))
    dialog.reduced_motion.setChecked(True)
    dialog.volume.setValue(40)
    dark = next(b for b in dialog.theme_group.buttons() if b.property("theme_key") == "dark")
    dark.setChecked(True)
    assert changed == ["reduced_motion", "volume", "theme"]  # the app follows at once

    def saved() -> dict:  # type: ignore[type-arg]
        path = ui_ctx.paths.settings_file
        return json.loads(path.read_text()) if path.exists() else {}

    qtbot.waitUntil(lambda: saved().get("theme") == "dark", timeout=3000)
    assert (saved()["reduced_motion"], saved()["volume"]) == (True, 40)


def test_dragging_the_volume_writes_the_file_once_not_on_every_step(
        qtbot, ui_ctx, monkeypatch) -> None:
    writes: list[int] = []
    real_write = type(ui_ctx.settings).write

    def counting_write(self, values):  # type: ignore[no-untyped-def]
        writes.append(values["volume"])
        real_write(self, values)

    monkeypatch.setattr(type(ui_ctx.settings), "write", counting_write)
    dialog = SettingsDialog(ui_ctx)
    qtbot.addWidget(dialog)
    for value in range(70, 20, -1):  # fifty steps of a drag
        dialog.volume.setValue(value)
    assert writes == []  # nothing written while the slider moves
    path = ui_ctx.paths.settings_file
    qtbot.waitUntil(lambda: path.exists() and json.loads(path.read_text())["volume"] == 21,
                    timeout=3000)
    assert writes == [21]


def test_quitting_writes_a_setting_changed_a_moment_ago(qtbot, ui_ctx) -> None:
    dialog = SettingsDialog(ui_ctx)
    qtbot.addWidget(dialog)
    dialog.volume.setValue(33)
    ui_ctx.finish_writes()  # what the window does on close, before the delay is up
    assert json.loads(ui_ctx.paths.settings_file.read_text())["volume"] == 33


def test_shows_where_the_data_lives_and_every_control_is_named(qtbot, ui_ctx) -> None:
    dialog = SettingsDialog(ui_ctx)
    qtbot.addWidget(dialog)
    assert dialog.data_dir_label.text() == str(ui_ctx.paths.data_dir)
    for i in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(i)
        assert unnamed_controls(dialog.tabs.widget(i)) == []
