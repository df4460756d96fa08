"""The pages, in navigation order. Each is imported only when first shown, so a page's
heavy imports (numpy, pyqtgraph, audio) stay out of start-up."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PageKey(StrEnum):
    """Every page's one name: navigation, "go to a page" requests and tests use these."""

    CHECKIN = "checkin"
    BREATHE = "breathe"
    LISTEN = "listen"
    NAMECHECK = "namecheck"
    PROGRESS = "progress"
    NOTICE = "notice"
    SELF_TRUST = "self_trust"
    REACH = "reach"
    FIVE_SIGNS = "five_signs"


@dataclass(frozen=True)
class PageSpec:
    key: PageKey
    title: str
    module: str  # the feature package's page module
    class_name: str
    hint: str  # one line under the title in the navigation


PAGES: list[PageSpec] = [
    PageSpec(PageKey.CHECKIN, "Check in", "ebbtide.ui.checkin.page", "CheckinPage",
             "How are you right now?"),
    PageSpec(PageKey.BREATHE, "Breathe", "ebbtide.ui.breathe.page", "BreathePage",
             "Paced breathing"),
    PageSpec(PageKey.LISTEN, "Listen", "ebbtide.ui.listen.page", "ListenPage", "Guided audio"),
    PageSpec(PageKey.NAMECHECK, "Name & Check", "ebbtide.ui.namecheck.page", "NameCheckPage",
             "Name, check"),
    PageSpec(PageKey.PROGRESS, "Progress", "ebbtide.ui.progress.page", "ProgressPage",
             "Calm-down"),
    PageSpec(PageKey.NOTICE, "Notice & record", "ebbtide.ui.notice.page", "NoticePage",
             "Triggers, evidence"),
    PageSpec(PageKey.SELF_TRUST, "Trust yourself", "ebbtide.ui.self_trust.page",
             "SelfTrustPage", "Promises, values"),
    PageSpec(PageKey.REACH, "Reach out", "ebbtide.ui.reach.page", "ReachPage",
             "Safe people, a clear ask"),
    PageSpec(PageKey.FIVE_SIGNS, "Five signs", "ebbtide.ui.five_signs.page", "FiveSignsPage",
             "A weekly check"),
]
