"""The worksheet's evidence step, pulling from the evidence log: "what has this person
done over time?". A list of the moments recorded in Notice & record (kept and broken,
newest first), filtered by person and by what each shows; the person ticks the ones to
quote (Space ticks, as in any list) and they go into evidence for or against as short
dated lines (core.notice_links.quote_evidence)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.notice import EvidenceEntry, NoticeWords
from ebbtide.core.notice_links import quote_line
from ebbtide.ui.common.honest_list import HonestList
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.theme import space

UID_ROLE = Qt.ItemDataRole.UserRole
SIDE_WORDS = {"for": "evidence for the hot thought",
              "against": "evidence against the hot thought"}


class EvidencePicker(QDialog):
    def __init__(self, entries: list[EvidenceEntry], words: NoticeWords, side: str,
                 already: set[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries = entries
        self.words = words
        self.side = side
        self.already = already or set()  # uids quoted on this side before
        self.ticked: set[str] = set()
        self.setWindowTitle("Quote from your evidence log")
        self.setAccessibleName("Quote from your evidence log")
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        layout.setSpacing(space("m"))
        layout.addWidget(role_label("What has this person done over time?", "subtitle"))
        layout.addWidget(role_label(
            f"Tick the moments to quote as {SIDE_WORDS[side]}. Each goes in as one short "
            "line with its date; the whole moment stays in your evidence log.",
            "muted", wrap=True))

        row = QHBoxLayout()
        self.person = QComboBox()
        self.person.setAccessibleName("Only moments with this person")
        self.person.addItem("Anyone", None)
        counts = Counter(e.who.strip() for e in entries if e.who.strip())
        for who, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold())):
            self.person.addItem(f"{who} ({n})", who)
        self.shows = QComboBox()
        self.shows.setAccessibleName("Only moments that show this")
        self.shows.addItem("Shows anything", None)
        for choice in words.shows:
            self.shows.addItem(choice.label, choice.id)
        self.outcome = QComboBox()
        self.outcome.setAccessibleName("Only kept, or only broken")
        for text, key in (("Kept or broken", None), ("Kept", "kept"), ("Broken", "broken")):
            self.outcome.addItem(text, key)
        for text, combo in (("&Person", self.person), ("S&hows", self.shows),
                            ("K&ept", self.outcome)):
            label = QLabel(text)
            label.setBuddy(combo)
            row.addWidget(label)
            row.addWidget(combo, 1)
        layout.addLayout(row)

        self.list = HonestList()
        self.list.setAccessibleName("Moments from your evidence log; Space ticks one")
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        layout.addWidget(self.list, 1)
        self.empty = role_label("", "muted", wrap=True)
        layout.addWidget(self.empty)

        buttons = QHBoxLayout()
        self.count = role_label("", "muted")
        self.quote_button = QPushButton("&Quote")
        self.quote_button.setProperty("role", "primary")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel: quote nothing")
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.quote_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

        for combo in (self.person, self.shows, self.outcome):
            combo.currentIndexChanged.connect(self.refresh)
        self.list.itemChanged.connect(self._ticked)
        self.quote_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.refresh()
        self.list.setFocus()

    def found(self) -> list[EvidenceEntry]:
        who, shows, outcome = (self.person.currentData(), self.shows.currentData(),
                               self.outcome.currentData())
        return [e for e in self.entries
                if (who is None or e.who.strip() == who)
                and (shows is None or shows in e.shows)
                and (outcome is None or e.outcome == outcome)]

    def refresh(self) -> None:
        found = self.found()
        self.list.blockSignals(True)
        self.list.clear()
        for entry in found:
            item = QListWidgetItem(quote_line(entry, self.words))
            item.setData(UID_ROLE, entry.uid)
            if entry.uid in self.already:
                item.setText(item.text() + "  (quoted already)")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if entry.uid in self.ticked
                                   else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if found:
            self.list.setCurrentRow(0)
            self.empty.setText("")
        elif self.entries:
            self.empty.setText("No moments match. Try another person or filter.")
        else:
            self.empty.setText(
                "Your evidence log has no moments yet. In Notice & record, the evidence "
                "wall keeps what people say and do over time; once there are some, they "
                "can be quoted here.")
        self.empty.setVisible(not found)
        self._update()

    def _ticked(self, item: QListWidgetItem) -> None:
        uid = str(item.data(UID_ROLE))
        if item.checkState() == Qt.CheckState.Checked:
            self.ticked.add(uid)
        else:
            self.ticked.discard(uid)
        self._update()

    def _update(self) -> None:
        n = len(self.ticked)
        self.count.setText(f"{n} chosen" if n else "")
        words = f"&Quote {n} moment{'s' if n != 1 else ''}" if n else "&Quote"
        self.quote_button.setText(words)
        self.quote_button.setAccessibleName(
            f"Quote the {n} chosen moment{'s' if n != 1 else ''} as {SIDE_WORDS[self.side]}"
            if n else "Quote: tick some moments first")
        self.quote_button.setEnabled(bool(n))

    def tick(self, uid: str, on: bool = True) -> None:
        """Tick a moment by uid (as Space on its line does)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(UID_ROLE) == uid:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> list[EvidenceEntry]:
        """The ticked moments, oldest first: they read as a story in the box."""
        picked = [e for e in self.entries if e.uid in self.ticked]
        return sorted(picked, key=lambda e: e.occurred_utc)
