"""Baseline: the smallest Textual app, one Static widget (startup and memory benchmarks)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "legbench minimal static ready"


class MinimalStatic(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    MinimalStatic().run()
