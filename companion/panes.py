"""The panes by name, for the CLI's --pane (kept free of Textual so `--help` stays fast).

Panes arrive with their issues; the contract's full list is evening, quiet, worries,
rewards and recap. Household is the settings pane.
"""

PANE_NAMES = ("evening", "quiet", "worries", "household")
