#!/usr/bin/env python3
"""Browser test of docket serve, in headless Chromium (Debian's chromium and
chromium-driver, selenium from PyPI): a request is taken at the counter, dispatched by
the village secretary, accepted by the member on a phone-sized window, seen overdue on
the supervisor's dashboard at a later simulated time, and the report is read.

The store is a simulation (`docket init --simulation`), so each page is asked at a
chosen "now" through the X-Docket-Now header (set with the DevTools protocol): a limit
passes without waiting. Writes docs/screenshots/overdue.png, the README's picture.

Usage: python3 Tests/Browser/browser_test.py [path/to/docket]   (exit 0 when all pass)
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCKET = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/docket"))
PASSWORD = "docket-浏览器-2026"


def run(*args, stdin=None, env):
    result = subprocess.run([DOCKET, *args], input=stdin, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"docket {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not answer at {url}")


class Browser:
    """One Chromium, whose every request carries X-Docket-Now."""

    def __init__(self, base):
        options = webdriver.ChromeOptions()
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN"]:
            options.add_argument(flag)
        # A county office's browser asks for Chinese.
        options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if binary:
            options.binary_location = binary
        driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
        self.driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=driver_path), options=options)
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.base = base

    def at(self, now):
        self.driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"X-Docket-Now": now}})

    def size(self, width, height):
        self.driver.set_window_size(width, height)

    def open(self, path):
        self.driver.get(self.base + path)

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def log_in(self, person):
        self.driver.delete_all_cookies()
        self.open("/login")
        self.driver.find_element(By.NAME, "person").send_keys(person)
        self.driver.find_element(By.NAME, "password").send_keys(PASSWORD)
        self.submit("form")
        check("我的待办" in self.driver.title, f"{person} lands on 我的待办, not {self.driver.title}")

    def submit(self, form_css):
        """Submits a form and waits for the page it leads to."""
        self.follow(lambda: self.driver.find_element(By.CSS_SELECTOR, form_css + " button").click())

    def click_link(self, by, text):
        """Follows a link and waits for the page it leads to."""
        self.follow(lambda: self.driver.find_element(by, text).click())

    def follow(self, action):
        # A mark on the old page's window: a new document has none. Chromium may
        # answer a check made mid-navigation with an inspector error rather than
        # a stale element, so the wait asks by script and retries on either.
        self.driver.execute_script("window.docketOldPage = true")
        action()
        WebDriverWait(self.driver, 30, ignored_exceptions=[WebDriverException]).until(
            lambda d: d.execute_script("return !window.docketOldPage && document.readyState === 'complete'"))


failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def main():
    folder = tempfile.mkdtemp(prefix="docket-browser-")
    env = dict(os.environ, DOCKET_DB=os.path.join(folder, "docket.db"), DOCKET_ACTOR="p-admin", LANG="zh_CN.UTF-8")
    run("init", "--workflows", os.path.join(ROOT, "Workflows"), "--simulation", env=env)
    run("org", "import", os.path.join(ROOT, "Examples/org-tree.yaml"), env=env)
    run("person", "import", os.path.join(ROOT, "Examples/people.csv"), env=env)
    for person in ["p-intake", "p-secretary", "p-li", "p-admin"]:
        run("person", "password", person, stdin=PASSWORD + "\n", env=env)
    port = free_port()
    server = subprocess.Popen(
        [DOCKET, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    browser = None
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz")
        browser = Browser(base)
        d = browser.driver

        # 王受理 takes a request by phone at the county's counter.
        browser.size(1280, 900)
        browser.at("2026-11-22T09:30")
        browser.log_in("p-intake")
        browser.open("/cases/new?workflow=service-request")
        Select(d.find_element(By.NAME, "_org")).select_by_value("dongcun-g1")
        d.find_element(By.NAME, "f.requester").send_keys("张大爷")
        d.find_element(By.NAME, "f.phone").send_keys("13800000000")
        Select(d.find_element(By.NAME, "f.category")).select_by_visible_text("维修")
        d.find_element(By.NAME, "f.description").send_keys("自来水管漏水")
        Select(d.find_element(By.NAME, "f.urgency")).select_by_value("utility")
        browser.submit("form.event")
        case_path = "/" + d.current_url.split("/", 3)[3]
        check(case_path.startswith("/cases/SR-"), f"the request is taken: {case_path}")
        check("已点单待派单" in browser.text(), "its page says it waits for dispatch")

        # 赵书记 dispatches it to 李明 from his list.
        browser.at("2026-11-22T10:00")
        browser.log_in("p-secretary")
        check(case_path.split("/")[-1] in browser.text(), "the request is on 赵书记's list")
        browser.open(case_path)
        Select(d.find_element(By.NAME, "f.assignee")).select_by_visible_text("李明 (p-li)")
        browser.submit("form[action$='/events/dispatch']")
        check("李明" in browser.text(), "dispatched to 李明")

        # 李明 accepts on his phone.
        browser.size(390, 844)
        browser.at("2026-11-22T10:30")
        browser.log_in("p-li")
        browser.click_link(By.LINK_TEXT, case_path.split("/")[-1])
        browser.submit("form[action$='/events/accept']")
        width = d.execute_script("return document.documentElement.scrollWidth")
        check(width <= 390, f"the case page fits a phone's width ({width}px)")
        check("办理中" in browser.text() or "已接单" in browser.text(), "accepted")

        # Weeks later, the county's supervisor sees it overdue under 城关镇 → 东村.
        browser.size(1280, 900)
        browser.at("2026-12-20T09:00")
        browser.log_in("p-admin")
        browser.open("/overdue")
        browser.click_link(By.PARTIAL_LINK_TEXT, "城关镇")
        check(case_path.split("/")[-1] in browser.text(), "the request is overdue on the supervisor's dashboard")
        os.makedirs(os.path.join(ROOT, "docs/screenshots"), exist_ok=True)
        d.save_screenshot(os.path.join(ROOT, "docs/screenshots/overdue.png"))

        browser.open("/reports")
        check("满意率" in browser.text() and "<svg" in d.page_source, "the service report with its chart")

        # The county's organisation department starts a rectification campaign from the
        # list it keeps in a spreadsheet, uploaded as a file.
        browser.open("/campaigns/new")
        d.find_element(By.NAME, "name").send_keys("2026年软弱涣散整顿")
        Select(d.find_element(By.NAME, "workflow")).select_by_value("branch-rectification")
        d.find_element(By.NAME, "orgs").send_keys(os.path.join(ROOT, "Examples/branch-rectification/campaign.csv"))
        browser.submit("form[action='/campaigns/new']")
        page = browser.text()
        check(d.current_url.split("/campaigns/")[-1] not in ("", "new") and "城关镇" in page and "河口镇" in page,
              f"the uploaded list started the campaign, shown by township ({d.current_url})")
    finally:
        if browser:
            browser.driver.quit()
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            failures.append("the server did not stop on SIGTERM")
        check(server.returncode == 0, f"the server stopped cleanly on SIGTERM (status {server.returncode})")
        shutil.rmtree(folder, ignore_errors=True)
    if failures:
        print(f"{len(failures)} browser check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("browser test: all checks passed")


if __name__ == "__main__":
    main()
