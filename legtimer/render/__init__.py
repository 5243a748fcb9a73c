"""Rich renderables shared by the command line and the TUI (no Textual here)."""
