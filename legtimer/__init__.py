"""legtimer: a terminal workout timer for runners' leg training."""

# The one place the version is written (pyproject reads it): importlib.metadata
# would cost every start-up ~10 ms and a megabyte for one string.
__version__ = "0.1.0"
