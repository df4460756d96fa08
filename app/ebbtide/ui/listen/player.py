"""The player a person sees while a meditation or a recording plays: a slow resting-breath
glow, the words being spoken (large, the ones before fading away); where we are; play
and pause, ten seconds back or on, stop, volume.

A thin view: it shows what the engine's Player reports and sends it what the person
does. Keys (set up by the page): Space play/pause, Left/Right ten seconds, Esc stop.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QVBoxLayout,
    QWidget,
)

from ebbtide.audio.engine import Player
from ebbtide.core.meditations import Caption, caption_at
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.narrow import StackWhenNarrow
from ebbtide.ui.listen.visuals import CaptionStage, RestingBreath
from ebbtide.ui.theme import space

SEEK_STEP_S = 10.0
CAPTION_HOLD_S = 1.2  # a caption stays up a moment after it is spoken, to finish reading
KEYS_HINT = "Space play or pause · ← → ten seconds back or on · Esc stop"
# Narrower than this, the volume and captions go on a row of their own under the
# buttons (side by side they need about 720 px).
ONE_ROW_PX = 760
CAPTION_CARD_PX = 200  # the card's least height; on a short window it gives up room
CAPTION_CARD_COMPACT_PX = 140


def clock_text(seconds: float) -> str:
    s = max(0, int(seconds))
    if s >= 3600:
        return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
    return f"{s // 60}:{s % 60:02d}"


class SessionView(QWidget):
    """What the player and the timer share: a title, a notice line (no sound device…),
    and the player they control."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player: Player | None = None
        self.silent = False  # no sound device, or sounds turned off
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.outer.setSpacing(space("l"))
        self.title_label = role_label(title, "title", wrap=True)
        self.outer.addWidget(self.title_label)
        self.notice = role_label("", "notice", wrap=True)
        self.notice.hide()
        self.outer.addWidget(self.notice)

    def set_notice(self, text: str | None, silent: bool | None = None) -> None:
        """A notice says why the session is silent (no device, or sound turned off);
        `silent` without one: it is, but that was said already this run."""
        self.silent = bool(text) if silent is None else silent
        self.notice.setText(text or "")
        self.notice.setVisible(bool(text))

    def set_compact(self, compact: bool) -> None:
        """A short window: less room between the parts (each view gives up more)."""
        self.outer.setSpacing(space("s") if compact else space("l"))

    def toggle(self) -> None:
        if self.player is not None:
            self.player.toggle()
            self.refresh()

    def refresh(self) -> None:
        """Show the player's state now; each view says what that means."""


class SeekSlider(QSlider):
    """A click on the bar goes to that place (not a page of 60 s towards it), as in
    every media player; dragging works as before."""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            handle = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                                 QStyle.SubControl.SC_SliderHandle, self)
            if not handle.contains(event.position().toPoint()):
                span = max(1, self.width() - handle.width())
                x = int(event.position().x()) - handle.width() // 2
                value = QStyle.sliderValueFromPosition(self.minimum(), self.maximum(),
                                                       max(0, min(x, span)), span)
                self.setValue(value)  # moves the sound there (valueChanged)
                event.accept()
                return
        super().mousePressEvent(event)


class ListenPlayerView(SessionView):
    stop_requested = Signal()
    volume_changed = Signal(int)  # 0..100
    captions_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.captions: Sequence[Caption] = ()
        self._dragging = False
        outer = self.outer

        caption_card = QFrame()
        caption_card.setProperty("role", "card")
        caption_card.setMinimumHeight(CAPTION_CARD_PX)
        caption_card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.caption_card = caption_card
        self.card_layout = card_layout = QVBoxLayout(caption_card)
        card_layout.setSpacing(space("s"))
        # A slow resting-breath glow to rest the eyes on, and the words being spoken.
        self.glow = RestingBreath()
        card_layout.addWidget(self.glow, 2)
        self.captions_stage = CaptionStage()
        self.caption_label = self.captions_stage.caption_label
        card_layout.addWidget(self.captions_stage, 3)
        outer.addWidget(caption_card, 1)

        position_row = QHBoxLayout()
        self.slider = SeekSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Position")
        self.slider.setSingleStep(int(SEEK_STEP_S))
        self.slider.setPageStep(60)
        self.slider.sliderPressed.connect(self._drag_started)
        self.slider.sliderReleased.connect(self._drag_ended)
        self.slider.valueChanged.connect(self._slider_moved_by_keys)
        self.time_label = QLabel("0:00 / 0:00")
        self.time_label.setMinimumWidth(110)
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        position_row.addWidget(self.slider, 1)
        position_row.addWidget(self.time_label)
        outer.addLayout(position_row)

        buttons = QHBoxLayout()
        buttons.setSpacing(space("s"))
        self.back_button = QPushButton("← 10 s")
        self.back_button.setAccessibleName("Ten seconds back")
        self.back_button.clicked.connect(lambda: self.skip(-SEEK_STEP_S))
        self.play_button = QPushButton("Pause")
        self.play_button.setProperty("role", "primary")
        self.play_button.setMinimumWidth(120)
        self.play_button.clicked.connect(self.toggle)
        self.forward_button = QPushButton("10 s →")
        self.forward_button.setAccessibleName("Ten seconds on")
        self.forward_button.clicked.connect(lambda: self.skip(SEEK_STEP_S))
        self.stop_button = QPushButton("Stop")
        self.stop_button.setAccessibleName("Stop (Esc)")
        self.stop_button.clicked.connect(self.stop_requested.emit)
        for b in (self.back_button, self.play_button, self.forward_button, self.stop_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        sound = QHBoxLayout()
        sound.setSpacing(space("s"))
        volume_label = QLabel("Volume")
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setSingleStep(5)
        self.volume.setPageStep(10)
        self.volume.setMinimumWidth(140)
        self.volume.setMaximumWidth(200)
        self.volume.setAccessibleName("Volume")
        self.volume.valueChanged.connect(self.volume_changed.emit)
        volume_label.setBuddy(self.volume)
        sound.addWidget(volume_label)
        sound.addWidget(self.volume)
        sound.addStretch(1)
        self.captions_box = QCheckBox("Captions")
        self.captions_box.setAccessibleName("Show captions")
        self.captions_box.toggled.connect(self._captions_toggled)
        sound.addWidget(self.captions_box)
        # The buttons, then the sound: one row, or two on a narrow window.
        self.controls = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.controls.setSpacing(space("xl"))
        self.controls.addLayout(buttons)
        self.controls.addLayout(sound, 1)
        outer.addLayout(self.controls)
        StackWhenNarrow(self, self.controls, below=ONE_ROW_PX)
        self.set_compact(False)

        hint = role_label(KEYS_HINT, "muted")
        outer.addWidget(hint)

    def set_compact(self, compact: bool) -> None:
        """A short window: the glow and the caption's card give up room first."""
        super().set_compact(compact)
        self.caption_card.setMinimumHeight(CAPTION_CARD_COMPACT_PX if compact
                                           else CAPTION_CARD_PX)
        if compact:
            self.card_layout.setContentsMargins(space("l"), space("s"), space("l"),
                                                space("s"))
        else:
            self.card_layout.setContentsMargins(space("xxl"), space("l"), space("xxl"),
                                                space("xl"))
        self.controls.setSpacing(space("s") if compact else space("xl"))

    # -- set up -----------------------------------------------------------------------------

    def set_reduced_motion(self, on: bool) -> None:
        self.glow.set_reduced_motion(on)
        self.captions_stage.set_reduced_motion(on)

    def show_session(self, title: str, player: Player, captions: Sequence[Caption],
                     volume: int, captions_on: bool) -> None:
        self.player = player
        self.captions_stage.fade.stop()
        self.captions_stage._gone()
        self.caption_label.setText("")
        self.captions = captions
        self.title_label.setText(title)
        self.slider.setRange(0, max(1, int(player.length_s)))
        self.volume.blockSignals(True)
        self.volume.setValue(volume)
        self.volume.blockSignals(False)
        self.captions_box.blockSignals(True)
        self.captions_box.setChecked(captions_on)
        self.captions_box.blockSignals(False)
        self.refresh()

    # -- what the person does ---------------------------------------------------------------

    def skip(self, seconds: float) -> None:
        if self.player is None:
            return
        target = max(0.0, min(self.player.length_s, self.player.position_s + seconds))
        self.player.seek(target)
        self.refresh()

    def _drag_started(self) -> None:
        self._dragging = True

    def _drag_ended(self) -> None:
        self._dragging = False
        if self.player is not None:
            self.player.seek(float(self.slider.value()))
            self.refresh()

    def _slider_moved_by_keys(self, value: int) -> None:
        if self._dragging or self.player is None:
            return
        if abs(value - self.player.position_s) >= 1.5:
            self.player.seek(float(value))
            self.refresh()

    def _captions_toggled(self, on: bool) -> None:
        self.captions_toggled.emit(on)
        self.refresh()

    # -- what the person sees ---------------------------------------------------------------

    def current_caption(self) -> Caption | None:
        if self.player is None or not self.captions:
            return None
        return caption_at(self.captions, self.player.position_s, hold_s=CAPTION_HOLD_S)

    def refresh(self) -> None:
        player = self.player
        if player is None:
            return
        position = player.position_s
        if not self._dragging:
            self.slider.blockSignals(True)
            self.slider.setValue(int(position))
            self.slider.blockSignals(False)
        self.time_label.setText(f"{clock_text(position)} / {clock_text(player.length_s)}")
        self.slider.setAccessibleDescription(
            f"{clock_text(position)} of {clock_text(player.length_s)}")
        playing = player.state == "playing"
        if self.glow.moving != playing:
            self.glow.set_moving(playing)
        self.play_button.setText("Pause" if playing else "Play")
        self.play_button.setAccessibleName("Pause (Space)" if playing else "Play (Space)")
        if not self.captions_box.isChecked():
            text = ""
        elif not self.captions:
            text = "This recording has no captions. Listen, and rest."
        else:
            caption = self.current_caption()
            text = caption.text if caption is not None else ""
        self.captions_stage.set_caption(text)
