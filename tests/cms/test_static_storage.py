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


def test_app_js_imports_gov_uk_frontend_by_its_hashed_name(tmp_path):
    """The collected app.js asks for the hashed GOV.UK Frontend file, so both can be cached for good."""
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "frontend" / "js" / "app.js"
    build = tmp_path / "cms" / "build"
    build.mkdir(parents=True)
    (build / "app.js").write_text(source.read_text())
    (build / "govuk-frontend.min.js").write_text("export function initAll() {}\n")
    names = ["cms/build/govuk-frontend.min.js", "cms/build/app.js"]
    with override_settings(STATIC_ROOT=str(tmp_path), STATIC_URL="/static/"):
        store = CachedUrlManifestStorage(location=str(tmp_path), base_url="/static/")
        list(store.post_process({name: (store, name) for name in names}, dry_run=False))
        store.save_manifest()

    hashed_govuk = store.hashed_files["cms/build/govuk-frontend.min.js"]
    assert hashed_govuk != "cms/build/govuk-frontend.min.js" and (tmp_path / hashed_govuk).exists()
    collected_app = (tmp_path / store.hashed_files["cms/build/app.js"]).read_text()
    assert f'from "./{Path(hashed_govuk).name}"' in collected_app
    assert '"./govuk-frontend.min.js"' not in collected_app
