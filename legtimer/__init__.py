"""legtimer: a terminal workout timer for runners' leg training."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("legtimer")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
