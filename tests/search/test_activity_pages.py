"""Pages of the activity plugin and the user pages, whose dataset lists
come from search."""
from __future__ import annotations

import pytest

from ckan.tests import factories

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "bandaaceh activity"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]


class TestActivityAndUserPages:
    def test_user_dashboard_and_activity_pages(self, app, city):
        user = factories.User()
        factories.Dataset(name="milik-pengguna", user=user,
                          title="Dataset Pengguna")
        headers = {"Authorization": factories.APIToken(user=user["name"])[
            "token"]}
        body = app.get("/user/%s" % user["name"]).body
        assert "Dataset Pengguna" in body      # the user's datasets (search)
        body = app.get("/dashboard/datasets", headers=headers).body
        assert "Dataset Pengguna" in body
        app.get("/dataset/activity/milik-pengguna", status=200)
        app.get("/organization/activity/dinkes", status=200)
