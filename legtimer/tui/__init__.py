"""The Textual user interface. Everything under here may import Textual; nothing else does."""
