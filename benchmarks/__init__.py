"""legtimer benchmarks: `python benchmarks/run.py` (see README.md)."""
