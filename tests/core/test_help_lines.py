"""Crisis help per country: every listed country has an emergency number and a crisis
line, every line says where its number was checked and when, numbers hold nothing but
digits, spaces, + and -, and a broken file is reported by file and line."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from ebbtide.core.content import ContentError
from ebbtide.core.help_lines import (
    NUMBER,
    chosen_country,
    country_from_locale,
    crisis_text,
    load_help_lines,
)
from ebbtide.core.help_text import load_help_text
from ebbtide.core.paths import resource_path

from .content_files import broken_copy

CHECKED = date(2026, 11, 30)
ALLOWED_IN_A_NUMBER = re.compile(r"^[0-9 +\-]+$")


def test_every_country_we_promise_is_there_with_an_emergency_number_and_a_crisis_line(
) -> None:
    help_lines = load_help_lines()
    assert {"GB", "US", "IE", "CA", "AU", "NZ"} <= set(help_lines.countries)
    for country in help_lines.countries.values():
        assert country.emergency.call, country.code
        assert country.crisis, country.code
        assert any(line.call or line.text for line in country.crisis), country.code


def test_every_line_names_its_source_page_and_the_date_it_was_checked() -> None:
    for line in load_help_lines().lines():
        assert line.source.startswith(("https://", "http://")), line.name
        assert line.checked == CHECKED, line.name
        assert line.hours and line.about, line.name


def test_numbers_hold_only_digits_spaces_plus_and_minus() -> None:
    for line in load_help_lines().lines():
        for number in (*line.call, *([line.text] if line.text else [])):
            assert ALLOWED_IN_A_NUMBER.match(number), (line.name, number)


def test_the_known_gaps_are_filled() -> None:
    h = load_help_lines()

    def ways(code: str, kind: str) -> str:
        country = h.for_country(code)
        assert country is not None
        return " | ".join(w for line in getattr(country, kind) for w in line.ways())

    assert "Call or text 988" in ways("CA", "crisis")
    assert "Call 13 11 14" in ways("AU", "crisis")
    assert "Call or text 1737" in ways("NZ", "crisis")
    assert h.for_country("NZ").emergency.call == ("111",)  # type: ignore[union-attr]
    assert "Text HOME to 741741" in ways("US", "crisis")
    assert "Text SHOUT to 85258" in ways("GB", "crisis")
    for code in ("US", "GB", "IE", "AU", "NZ"):
        assert any(line.call for line in h.for_country(code).abuse), code  # type: ignore[union-attr]
    # Canada's abuse help is provincial: a verified directory, not an invented number.
    canada = h.for_country("CA")
    assert canada is not None and canada.abuse[0].web == "https://www.sheltersafe.ca"
    assert "province" in canada.abuse[0].about
    assert h.directory.web == "https://findahelpline.com"


def test_help_text_shows_no_number_that_is_not_in_the_sourced_file() -> None:
    # The crisis words in help.toml must not carry numbers of their own.
    text = resource_path("content", "help.toml").read_text(encoding="utf-8")
    crisis = text[text.index("[crisis]"):text.index("[safety]")]
    assert not re.search(r"\d{3}", crisis)
    body = load_help_text().crisis.body
    assert "116 123" in body and "13 11 14" in body and "findahelpline.com" in body


def test_the_persons_country_comes_first_and_the_others_follow() -> None:
    h = load_help_lines()
    order = [c.code for c in h.ordered_for("nz")]
    assert order[0] == "NZ" and sorted(order) == sorted(h.countries)
    assert h.ordered_for("UK")[0].code == "GB"
    assert [c.code for c in h.ordered_for("FR")] == list(h.countries)  # not listed
    assert [c.code for c in h.ordered_for(None)] == list(h.countries)
    assert h.for_country("FR") is None
    text = crisis_text(h, "AU")
    assert text.index("Australia") < text.index("United Kingdom")
    assert text.rstrip().endswith("what you are going through.")


@pytest.mark.parametrize(("name", "code"), [
    ("en_NZ.UTF-8", "NZ"), ("en-CA", "CA"), ("en_GB", "GB"), ("fr_CA@euro", "CA"),
    ("ga_IE.utf8", "IE"), ("zh_Hant_TW", "TW"), ("en_AU.ISO8859-1", "AU"),
    ("C", None), ("POSIX", None), ("en", None), ("", None), ("C.UTF-8", None),
])
def test_country_from_locale(name: str, code: str | None) -> None:
    assert country_from_locale(name) == code


def test_a_country_chosen_in_settings_wins_over_the_locale() -> None:
    assert chosen_country("IE", "en_US.UTF-8") == "IE"
    assert chosen_country(None, "en_US.UTF-8") == "US"
    assert chosen_country(None, "C") is None


@pytest.mark.parametrize("good", ["999", "116 123", "1-800-799-7233", "+64 800 733 843", "1"])
def test_the_number_rule_accepts_real_numbers(good: str) -> None:
    assert NUMBER.match(good)


# -- a broken file is reported by file and line -------------------------------------


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    return broken_copy(tmp_path, "help_lines.toml", old, new)


def _line(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, start=1) if fragment in text)


def test_a_number_with_letters_names_the_file_and_its_line(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'call = ["13 11 14"]', 'call = ["13 11 1A"]')
    with pytest.raises(ContentError, match="digits, spaces") as err:
        load_help_lines(path)
    assert err.value.line == _line(path, '"13 11 1A"')
    assert f"help_lines.toml, line {err.value.line}" in str(err.value)


def test_a_line_without_its_source_or_date_is_refused(tmp_path: Path) -> None:
    shout = 'source = "https://giveusashout.org/about-us/faq/"\n'
    path = _broken(tmp_path, shout, "")
    with pytest.raises(ContentError, match="needs the source page") as err:
        load_help_lines(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[err.value.line - 1] == "[[countries.GB.crisis]]"
    assert lines[err.value.line] == 'name = "Shout"'

    text = resource_path("content", "help_lines.toml").read_text(encoding="utf-8")
    first_checked = text.index("checked = 2026-11-30", text.index('name = "Lifeline"'))
    path = tmp_path / "no_date.toml"
    path.write_text(text[:first_checked] + text[first_checked + 21:], encoding="utf-8")
    with pytest.raises(ContentError, match="date it was checked") as err:
        load_help_lines(path)
    assert path.read_text(encoding="utf-8").splitlines()[err.value.line - 1] == (
        "[[countries.AU.crisis]]")


def test_a_country_without_an_emergency_number_or_crisis_line_is_refused(
        tmp_path: Path) -> None:
    path = _broken(tmp_path, "[countries.IE.emergency]", "[countries.IE.other]")
    with pytest.raises(ContentError, match="unknown key 'other'"):
        load_help_lines(path)
    text = resource_path("content", "help_lines.toml").read_text(encoding="utf-8")
    start = text.index("[[countries.IE.crisis]]")
    end = text.index("[[countries.IE.abuse]]")
    path = tmp_path / "no_crisis.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ContentError, match="Ireland needs at least one crisis line") as err:
        load_help_lines(path)
    assert path.read_text(encoding="utf-8").splitlines()[err.value.line - 1] == (
        "[countries.IE]")
    start = text.index("[countries.IE.emergency]")
    end = text.index("[[countries.IE.crisis]]")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ContentError, match="Ireland needs its emergency number"):
        load_help_lines(path)


def test_a_code_that_is_not_iso_is_refused(tmp_path: Path) -> None:
    path = _broken(tmp_path, "[countries.GB]", "[countries.UK]")
    with pytest.raises(ContentError, match="the UK is GB"):
        load_help_lines(path)
