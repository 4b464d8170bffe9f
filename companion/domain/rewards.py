"""The reward chart (rules R1–R5): a ladder of positive targets, a star ledger that only ever
grows, and small rewards bought with stars.

Every change is a record (a target added, a step up the ladder, a star given or voided, a
reward added or retired, a redemption), folded here into one child's `Chart`. Records are
only ever appended: nothing here removes or rewrites one (R4).

Stars and totals. A star is *pending* for VOID_WINDOW after it was given: a star given by
mistake (wrong night, wrong child) may be voided then, and the void stays in the history.
From then on it is *earned*, for good. So `earned(now)` counts the stars given at least
VOID_WINDOW before `now` and not voided; it never goes down as records are added and time
moves on. `spent` is the sum of the redemptions, and `available(now) = earned(now) - spent`:
a pending star can't be spent, because a star that may still be taken back can't buy a
trip to the park.

Nights. A star is for a night (the night-of rule, E5) and is given once the night is over:
from MORNING_HOUR local on the next calendar day (05:00, where the morning window of rule M1
starts; the night-of rule alone would say noon, after breakfast, when stars are given). The
first night not yet over is `open_night`: tonight in the evening and in the morning, last
night's date before 05:00. A target added or stepped up to applies from that night, so a
morning's step-up leaves the night just starred under the old target.

The functions take one child's chart, and the time and zone, as arguments: no clock here.
Instants are compared in UTC (stdlib comparison within one zone reads the wall clock).

Judgment calls, beyond the issue's words:
- The ladder is in the order targets were added; a new target goes on top. A step may go to
  any other rung, up or back down a rung that proved too far (the guidance: start with one
  reachable); either way the record is the same "the current target changes".
- A night whose only star was voided may be given a star again (the void undid a mistake).
- A void after the window, of an unknown star or of a star already voided, found in a file
  (it can't come through `check_void`) is ignored by the totals: an earned star stays earned.
  A redemption of an unknown reward still counts as spent.
- Stars and chart cells are for the target that was current that night; a step-up made in the
  morning starts with the coming evening.
- The chart's last week is the week (Monday to Sunday) holding tonight, and rows wholly before
  the target's first night are left out. Besides the issue's cell states, OTHER_TARGET marks a
  night when another target was current after this one had been (a past rung's chart, or a step
  back down).
- Food hints match sweets, snacks and desserts, whole words only: "pancake day at the park" is
  an outing and gets no hint, and "cupcake" is on the list because "cake" inside it never matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple

from companion.domain.bedtime_pass import PassNight, PassPlan
from companion.domain.errors import InvalidInput
from companion.domain.household import describe_age
from companion.domain.night import morning_after, night_of, shifted
from companion.domain.reward_kinds import RewardKind
from companion.domain.text import clean_line, same_text

CHART_AGE = 3  # years (R1)
VOID_WINDOW = timedelta(minutes=10)  # R4
STEP_UP_NIGHTS = 5  # the current target earned on 5 ...
STEP_UP_WINDOW = 7  # ... of the last 7 nights (R2)
FRESH_AFTER_DAYS = 14  # about two weeks on the same rewards (R5)
TARGET_LIMIT = 80
REWARD_NAME_LIMIT = 40
MOST_STARS = 100  # the most a reward may need (R5: small rewards, within reach)
CHART_WEEKS = 4
DEFAULT_TARGET = "stayed in my room after using the pass"  # the first rung the guidance suggests
NOT_NEGATIVE = "Say what to do rather than what not to do, e.g. “stayed in my bed the whole night”."
FOOD_HINT = "Food rewards can tie treats to behaviour; a small outing or a sticker works as well."
STARS_IN_THE_MORNING = "Stars are given in the morning, for last night."

_MONTHS = "January February March April May June July August September October November December".split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


class RewardRecord(NamedTuple):
    """One change to one child's chart. `night` is the night a star is for, or the first night
    a target is current; `ref` the record referred to (the target of a star or step-up, the
    star of a void, the reward of a retirement or redemption); `text` the target's wording,
    the star's praise, or the reward's name; `stars` a reward's threshold or the stars spent."""

    id: str
    child_id: str
    kind: RewardKind
    at: datetime
    night: date | None = None
    ref: str = ""
    text: str = ""
    stars: int = 0


class Target(NamedTuple):
    id: str
    text: str
    added: datetime
    rung: int  # 0 for the first, then up the ladder in the order added


class TargetChange(NamedTuple):
    """The current target became `target_id` from `night` on: the first target when it was
    added, then each step (the history of R2)."""

    id: str  # the record's
    target_id: str
    at: datetime
    night: date


class Star(NamedTuple):
    id: str
    night: date
    target_id: str
    given: datetime
    praise: str
    voided: datetime | None = None

    @property
    def void_until(self) -> datetime:
        """The end of the window for voiding it; it is earned from this instant."""
        return shifted(self.given, VOID_WINDOW)

    @property
    def live(self) -> bool:
        """Not voided: it shows on the chart (earned, or pending for a few minutes)."""
        return self.voided is None

    def earned(self, now: datetime) -> bool:
        return self.voided is None and _ts(now) >= _ts(self.void_until)

    def pending(self, now: datetime) -> bool:
        """Given less than VOID_WINDOW ago and not voided (by `now`): it may still be voided."""
        not_voided = self.voided is None or _ts(self.voided) > _ts(now)
        return not_voided and _ts(self.given) <= _ts(now) < _ts(self.void_until)


class Reward(NamedTuple):
    id: str
    name: str
    stars: int  # the threshold
    added: datetime
    retired: datetime | None = None


class Redemption(NamedTuple):
    id: str
    reward_id: str
    name: str  # the reward's name when it was redeemed
    stars: int  # spent
    at: datetime


class Totals(NamedTuple):
    earned: int
    pending: int  # given in the last VOID_WINDOW: shown, not yet spendable
    spent: int
    available: int


class Progress(NamedTuple):
    """How far the stars to spend go towards one reward."""

    reward: Reward
    available: int
    threshold: int

    @property
    def ready(self) -> bool:
        return self.available >= self.threshold

    @property
    def to_go(self) -> int:
        return max(0, self.threshold - self.available)


class StepUp(NamedTuple):
    """The current target was earned on enough recent nights: time for the next rung, or,
    with `next` None, for adding one. Only a suggestion: stepping up is the parent's choice."""

    current: Target
    next: Target | None
    nights: int  # of the last STEP_UP_WINDOW


class Chart(NamedTuple):
    targets: tuple[Target, ...]  # the ladder, bottom rung first
    changes: tuple[TargetChange, ...]  # time order
    stars: tuple[Star, ...]  # in the order given, voided ones too
    rewards: tuple[Reward, ...]  # in the order added, retired ones too
    redemptions: tuple[Redemption, ...]  # time order
    # The fold's indexes, not compared (see __eq__); only _Fold.chart makes a Chart, with its own
    # by_night and by_id, so no default is ever shared.
    record_ids: frozenset[str]  # folded so far
    newest: float  # the latest record's instant (UTC s)
    # Kept by the fold so a chart of ten years answers at once: the stars not voided, the
    # night each live star is for, and every star by its id (the fold's own dict: one more
    # record copies it whole, in C, instead of rebuilding it star by star).
    live_stars: int
    by_night: dict[date, Star]
    by_id: dict[str, Star]

    def __eq__(self, other: object) -> bool:
        """Charts of the same records are equal: the indexes follow from the first five fields."""
        return self[:5] == other[:5] if type(other) is Chart else NotImplemented

    def __ne__(self, other: object) -> bool:  # tuple's own != would compare every field
        return self[:5] != other[:5] if type(other) is Chart else NotImplemented

    def __hash__(self) -> int:  # by_night and by_id are dicts
        return hash(self[:5])

    @property
    def current(self) -> Target | None:
        """The target the parent chose last (it applies from its change's night)."""
        return self.target(self.changes[-1].target_id) if self.changes else None

    def target(self, target_id: str) -> Target | None:
        return next((target for target in self.targets if target.id == target_id), None)

    def target_on(self, night: date) -> Target | None:
        """The target current on `night`: the latest change (in time) that covers it."""
        chosen = None
        for change in self.changes:
            if change.night <= night:
                chosen = change.target_id
        return self.target(chosen) if chosen is not None else None

    def first_night(self, target_id: str) -> date | None:
        """The first night `target_id` was current, or None if it never has been."""
        nights = [change.night for change in self.changes if change.target_id == target_id]
        return min(nights) if nights else None

    def star(self, star_id: str) -> Star | None:
        return self.by_id.get(star_id)

    def star_on(self, night: date) -> Star | None:
        """The night's star, if it has one that wasn't voided."""
        return self.by_night.get(night)

    def reward(self, reward_id: str) -> Reward | None:
        return next((reward for reward in self.rewards if reward.id == reward_id), None)

    @property
    def offered(self) -> tuple[Reward, ...]:
        """The rewards not retired, in the order added."""
        return tuple(reward for reward in self.rewards if reward.retired is None)

    def earned(self, now: datetime) -> int:
        """Every live star, less those still in (or not yet at) their ten minutes."""
        return self.live_stars - sum(1 for star in self._recent(now) if star.live and not star.earned(now))

    def pending(self, now: datetime) -> int:
        return sum(1 for star in self._recent(now) if star.pending(now))

    def _recent(self, now: datetime) -> list[Star]:
        """The stars given less than VOID_WINDOW before `now`, or after it: the only ones whose
        state `now` can change. Stars are in the order given, so this looks at a few at most."""
        cut = _ts(now) - VOID_WINDOW.total_seconds()
        recent = []
        for star in reversed(self.stars):
            if _ts(star.given) <= cut:
                break
            recent.append(star)
        return recent

    @property
    def spent(self) -> int:
        return sum(redemption.stars for redemption in self.redemptions)

    def available(self, now: datetime) -> int:
        return self.earned(now) - self.spent

    def totals(self, now: datetime) -> Totals:
        earned = self.earned(now)
        return Totals(earned=earned, pending=self.pending(now), spent=self.spent, available=earned - self.spent)


# -- folding records into the chart -------------------------------------------------------


def chart_of(records: Iterable[RewardRecord]) -> Chart:
    """One child's chart from its records, in any order. A record repeated (same id) counts
    once; a record referring to something missing is kept where it can be (see the module's
    judgment calls) and never lowers the stars earned."""
    fold = _Fold()
    for record in sorted(records, key=lambda record: _ts(record.at)):
        fold.apply(record)
    return fold.chart()


def chart_with(chart: Chart, record: RewardRecord) -> Chart:
    """The chart with one more record (what a keypress appends): the same as folding every
    record again, without the cost of ten years of stars. A record older than the newest
    folded in (a clock set back) can't be appended in order: ValueError."""
    if _ts(record.at) < chart.newest:
        raise ValueError("an older record than the chart's newest: fold them all again")
    fold = _Fold.of(chart)
    fold.apply(record)
    return fold.chart()


class _Fold:
    """The chart being built, one record at a time, in time order."""

    def __init__(self) -> None:
        self.newest = float("-inf")
        self.seen: set[str] = set()
        self.targets: list[Target] = []
        self.changes: list[TargetChange] = []
        self.stars: dict[str, Star] = {}
        self.rewards: dict[str, Reward] = {}
        self.redemptions: list[Redemption] = []
        self.live_stars = 0  # kept as stars come and go, so one more star costs no recount
        self.by_night: dict[date, Star] = {}

    @classmethod
    def of(cls, chart: Chart) -> _Fold:
        fold = cls()
        fold.seen = set(chart.record_ids)
        fold.newest = chart.newest
        fold.targets = list(chart.targets)
        fold.changes = list(chart.changes)
        fold.stars = dict(chart.by_id)
        fold.rewards = {reward.id: reward for reward in chart.rewards}
        fold.redemptions = list(chart.redemptions)
        fold.live_stars = chart.live_stars
        fold.by_night = dict(chart.by_night)
        return fold

    def apply(self, record: RewardRecord) -> None:
        if record.id in self.seen:
            return
        self.seen.add(record.id)
        self.newest = max(self.newest, _ts(record.at))
        kind = record.kind
        if kind is RewardKind.TARGET_ADDED:
            self.targets.append(Target(record.id, record.text, record.at, len(self.targets)))
            if len(self.targets) == 1:
                self.changes.append(TargetChange(record.id, record.id, record.at, _night(record)))
        elif kind is RewardKind.TARGET_STEPPED_UP:
            if any(target.id == record.ref for target in self.targets):  # else: a damaged file; the ladder stays
                self.changes.append(TargetChange(record.id, record.ref, record.at, _night(record)))
        elif kind is RewardKind.STAR_GIVEN:
            star = Star(record.id, _night(record), record.ref, record.at, record.text)
            self.stars[record.id] = star
            self.live_stars += 1
            self.by_night[star.night] = star  # the latest given is the night's
        elif kind is RewardKind.STAR_VOIDED:
            star = self.stars.get(record.ref)
            if star is not None and star.voided is None and _ts(record.at) < _ts(star.void_until):
                self.stars[record.ref] = Star(star.id, star.night, star.target_id, star.given, star.praise, record.at)
                self.live_stars -= 1
                if self.by_night.get(star.night) is star:  # the night keeps an earlier live star, if any
                    earlier = (other for other in reversed(self.stars.values()) if other.night == star.night and other.live)
                    self.by_night.pop(star.night)
                    if (other := next(earlier, None)) is not None:
                        self.by_night[star.night] = other
        elif kind is RewardKind.REWARD_ADDED:
            self.rewards[record.id] = Reward(record.id, record.text, record.stars, record.at)
        elif kind is RewardKind.REWARD_RETIRED:
            reward = self.rewards.get(record.ref)
            if reward is not None and reward.retired is None:
                self.rewards[record.ref] = Reward(reward.id, reward.name, reward.stars, reward.added, record.at)
        elif kind is RewardKind.REDEEMED:
            self.redemptions.append(Redemption(record.id, record.ref, record.text, record.stars, record.at))

    def chart(self) -> Chart:
        return Chart(
            targets=tuple(self.targets),
            changes=tuple(self.changes),
            stars=tuple(self.stars.values()),
            rewards=tuple(self.rewards.values()),
            redemptions=tuple(self.redemptions),
            record_ids=frozenset(self.seen),
            newest=self.newest,
            live_stars=self.live_stars,
            by_night=self.by_night,
            by_id=self.stars,
        )


def _night(record: RewardRecord) -> date:
    return record.night if record.night is not None else record.at.date()


# -- nights -------------------------------------------------------------------------------


def night_over(night: date, now: datetime, zone: str) -> bool:
    """Whether `night` is over at `now`: from MORNING_HOUR local on the next calendar day."""
    return _ts(now) >= _ts(morning_after(night, zone))


def open_night(now: datetime, zone: str) -> date:
    """The first night not over at `now`: the one a target added or stepped up to starts
    with, and the `tonight` of `suggest_step_up` and `chart_weeks`."""
    night = night_of(now, zone)
    return night + timedelta(days=1) if night_over(night, now, zone) else night


# -- who the chart is for (R1) --------------------------------------------------------------


def third_birthday(born: date) -> date:
    """The day a child turns CHART_AGE; born on 29 February, 1 March in a common year (as
    `describe_age` counts)."""
    try:
        return born.replace(year=born.year + CHART_AGE)
    except ValueError:
        return date(born.year + CHART_AGE, 3, 1)


def chart_applies(born: date, night: date, override: bool | None = None) -> bool:
    """Whether the chart is on for a child on `night`: from the night of their third birthday,
    unless the parent turned it on or off for this child (`override`)."""
    if override is not None:
        return override
    return third_birthday(born) <= night


def why_not_yet(child_name: str, born: date, night: date) -> str:
    """One calm paragraph for the pane while the chart is off."""
    starts = third_birthday(born)
    if starts <= night:
        return f"The reward chart is turned off for {child_name}. You can turn it on in the household pane."
    return (
        f"{child_name} is {describe_age(born, night)} old. Under-threes don't yet link a star in the "
        f"morning to what they did last night, so the reward chart starts at three: on "
        f"{_long_date(starts)}. Until then, warm, specific praise at bedtime and in the morning is enough. "
        f"If you feel {child_name} is ready sooner, you can turn the chart on in the household pane."
    )


# -- targets and the ladder (R2) ------------------------------------------------------------

# Patterns used only when a parent types a target or a reward: compiled by `re` on first use
# (and kept in its cache), not at every start of the app.
_NEGATIVE = (
    r"(?<![\w'’-])(?:not|no|nope|never|none|nothing|nobody|without|stop|stops|stopped|stopping"
    r"|cannot|\w+n['’]t|dont|wont|cant|didnt|doesnt|isnt|wasnt)(?![\w'’])"
)


def check_target(text: str, taken: Iterable[str] = ()) -> str:
    """A target as the parent typed it, one line: positive and specific, in the child's voice
    and the past tense ("stayed in my room after using the pass"). Negative wording ("not",
    "no", "don't", "never", "stop", "won't"…, whole words) is refused gently: a target says
    what to do. `taken` holds the ladder's targets, which may not repeat."""
    line = clean_line(text, what="target", limit=TARGET_LIMIT)
    if re.search(_NEGATIVE, line, re.IGNORECASE):
        raise InvalidInput(NOT_NEGATIVE)
    if any(same_text(line, other) for other in taken):
        raise InvalidInput("That target is already on the ladder.")
    return line


def check_step_up(chart: Chart, target_id: str) -> Target:
    """The rung the parent chose as the current target (up, or back down a rung)."""
    target = chart.target(target_id)
    if target is None:
        raise InvalidInput("That target isn't on the ladder; add it first.")
    current = chart.current
    if current is not None and current.id == target.id:
        raise InvalidInput("That is already the current target.")
    return target


def next_rung(chart: Chart) -> Target | None:
    """The target above the current one on the ladder, if there is one."""
    current = chart.current
    if current is None:
        return None
    return next((target for target in chart.targets if target.rung == current.rung + 1), None)


def suggest_step_up(chart: Chart, tonight: date) -> StepUp | None:
    """A step up, when the current target earned a star (not voided) on at least
    STEP_UP_NIGHTS of the STEP_UP_WINDOW nights before `tonight` (`open_night`). Stars for an
    earlier target don't count, even on the same rung's nights."""
    current = chart.current
    if current is None:
        return None
    window = (tonight - timedelta(days=n) for n in range(1, STEP_UP_WINDOW + 1))
    stars = (chart.star_on(night) for night in window)  # a live star a night: seven lookups, not ten years
    nights = sum(1 for star in stars if star is not None and star.target_id == current.id)
    if nights < STEP_UP_NIGHTS:
        return None
    return StepUp(current=current, next=next_rung(chart), nights=nights)


# -- giving stars (R3, R4) ------------------------------------------------------------------

_FIRST_PERSON = re.compile(
    r"(?<![\w'’-])(?:(?P<subject>I(?P<apostrophe>['’])(?P<verb>m|ve|d|ll)|I\s+am|I\s+was|I)"
    r"|(?P<object>me|my|mine|myself))(?![\w'’-])",
    re.IGNORECASE,
)
_SECOND_PERSON = {"me": "you", "my": "your", "mine": "yours", "myself": "yourself"}
_CONTRACTIONS = {"m": "re", "ve": "ve", "d": "d", "ll": "ll"}


def praise_for(target_text: str) -> str:
    """The morning's praise (R3), written from the target in the child's voice: "I like the
    way you stayed in your bed the whole night. Here is a star for your chart."

    First person turns into second (I → you, I'm → you're, I am → you are, I was → you were,
    me → you, my → your, mine → yours, myself → yourself), whole words only, keeping a
    capital; everything else stays exactly as typed. A leading "I" becomes the praise's own
    "you", a capital at the very start is lowered ("Stayed…" → "you stayed…"), and closing
    full stops or exclamation marks make way for the praise's own.
    """
    text = target_text.strip().rstrip(".!;:, ")
    starts_with_subject = False

    def second_person(match: re.Match[str]) -> str:
        nonlocal starts_with_subject
        word = match.group(0)
        if match.group("object"):
            swapped = _SECOND_PERSON[word.casefold()]
            if len(word) > 1 and word.isupper():
                return swapped.upper()
            return swapped.capitalize() if word[0].isupper() and match.start() > 0 else swapped
        if match.start() == 0:
            starts_with_subject = True
        if match.group("verb"):
            return "you" + match.group("apostrophe") + _CONTRACTIONS[match.group("verb").casefold()]
        rest = word[1:].strip().casefold()
        return {"am": "you are", "was": "you were"}.get(rest, "you")

    phrase = _FIRST_PERSON.sub(second_person, text)
    if not starts_with_subject:
        if len(phrase) > 1 and phrase[0].isupper() and phrase[1].islower():
            phrase = phrase[0].lower() + phrase[1:]
        phrase = f"you {phrase}"
    return f"I like the way {phrase}. Here is a star for your chart."


def is_pass_target(text: str) -> bool:
    """Whether a target is about the bedtime pass: the nights it is met are the nights
    `pass_night_qualifies` (the night log answers it; other targets are the parent's call)."""
    return re.search(r"(?<![\w-])pass(?![\w-])", text, re.IGNORECASE) is not None


def pass_night_qualifies(pass_night: PassNight, plan: PassPlan) -> bool:
    """Whether a night earned the star of a pass target (P3, P5): the pass was used and the
    child stayed in, or, where the family chose it, no pass was needed. The morning recap
    offers the star on such nights when the current target `is_pass_target`; the parent still
    gives it (R3), and a night that doesn't qualify is simply a night without a star."""
    return pass_night.earns_reward(plan)


def check_star(chart: Chart, night: date, now: datetime, zone: str) -> Target:
    """The target a star for `night` is for (its praise is `praise_for(target.text)`), or why
    none can be given: the night isn't over, there was no target yet, or it has its star.
    Any earlier night may be starred (a forgotten morning)."""
    if not night_over(night, now, zone):
        raise InvalidInput(STARS_IN_THE_MORNING)
    target = chart.target_on(night)
    if target is None:
        raise InvalidInput(f"The chart had no target yet on the {_night_name(night)}.")
    if chart.star_on(night) is not None:
        raise InvalidInput(f"The {_night_name(night)} already has its star.")
    return target


def check_void(chart: Chart, star_id: str, now: datetime) -> Star:
    """The star to void (given by mistake), if it was given less than VOID_WINDOW ago."""
    star = chart.star(star_id)
    if star is None:
        raise InvalidInput("That star isn't on the chart.")
    if star.voided is not None:
        raise InvalidInput(f"That star was already voided at {_clock(star.voided, now)}.")
    if _ts(now) >= _ts(star.void_until):
        minutes = int(VOID_WINDOW.total_seconds() // 60)
        raise InvalidInput(
            f"That star was given at {_clock(star.given, now)}, more than {minutes} minutes ago: "
            "a star once given stays given."
        )
    return star


# -- rewards (R5) ---------------------------------------------------------------------------

_WHOLE = re.compile(r"^[+-]?\d+$")
_NOT_WHOLE = "Type the stars as a whole number, like 10."
_FOOD = (  # compiled on first use, as _NEGATIVE
    r"(?<![\w-])(?:sweets?|sweeties?|candy|candies|ice[\s-]?creams?|ice[\s-]lolly|ice[\s-]lollies"
    r"|chocolates?|choc|cakes?|cupcakes?|biscuits?|cookies?|treats?|lolly|lollies|lollipops?|crisps|chips"
    r"|desserts?|puddings?|doughnuts?|donuts?|sugar|sugary|gummy|gummies|marshmallows?|milkshakes?"
    r"|fizzy\s+drinks?|soda|sundaes?|jelly\s+beans?)(?![\w-])"
)


def check_reward(name: str, stars: str | int, taken: Iterable[str] = ()) -> tuple[str, int]:
    """A reward's name (one line) and its threshold: a whole number of stars, 1 to MOST_STARS.
    `taken` holds the names of the rewards offered now, which may not repeat."""
    cleaned = clean_line(name, what="reward", limit=REWARD_NAME_LIMIT)
    if any(same_text(cleaned, other) for other in taken):
        raise InvalidInput(f"There is already a reward called {cleaned}.")
    return cleaned, check_threshold(stars)


def check_threshold(stars: str | int) -> int:
    """The stars a reward needs, typed or already a number: a whole number, 1 to MOST_STARS.
    Zero, negative, not a whole number or out of reach: one sentence each."""
    if isinstance(stars, bool):
        raise InvalidInput(_NOT_WHOLE)
    if isinstance(stars, str):
        typed = stars.strip()
        if not typed:
            raise InvalidInput("How many stars does it need? Type a whole number, like 10.")
        if not _WHOLE.match(typed) or not typed.isascii():
            raise InvalidInput(_NOT_WHOLE)
        digits = typed.lstrip("+-0")
        stars = int(typed) if len(digits) <= 6 else (-1 if typed.startswith("-") else MOST_STARS * 10**6)
    if stars < 1:
        raise InvalidInput("A reward needs at least 1 star.")
    if stars > MOST_STARS:
        many = f"{stars} stars" if stars < 10**6 else "That many stars"
        raise InvalidInput(f"{many} is a long way off for a child: keep rewards within reach (1–{MOST_STARS}).")
    return stars


def food_hint(name: str) -> str | None:
    """A gentle sentence when a reward's name looks like food (sweets, cake, ice cream…);
    None otherwise. A hint, never a refusal: the parent decides."""
    return FOOD_HINT if re.search(_FOOD, name, re.IGNORECASE) else None


def check_retire(chart: Chart, reward_id: str) -> Reward:
    reward = chart.reward(reward_id)
    if reward is None:
        raise InvalidInput("That reward isn't on the chart.")
    if reward.retired is not None:
        raise InvalidInput(f"{_capital(_the(reward.name))} is no longer offered.")
    return reward


def check_redeem(chart: Chart, reward_id: str, now: datetime, child_name: str) -> Reward:
    """The reward to redeem (its threshold is what is spent), if enough earned stars are left
    to spend. Pending stars (given in the last VOID_WINDOW) can't be spent yet."""
    reward = chart.reward(reward_id)
    if reward is None:
        raise InvalidInput("That reward isn't on the chart.")
    if reward.retired is not None:
        raise InvalidInput(f"{_capital(_the(reward.name))} is no longer offered.")
    available = chart.available(now)
    if available >= reward.stars:
        return reward
    message = f"{child_name} has {_stars(available)} to spend; {_the(reward.name)} needs {reward.stars}."
    pending = [star for star in chart.stars if star.pending(now)]
    if pending:
        ready = max((star.void_until for star in pending), key=_ts)
        given = "1 more, given just now," if len(pending) == 1 else f"{len(pending)} more, given just now,"
        message += f" {given} can be spent from {_clock(ready, now)}."
    raise InvalidInput(message)


def progress(chart: Chart, now: datetime) -> list[Progress]:
    """Each reward offered, nearest first: the stars to spend towards its threshold."""
    available = chart.available(now)
    offered = sorted(chart.offered, key=lambda reward: (reward.stars, _ts(reward.added)))
    return [Progress(reward, available, reward.stars) for reward in offered]


def suggest_fresh_rewards(chart: Chart, today: date) -> bool:
    """After about two weeks on the same rewards: every reward offered was added at least
    FRESH_AFTER_DAYS before `today` (dates in the household's zone, as the records carry)."""
    offered = chart.offered
    return bool(offered) and all((today - reward.added.date()).days >= FRESH_AFTER_DAYS for reward in offered)


# -- the chart, week by week (R3, R4) ------------------------------------------------------


class DayState(StrEnum):
    STAR = "star"  # a star for this target (maybe still pending)
    VOIDED = "voided"  # a star given by mistake and voided; the history shows it
    NONE = "none"  # no star: just no star, never a mark against the child
    FUTURE = "future"  # not over yet: tonight and after
    BEFORE_TARGET = "before_target"  # before the target's first night
    OTHER_TARGET = "other_target"  # another target was current after this one had been


class Day(NamedTuple):
    night: date
    state: DayState
    star: Star | None = None  # the star (or the voided one) shown in the cell


class Week(NamedTuple):
    start: date  # a Monday
    days: tuple[Day, ...]  # Monday to Sunday


def chart_weeks(chart: Chart, target_id: str, tonight: date, weeks: int = CHART_WEEKS) -> list[Week]:
    """Up to `weeks` rows of 7 nights for one target, oldest first, the last holding `tonight`
    (`open_night`). Rows wholly before the target's first night are left out (one row stays)."""
    last_monday = tonight - timedelta(days=tonight.weekday())
    first = chart.first_night(target_id)
    rows = max(1, weeks)
    if first is not None:
        first_monday = first - timedelta(days=first.weekday())
        rows = max(1, min(rows, (last_monday - first_monday).days // 7 + 1))
    else:
        rows = 1
    window = last_monday - timedelta(days=7 * (rows - 1))
    ours: dict[date, list[Star]] = {}  # only the weeks shown: a chart of ten years stays quick
    for star in reversed(chart.stars):
        if star.night >= window and star.target_id == target_id:
            ours.setdefault(star.night, []).insert(0, star)
        elif _ts(star.given) < _ts(datetime.combine(window, time(), tzinfo=star.given.tzinfo)):
            break  # stars are in the order given: the rest are older than the window
    result = []
    for row in range(rows - 1, -1, -1):
        monday = last_monday - timedelta(days=7 * row)
        nights = (monday + timedelta(days=n) for n in range(7))
        result.append(Week(monday, tuple(_day(chart, target_id, night, tonight, first, ours) for night in nights)))
    return result


def _day(chart: Chart, target_id: str, night: date, tonight: date, first: date | None, ours: dict[date, list[Star]]) -> Day:
    if night >= tonight:
        return Day(night, DayState.FUTURE)
    stars = ours.get(night, [])
    live = next((star for star in stars if star.live), None)
    if live is not None:
        return Day(night, DayState.STAR, live)
    if stars:
        return Day(night, DayState.VOIDED, stars[-1])
    if first is None or night < first:
        return Day(night, DayState.BEFORE_TARGET)
    current = chart.target_on(night)
    if current is None or current.id != target_id:
        return Day(night, DayState.OTHER_TARGET)
    return Day(night, DayState.NONE)


# -- words ----------------------------------------------------------------------------------


def _ts(instant: datetime) -> float:
    return instant.timestamp()


def _clock(instant: datetime, now: datetime) -> str:
    """A time of day as the parent's clock shows it (in the zone `now` is in)."""
    return f"{instant.astimezone(now.tzinfo):%H:%M}"


def _stars(count: int) -> str:
    return f"{count} star" + ("s" if count != 1 else "")


def _long_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _night_name(night: date) -> str:
    """"night of Thursday 19 November": which night, as a parent says it."""
    return f"night of {_DAYS[night.weekday()]} {night.day} {_MONTHS[night.month - 1]}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_DETERMINERS = {"a", "an", "the", "my", "our", "his", "her", "their", "some", "one", "two", "three"}


def _the(name: str) -> str:
    """"the park trip" for "park trip"; a name that starts with a capital, a number or its own
    article ("a trip to the zoo", "Grandma's garden") stays as it is."""
    first = name.split()[0].casefold() if name.split() else ""
    if first in _DETERMINERS or not name[:1].islower():
        return name
    return f"the {name}"
