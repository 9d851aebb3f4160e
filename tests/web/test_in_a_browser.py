"""The consultant's day in a real browser: Debian's chromium driven through its
chromedriver (nothing downloaded at run time). Skipped where no browser is installed;
CI installs it and makes a missing one fail (.ci/run). With EVIDENCEKIT_SCREENSHOTS=DIR
set, each step's page is saved to DIR as a PNG.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import uvicorn

from evidencekit.web.app import create_app
from tests.web.conftest import TOKEN

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
#: Set by CI, where a missing browser is a failure rather than a reason to skip.
REQUIRED = os.environ.get("EVIDENCEKIT_REQUIRE_BROWSER") == "1"
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER) and not REQUIRED,
    reason="needs chromium and chromedriver (apt-get install chromium chromium-driver)",
)
#: Where to save the screenshots of the day; none are taken when unset.
SCREENSHOTS = os.environ.get("EVIDENCEKIT_SCREENSHOTS")
DOCUMENT = "Site Admin/Subcontractors/Sub prequal - Apex Drywall Ltd.docx"
REQUIREMENT = "cor2023-2.3"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(settings) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


@pytest.fixture
def chrome(monkeypatch: pytest.MonkeyPatch):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    # The system's driver is named, so Selenium Manager has nothing to find or fetch.
    monkeypatch.setenv("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--disable-gpu",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def follow(driver, element) -> None:
    """Click ``element`` and wait for the page it leads to (not the one it was on)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 15).until(lambda _: left_behind(page))
    settle(driver)


def left_behind(element) -> bool:
    """Has ``element``'s page been replaced? Chromium answers a reference into a page
    it is unloading either as stale or as a node that "does not belong to the document"
    (Selenium's own staleness check takes only the first for an answer)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise
    return False


def settle(driver) -> None:
    """Wait while the page shows the assessment from before a change: it reloads itself
    when the new one is ready, and what a reader does on it meanwhile may be swept away."""
    from selenium.webdriver.support.wait import WebDriverWait

    WebDriverWait(driver, 120).until(
        lambda _: driver.execute_script(
            "return document.readyState === 'complete'"
            " && document.body !== null && !document.body.hasAttribute('data-updating')"
        )
    )


def shoot(driver, name: str) -> None:
    if not SCREENSHOTS:
        return
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(Path(SCREENSHOTS) / f"{name}.png"))


def test_a_consultants_day(server: str, chrome, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.wait import WebDriverWait

    # The client list, opened by the printed link.
    chrome.get(f"{server}/?token={TOKEN}")
    assert "token" not in chrome.current_url
    assert "northridge-construction" in chrome.find_element(By.TAG_NAME, "table").text
    shoot(chrome, "clients")

    # A folder's dashboard.
    follow(chrome, chrome.find_element(By.LINK_TEXT, "northridge-construction"))
    score_before = chrome.find_element(By.ID, "score").text
    assert chrome.find_element(By.ID, "verdict").text in ("Ready", "Not ready")
    shoot(chrome, "dashboard")

    # Reject a link on the evidence map; the score goes down.
    follow(chrome, chrome.find_element(By.LINK_TEXT, "Evidence map"))
    follow(chrome, chrome.find_element(By.PARTIAL_LINK_TEXT, "2 · "))
    section = chrome.find_element(By.ID, REQUIREMENT)
    row = next(
        line for line in section.find_elements(By.CSS_SELECTOR, "tr.link") if DOCUMENT in line.text
    )
    follow(chrome, row.find_element(By.CSS_SELECTOR, "button[data-decision=reject]"))
    section = chrome.find_element(By.ID, REQUIREMENT)
    assert "rejected by you" in section.text
    assert chrome.find_element(By.ID, "score").text != score_before
    chrome.execute_script("arguments[0].scrollIntoView()", section)
    shoot(chrome, "evidence-map-rejected")
    follow(chrome, chrome.find_element(By.LINK_TEXT, "Dashboard"))
    assert chrome.find_element(By.ID, "score").text != score_before

    # The same decision undone in a terminal: the open page says so, and a reload shows it.
    folder, state = served
    undone = subprocess.run(
        [
            sys.executable,
            "-m",
            "evidencekit",
            "link",
            str(folder),
            "reset",
            DOCUMENT,
            REQUIREMENT,
            "--state",
            str(state),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert undone.returncode == 0, undone.stderr
    banner = chrome.find_element(By.ID, "changed")
    WebDriverWait(chrome, 15).until(lambda _: banner.is_displayed())
    follow(chrome, banner.find_element(By.LINK_TEXT, "Reload"))
    assert chrome.find_element(By.ID, "score").text == score_before

    # Edit a tracker row; it is in the workbook downloaded next.
    follow(chrome, chrome.find_element(By.LINK_TEXT, "Tracker"))
    form = chrome.find_element(By.CSS_SELECTOR, "form.tracker-row")
    finding_id = form.find_element(By.NAME, "finding_id").get_attribute("value")
    owner = form.find_element(By.NAME, "owner")
    owner.clear()
    owner.send_keys("Dana Site-Super")
    follow(chrome, form.find_element(By.TAG_NAME, "button"))
    assert "Saved" in chrome.find_element(By.ID, "saved").text
    shoot(chrome, "tracker")
    link = chrome.find_element(By.LINK_TEXT, "Excel workbook").get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in chrome.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(link, headers={"Cookie": cookie})) as got:
        sheet = openpyxl.load_workbook(io.BytesIO(got.read())).active
    rows = {line[0].value: [cell.value for cell in line] for line in sheet.iter_rows(min_row=2)}
    header = [cell.value for cell in sheet[1]]
    assert rows[finding_id][header.index("owner")] == "Dana Site-Super"

    # Accept the company name the evidence suggests; the client list shows it.
    follow(chrome, chrome.find_element(By.LINK_TEXT, "Profile"))
    suggestion = chrome.find_element(By.ID, "suggest-company")
    name = suggestion.find_element(By.TAG_NAME, "strong").text
    follow(chrome, suggestion.find_element(By.TAG_NAME, "button"))
    assert "Accepted company" in chrome.find_element(By.ID, "said").text
    assert chrome.find_element(By.ID, "company").text == name
    shoot(chrome, "profile")

    # Search, then open a hit's document page.
    follow(chrome, chrome.find_element(By.LINK_TEXT, "Search"))
    box = chrome.find_element(By.NAME, "q")
    box.send_keys("harness")
    follow(chrome, chrome.find_element(By.CSS_SELECTOR, "form.filters button"))
    hits = chrome.find_elements(By.CSS_SELECTOR, "ol.hits li")
    assert hits and hits[0].find_elements(By.TAG_NAME, "mark")
    follow(chrome, hits[0].find_element(By.CSS_SELECTOR, "a.path"))
    assert chrome.find_element(By.TAG_NAME, "h1").text
    assert chrome.find_elements(By.CSS_SELECTOR, "section.page-text")

    # Correct the document's type; the page shows the type chosen, and so does the
    # documents list.
    path = chrome.find_element(By.TAG_NAME, "h1").text
    read_as = type_shown(chrome)
    choice = Select(chrome.find_element(By.ID, "correct-type"))
    corrected = next(
        option.get_attribute("value")
        for option in choice.options
        if option.get_attribute("value") not in ("", read_as)
    )
    choice.select_by_value(corrected)
    follow(chrome, chrome.find_element(By.ID, "correct-save"))
    assert type_shown(chrome) == corrected
    shoot(chrome, "document")
    follow(chrome, chrome.find_element(By.LINK_TEXT, "Documents"))
    Select(chrome.find_element(By.NAME, "type")).select_by_value(corrected)
    follow(chrome, chrome.find_element(By.CSS_SELECTOR, "form.filters button"))
    row = next(
        line for line in chrome.find_elements(By.CSS_SELECTOR, "tbody tr") if path in line.text
    )
    assert corrected in row.text

    # The company's year: the plan, training and interview preparation, each printable.
    follow(chrome, chrome.find_element(By.LINK_TEXT, "Plan"))
    assert "Certificate plan" in chrome.find_element(By.TAG_NAME, "h1").text
    assert chrome.find_element(By.CSS_SELECTOR, ".summary").is_displayed()
    shoot(chrome, "plan")
    chrome.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not chrome.find_element(By.CSS_SELECTOR, "nav.folder").is_displayed()
    assert not chrome.find_element(By.CSS_SELECTOR, ".print-bar").is_displayed()
    assert chrome.find_element(By.CSS_SELECTOR, ".summary").is_displayed()
    chrome.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    follow(chrome, chrome.find_element(By.LINK_TEXT, "Training"))
    statuses = [
        badge.text for badge in chrome.find_elements(By.CSS_SELECTOR, "table.training .badge")
    ]
    assert statuses and set(statuses) <= {"met", "to-confirm", "expired", "missing"}
    shoot(chrome, "training")
    follow(chrome, chrome.find_element(By.LINK_TEXT, "Interviews"))
    assert chrome.find_elements(By.CSS_SELECTOR, "section.sheet")
    shoot(chrome, "prep")


def type_shown(driver) -> str:
    """The document page's type, as its summary shows it."""
    from selenium.webdriver.common.by import By

    stat = next(
        stat
        for stat in driver.find_elements(By.CSS_SELECTOR, ".summary .stat")
        if stat.find_element(By.CLASS_NAME, "label").text.lower() == "type"
    )
    return stat.find_element(By.CLASS_NAME, "value").text
