"""The household: children with birth dates, and the caregivers who do bedtime."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from companion.domain.errors import InvalidInput
from companion.domain.text import clean_line, same_text

NAME_LIMIT = 40
OLDEST_CHILD_YEARS = 17
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


class Child(NamedTuple):
    id: str
    name: str
    birth_date: date

    def age_on(self, day: date) -> str:
        return describe_age(self.birth_date, day)


class Caregiver(NamedTuple):
    id: str
    name: str


def clean_name(text: str, *, taken: list[str], what: str = "name") -> str:
    """A person's name, unique in its list (ignoring case) so switching child is unambiguous."""
    name = clean_line(text, what=what, limit=NAME_LIMIT)
    if any(same_text(name, other) for other in taken):
        raise InvalidInput(f"There is already someone called {name}.")
    return name


def parse_birth_date(text: str, *, today: date) -> date:
    """A birth date typed as YYYY-MM-DD, checked against the calendar and today."""
    match = _ISO_DATE.match(text)
    if not match:
        raise InvalidInput("Type the birth date as YYYY-MM-DD, for example 2022-03-14.")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise InvalidInput(f"There is no month {month}; months run from 1 to 12.")
    try:
        born = date(year, month, day)
    except ValueError:
        raise InvalidInput(f"There is no {day} {_MONTHS[month - 1]} {year}.") from None
    if born > today:
        raise InvalidInput("That birth date is in the future.")
    if _years_between(born, today) > OLDEST_CHILD_YEARS:
        raise InvalidInput(f"companion is for children up to {OLDEST_CHILD_YEARS}; check the year.")
    return born


def _years_between(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def describe_age(born: date, day: date) -> str:
    """Age as a parent says it: weeks for babies, months under two, then years."""
    years = _years_between(born, day)
    if years >= 2:
        return f"{years} years"
    months = (day.year - born.year) * 12 + day.month - born.month - (day.day < born.day)
    if months >= 1:
        return f"{months} month" + ("s" if months != 1 else "")
    weeks = (day - born).days // 7
    return f"{weeks} week" + ("s" if weeks != 1 else "")
