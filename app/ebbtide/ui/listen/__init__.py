"""Listen: guided meditations, the silent timer, and the person's own recordings."""
