"""palais preview in a real browser, palais render --watch, and what they watch."""
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clients import client, packaged_fonts
from palais.watch import Watcher, sources

REPO = Path(__file__).resolve().parent.parent
LETTER = REPO / "examples" / "ga-letter-lima-2013.yaml"


def _start(args, cwd):
    """Start ``palais args`` in ``cwd``; return the process (its stderr read line by line).

    The process hears Ctrl-C as one started from a terminal does, even where the tests
    run with SIGINT ignored (a job a script put in the background), which it would
    otherwise inherit."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "palais", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _line(stream, pattern, seconds=30):
    """Return the first match of ``pattern`` in the lines ``stream`` gives within ``seconds``."""
    deadline = time.monotonic() + seconds
    seen = []
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        seen.append(line)
        found = re.search(pattern, line)
        if found:
            return found
    raise AssertionError(f"no line matching {pattern!r}; got {seen}")


def _stop(process):
    """Press Ctrl-C; return the exit code and what the process still said on stderr."""
    process.send_signal(signal.SIGINT)
    try:
        code = process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    rest = process.stderr.read()
    process.stdout.close()
    process.stderr.close()
    return code, rest


def test_a_watcher_sees_the_file_what_it_includes_and_the_template_folders(tmp_path):
    (tmp_path / "base.yaml").write_text("meeting: {title: T}\n", encoding="utf-8")
    page = tmp_path / "page.yaml"
    page.write_text("report: meeting-page\nlanguage: fr\ninclude: base.yaml\n", encoding="utf-8")
    templates = tmp_path / "templates" / "labels"
    templates.mkdir(parents=True)
    (templates / "fr.yaml").write_text("org: X\n", encoding="utf-8")
    assert {p.name for p in sources(page, [tmp_path / "templates"])} == \
        {"page.yaml", "base.yaml", "fr.yaml"}
    watcher = Watcher(page, [tmp_path / "templates"])
    assert not watcher.changed()
    for changed in (tmp_path / "base.yaml", templates / "fr.yaml", page):
        time.sleep(0.01)
        changed.write_text(changed.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        assert watcher.changed() and not watcher.changed()


def test_render_watch_renders_again_on_each_save_and_stops_on_ctrl_c(tmp_path):
    letter = tmp_path / "letter.yaml"
    shutil.copy(LETTER, letter)
    process = _start(["render", "letter.yaml", "--watch", "--format", "html"], tmp_path)
    try:
        _line(process.stdout, r"wrote out/letter\.html")
        _line(process.stderr, r"watching for changes")
        text = letter.read_text(encoding="utf-8")
        letter.write_text(text.replace("language: fr", "language: xx"), encoding="utf-8")
        _line(process.stderr, r"letter\.yaml:\d+:\d+: language: expected one of")
        letter.write_text(text.replace("J'ai l'honneur", "J'ai le plaisir"), encoding="utf-8")
        _line(process.stdout, r"wrote out/letter\.html")
        assert "le plaisir" in (tmp_path / "out" / "letter.html").read_text(encoding="utf-8")
    finally:
        code, said = _stop(process)
    assert code == 0 and "stopped watching" in said


@pytest.fixture
def browser(tmp_path):
    """A headless Chromium driven through chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = client("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}",
                     "--window-size=1000,1400"):
        options.add_argument(argument)
    # The browser's fonts are pinned: those installed as Python packages, whatever
    # the machine has (without any, Chromium does not start).
    service = Service(executable_path=client("chromedriver"), env=packaged_fonts(tmp_path))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def test_the_preview_follows_the_file_in_a_browser(tmp_path, browser):
    from selenium.webdriver.support.ui import WebDriverWait
    letter = tmp_path / "letter.yaml"
    shutil.copy(LETTER, letter)
    process = _start(["preview", "letter.yaml", "--port", "0"], tmp_path)
    try:
        url = _line(process.stderr, r"at (http://127\.0\.0\.1:\d+/)").group(1)
        browser.get(url)
        def body():             # read in one step: the page may be reloading meanwhile
            try:
                return browser.execute_script(
                    "return document.body ? document.body.innerText : ''") or ""
            except Exception:   # a navigation under way
                return ""
        WebDriverWait(browser, 5).until(lambda _: "Lettre datée du 26 juin 2013" in body())
        assert browser.execute_script("return document.documentElement.lang") == "fr"
        calls = browser.find_elements("css selector", "sup.call a")
        assert calls and all(browser.find_elements("id", c.get_attribute("href").split("#")[1])
                              for c in calls)                  # every note call finds its note
        browser.save_screenshot(str(tmp_path / "preview.png"))
        assert (tmp_path / "preview.png").stat().st_size > 10_000

        # a save: the page shows it within 2 s, reloaded by itself
        browser.execute_script("window.palaisMarker = 1")
        text = letter.read_text(encoding="utf-8")
        saved = time.monotonic()
        letter.write_text(text.replace("J'ai l'honneur", "J'ai le plaisir"), encoding="utf-8")
        WebDriverWait(browser, 2, poll_frequency=0.05).until(lambda _: "le plaisir" in body())
        assert time.monotonic() - saved <= 2
        assert browser.execute_script("return window.palaisMarker") is None

        # a mistake shows in the page as palais render prints it; the next good save mends it
        letter.write_text(text.replace("language: fr", "language: xx"), encoding="utf-8")
        WebDriverWait(browser, 5, poll_frequency=0.05).until(
            lambda _: re.search(r"letter\.yaml:\d+:\d+: language: expected one of", body()))
        letter.write_text(text, encoding="utf-8")
        WebDriverWait(browser, 5, poll_frequency=0.05).until(
            lambda _: "J'ai l" in body().replace("’", "'") and "expected one of" not in body())

        # the outputs the page links to are rendered on demand
        browser.get(url + "letter.pdf")
        assert process.poll() is None                          # never stops on a bad file
    finally:
        code, said = _stop(process)
    assert code == 0 and "preview stopped" in said


def test_the_preview_refuses_a_port_it_cannot_have(tmp_path):
    shutil.copy(LETTER, tmp_path / "letter.yaml")
    result = subprocess.run([sys.executable, "-m", "palais", "preview", "letter.yaml",
                             "--port", "70000"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2 and "--port 70000" in result.stderr


def test_the_page_sets_lists_and_revisions_where_the_print_sets_them(tmp_path, browser):
    """In the browser, a list of sub-paragraphs stands at the paragraphs' indent, not
    at the page's edge; a comparison's insertions are underlined, deletions struck."""
    from palais import build, compare
    starter = REPO / "examples" / "starter-chair-summary.yaml"
    page = tmp_path / "page.html"
    page.write_bytes(build(starter, ("html",)).files["html"])
    browser.get(page.as_uri())
    text, label = browser.execute_script(
        "const p = document.querySelector('p.s-SingleTxt');"
        "const label = document.querySelector('ol.labelled > li > .label');"
        "return [p.getBoundingClientRect().left + parseFloat(getComputedStyle(p).paddingLeft),"
        " label.getBoundingClientRect().left];")
    assert label >= text - 1                 # the label at the text's indent, or further in
    new = tmp_path / "new.yaml"
    new.write_text(starter.read_text(encoding="utf-8").replace(
        "brought together representatives", "brought together senior representatives")
        .replace("the first point;", "the point;"), encoding="utf-8")
    page.write_bytes(compare(starter, new, ("html",)).files["html"])
    browser.get(page.as_uri())
    looks = browser.execute_script(
        "return [getComputedStyle(document.querySelector('ins')).textDecorationLine,"
        " getComputedStyle(document.querySelector('del')).textDecorationLine]")
    assert looks == ["underline", "line-through"]
