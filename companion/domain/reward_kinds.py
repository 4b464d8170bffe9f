"""The kinds of reward-chart record (rules R2–R5): the words of the file format, kept apart
from the chart's rules so that checking a file does not load them.

The star ledger is append-only (R4): no kind removes or rewrites an earlier record. A
mistaken star is voided by a record of its own, a reward no longer offered is retired by one,
and stepping up the ladder adds one; the history keeps them all.
"""

from __future__ import annotations

from enum import StrEnum


class RewardKind(StrEnum):
    TARGET_ADDED = "target_added"  # id: the target; text: its wording; night: its first night if it starts the ladder
    TARGET_STEPPED_UP = "target_stepped_up"  # ref: the target now current; night: its first night
    STAR_GIVEN = "star_given"  # ref: the target; night: the night it is for; text: the praise
    STAR_VOIDED = "star_voided"  # ref: the star, given by mistake less than 10 minutes before
    REWARD_ADDED = "reward_added"  # id: the reward; text: its name; stars: the threshold
    REWARD_RETIRED = "reward_retired"  # ref: the reward, no longer offered (nothing is removed)
    REDEEMED = "redeemed"  # ref: the reward; text: its name then; stars: the stars spent


# What each kind carries besides id, child_id, kind and at: the store's schema check reads these.
NIGHT_KINDS = frozenset({RewardKind.TARGET_ADDED, RewardKind.TARGET_STEPPED_UP, RewardKind.STAR_GIVEN})
REF_KINDS = frozenset(
    {
        RewardKind.TARGET_STEPPED_UP,
        RewardKind.STAR_GIVEN,
        RewardKind.STAR_VOIDED,
        RewardKind.REWARD_RETIRED,
        RewardKind.REDEEMED,
    }
)
TEXT_KINDS = frozenset({RewardKind.TARGET_ADDED, RewardKind.STAR_GIVEN, RewardKind.REWARD_ADDED, RewardKind.REDEEMED})
STARS_KINDS = frozenset({RewardKind.REWARD_ADDED, RewardKind.REDEEMED})
