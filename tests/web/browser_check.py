#!/usr/bin/python3
"""The web map in a real browser (headless Chromium through Selenium), for tests/web.

usage: browser_check.py BASE_URL PROJECT_URL EXPECTED_CUT_OFF USER PASSWORD FEEDBACK
  EXPECTED_CUT_OFF: comma-separated village codes `cutoff --ford-depth 0.6` lists as cut off.
Prints what it checked; exit 0 when all held, 1 when one failed, 77 when Selenium or
chromium is missing (the test is then skipped with that message).
"""
import json
import sys
import time
from urllib.parse import urlparse

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError as e:
    print(f"skip: python3-selenium is missing ({e})")
    sys.exit(77)


def start_browser():
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1200,900"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    try:
        return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    except Exception as e:  # no chromium or driver on this machine
        print(f"skip: chromium / chromium-driver missing or not starting ({e})")
        sys.exit(77)


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def check_console_and_requests(driver, base):
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    if errors:
        fail(f"console errors: {errors}")
    origin = urlparse(base).netloc
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] != "Network.requestWillBeSent":
            continue
        url = message["params"]["request"]["url"]
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about"):
            continue
        if parsed.netloc != origin:
            fail(f"outside request: {url}")


def wait_cutoff(driver, wait, needle):
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-cutoff-ready") == "true"
               and needle in (d.find_element(By.TAG_NAME, "body").get_attribute("data-cutoff-query") or ""))


def main():
    base, project_url, expected, user, password, feedback = sys.argv[1:7]
    expected_codes = sorted(c for c in expected.split(",") if c)
    driver = start_browser()
    wait = WebDriverWait(driver, 30)
    try:
        driver.get(base)
        wait_cutoff(driver, wait, "scenario=rainy")
        check_console_and_requests(driver, base)
        print("map loaded: no console error, no outside request")

        driver.find_element(By.ID, "depth-on").click()
        driver.execute_script(
            "const d = document.getElementById('depth'); d.value = '0.6';"
            "d.dispatchEvent(new Event('input'));")
        wait_cutoff(driver, wait, "ford_depth=0.6")
        shown = sorted(e.get_attribute("data-code")
                       for e in driver.find_elements(By.CSS_SELECTOR, "#cut-off-list li"))
        if shown != expected_codes:
            fail(f"depth 0.6 m shows {shown}, cutoff lists {expected_codes}")
        print(f"depth 0.6 m: {shown}")
        check_console_and_requests(driver, base)

        driver.get(project_url)
        wait.until(lambda d: d.find_element(By.ID, "project-name").text)
        driver.find_element(By.NAME, "message").send_keys(feedback)
        driver.find_element(By.CSS_SELECTOR, "form.feedback button").click()
        wait.until(lambda d: d.find_elements(By.CLASS_NAME, "notice"))
        check_console_and_requests(driver, base)
        print("project page from the QR URL: feedback sent")

        driver.get(base.rstrip("/") + "/signin")
        driver.find_element(By.NAME, "name").send_keys(user)
        driver.find_element(By.NAME, "password").send_keys(password)
        driver.find_element(By.CSS_SELECTOR, "form button").click()
        wait.until(lambda d: d.find_elements(By.ID, "projects"))
        code = project_url.rstrip("/").rsplit("/", 1)[1]
        row = driver.find_element(By.CSS_SELECTOR, f'#projects tr[data-code="{code}"]')
        progress = row.find_element(By.NAME, "progress_pct")
        progress.clear()
        progress.send_keys("73")
        row.find_element(By.CLASS_NAME, "save").click()
        wait.until(lambda d: row.find_element(By.CLASS_NAME, "result").text.startswith("✓"))
        shown_feedback = driver.find_element(By.ID, "feedback").text
        if feedback not in shown_feedback:
            fail("the planner page does not show the feedback as text")
        driver.get(project_url)
        shown_progress = driver.find_element(By.ID, "progress").text
        if shown_progress != "73%":
            fail(f"the public page shows progress {shown_progress}, not 73%")
        check_console_and_requests(driver, base)
        alerts = driver.execute_script("return typeof window.__alerted")
        print(f"signed in, progress 73% shown publicly ({alerts})")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
