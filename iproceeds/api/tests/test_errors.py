"""The one error format: pagination refusals, unknown paths, wrong methods, throttling and crashes."""

import pytest
from rest_framework import exceptions
from rest_framework.test import APIClient, APIRequestFactory

from iproceeds.api.errors import exception_handler
from iproceeds.api.tests.factories import bearer, make_token
from iproceeds.notifications.models import Notification

LIST = "/api/v1/notifications/"


@pytest.fixture
def officer_api(officer):
    _, raw = make_token(officer)
    client = APIClient()
    client.credentials(**bearer(raw))
    return client


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"page_size": "0"}, "page_size", "Enter a whole number of 1 or more."),
        ({"page_size": "ten"}, "page_size", "Enter a whole number of 1 or more."),
        ({"page_size": "201"}, "page_size", "Enter a number no larger than 200."),
        ({"page": "-1"}, "page", "Enter a whole number of 1 or more."),
        ({"page": "x"}, "page", "Enter a whole number of 1 or more."),
    ],
)
def test_bad_pagination_is_400_naming_the_parameter(officer_api, params, field, message):
    response = officer_api.get(LIST, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {field: [message]}


def test_page_past_the_end_is_404(officer_api):
    response = officer_api.get(LIST, {"page": "2"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_pages_have_count_next_previous_results(officer_api, officer):
    Notification.objects.bulk_create(
        [Notification(user=officer, kind="k", subject=f"s{i}") for i in range(3)]
    )
    body = officer_api.get(LIST, {"page_size": "2"}).json()
    assert body["count"] == 3
    assert body["next"] == "http://testserver/api/v1/notifications/?page=2&page_size=2"
    assert body["previous"] is None
    assert [n["subject"] for n in body["results"]] == ["s2", "s1"]


def test_unknown_api_path_is_404_in_the_error_format(officer_api):
    response = officer_api.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_wrong_method_is_405(officer_api):
    response = officer_api.delete(LIST)
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def _context():
    request = APIRequestFactory().get("/api/v1/me/")
    request.request_id = "req-1"
    return {"request": request}


def test_throttled_is_429_with_retry_after():
    response = exception_handler(exceptions.Throttled(wait=7), _context())
    assert response.status_code == 429
    assert response.data["error"]["code"] == "throttled"
    assert response["Retry-After"] == "7"


def test_unexpected_exception_is_500_without_details():
    response = exception_handler(RuntimeError("secret internals"), _context())
    assert response.status_code == 500
    assert response.data == {
        "error": {
            "code": "server_error",
            "message": "Something went wrong on our side.",
            "fields": {},
            "request_id": "req-1",
        }
    }
