"""Read-only questions about the history, asked alike by the CLI and the TUI.

`sessions` lists and counts sessions (filter, sort, page), `stats` totals,
streaks and minutes per day or week, `bests` personal bests and their
progress, `balance` left against right, `export` and `exchange` the export
and import formats. Every SQL query outside the store is here; the front ends
never write SQL.
"""
