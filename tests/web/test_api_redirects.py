"""Under /api/ even Django's slash redirect answers JSON {"code","message"}; a POST to the path without its slash
is told where the operation is instead of being redirected (a client would re-send it as GET, losing the body)."""

import json


def test_get_without_slash_is_redirected_with_a_json_body(client, make_user):
    client.force_login(make_user("411726"))
    response = client.get("/api/v1/inspections")
    assert response.status_code == 301
    assert response["Location"].endswith("/api/v1/inspections/")
    body = json.loads(response.content)
    assert body["code"] == "moved" and "/api/v1/inspections/" in body["message"]


def test_post_without_slash_is_a_json_404_naming_the_path(client, make_user):
    client.force_login(make_user("411726"))
    response = client.post("/api/v1/cases", data="{}", content_type="application/json")
    assert response.status_code == 404
    body = json.loads(response.content)
    assert body["code"] == "not_found" and "/api/v1/cases/" in body["message"]
