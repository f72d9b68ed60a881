"""The programs some tests open outputs with, as a user would: found, or said to be missing."""
import pytest


# The clients some tests check outputs with, and the Debian package of each.
CLIENTS = {"pdftotext": "poppler-utils", "pdffonts": "poppler-utils", "qpdf": "qpdf",
           "soffice": "libreoffice-writer-nogui", "pandoc": "pandoc",
           "chromium": "chromium", "chromedriver": "chromium-driver",
           # not a Debian package: the editors' YAML server, from the npm registry
           "yaml-language-server": "npm install --global yaml-language-server@1.25.0"}


def client(name):
    """Return the path of the program ``name``, or stop the test saying what to install.

    Where $PALAIS_REQUIRE_CLIENTS is set (CI installs them all), a missing client
    fails the test instead of skipping it.
    """
    import os
    import shutil

    path = shutil.which(name)
    if path:
        return path
    how = CLIENTS.get(name, name)
    message = f"{name} is not installed: " + (how if how.startswith("npm ") else
                                              f"apt-get install {how}")
    if os.environ.get("PALAIS_REQUIRE_CLIENTS"):
        pytest.fail(message)
    pytest.skip(message)


def uno_python():
    """Return a Python that has LibreOffice's UNO bridge (Debian's python3-uno), or stop
    the test as ``client`` does."""
    import os
    import shutil
    import subprocess

    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and os.path.exists(candidate) and subprocess.run(
                [candidate, "-c", "import uno"], capture_output=True).returncode == 0:
            return candidate
    message = "no Python with LibreOffice's UNO bridge: apt-get install python3-uno"
    if os.environ.get("PALAIS_REQUIRE_CLIENTS"):
        pytest.fail(message)
    pytest.skip(message)


def packaged_fonts(folder) -> dict:
    """Return the environment for a client that draws text (Chromium, LibreOffice): its
    fonts pinned to those Palais installs as Python packages, whatever the machine has
    (with none, neither starts)."""
    import os
    from pathlib import Path

    from palais.fonts import _packaged_files

    folder = Path(folder)
    folders = sorted({str(Path(f).parent) for f in _packaged_files()})
    config = folder / "fonts.conf"
    config.write_text("<?xml version='1.0'?>\n<fontconfig>\n"
                      + "".join(f"  <dir>{name}</dir>\n" for name in folders)
                      + f"  <cachedir>{folder / 'fontcache'}</cachedir>\n</fontconfig>\n",
                      encoding="utf-8")
    return dict(os.environ, FONTCONFIG_FILE=str(config))
