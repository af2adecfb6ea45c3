"""Fixtures of the cooperation tests: the shipped catalogue loaded once per test that asks for it."""

import pytest

from iproceeds.cooperation.services.catalogue import SHIPPED_FILE, catalogue_load_file
from iproceeds.directory.permissions import SYSTEM


@pytest.fixture
def catalogue(db):
    """The shipped catalogue, loaded."""
    return catalogue_load_file(path=SHIPPED_FILE, actor=SYSTEM)
