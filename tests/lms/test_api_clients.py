"""A machine client's secret: random, URL-safe, and usable as a command-line value."""

import re

from karmayogi.lms.api_clients import new_secret


def test_a_secret_never_starts_with_a_dash_that_a_command_line_would_read_as_an_option() -> None:
    drawn = [new_secret() for _ in range(2000)]  # about 31 of 2,000 token_urlsafe draws start with "-"
    assert not [s for s in drawn if s.startswith("-")]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", s) for s in drawn)
    assert len(set(drawn)) == len(drawn)
