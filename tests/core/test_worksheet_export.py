"""Plain-text export: every filled step, the person's words exactly, empty steps left out."""

from __future__ import annotations

from ebbtide.core.feelings import load_vocabulary
from ebbtide.core.worksheet import Worksheet
from ebbtide.core.worksheet_export import export_filename, worksheet_text


def test_export_shows_the_words_ratings_traps_red_flags_and_changes() -> None:
    sheet = Worksheet(created_utc=1_800_000_000.0)
    sheet.situation = "Sent a message at 6.\nשלום 🌊 e\u0301"
    sheet.add_feeling("betrayed", load_vocabulary(), 80)
    sheet.add_feeling("hollow inside", load_vocabulary(), 40)
    sheet.feelings[0].after = 50
    sheet.body_places = ["chest", "throat"]
    sheet.hot_thought = "It's happening again."
    sheet.belief_before, sheet.belief_after = 90, 45
    sheet.traps = ["fortune-telling"]
    sheet.own_traps = ["the old movie"]
    sheet.pattern = "pattern"
    sheet.red_flags = ["hides"]
    sheet.answers["projecting"] = "Maybe, a little."
    sheet.balanced_thought = "They're quiet, and they came back every time before."
    text = worksheet_text(sheet)
    assert "Sent a message at 6.\nשלום 🌊 e\u0301" in text
    assert "betrayed — Let down by someone you trusted" in text
    assert "hollow inside (my own word)" in text
    assert "Where I felt it: chest, throat" in text
    assert "The hot thought: It's happening again." in text
    assert "Fortune telling" in text and "the old movie (my own name for it)" in text
    assert "A pattern" in text
    assert "Red flags I noticed:" in text and "lie when I ask plainly" in text
    assert "Maybe, a little." in text and "betrayal" in text
    assert "betrayed: 80 / 100 → 50 / 100" in text
    assert "Belief in the hot thought: 90 / 100 → 45 / 100" in text
    assert "8. If the fear came true" not in text  # nothing written there
    assert "Not finished yet" in text


def test_file_name_has_the_date_and_none_of_the_words() -> None:
    sheet = Worksheet(created_utc=1_800_000_000.0)
    sheet.situation = "secret"
    name = export_filename(sheet, "pdf")
    assert name.startswith("ebbtide-worksheet-20") and name.endswith(".pdf")
    assert "secret" not in name


def test_html_for_the_pdf_escapes_the_words_and_keeps_their_line_breaks() -> None:
    from ebbtide.core.worksheet_export import worksheet_html

    sheet = Worksheet(created_utc=1_800_000_000.0)
    sheet.situation = "<b>not bold</b> & more\nsecond line"
    sheet.thoughts = "1. a numbered thought"
    page = worksheet_html(sheet)
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; more\nsecond line" in page
    assert "<b>" not in page
    assert "<h3>1. What happened</h3>" in page
    assert '<p style="white-space: pre-wrap;">1. a numbered thought</p>' in page
