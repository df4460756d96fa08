"""Check in: how distressed am I right now, and a word for it."""
