"""The city's performance measures: PeGI history (and, as they land, the
SKPK scorecard)."""
