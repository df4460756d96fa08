"""Progress: charts of how a person calms down over time, export and import."""
