"""Name & Check: naming feelings and the reality-check worksheet, with its history."""
