"""Trust yourself: promises to myself, strengths, values and boundaries, decisions."""
