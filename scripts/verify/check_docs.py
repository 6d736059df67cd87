"""Docs: the /docs page in a real browser (Debian's Chromium, headless, driven by selenium through chromedriver).

Swagger UI's files come from the PyPI wheel drf-spectacular-sidecar (swagger-ui-dist 5.33.1), served by a small static
server on loopback that the server's DOCS_ASSETS_URL points at; their SHA-384 must be the pins the server puts in the
page. In the browser: Swagger UI renders, **Authorize** logs in with a username and password through the OAuth2
password flow, **Try it out** on GET /api/auth/me answers 200 with the user's name, and the console shows no
Content-Security-Policy or integrity error. Then the same page with one byte of the bundle changed: the browser
refuses the file, so Swagger UI never renders. The screenshot of the 200 is kept at .build-verify/docs.png.
"""

import base64
import contextlib
import functools
import hashlib
import http.server
import importlib.util
import os
import re
import shutil
import tempfile
import threading

import common
from common import CheckFailed, expect, say

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PINS = os.path.join(ROOT, "Generated", "blog-api", "Sources", "App", "Endpoints", "SwaggerUIAssets.swift")
SCREENSHOT = os.path.join(ROOT, ".build-verify", "docs.png")
FILES = {"swagger-ui-bundle.js": "bundleIntegrity", "swagger-ui.css": "stylesheetIntegrity"}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


def databases():
    # The page and its assets do not depend on the database; the login it drives is tested on both elsewhere.
    return ["sqlite"]


def wheel_folder():
    """swagger-ui-dist as the PyPI wheel drf-spectacular-sidecar ships it."""
    # Found, not imported: the package's __init__ needs Django, which the venv leaves out.
    spec = importlib.util.find_spec("drf_spectacular_sidecar")
    if spec is None:
        raise CheckFailed("drf-spectacular-sidecar is not installed: run this check through `make verify`")
    return os.path.join(spec.submodule_search_locations[0], "static", "drf_spectacular_sidecar", "swagger-ui-dist")


def pinned_integrity():
    with open(PINS) as file:
        source = file.read()
    return {name: re.search(rf'static let {key} = "([^"]+)"', source).group(1) for name, key in FILES.items()}


def sri(path):
    with open(path, "rb") as file:
        return "sha384-" + base64.b64encode(hashlib.sha384(file.read()).digest()).decode()


class AssetHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the CORS header a `crossorigin="anonymous"` load needs; records what was asked for."""

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format, *args):
        self.server.requested.append(self.path)


@contextlib.contextmanager
def static_server(folder):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(AssetHandler, directory=folder))
    server.requested = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser():
    if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        raise CheckFailed(f"{CHROMIUM} or {CHROMEDRIVER} is missing: apt-get install chromium chromium-driver (.ci/run does)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1500"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver):
    """Errors in the browser's console, but the favicon the page does not have (a 404 of the server)."""
    return [
        entry["message"] for entry in driver.get_log("browser")
        if entry.get("level") == "SEVERE" and "/favicon.ico" not in entry["message"]
    ]


def try_me(driver, base, username):
    """Authorize through the password flow, then Try it out on GET /api/auth/me; the live response's status and body."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, 30)
    driver.get(f"{base}/docs")
    wait.until(ready.element_to_be_clickable((By.CSS_SELECTOR, ".scheme-container button.authorize"))).click()
    wait.until(ready.visibility_of_element_located((By.ID, "oauth_username"))).send_keys(username)
    driver.find_element(By.ID, "oauth_password").send_keys(common.PASSWORD)
    # The password flow's own block of the dialog: other schemes (API keys) have Authorize buttons of their own.
    oauth = "//div[contains(@class,'auth-container')][.//input[@id='oauth_username']]"
    driver.find_element(By.XPATH, f"{oauth}//div[contains(@class,'auth-btn-wrapper')]/button[contains(@class,'authorize')]").click()
    # Authorized: the block now offers Logout instead of Authorize.
    wait.until(ready.visibility_of_element_located(
        (By.XPATH, f"//div[contains(@class,'auth-container')][.//*[contains(., 'OAuth2PasswordBearer')]]//div[contains(@class,'auth-btn-wrapper')]/button[normalize-space()='Logout']")))
    driver.find_element(By.XPATH, "//div[contains(@class,'auth-btn-wrapper')]/button[normalize-space()='Close']").click()

    operation = wait.until(ready.presence_of_element_located(
        (By.XPATH, f"//div[contains(@class,'opblock-get')][.//*[@data-path='{common.API}/auth/me']]")))
    operation.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
    wait.until(lambda _: operation.find_elements(By.CSS_SELECTOR, "button.try-out__btn"))[0].click()
    wait.until(lambda _: operation.find_elements(By.CSS_SELECTOR, "button.execute"))[0].click()
    status = wait.until(lambda _: operation.find_elements(By.CSS_SELECTOR, ".live-responses-table .response .response-col_status"))[0]
    body = operation.find_element(By.CSS_SELECTOR, ".live-responses-table .response .response-col_description pre")
    # The answer at the top of the screenshot (the curl line above it shows the bearer token).
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", operation.find_element(By.CSS_SELECTOR, ".live-responses-table"))
    driver.execute_script("window.scrollBy(0, -40)")
    return status.text.strip(), body.text


def run(binary, kind):
    folder = wheel_folder()
    pins = pinned_integrity()
    for name, pin in pins.items():
        actual = sri(os.path.join(folder, name))
        expect(actual == pin, f"the wheel's {name} is {actual}, the server pins {pin}")
    username = f"docs{kind}"
    with common.workspace() as workdir, common.database(kind, workdir) as db, static_server(folder) as assets:
        assets_url = f"http://127.0.0.1:{assets.server_address[1]}"
        with common.running(binary, db, workdir, name="docs", settings={"DOCS_ASSETS_URL": assets_url}) as server:
            answer = common.register(server.base, username)
            expect(answer.status_code == 201, f"register: {answer.status_code} {answer.text[:200]}")
            with browser() as driver:
                from selenium.common.exceptions import TimeoutException

                try:
                    status, body = try_me(driver, server.base, username)
                except TimeoutException:
                    os.makedirs(os.path.dirname(SCREENSHOT), exist_ok=True)
                    driver.save_screenshot(SCREENSHOT)
                    page = driver.find_element("css selector", "body").text
                    raise CheckFailed(
                        f"Swagger UI did not get there (screenshot {SCREENSHOT}); console: {console_errors(driver)}; "
                        f"page text: {page[-800:]}\nserver log:\n{server.log_tail(10)}"
                    )
                os.makedirs(os.path.dirname(SCREENSHOT), exist_ok=True)
                driver.save_screenshot(SCREENSHOT)
                errors = console_errors(driver)
            expect(status == "200", f"GET /auth/me in Swagger UI answered {status!r}: {body[:300]}")
            expect(f'"username": "{username}"' in body, f"the answer on the page does not name {username}: {body[:300]}")
            expect(not errors, f"browser console errors: {errors}")
            loaded = sorted({path for path in assets.requested if path.lstrip("/") in FILES})
            expect(len(loaded) == 2, f"the page did not load both pinned files from DOCS_ASSETS_URL: {assets.requested}")
            say(f"Authorize + Try it out: GET {common.API}/auth/me {status}, {username} on the page; files {loaded}")

    # The attack SRI stops: the same files with one byte of the bundle changed.
    with tempfile.TemporaryDirectory(prefix="authgen-verify-tampered-") as tampered:
        for name in FILES:
            shutil.copy(os.path.join(folder, name), tampered)
        with open(os.path.join(tampered, "swagger-ui-bundle.js"), "ab") as bundle:
            bundle.write(b"\n;window.tampered = true;\n")
        with common.workspace() as workdir, common.database(kind, workdir) as db, static_server(tampered) as assets:
            settings = {"DOCS_ASSETS_URL": f"http://127.0.0.1:{assets.server_address[1]}"}
            with common.running(binary, db, workdir, name="docs-tampered", settings=settings) as server, browser() as driver:
                from selenium.webdriver.support.ui import WebDriverWait

                driver.get(f"{server.base}/docs")
                WebDriverWait(driver, 30).until(lambda _: any("integrity" in message for message in console_errors(driver))
                                                or driver.execute_script("return typeof SwaggerUIBundle") != "undefined")
                loaded = driver.execute_script("return typeof SwaggerUIBundle !== 'undefined' || window.tampered === true")
                rendered = driver.find_elements("css selector", ".swagger-ui .info")
                expect(not loaded and not rendered, "a changed swagger-ui-bundle.js ran: Subresource Integrity did not stop it")
    return (
        f"Chromium: Authorize (OAuth2 password flow) and Try it out on GET {common.API}/auth/me gave 200 with the "
        f"user's name, no console error; a changed bundle was refused; screenshot {os.path.relpath(SCREENSHOT, ROOT)}"
    )
