"""Small helpers for tests: the test settings, data built once for a module, Danish messages by their msgid, and a
minimal HTML element index."""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, TypeVar

from django.db import transaction
from django.test import override_settings
from django.utils import translation

Built = TypeVar("Built")

# The settings every test runs with (conftest.py), also for data built once for a whole module.
TEST_SETTINGS: dict[str, Any] = {
    "LANGUAGE_CODE": "da",
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    # Two-factor authentication is required of agency staff in production; tests that are about it switch it on.
    "MFA_REQUIRED_FOR_STAFF": False,
}


@contextmanager
def built_once(django_db_blocker: Any, build: Callable[[], Built]) -> Iterator[Built]:
    """What ``build`` makes, built once (for a module-scoped fixture) inside a transaction that is rolled back at the
    end. Each test of the module runs in a savepoint inside that transaction (pytest-django's ``db``, rolled back
    after the test), so every test starts from the data as it was built, as if built for that test alone."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(**copy.deepcopy(TEST_SETTINGS)):
                built = build()
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def danish(msgid: str, plural: str | None = None, count: int | None = None, **params: Any) -> str:
    """The Danish text of a message, failing if it has no Danish translation (so a test cannot pass on English)."""
    with translation.override("da"):
        if plural is not None:
            assert count is not None, "a plural message needs a count"
            text = translation.ngettext(msgid, plural, count)
        else:
            text = translation.gettext(msgid)
    english = plural if plural is not None and count != 1 else msgid
    assert text != english, f"No Danish translation of {msgid!r}"
    return text % params if params else text


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    content: list[str | Element] = field(default_factory=list)

    @property
    def children(self) -> list[Element]:
        return [item for item in self.content if isinstance(item, Element)]

    @property
    def text(self) -> str:
        parts = [item if isinstance(item, str) else item.text for item in self.content]
        return " ".join(" ".join(parts).split())

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        found = []
        for child in self.children:
            if (tag is None or child.tag == tag) and all(
                child.attrs.get(name.rstrip("_").replace("_", "-")) == value for name, value in attrs.items()
            ):
                found.append(child)
            found.extend(child.find_all(tag, **attrs))
        return found


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].content.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].content.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        self.stack[-1].content.append(data)


@dataclass
class Document:
    root: Element

    def by_id(self, element_id: str) -> Element | None:
        matches = self.root.find_all(id=element_id)
        assert len(matches) <= 1, f"id {element_id!r} is used {len(matches)} times"
        return matches[0] if matches else None

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        return self.root.find_all(tag, **attrs)

    def select_one(self, tag: str | None = None, **attrs: str) -> Element:
        matches = self.find_all(tag, **attrs)
        assert len(matches) == 1, f"expected one <{tag} {attrs}>, found {len(matches)}"
        return matches[0]


def parse_html(content: bytes | str) -> Document:
    builder = _Builder()
    builder.feed(content.decode() if isinstance(content, bytes) else content)
    builder.close()
    return Document(builder.root)


def msgid_of(lazy_text: Any) -> str:
    """The English msgid of a lazy translatable constant (e.g. a form's error-message constant)."""
    with translation.override("en"):
        return str(lazy_text)
