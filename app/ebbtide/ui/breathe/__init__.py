"""Breathe: paced breathing with a pattern, a guide to follow, cues and ratings."""
