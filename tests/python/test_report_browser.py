"""report.html in a real headless browser (Debian's Chromium via Selenium).

No console errors, every section present, every chart drawn with a non-zero
size, no request leaves the page, and a screenshot kept in
build/test-artifacts/. A second test checks accessibility structurally
(axe-core is not available offline): heading order, a text alternative on
every chart, table headers with scope.
"""
from __future__ import annotations

import html.parser
import json
import os
import pathlib
import re
import shutil
from typing import Any, Optional

import pytest

import homeward

REPO = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "build" / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SECTIONS = ["summary", "trends", "stages", "overdue", "outcomes", "recommendations", "exclusions", "cautions"]


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pathlib.Path]:
    pytest.importorskip("jinja2", reason="the report extra (jinja2) is not installed")
    pytest.importorskip("matplotlib", reason="the report extra (matplotlib) is not installed")
    from homeward._paths import sample_path

    out = tmp_path_factory.mktemp("report")
    report = homeward.service_report(homeward.sample_caseload(), homeward.sample_star_readings(),
                                     str(sample_path("sample_placements.json")), sources=["bundled sample"])
    return report.write(out)


def _driver(width: int, height: int) -> Any:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("Debian's chromium and chromium-driver are not installed (scripts/deps/report.deb)")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--hide-scrollbars"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)


def test_report_html_in_headless_chromium(sample_report: dict[str, pathlib.Path]) -> None:
    page = sample_report["html"]
    driver = _driver(1280, 900)
    try:
        driver.get(page.as_uri())
        by = pytest.importorskip("selenium.webdriver.common.by").By
        # No console errors (warnings are allowed, errors are not).
        logs = driver.get_log("browser")
        errors = [e for e in logs if e.get("level") == "SEVERE"]
        assert errors == [], errors
        # Every section is there, with its heading.
        for sid in SECTIONS:
            section = driver.find_element(by.ID, sid)
            assert section.find_element(by.TAG_NAME, "h2").text.strip()
        # The page says which period it covers and where the period came from.
        model = json.loads(sample_report["json"].read_text(encoding="utf-8"))
        masthead = driver.find_element(by.CSS_SELECTOR, "header.masthead").text
        assert model["period"]["label"] in masthead
        assert model["period"]["source"] in masthead
        # Every chart (matplotlib trends, stages, core star charts) is drawn with a size.
        charts = driver.find_elements(by.CSS_SELECTOR, "figure.chart svg")
        expected = 5 + 1 + len(model["outcomes"]["charts"])
        assert len(charts) == expected
        for svg in charts:
            size = svg.size
            assert size["width"] > 100 and size["height"] > 50, (svg.get_attribute("outerHTML")[:200], size)
        # Six summary cards with a RAG or no-target badge each.
        cards = driver.find_elements(by.CSS_SELECTOR, "#summary .card")
        assert len(cards) == len(model["summary"])
        # Money is money.
        savings = driver.find_element(by.CSS_SELECTOR, "#fig-savings").find_element(by.XPATH, "..").text
        value = next(f["value"] for f in model["summary"] if f["id"] == "savings")
        assert f"£{value:,.0f}" in savings
        # No request leaves the page: the only resource is the file itself.
        entries = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        assert entries == []
        requests = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                requests.append(message["params"]["request"]["url"])
        assert all(u.startswith("file://") or u.startswith("data:") for u in requests), requests
        assert [u for u in requests if u.startswith("file://")] == [page.as_uri()]
        # A full-page screenshot for people to look at.
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        height = int(driver.execute_script("return document.documentElement.scrollHeight"))
        driver.set_window_size(1280, min(height, 12000))
        assert driver.save_screenshot(str(ARTIFACTS / "report.png"))
        # And on a phone: nothing wider than the screen outside scrollable tables.
        driver.set_window_size(390, 844)
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1
        assert driver.save_screenshot(str(ARTIFACTS / "report-phone.png"))
    finally:
        driver.quit()
    shutil.copy(page, ARTIFACTS / "report.html")


class _Structure(html.parser.HTMLParser):
    """Headings, charts and table headers of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[int] = []
        self.th: list[dict[str, Optional[str]]] = []
        self.svgs: list[tuple[dict[str, Optional[str]], bool]] = []  # (wrapper attrs, has <title>)
        self.stack: list[tuple[str, dict[str, Optional[str]]]] = []
        self.in_svg = 0
        self.svg_title = False
        self.lang: Optional[str] = None
        self.images_without_alt = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and not self.in_svg:
            self.headings.append(int(tag[1]))
        if tag == "th":
            self.th.append(a)
        if tag == "img" and not a.get("alt"):
            self.images_without_alt += 1
        if tag == "svg":
            if self.in_svg == 0:
                self.svg_title = False
                self.svg_parent = self.stack[-1][1] if self.stack else {}
            self.in_svg += 1
        elif tag == "title" and self.in_svg:
            self.svg_title = True
        if tag not in ("meta", "br", "img", "input", "link") and not self.in_svg:
            self.stack.append((tag, a))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        if tag == "img" and not dict(attrs).get("alt"):
            self.images_without_alt += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.in_svg -= 1
            if self.in_svg == 0:
                self.svgs.append((self.svg_parent, self.svg_title))
            return
        if self.in_svg:
            return
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break


def test_report_html_accessibility_structure(sample_report: dict[str, pathlib.Path]) -> None:
    text = sample_report["html"].read_text(encoding="utf-8")
    s = _Structure()
    s.feed(text)
    assert s.lang == "en-GB"
    # One h1, then headings never skip a level.
    assert s.headings[0] == 1 and s.headings.count(1) == 1
    for before, after in zip(s.headings, s.headings[1:]):
        assert after <= before + 1, s.headings
    # Every chart has a text alternative: its own <title> (core star charts) or
    # a role="img" wrapper with an aria-label (matplotlib charts).
    assert len(s.svgs) >= 6
    for parent, has_title in s.svgs:
        labelled = parent.get("role") == "img" and bool(parent.get("aria-label"))
        assert has_title or labelled, parent
    assert s.images_without_alt == 0
    # Every table header says what it heads.
    assert s.th
    assert all(th.get("scope") in ("col", "row") for th in s.th)
    # No scripts, no external resources.
    assert "<script" not in text
    links = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", text)
    assert all(u.startswith("#") for u in links), [u for u in links if not u.startswith("#")]
    assert not re.search(r"url\(\s*['\"]?(?:https?:|//)", text)
    assert "@import" not in text
