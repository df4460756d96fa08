"""Professional help, explained: the help pages viewer (Help menu, the *If you need help
now* page)."""
