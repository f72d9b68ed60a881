"""Fixtures the writer tests share."""
import dataclasses

import pytest


@pytest.fixture(scope="module")
def embedded_sheet(sheet, tmp_path_factory):
    """The module's sheet with every font role set in Bitstream Vera, given as files:
    each font of its PDFs is an embedded subset."""
    import shutil

    import reportlab
    folder = tmp_path_factory.mktemp("vera")
    files = []
    for name in ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf"):
        shutil.copy(f"{reportlab.__path__[0]}/fonts/{name}", folder / name)
        files.append(str(folder / name))
    fonts = {key: dataclasses.replace(spec, files=tuple(files), languages={})
             for key, spec in sheet.fonts.items()}
    return dataclasses.replace(sheet, fonts=fonts)
