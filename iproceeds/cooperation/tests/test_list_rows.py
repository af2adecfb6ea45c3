"""The list rows rendered in Python (box_rows) are the HTML the per-row template wrote."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from iproceeds.cooperation.choices import RequestStatus, Urgency
from iproceeds.cooperation.models import CooperationRequest
from iproceeds.cooperation.templatetags.cooperation_lists import box_rows

pytestmark = pytest.mark.django_db

# The rows as box_table.html rendered them before box_rows: the reference the tag must match.
TEMPLATE_ROWS = Template(
    """{% load i18n %}{% for row in rows %}
    <tr>
      <td><a href="{% url 'cooperation:detail' row.reference %}">{{ row.reference }}</a></td>
      <td>{{ row.request_type.label }}</td><td>{{ row.get_status_display }}</td><td>{{ row.get_urgency_display }}</td>
      <td>{{ row.requesting_authority }} ({{ row.requesting_authority.party.code }})</td>
      <td>{{ row.requested_authority|default:row.requested_party }} ({{ row.requested_party.code }})</td>
      <td>{% if row.next_due_at %}<time datetime="{{ row.next_due_at|date:'c' }}">{{ row.next_due_at|date:"SHORT_DATETIME_FORMAT" }}</time>{% if row.next_due_at < now %} <strong class="overdue">{% translate "overdue" %}</strong>{% endif %}{% else %}–{% endif %}</td>
      <td><time datetime="{{ row.created_at|date:'c' }}">{{ row.created_at|date:"SHORT_DATETIME_FORMAT" }}</time></td>
    </tr>
  {% empty %}
    <tr><td colspan="8">{% translate "No requests." %}</td></tr>
  {% endfor %}"""  # noqa: E501
)


@pytest.fixture
def rows(officer, bc29, bound, foreign_authority):
    """An overdue urgent request, one due later, one without a deadline or chosen authority."""
    now = timezone.now()
    foreign_authority.name = 'Unit "Cyber" & <Co\'s>'  # every character HTML escapes
    foreign_authority.save(update_fields=["name"])
    common = {"request_type": bc29, "requesting_authority": officer.authority, "created_by": officer,
              "requested_party": foreign_authority.party, "status": RequestStatus.SUBMITTED}  # fmt: skip
    made = CooperationRequest.objects.bulk_create([
        CooperationRequest(**common, requested_authority=foreign_authority, urgency=Urgency.URGENT,
                           next_due_at=now - dt.timedelta(hours=2)),
        CooperationRequest(**common, requested_authority=foreign_authority,
                           next_due_at=now + dt.timedelta(days=3)),
        CooperationRequest(**{**common, "status": RequestStatus.EXECUTED}, requested_authority=None),
    ])  # fmt: skip
    return list(
        CooperationRequest.objects.filter(pk__in=[r.pk for r in made])
        .select_related("request_type", "requesting_authority__party", "requested_party",
                        "requested_authority__party")
        .order_by("pk")
    )  # fmt: skip


@pytest.mark.parametrize(("language", "zone"), [("en", "UTC"), ("fr", "Europe/Paris"), ("sr", "Asia/Tokyo")])
def test_rows_are_the_templates_html_in_every_language_and_zone(rows, language, zone):
    now = timezone.now()
    with translation.override(language), timezone.override(zone):
        expected = TEMPLATE_ROWS.render(Context({"rows": rows, "now": now}))
        assert box_rows(rows, now) == expected
        assert box_rows([], now) == TEMPLATE_ROWS.render(Context({"rows": [], "now": now}))
    assert expected.count('class="overdue"') == 1
    assert "Unit &quot;Cyber&quot; &amp; &lt;Co&#x27;s&gt;" in expected
