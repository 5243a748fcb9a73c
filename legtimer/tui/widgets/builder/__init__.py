"""The routine builder's widgets, and the plain helpers beside them.

Widgets, each with its own CSS: `OutlinePane` holding the `Outline`; a form per
kind of item (`RoutineForm`, `BlockForm`, `ExerciseForm`, on `ItemForm`, made of
`FieldRow`s); `ProblemList`; `TimelineSummary` and `Timeline`; `BuilderStatus`.
The screen (legtimer.tui.screens.builder) sets their attributes; they post
messages up.

Plain modules, no Textual: `fields` (what each input edits, what a form shows,
where a problem goes), `outline_labels`, `timeline_text`, `editor` (the
person's own text editor). `keys` lists the screen's bindings; `routine_file`
is the screen's helper for saving, deleting and editing the file by hand.
"""
