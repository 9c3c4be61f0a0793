import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _offer_pages_not_cached_between_tests():
    """The pages' cache is a process's memory; a test's records are rolled back without signals."""
    cache.clear()
    yield
    cache.clear()
