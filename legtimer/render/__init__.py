"""Rich renderables of the history, shared by the CLI and the TUI (no Textual here).

`formats` the small formats (times, plurals, statuses, tables), `session` one
session and its line in a list, `stats` totals, streaks, bests and balance,
`charts` the heatmap, minutes per week and progress over time.
"""
