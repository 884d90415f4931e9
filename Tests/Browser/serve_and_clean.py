"""Drives `fovea serve`'s and `fovea clean`'s pages in Debian's headless Chromium with Selenium, as a person would.

Run by Tests/foveaTests/BrowserTests.swift (which checks the labels it reports against fovea's Predictor):

    python3 Tests/Browser/serve_and_clean.py --fovea BIN --run RUN --photo PHOTO --data DATA --out DIR

Needs Selenium from PyPI and Debian's chromium and chromium-driver (`scripts/bootstrap --test` installs them).
It starts the servers itself on free loopback ports, serves PHOTO over loopback for the address field, saves a
screenshot of each step in DIR and prints one JSON object: what each page showed.
"""

import argparse
import functools
import http.server
import json
import pathlib
import subprocess
import sys
import threading
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

WAIT_SECONDS = 20


def start(command):
    """Starts a fovea server on port 0 and returns the process and the address it printed."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    if " on http://" not in line:
        process.kill()
        sys.exit(f"{command[1]} did not start: {line!r}")
    return process, line.strip().split(" on ")[-1]


def photo_server(folder):
    """An HTTP server on a free loopback port serving `folder`, in a thread."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *arguments: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,900"]:
        options.add_argument(argument)
    # Debian's driver, named explicitly: Selenium must not try to download one.
    return webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)


def shown_labels(driver):
    """The bars of the serve page, once they are drawn: [(label, percent)]."""
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#labels .bar") or d.find_element(By.ID, "error").text)
    error = driver.find_element(By.ID, "error").text
    if error:
        sys.exit(f"the serve page showed an error: {error}")
    bars = driver.find_elements(By.CSS_SELECTOR, "#labels .bar .name")
    return [(bar.find_elements(By.TAG_NAME, "span")[0].text, bar.find_elements(By.TAG_NAME, "span")[1].text)
            for bar in bars]


def serve_page(driver, address, photo, photo_address, out):
    driver.get(address + "/")
    driver.find_element(By.ID, "file").send_keys(str(photo))
    uploaded = shown_labels(driver)
    driver.save_screenshot(str(out / "serve-upload.png"))

    driver.get(address + "/")
    driver.find_element(By.ID, "url").send_keys(photo_address)
    driver.find_element(By.ID, "fetch").click()
    fetched = shown_labels(driver)
    driver.save_screenshot(str(out / "serve-url.png"))
    return uploaded, fetched


def pending(address):
    with urllib.request.urlopen(address + "/api/items?decided=true") as answer:
        return [(item["path"], item["decision"], item.get("newLabel")) for item in json.load(answer)["items"]]


def decision(driver, path):
    """The decision the card of `path` shows ("" for none), read in one step: the grid is redrawn after an undo."""
    return driver.execute_script(
        "const card = document.querySelector(`.card[data-path=\"${arguments[0]}\"]`);"
        "return card ? (card.dataset.decision || '') : null;", path)


def clean_page(driver, address, out):
    driver.get(address + "/")
    WebDriverWait(driver, WAIT_SECONDS).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"))
    cards = driver.find_elements(By.CSS_SELECTOR, "#grid .card")
    first = cards[0].get_attribute("data-path")
    cards[0].click()
    body = driver.find_element(By.TAG_NAME, "body")
    # "2": relabel to the second class of the legend.
    body.send_keys("2")
    WebDriverWait(driver, WAIT_SECONDS).until(lambda d: decision(d, first) == "relabel")
    shown = driver.find_element(By.CSS_SELECTOR, f'.card[data-path="{first}"] .decision').text
    after_relabel = pending(address)
    driver.save_screenshot(str(out / "clean-relabel.png"))

    body.send_keys("u")
    WebDriverWait(driver, WAIT_SECONDS).until(lambda d: "undid" in d.find_element(By.ID, "status").text)
    WebDriverWait(driver, WAIT_SECONDS).until(lambda d: decision(d, first) == "")
    after_undo = pending(address)
    driver.save_screenshot(str(out / "clean-undo.png"))
    return {"path": first, "shown": shown, "afterRelabel": after_relabel, "afterUndo": after_undo}


def main():
    parser = argparse.ArgumentParser()
    for name in ["fovea", "run", "photo", "data", "out"]:
        parser.add_argument("--" + name, required=True)
    arguments = parser.parse_args()
    photo = pathlib.Path(arguments.photo).resolve()
    out = pathlib.Path(arguments.out)
    out.mkdir(parents=True, exist_ok=True)

    photos = photo_server(photo.parent)
    serve, serve_address = start([arguments.fovea, "serve", arguments.run, "--port", "0", "--allow-loopback"])
    clean, clean_address = start([arguments.fovea, "clean", arguments.data, "--port", "0"])
    driver = browser()
    try:
        photo_address = f"http://127.0.0.1:{photos.server_address[1]}/{photo.name}"
        uploaded, fetched = serve_page(driver, serve_address, photo, photo_address, out)
        cleaned = clean_page(driver, clean_address, out)
    finally:
        driver.quit()
        for process in [serve, clean]:
            process.terminate()
            process.wait(timeout=10)
        photos.shutdown()
    print(json.dumps({"uploaded": uploaded, "fetched": fetched, "clean": cleaned}))


if __name__ == "__main__":
    main()
