"""The panes by name, for the CLI's --pane (kept free of Textual so `--help` stays fast).

The contract's panes: evening, quiet, worries, rewards and recap; household is the
settings pane.
"""

PANE_NAMES = ("evening", "quiet", "worries", "rewards", "recap", "household")
