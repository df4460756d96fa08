"""The pages, in navigation order. Each is imported only when first shown, so a page's
heavy imports (numpy, pyqtgraph, audio) stay out of start-up."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    module: str
    class_name: str
    hint: str  # one line under the title in the navigation


PAGES: list[PageSpec] = [
    PageSpec("home", "Check in", "ebbtide.ui.pages.home", "HomePage", "How are you right now?"),
    PageSpec("breathe", "Breathe", "ebbtide.ui.pages.breathe", "BreathePage", "Paced breathing"),
    PageSpec("listen", "Listen", "ebbtide.ui.pages.listen", "ListenPage", "Guided audio"),
    PageSpec("check", "Name & Check", "ebbtide.ui.pages.check", "CheckPage", "Name, check"),
    PageSpec("progress", "Progress", "ebbtide.ui.pages.progress", "ProgressPage", "Calm-down"),
]
