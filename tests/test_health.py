import pytest


@pytest.mark.django_db
def test_the_health_check_answers_anyone_and_says_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
    assert client.post("/healthz").status_code == 405
