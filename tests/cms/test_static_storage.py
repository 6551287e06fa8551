"""The production static storage answers with the manifest's hashed URLs and works each out only once."""

import pytest
from django.test import override_settings

from cms.static_storage import CachedUrlManifestStorage


@pytest.fixture
def storage(tmp_path):
    (tmp_path / "site.css").write_text("body { color: #0b0c0c; }")
    with override_settings(STATIC_ROOT=str(tmp_path), STATIC_URL="/static/"):
        store = CachedUrlManifestStorage(location=str(tmp_path), base_url="/static/")
        list(store.post_process({"site.css": (store, "site.css")}, dry_run=False))
        store.save_manifest()
        yield CachedUrlManifestStorage(location=str(tmp_path), base_url="/static/")


def test_urls_are_the_hashed_names_from_the_manifest(storage):
    url = storage.url("site.css")
    assert url.startswith("/static/site.") and url.endswith(".css") and url != "/static/site.css"
    assert url == "/static/" + storage.hashed_files["site.css"]


def test_a_url_is_worked_out_once(storage):
    first = storage.url("site.css")
    storage.hashed_files["site.css"] = "site.changed.css"  # the manifest is not read again
    assert storage.url("site.css") == first
    assert storage.url("site.css", force=True) != first  # force still asks the manifest


def test_a_file_missing_from_the_manifest_is_still_an_error(storage):
    with pytest.raises(ValueError):
        storage.url("missing.css")
    with pytest.raises(ValueError):
        storage.url("missing.css")  # not remembered as anything
