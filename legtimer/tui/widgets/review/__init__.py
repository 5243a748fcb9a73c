"""The history review's widgets: a sessions table (with its filters), a stats panel,
a progress panel, one session in detail, and the export dialog.

The review screen sets their attributes and calls their methods; they post
messages (such as `SessionsTable.Opened`) for what only the screen can do.
"""

# Below this many rows the app's breakpoints mark a screen "-short"; what CSS
# cannot say (a Select's `compact`, padding the app's CSS sets) follows it in code.
SHORT_HEIGHT = 22
