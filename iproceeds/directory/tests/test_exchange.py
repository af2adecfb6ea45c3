"""Import (all or nothing, every bad row and field reported) and export (CSV, XLSX, vCard)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from iproceeds.audit.models import AuditEvent
from iproceeds.directory import exchange
from iproceeds.directory.models import Authority, Contact
from iproceeds.directory.services.imports import RowError, directory_import
from iproceeds.directory.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

CONTACTS_CSV = (
    "party,authority,name,name_local,function,phone,mobile,email,languages\n"
    "RS,Demo Cybercrime Unit Belgrade,Jovana Petrović (demo),Јована Петровић,Analyst,+381 11 555 0201,,"
    'jovana@example.invalid,"sr, en"\n'
    "RS,Demo Cybercrime Unit Belgrade,Marko Demović (demo),,Analyst,011 555 0202,,marko@example.invalid,sr\n"
)
BAD_CSV = (
    "party,authority,name,phone,email,languages\n"
    "RS,Demo Cybercrime Unit Belgrade,Good Row (demo),+381 11 555 0201,good@example.invalid,sr\n"
    "RS,Demo Cybercrime Unit Belgrade,Bad Phone (demo),+381 12,bad@,sr\n"
    "AL,Demo Cybercrime Unit Tirana,Other Party (demo),+355 4 555 0123,x@example.invalid,sq\n"
    "ZZ,Nowhere,Unknown Party (demo),+381 11 555 0203,y@example.invalid,sr\n"
    "RS,Demo Cybercrime Unit Belgrade,Good Row (demo),+381 11 555 0204,z@example.invalid,sr\n"
)


def _rows(text):
    return exchange.read_table(text.encode("utf-8"), "contacts.csv")


def test_good_csv_imports_every_row_with_e164_phones(org_admin, foreign_authority):
    report = directory_import(actor=org_admin, kind="contacts", rows=_rows(CONTACTS_CSV))
    assert (report.ok, report.created, report.updated) == (True, 2, 0)
    assert sorted(Contact.objects.values_list("phone", flat=True)) == ["+381115550201", "+381115550202"]
    assert AuditEvent.objects.filter(action="directory.contact.created").count() == 2
    assert AuditEvent.objects.filter(action="directory.import.completed").count() == 1


def test_one_bad_row_imports_nothing_and_every_problem_is_listed(org_admin, foreign_authority):
    # given one good row and four bad ones (phone and e-mail, other Party, unknown Party, duplicate)
    events = AuditEvent.objects.count()
    # when the organisation administrator of Serbia imports it
    report = directory_import(actor=org_admin, kind="contacts", rows=_rows(BAD_CSV))
    # then every bad row and field is reported, and nothing is saved or audited
    assert not report.ok
    assert [(e.row, e.field) for e in report.errors] == [
        (3, "phone"),
        (3, "email"),
        (4, "party"),
        (5, "party"),
        (6, "name"),
    ]
    assert report.errors[2] == RowError(
        4, "party", "Organisation administrators may change only their own Party's entries."
    )
    assert Contact.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_missing_and_unknown_columns_are_reported_on_row_one(org_admin):
    report = directory_import(actor=org_admin, kind="contacts", rows=_rows("party,name,colour\nRS,X,red\n"))
    assert [(e.row, e.field, e.message) for e in report.errors] == [
        (1, "authority", "Required column is missing."),
        (1, "colour", "Unknown column."),
    ]


def test_existing_contact_is_updated_not_duplicated(org_admin, home_authority):
    ContactFactory(
        authority=home_authority, name="Marko Demović (demo)", phone="+381115550999", function="Old"
    )
    report = directory_import(actor=org_admin, kind="contacts", rows=_rows(CONTACTS_CSV))
    assert (report.created, report.updated) == (1, 1)
    assert Contact.objects.get(name="Marko Demović (demo)").phone == "+381115550202"


def test_xlsx_authorities_import_with_a_bad_time_zone_names_the_cell(org_admin, secretariat, home_authority):
    # given a workbook with a good authority and one with an unknown time zone
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(exchange.AUTHORITY_COLUMNS)
    sheet.append(
        [
            "RS",
            "Demo FIU Belgrade",
            "",
            "fiu",
            "Europe/Belgrade",
            "+381 11 555 0300",
            "",
            "sr",
            "01234",
            "08:00",
            "16:00",
        ]
    )
    sheet.append(["RS", "Demo ARO Belgrade", "", "aro", "Europe/Atlantis", "", "", "sr", "01234", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = exchange.read_table(buffer.getvalue(), "authorities.xlsx")
    # when imported, then the report names row 3's time zone and nothing is created
    report = directory_import(actor=secretariat, kind="authorities", rows=rows)
    assert [(e.row, e.field) for e in report.errors] == [(3, "timezone")]
    assert not Authority.objects.filter(name__startswith="Demo FIU").exists()
    # and once the zone is fixed the whole file goes in
    rows[1]["timezone"] = "Europe/Belgrade"
    assert directory_import(actor=secretariat, kind="authorities", rows=rows).created == 2


def test_import_page_shows_the_validation_report(org_admin, verified_client, foreign_authority):
    client = verified_client(org_admin)
    upload = SimpleUploadedFile("contacts.csv", BAD_CSV.encode("utf-8"), content_type="text/csv")
    response = client.post(reverse("directory:import"), {"kind": "contacts", "file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported: 5 problems." in page
    assert Contact.objects.count() == 0


def test_import_page_refuses_other_file_types(org_admin, verified_client):
    client = verified_client(org_admin)
    upload = SimpleUploadedFile("contacts.txt", b"x", content_type="text/plain")
    response = client.post(reverse("directory:import"), {"kind": "contacts", "file": upload})
    assert response.context["form"].errors == {"file": ["Upload a .csv or .xlsx file."]}


def test_csv_export_round_trips_through_import(org_admin, verified_client, home_authority):
    ContactFactory(authority=home_authority, name="Ђорђе Демовић (demo)", phone="+381115550400")
    client = verified_client(org_admin)
    response = client.get(reverse("directory:export", args=["csv"]), {"party": "RS"})
    rows = exchange.read_table(response.content, "contacts.csv")
    assert [(r["name"], r["phone"]) for r in rows] == [("Ђорђе Демовић (demo)", "+381115550400")]
    assert directory_import(actor=org_admin, kind="contacts", rows=rows).ok
    assert AuditEvent.objects.filter(action="directory.export.downloaded").count() == 1


def test_xlsx_export_of_authorities(officer, verified_client, home_authority):
    client = verified_client(officer)
    response = client.get(reverse("directory:export", args=["xlsx"]), {"what": "authorities", "party": "RS"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == exchange.AUTHORITY_COLUMNS
    assert values[1][:2] == ("RS", "Demo Cybercrime Unit Belgrade")


def test_vcard_of_a_contact(officer, verified_client, home_authority):
    contact = ContactFactory(
        authority=home_authority, name="Jovana Petrović (demo)", phone="+381115550101", mobile=""
    )
    client = verified_client(officer)
    card = client.get(reverse("directory:contact_vcard", args=[contact.pk])).content.decode()
    assert card.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jovana Petrović (demo)\r\n")
    assert "TEL;TYPE=WORK,VOICE:+381115550101\r\n" in card
    assert "TZ:Europe/Belgrade\r\n" in card
