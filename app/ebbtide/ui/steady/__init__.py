"""Steady me now: one guided path from distress to a little steadier, the tray that
reaches it from anywhere, and reminders that never nag."""
