"""The household: birth dates and names typed by a parent (rule X6), and ages as said aloud."""

from __future__ import annotations

from datetime import date

import pytest

from companion.domain.errors import CompanionError, InvalidInput
from companion.domain.household import NAME_LIMIT, Child, clean_name, describe_age, parse_birth_date

TODAY = date(2026, 6, 17)
FORMAT_MESSAGE = "Type the birth date as YYYY-MM-DD, for example 2022-03-14."


def rejected(text: str, today: date = TODAY) -> str:
    with pytest.raises(InvalidInput) as caught:
        parse_birth_date(text, today=today)
    return str(caught.value)


# -- parse_birth_date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-03-14", date(2022, 3, 14)),
        ("2022-3-4", date(2022, 3, 4)),
        ("  2022-03-14  ", date(2022, 3, 14)),
        ("\t2022-3-4 \n", date(2022, 3, 4)),
        ("2024-02-29", date(2024, 2, 29)),  # a leap year
        ("2026-06-17", TODAY),  # born today
    ],
)
def test_parse_birth_date_accepts(text, expected):
    assert parse_birth_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text",
    ["14/03/2022", "", "   ", "abc", "2022/03/14", "20220314", "22-03-14", "2022-03", "2022-03-14T00:00", "2022 - 03 - 14"],
)
def test_parse_birth_date_rejects_other_formats_with_the_format_message(text):
    assert rejected(text) == FORMAT_MESSAGE


def test_invalid_input_is_a_companion_error():
    with pytest.raises(CompanionError):
        parse_birth_date("abc", today=TODAY)


@pytest.mark.parametrize("month", [0, 13, 99])
def test_parse_birth_date_month_out_of_range_names_the_month(month):
    message = rejected(f"2022-{month:02d}-01")
    assert f"month {month}" in message
    assert "1 to 12" in message


def test_parse_birth_date_impossible_day_says_so():
    assert rejected("2022-02-30") == "There is no 30 February 2022."
    assert rejected("2022-04-31") == "There is no 31 April 2022."
    assert rejected("2022-01-00") == "There is no 0 January 2022."


def test_parse_birth_date_29_february_only_in_leap_years():
    assert parse_birth_date("2024-02-29", today=TODAY) == date(2024, 2, 29)
    assert rejected("2023-02-29") == "There is no 29 February 2023."


def test_parse_birth_date_in_the_future_is_rejected():
    assert "in the future" in rejected("2026-06-18")
    assert "in the future" in rejected("2030-01-01")


def test_parse_birth_date_today_is_accepted():
    assert parse_birth_date(TODAY.isoformat(), today=TODAY) == TODAY


def test_parse_birth_date_eighteen_or_more_years_ago_is_rejected():
    for text in ("2008-06-17", "2008-01-01", "1990-05-05"):  # 18 on TODAY, and older
        message = rejected(text)
        assert "17" in message and "year" in message


def test_parse_birth_date_seventeen_years_old_is_accepted():
    # The day after the 18-years-ago date: still 17 today.
    assert parse_birth_date("2008-06-18", today=TODAY) == date(2008, 6, 18)


def test_parse_birth_date_uses_the_given_today_not_the_wall_clock():
    assert parse_birth_date("2030-01-01", today=date(2030, 1, 1)) == date(2030, 1, 1)
    assert "in the future" in rejected("2030-01-02", today=date(2030, 1, 1))


# -- clean_name ---------------------------------------------------------------------------------


def name_rejected(text: str, taken: list[str] | None = None) -> str:
    with pytest.raises(InvalidInput) as caught:
        clean_name(text, taken=taken or [])
    return str(caught.value)


def test_clean_name_strips_surrounding_space():
    assert clean_name("  Mia \t", taken=[]) == "Mia"
    assert clean_name("\nMia\n", taken=[]) == "Mia"


@pytest.mark.parametrize("text", ["", " ", "\t \n", "\u00a0"])
def test_clean_name_empty_is_rejected(text):
    assert name_rejected(text) == "The name can't be empty."


def test_clean_name_uses_what_in_messages():
    with pytest.raises(InvalidInput, match="caregiver's name can't be empty"):
        clean_name("  ", taken=[], what="caregiver's name")


def test_clean_name_length_limit():
    assert NAME_LIMIT == 40
    assert clean_name("a" * 40, taken=[]) == "a" * 40
    assert clean_name("  " + "a" * 40 + "  ", taken=[]) == "a" * 40  # spaces don't count
    message = name_rejected("a" * 41)
    assert "41" in message and "40" in message


def test_clean_name_duplicate_ignoring_case_is_rejected():
    message = name_rejected("mia", taken=["Leo", "Mia"])
    assert "already" in message and "mia" in message
    assert "already" in name_rejected("  MIA ", taken=["Mia"])
    assert "already" in name_rejected("STRASSE", taken=["Straße"])  # casefold, not lower


def test_clean_name_different_name_is_fine_alongside_others():
    assert clean_name("Mila", taken=["Mia", "Leo"]) == "Mila"


@pytest.mark.parametrize("text", ["Mi\x1ba", "\x1b[31mMia", "Mi\x00a", "Mi\na", "Mi\ra", "Mi\x7fa", "Mi\u0085a"])
def test_clean_name_control_characters_are_rejected(text):
    assert name_rejected(text) == "The name can't contain control characters or line breaks."


@pytest.mark.parametrize(
    "text",
    [
        "[b]Mia[/b]",
        "x [/] y",
        "[@click=app.quit]tap[/]",
        "Mia 🦄",
        "👨‍👩‍👧",
        "小明",
        "ملاك",  # Arabic, right to left
        "נועה",  # Hebrew, right to left
        "Zoe\u0301",  # e + combining acute accent, kept as typed (not normalised)
        "Zoë",
        "O'Brien-Smith",
        "Jean Luc",  # inner space kept
    ],
)
def test_clean_name_accepts_markup_like_and_international_names_unchanged(text):
    assert clean_name(text, taken=[]) == text


# -- describe_age -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "day", "text"),
    [
        (date(2026, 6, 17), date(2026, 6, 17), "0 weeks"),  # newborn
        (date(2026, 6, 10), date(2026, 6, 17), "1 week"),
        (date(2026, 6, 1), date(2026, 6, 17), "2 weeks"),
        (date(2026, 5, 18), date(2026, 6, 17), "4 weeks"),  # a day short of a month
        (date(2026, 5, 17), date(2026, 6, 17), "1 month"),
        (date(2026, 1, 31), date(2026, 2, 28), "4 weeks"),  # no 31 February: not yet a month
        (date(2026, 1, 31), date(2026, 3, 1), "1 month"),
        (date(2025, 6, 17), date(2026, 6, 17), "12 months"),
        (date(2024, 6, 18), date(2026, 6, 17), "23 months"),  # the day before turning two
        (date(2024, 6, 17), date(2026, 6, 17), "2 years"),  # second birthday
        (date(2023, 6, 18), date(2026, 6, 17), "2 years"),  # the day before turning three
        (date(2023, 6, 17), date(2026, 6, 17), "3 years"),  # third birthday
        (date(2023, 6, 16), date(2026, 6, 17), "3 years"),
        (date(2020, 2, 29), date(2023, 2, 28), "2 years"),  # leap-day birthday, common year
        (date(2020, 2, 29), date(2023, 3, 1), "3 years"),
        (date(2020, 2, 29), date(2024, 2, 29), "4 years"),
        (date(2009, 6, 17), date(2026, 6, 17), "17 years"),
    ],
)
def test_describe_age(born, day, text):
    assert describe_age(born, day) == text


def test_child_age_on_uses_describe_age():
    child = Child(id="c1", name="Mia", birth_date=date(2023, 6, 17))
    assert child.age_on(date(2026, 6, 16)) == "2 years"
    assert child.age_on(date(2026, 6, 17)) == "3 years"
