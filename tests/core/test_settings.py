import json
import logging

import pytest

from ebbtide.core.settings import SETTINGS, Settings


def test_a_missing_file_gives_the_defaults(paths) -> None:
    s = Settings.load(paths.settings_file)
    assert s["theme"] == "system" and s["volume"] == 70 and s["reduced_motion"] is False
    assert s["show_streaks"] is False  # no pressure unless asked for


def test_settings_survive_a_restart(paths) -> None:
    s = Settings.load(paths.settings_file)
    assert s.set("theme", "dark") and s.set("volume", 35) and s.set("reduced_motion", True)
    assert s.dirty
    s.save()
    assert not s.dirty
    again = Settings.load(paths.settings_file)
    assert (again["theme"], again["volume"], again["reduced_motion"]) == ("dark", 35, True)


@pytest.mark.parametrize(
    ("key", "bad"),
    [("theme", "purple"), ("volume", 101), ("volume", "loud"), ("volume", True),
     ("reduced_motion", "yes"), ("lock_idle_minutes", -5), ("country", "nz"),
     ("country", "New Zealand"), ("country", 64)],
)
def test_a_bad_value_falls_back_to_its_default_with_a_log_line(paths, caplog, key, bad) -> None:
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text(json.dumps({key: bad, "sounds_on": False}))
    with caplog.at_level(logging.WARNING):
        s = Settings.load(paths.settings_file)
    assert s[key] == SETTINGS[key].default
    assert s["sounds_on"] is False  # the good values in the same file are kept
    assert any(key in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b"\xff\xfe\x00garbage", b""])
def test_an_unreadable_file_gives_defaults_and_never_raises(paths, content) -> None:
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_bytes(content)
    assert Settings.load(paths.settings_file).as_dict() == {
        k: v.default for k, v in SETTINGS.items()
    }


def test_set_refuses_a_bad_value_and_changes_nothing(paths) -> None:
    s = Settings.load(paths.settings_file)
    assert s.set("volume", 500) is False
    assert s["volume"] == 70
    assert not paths.settings_file.exists()


def test_the_country_for_crisis_help_is_none_until_chosen_and_survives_a_restart(paths
                                                                                  ) -> None:
    s = Settings.load(paths.settings_file)
    assert s["country"] is None  # from the system's locale until the person chooses
    assert s.set("country", "IE")
    s.save()
    assert Settings.load(paths.settings_file)["country"] == "IE"
    assert s.set("country", None)
    s.save()
    assert Settings.load(paths.settings_file)["country"] is None
