"""The weekly check of the five signs: the check, "Why these five?", and the chart
Progress shows."""
