"""Insights: template analytics, cross-client compatibility, learning analytics from the
review log, and opt-in local usage analytics. Plain Python (the `anki` pylib at most)."""
