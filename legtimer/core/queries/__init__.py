"""Questions asked of the history: stats, bests, balance, export and import."""
