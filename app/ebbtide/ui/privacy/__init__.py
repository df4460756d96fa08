"""Private and safe: the lock screen, and the privacy and backup settings."""
