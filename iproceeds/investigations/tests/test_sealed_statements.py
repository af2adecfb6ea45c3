"""Statement files are sealed at rest: unreadable in the database, refused when altered or moved."""

import hashlib
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from iproceeds.investigations import ledger, sealed
from iproceeds.investigations.models import ImportedStatement
from iproceeds.investigations.tests.factories import make_case
from iproceeds.investigations.tests.test_statements import MT940, _import

migration = importlib.import_module("iproceeds.investigations.migrations.0009_seal_statement_files")


def test_the_stored_file_is_sealed_and_opens_to_the_original(officer):
    # given an imported MT940 statement
    case = make_case(officer)
    statement = _import(case, officer)
    # when the stored column is read as it is in the database
    stored = bytes(ImportedStatement.objects.get(pk=statement.pk).content)
    # then it is a sealed blob without the file's text, and the ledger rebuild opens it to the original
    assert stored.startswith(sealed.MAGIC)
    assert b":20:STMT" not in stored
    assert ledger.stored_files(case=case)[0].data == MT940


def test_an_altered_file_is_refused_with_its_name(officer):
    # given an imported statement whose stored blob has one byte changed
    case = make_case(officer)
    statement = _import(case, officer)
    blob = bytearray(statement.content)
    blob[-1] ^= 0x01
    ImportedStatement.objects.filter(pk=statement.pk).update(content=bytes(blob))
    # when the ledger is rebuilt, then the file is refused by name
    with pytest.raises(ValidationError) as refused:
        ledger.stored_files(case=case)
    assert refused.value.message_dict == {
        "file": ["The stored file bank_b.mt940 failed its integrity check: it is not used."]
    }


def test_a_file_moved_from_another_case_is_refused(officer):
    # given the same statement imported into two cases, and the second case's blob replaced by the first's
    first, second = make_case(officer), make_case(officer, reference="FI-2026-0002")
    moved = bytes(_import(first, officer).content)
    target = _import(second, officer)
    ImportedStatement.objects.filter(pk=target.pk).update(content=moved)
    # when the second case's ledger is rebuilt, then the foreign blob is refused (bound to its case)
    with pytest.raises(ValidationError):
        ledger.stored_files(case=second)
    assert ledger.stored_files(case=first)[0].data == MT940


def test_the_migration_seals_files_stored_in_clear(officer):
    # given a statement whose file was stored in clear (before sealing)
    case = make_case(officer)
    statement = _import(case, officer)
    ImportedStatement.objects.filter(pk=statement.pk).update(content=MT940)
    # when the migration runs (twice: the second run finds nothing to do)
    migration.seal_files(apps, None)
    once = bytes(ImportedStatement.objects.get(pk=statement.pk).content)
    migration.seal_files(apps, None)
    # then the file is sealed, opens to the original, and was not sealed twice
    assert once.startswith(sealed.MAGIC)
    assert bytes(ImportedStatement.objects.get(pk=statement.pk).content) == once
    assert ledger.stored_files(case=case)[0].data == MT940
    assert hashlib.sha256(MT940).hexdigest() == statement.sha256


def test_the_reverse_migration_opens_the_files(officer):
    # given a sealed statement
    case = make_case(officer)
    statement = _import(case, officer)
    # when the migration is reversed
    migration.open_files(apps, None)
    # then the file is back in clear
    assert bytes(ImportedStatement.objects.get(pk=statement.pk).content) == MT940
