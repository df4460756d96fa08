"""Spin boxes that read as a person would say the number: "1 minute", "2 minutes"."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox


def count_suffix(box: QSpinBox, one: str, many: str, after: str = "") -> None:
    """Keep `box`'s suffix in step with its value: " 1 minute", " 5 minutes"."""

    def follow(value: int) -> None:
        box.setSuffix(f" {one if value == 1 else many}{after}")

    box.valueChanged.connect(follow)
    follow(box.value())
