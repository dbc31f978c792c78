"""The hot path's JSON text: orjson where it agrees with the standard library, the library where not."""

import json

import pytest

from karmayogi.lms import jsontext


def test_integers_beyond_64_bits_keep_every_digit():
    big = 2**70 + 1
    assert jsontext.parse(f'{{"n": {big}}}'.encode()) == {"n": big}
    assert json.loads(jsontext.written({"n": big})) == {"n": big}


def test_nan_and_infinity_are_refused_by_name():
    for constant in ("NaN", "Infinity", "-Infinity"):
        with pytest.raises(json.JSONDecodeError, match=constant.lstrip("-")):
            jsontext.parse(f'{{"n": {constant}}}'.encode())


def test_utf16_text_is_read_as_the_standard_library_reads_it():
    assert jsontext.parse('{"name": "कर्मयोगी"}'.encode("utf-16")) == {"name": "कर्मयोगी"}


def test_a_broken_text_gets_the_standard_librarys_message():
    with pytest.raises(json.JSONDecodeError, match="line 1 column 7"):
        jsontext.parse(b'{"a": }')


def test_written_text_is_compact_and_keeps_non_ascii():
    assert jsontext.written({"a": [1, 2.5], "b": "है"}) == '{"a":[1,2.5],"b":"है"}'


@pytest.mark.parametrize("depth", [1_100, 100_000])
def test_nesting_too_deep_for_either_parser_is_a_decode_error_not_a_crash(depth):
    """orjson stops at 1,024 levels and `json` recurses until Python stops it: both end as JSONDecodeError."""
    with pytest.raises(json.JSONDecodeError, match="nested too deeply"):
        jsontext.parse(b"[" * depth + b"]" * depth)


def test_long_numbers_are_found_as_runs_of_digits():
    assert jsontext.has_long_number(b'{"n": 18446744073709551616}')
    assert not jsontext.has_long_number(b'{"n": 184467440737095516, "s": "12345678 90123456789"}')
