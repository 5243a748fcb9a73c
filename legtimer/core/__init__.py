"""The domain: routines, plans, sessions and history. Plain Python; never imports Textual or the UI."""
