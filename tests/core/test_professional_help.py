"""The professional help pages as data: every page names its sources, every directory
the page it was checked against and when, every address is https; a file that breaks
those rules is refused, naming the line."""

from __future__ import annotations

from datetime import date

import pytest

from ebbtide.core.content import ContentError
from ebbtide.core.professional_help import (
    ANYWHERE,
    load_professional_help,
    page_markdown,
)


def test_every_page_has_sources_and_every_link_is_https():
    found = load_professional_help()
    ids = {p.id for p in found.pages}
    assert {"cbt", "emdr", "schema", "eft", "gottman", "safety", "first-session",
            "questions", "finding", "groups"} <= ids
    for page in found.pages:
        assert page.sources, page.id
        for source in page.sources:
            assert source.url.startswith("https://") and isinstance(source.checked, date)
    for d in found.directories:
        assert d.source.startswith(("https://", "http://")) and d.note
        assert isinstance(d.checked, date)
        assert d.web == "" or d.web.startswith("https://")
        assert d.country == ANYWHERE or len(d.country) == 2


def test_couples_pages_say_it_is_not_for_fear_or_control():
    found = load_professional_help()
    for page_id in ("start", "eft", "gottman", "safety"):
        body = found.page(page_id).body.replace("\\\n", " ")
        assert "not advised" in body and "fear" in body and "control" in body, page_id


def test_directories_put_the_persons_country_first():
    found = load_professional_help()
    groups = found.directories_for("therapist", "us")
    assert groups[0][0] == "United States" and groups[-1][0] == "Anywhere"
    text = page_markdown(found, found.page("finding"), "NZ")
    assert "We have not yet checked a directory for your country" in text
    assert "## Sources" in text


def _write(tmp_path, text):  # type: ignore[no-untyped-def]
    path = tmp_path / "professional_help.toml"
    path.write_text(text, encoding="utf-8")
    return path


PAGE = """
[[pages]]
id = "cbt"
title = "CBT"
body = "Words."
"""


def test_a_page_without_sources_is_refused(tmp_path):
    with pytest.raises(ContentError) as error:
        load_professional_help(_write(tmp_path, PAGE))
    assert "needs at least one source" in str(error.value)
    assert "line 2" in str(error.value)


def test_a_plain_http_link_is_refused(tmp_path):
    text = PAGE + """
[[pages.sources]]
name = "A page"
url = "http://example.org/cbt"
checked = 2026-11-30
"""
    with pytest.raises(ContentError) as error:
        load_professional_help(_write(tmp_path, text))
    assert "https://" in str(error.value) and "line 9" in str(error.value)


def test_a_directory_needs_its_check(tmp_path):
    text = PAGE + """
[[pages.sources]]
name = "A page"
url = "https://example.org/cbt"
checked = 2026-11-30

[[directories]]
country = "GB"
kind = "therapist"
name = "A directory"
about = "Somewhere to look."
web = "https://example.org"
source = "https://example.org/about"
note = "Checked on its own page."
"""
    with pytest.raises(ContentError) as error:
        load_professional_help(_write(tmp_path, text))
    assert "date it was checked" in str(error.value)
