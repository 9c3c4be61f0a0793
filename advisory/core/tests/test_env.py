"""Settings from the environment (config/env.py): strict parsing, and errors that name the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("raw", ["1", "true", "True", "YES", "on", " on "])
def test_a_true_boolean_is_read_in_any_of_its_spellings(monkeypatch, raw):
    monkeypatch.setenv("ADVISORY_TEST_FLAG", raw)
    assert env_bool("ADVISORY_TEST_FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "FALSE", "no", "off"])
def test_a_false_boolean_is_read_in_any_of_its_spellings(monkeypatch, raw):
    monkeypatch.setenv("ADVISORY_TEST_FLAG", raw)
    assert env_bool("ADVISORY_TEST_FLAG", True) is False


@pytest.mark.parametrize("default", [True, False])
def test_an_unset_boolean_takes_the_default(monkeypatch, default):
    monkeypatch.delenv("ADVISORY_TEST_FLAG", raising=False)
    assert env_bool("ADVISORY_TEST_FLAG", default) is default


@pytest.mark.parametrize("raw", ["maybe", "2", "ja", "y es", "truthy"])
def test_a_boolean_that_cannot_be_parsed_is_refused_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("ADVISORY_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("ADVISORY_TEST_FLAG", True)
    assert "ADVISORY_TEST_FLAG" in str(error.value)
    assert repr(raw) in str(error.value)


def test_a_whole_number_is_read_with_surrounding_spaces(monkeypatch):
    monkeypatch.setenv("ADVISORY_TEST_NUMBER", " 42 ")
    assert env_int("ADVISORY_TEST_NUMBER", 7) == 42


def test_an_unset_whole_number_takes_the_default(monkeypatch):
    monkeypatch.delenv("ADVISORY_TEST_NUMBER", raising=False)
    assert env_int("ADVISORY_TEST_NUMBER", 7, minimum=10) == 7


@pytest.mark.parametrize("raw", ["", "abc", "1.5", "10 minutes", "0x10"])
def test_a_whole_number_that_cannot_be_parsed_is_refused_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("ADVISORY_TEST_NUMBER", raw)
    with pytest.raises(ImproperlyConfigured, match="ADVISORY_TEST_NUMBER") as error:
        env_int("ADVISORY_TEST_NUMBER", 7)
    assert "whole number" in str(error.value)


def test_a_whole_number_below_the_minimum_is_refused(monkeypatch):
    monkeypatch.setenv("ADVISORY_TEST_NUMBER", "299")
    with pytest.raises(ImproperlyConfigured, match=r"ADVISORY_TEST_NUMBER=299 must be at least 300"):
        env_int("ADVISORY_TEST_NUMBER", 1800, minimum=300)
    monkeypatch.setenv("ADVISORY_TEST_NUMBER", "300")
    assert env_int("ADVISORY_TEST_NUMBER", 1800, minimum=300) == 300


def test_a_list_is_split_on_commas_trimmed_and_empty_items_dropped(monkeypatch):
    monkeypatch.setenv("ADVISORY_TEST_LIST", " a.example.dk, b.example.dk ,,")
    assert env_list("ADVISORY_TEST_LIST", ["default"]) == ["a.example.dk", "b.example.dk"]


def test_a_list_set_to_nothing_is_empty_and_an_unset_list_takes_the_default(monkeypatch):
    monkeypatch.setenv("ADVISORY_TEST_LIST", "")
    assert env_list("ADVISORY_TEST_LIST", ["default"]) == []
    monkeypatch.delenv("ADVISORY_TEST_LIST")
    assert env_list("ADVISORY_TEST_LIST", ["default"]) == ["default"]


def test_a_string_is_taken_as_it_is(monkeypatch):
    monkeypatch.setenv("ADVISORY_TEST_TEXT", "Rådgivningsfunktionen <noreply@example.dk>")
    assert env_str("ADVISORY_TEST_TEXT", "x") == "Rådgivningsfunktionen <noreply@example.dk>"
    monkeypatch.delenv("ADVISORY_TEST_TEXT")
    assert env_str("ADVISORY_TEST_TEXT", "x") == "x"


def _start(**variables: str) -> subprocess.CompletedProcess[str]:
    """Load the settings in a fresh interpreter with these variables set, as `manage.py` would."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(variables, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; settings.INSTALLED_APPS"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"DEBUG": "perhaps"}, "DEBUG="),
        ({"PAGE_SIZE": "many"}, "PAGE_SIZE="),
        ({"SESSION_COOKIE_AGE": "60"}, "SESSION_COOKIE_AGE=60 must be at least 300"),
        ({"DEBUG": "0", "SECRET_KEY": ""}, "SECRET_KEY must be set"),
    ],
)
def test_start_up_stops_with_a_message_naming_the_variable(variables, named):
    result = _start(**variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


def test_start_up_needs_no_variables_for_local_use():
    result = _start()
    assert result.returncode == 0, result.stderr
