"""The harness itself: a guard that never fires would let every network test pass unseen."""

import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page


def test_other_hosts_are_recorded_and_refused(page: Page, requests_made):
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.set_content('<img src="https://example.org/pixel.png" alt="">')
    page.wait_for_load_state("load")
    assert requests_made.external() == ["https://example.org/pixel.png"]
    assert failed == ["https://example.org/pixel.png"]


def test_subpath_server_serves_only_under_its_path(subpath_url: str):
    with urllib.request.urlopen(subpath_url) as response:
        assert response.status == 200
    outside = subpath_url.removesuffix(urlsplit(subpath_url).path) + "/"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(outside)
    refused.value.close()
    assert refused.value.code == 404
