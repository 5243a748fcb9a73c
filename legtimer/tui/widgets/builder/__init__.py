"""The routine builder's widgets, and the plain helpers beside them.

Widgets (each with its own CSS): `OutlinePane` with the `Outline`, the forms
(`RoutineForm`, `BlockForm`, `ExerciseForm` on `ItemForm`, made of `FieldRow`s),
`ProblemList`, `TimelineSummary` and `Timeline`, and `BuilderStatus`.
Plain modules (no Textual): `fields` (what each input edits), `outline_labels`,
`timeline_text`, `editor` (the person's text editor). The screen
(legtimer.tui.screens.builder) sets the widgets' attributes; they post messages.
"""
