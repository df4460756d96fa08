"""What there is to listen to: our guided meditations and the person's own recordings,
with a panel that says what the chosen one is and a Begin button.

Recordings can be added (button or drag and drop), renamed and removed; a removal can be
undone from the small bar that appears.

The lists and the panel stay side by side at every width (stacked, the panel's Begin
would fall below the fold of an 800×600 window); on a narrow window the listening
options move from the panel to under the lists, so the panel needs little width.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.meditations import Meditation
from ebbtide.core.recordings import Recording
from ebbtide.ui.common.flow import FlowLayout
from ebbtide.ui.common.honest_list import HonestList
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.listen.player import clock_text
from ebbtide.ui.listen.timer import bed_combo
from ebbtide.ui.theme import space

KIND_MEDITATION = "meditation"
KIND_RECORDING = "recording"
ID_ROLE = Qt.ItemDataRole.UserRole
LISTS_LEAST_PX = 140  # a heading and three titles; the column scrolls for the rest
NARROW_PX = 600  # below this the options leave the panel for the lists' column


def minutes_text(seconds: float, short: bool = False) -> str:
    """"about 5 minutes", or "5 min" where a narrow list has no room for more."""
    minutes = max(1, round(seconds / 60))
    if short:
        return f"{minutes} min"
    return f"about {minutes} minute{'s' if minutes != 1 else ''}"


class ListenLibrary(QWidget):
    begin_requested = Signal(str, str)  # kind, id
    add_requested = Signal()
    files_dropped = Signal(list)  # list[str] of paths
    rename_requested = Signal(str)  # recording uid
    remove_requested = Signal(str)
    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._meditations: dict[str, Meditation] = {}
        self._recordings: dict[str, Recording] = {}
        self.outer = outer = QHBoxLayout(self)
        outer.setContentsMargins(space("l"), space("m"), space("l"), space("m"))
        outer.setSpacing(space("l"))

        lists_widget = QWidget()
        lists = QVBoxLayout(lists_widget)
        lists.setContentsMargins(0, 0, 0, 0)
        lists.setSpacing(space("s"))
        guided_label = role_label("Guided meditations", "subtitle")
        self.meditation_list = HonestList()
        self.meditation_list.setProperty("role", "roomy")
        self.meditation_list.setAccessibleName("Guided meditations")
        guided_label.setBuddy(self.meditation_list)
        lists.addWidget(guided_label)
        lists.addWidget(self.meditation_list, 0)

        own_label = role_label("Your recordings", "subtitle")
        self.recording_list = HonestList()
        self.recording_list.setProperty("role", "roomy")
        self.recording_list.setMinimumHeight(3 * space("xl"))
        self.recording_list.setAccessibleName("Your recordings")
        own_label.setBuddy(self.recording_list)
        lists.addWidget(own_label)
        self.empty_recordings = QLabel(
            "Recordings you add, such as ones from your therapist, appear here. Drop a "
            "sound file on this page, or use Add a recording."
        )
        self.empty_recordings.setWordWrap(True)
        self.empty_recordings.setProperty("role", "muted")
        lists.addWidget(self.empty_recordings)
        lists.addWidget(self.recording_list, 1)
        self.actions_row = QWidget()
        row = FlowLayout(self.actions_row, spacing=space("s"))  # wraps in a narrow column
        self.add_button = QPushButton("Add a recording…")
        self.add_button.clicked.connect(self.add_requested.emit)
        self.rename_button = QPushButton("Rename…")
        self.rename_button.setAccessibleName("Rename the chosen recording")
        self.rename_button.clicked.connect(self._rename)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove the chosen recording")
        self.remove_button.clicked.connect(self._remove)
        for button in (self.add_button, self.rename_button, self.remove_button):
            button.setMinimumWidth(button.sizeHint().width())
            row.addWidget(button)
        lists.addWidget(self.actions_row)

        self.undo_bar = QFrame()
        self.undo_bar.setProperty("role", "card")
        undo_row = QHBoxLayout(self.undo_bar)
        undo_row.setContentsMargins(space("m"), space("xs"), space("m"), space("xs"))
        self.undo_label = QLabel()
        self.undo_label.setWordWrap(True)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setAccessibleName("Undo the removal")
        self.undo_button.clicked.connect(self.undo_requested.emit)
        undo_row.addWidget(self.undo_label, 1)
        undo_row.addWidget(self.undo_button)
        self.undo_bar.hide()
        lists.addWidget(self.undo_bar)
        # On a small window the column scrolls rather than squeezing one list over another.
        scroll = QScrollArea()
        scroll.setWidget(lists_widget)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.viewport().setAutoFillBackground(False)
        lists_widget.setAutoFillBackground(False)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The lists keep room for a few titles (the column scrolls for the rest).
        scroll.setMinimumHeight(LISTS_LEAST_PX)
        column = QWidget()
        self.column = QVBoxLayout(column)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(space("m"))
        self.column.addWidget(scroll, 1)
        outer.addWidget(column, 5)

        details = QFrame()
        details.setProperty("role", "card")
        self.panel = panel = QVBoxLayout(details)
        panel.setContentsMargins(space("xl"), space("l"), space("xl"), space("l"))
        panel.setSpacing(space("m"))
        self.detail_title = QLabel()
        self.detail_title.setProperty("role", "heading")
        self.detail_title.setWordWrap(True)
        self.detail_text = QLabel()
        self.detail_text.setWordWrap(True)
        self.detail_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail_length = role_label("", "muted")
        panel.addWidget(self.detail_title)
        panel.addWidget(self.detail_length)
        panel.addWidget(self.detail_text, 1)
        # How to listen (a background, the room tone): in the panel, or under the lists
        # on a narrow window.
        self.options = QWidget()
        options = QVBoxLayout(self.options)
        options.setContentsMargins(0, 0, 0, 0)
        options.setSpacing(space("m"))
        bed_row = QHBoxLayout()
        bed_label = QLabel("Background")
        self.bed = bed_combo("Soft background sound under the voice")
        bed_label.setBuddy(self.bed)
        bed_row.addWidget(bed_label)
        bed_row.addWidget(self.bed, 1)
        options.addLayout(bed_row)
        # Without a background, a guided meditation's pauses have a very quiet room
        # tone, so a long silence never sounds like the sound has stopped working.
        self.room_tone = QCheckBox("Quiet room tone in the pauses")
        self.room_tone.setAccessibleName("Quiet room tone in the pauses")
        self.room_tone.setToolTip("Under a guided meditation's silences, when no background "
                                  "sound is chosen")
        options.addWidget(self.room_tone)
        panel.addWidget(self.options)
        self.begin_button = QPushButton("Begin")
        self.begin_button.setProperty("role", "primary")
        self.begin_button.setAccessibleName("Begin listening")
        self.begin_button.clicked.connect(self._begin)
        panel.addWidget(self.begin_button)
        outer.addWidget(details, 3)
        self.narrow = False
        self.installEventFilter(self)

        self.meditation_list.currentItemChanged.connect(
            lambda cur, _prev: self._chosen(self.meditation_list, cur))
        self.recording_list.currentItemChanged.connect(
            lambda cur, _prev: self._chosen(self.recording_list, cur))
        self.meditation_list.itemActivated.connect(lambda _item: self._begin())
        self.recording_list.itemActivated.connect(lambda _item: self._begin())
        self._show_details()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Resize:
            self._fit_width(self.width() < NARROW_PX)
        return False

    def _fit_width(self, narrow: bool) -> None:
        """Narrow: the options under the lists, the panel a little wider for its words."""
        if narrow == self.narrow:
            return
        self.narrow = narrow
        if narrow:
            self.column.addWidget(self.options)
        else:
            self.panel.insertWidget(self.panel.indexOf(self.begin_button), self.options)
        self._label_meditations()
        self.outer.setStretch(0, 3 if narrow else 5)
        self.outer.setStretch(1, 2 if narrow else 3)
        margin = space("l") if narrow else space("xl")
        self.panel.setContentsMargins(margin, space("l"), margin, space("l"))

    # -- contents -----------------------------------------------------------------------------

    def set_meditations(self, meditations: Sequence[Meditation]) -> None:
        self._meditations = {m.id: m for m in meditations}
        self.meditation_list.clear()
        for m in meditations:
            item = QListWidgetItem()
            item.setData(ID_ROLE, m.id)
            self.meditation_list.addItem(item)
        self._label_meditations()
        if meditations:
            # Our few meditations all show at once; the person's recordings scroll.
            rows = self.meditation_list.sizeHintForRow(0) * len(meditations)
            height = rows + 2 * self.meditation_list.frameWidth() + 2
            self.meditation_list.setFixedHeight(height)
        if meditations and self.selected() is None:
            self.meditation_list.setCurrentRow(0)

    def _label_meditations(self) -> None:
        for row in range(self.meditation_list.count()):
            item = self.meditation_list.item(row)
            m = self._meditations.get(str(item.data(ID_ROLE)))
            if m is not None:
                item.setText(f"{m.title}  ·  {minutes_text(m.duration_s, self.narrow)}")

    def set_recordings(self, recordings: Sequence[Recording], select: str | None = None) -> None:
        self._recordings = {r.uid: r for r in recordings}
        self.recording_list.clear()
        for r in recordings:
            item = QListWidgetItem(f"{r.title}  ·  {clock_text(r.duration_s)}")
            item.setData(ID_ROLE, r.uid)
            self.recording_list.addItem(item)
            if r.uid == select:
                self.recording_list.setCurrentItem(item)
        self.empty_recordings.setVisible(not recordings)
        self.recording_list.setVisible(bool(recordings))
        self._show_details()

    def show_undo(self, text: str | None) -> None:
        """The undo bar takes the buttons' place for a moment, right where the person is
        looking."""
        self.undo_label.setText(text or "")
        self.undo_bar.setVisible(bool(text))
        self.actions_row.setVisible(not text)

    def selected(self) -> tuple[str, str] | None:
        for kind, widget in ((KIND_MEDITATION, self.meditation_list),
                             (KIND_RECORDING, self.recording_list)):
            item = widget.currentItem()
            if item is not None and item.isSelected():
                return kind, str(item.data(ID_ROLE))
        return None

    def select(self, kind: str, item_id: str) -> None:
        widget = self.meditation_list if kind == KIND_MEDITATION else self.recording_list
        for row in range(widget.count()):
            if widget.item(row).data(ID_ROLE) == item_id:
                widget.setCurrentRow(row)
                return

    # -- inside -------------------------------------------------------------------------------

    def _chosen(self, widget: QListWidget, item: QListWidgetItem | None) -> None:
        if item is not None:
            other = self.recording_list if widget is self.meditation_list else self.meditation_list
            other.blockSignals(True)
            other.clearSelection()
            other.setCurrentRow(-1)
            other.blockSignals(False)
            item.setSelected(True)
        self._show_details()

    def _show_details(self) -> None:
        chosen = self.selected()
        own = chosen is not None and chosen[0] == KIND_RECORDING
        self.rename_button.setEnabled(own)
        self.remove_button.setEnabled(own)
        self.begin_button.setEnabled(chosen is not None)
        if chosen is None:
            self.detail_title.setText("Choose something to listen to")
            self.detail_length.setText("")
            self.detail_text.setText("Pick a guided meditation or one of your recordings.")
            return
        kind, item_id = chosen
        if kind == KIND_MEDITATION and item_id in self._meditations:
            m = self._meditations[item_id]
            self.detail_title.setText(m.title)
            self.detail_length.setText(f"{clock_text(m.duration_s)} · with captions")
            self.detail_text.setText(m.description)
        elif item_id in self._recordings:
            r = self._recordings[item_id]
            self.detail_title.setText(r.title)
            self.detail_length.setText(clock_text(r.duration_s))
            self.detail_text.setText("One of your recordings, kept in Ebbtide's own folder.")

    def _begin(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.begin_requested.emit(*chosen)

    def _rename(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen[0] == KIND_RECORDING:
            self.rename_requested.emit(chosen[1])

    def _remove(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen[0] == KIND_RECORDING:
            self.remove_requested.emit(chosen[1])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)
