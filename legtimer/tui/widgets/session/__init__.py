"""The live session's widgets: each shows one part of a `SessionView` and styles itself."""
