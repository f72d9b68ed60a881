"""Built files (bytes) -> the output folder, all of them or none, never over an input."""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from .errors import UsageError


def target_path(source, out_dir, fmt: str, annex=None) -> Path:
    """Return where the ``fmt`` output of meeting file ``source`` goes."""
    stem = Path(source).stem + (f"-annex-{annex}" if annex is not None else "")
    return Path(out_dir) / f"{stem}.{fmt}"


def check_targets(sources, out_dir, formats, annex=None) -> None:
    """Raise UsageError when two outputs of one run are one file, or an output is an input.

    Checked before anything is rendered: ``a.yaml sub/a.yaml`` would write
    ``out/a.pdf`` twice, and ``out/m.pdf … --out out`` would render over its input.
    """
    check_out_dir(out_dir)
    seen = {}
    inputs = [Path(s) for s in sources]
    for source in inputs:
        for fmt in formats:
            target = target_path(source, out_dir, fmt, annex)
            key = os.path.normcase(os.path.abspath(target))
            if key in seen:
                raise UsageError(f"{seen[key]} and {source} would both be written to {target}; "
                                 "rename one, or render them in two runs with --out")
            seen[key] = source
            for other in inputs:
                if _same(target, other):
                    raise UsageError(f"{target}: the output of {source} would replace the "
                                     f"input {other}; choose another --out")


def check_out_dir(out_dir) -> None:
    """Raise UsageError unless ``out_dir`` is a folder, or a place where one can be made."""
    out = Path(out_dir)
    for folder in [out, *out.parents]:
        try:
            present = folder.exists() or folder.is_symlink()
            if present and not folder.is_dir():
                raise UsageError(f"--out {out_dir}: {folder} is not a folder")
        except OSError as exc:
            raise UsageError(f"--out {out_dir}: {_describe(exc).split('; ')[0]}") from None
        if present:
            break


def write_all(outputs) -> list:
    """Write each (target, bytes) of ``outputs``; return the targets.

    Every file is first written beside its target under a temporary name; then
    each target that exists is set aside, the new files are moved into place, and
    what was set aside is deleted. When anything fails, the new files are removed
    and what was there before is put back, so the folder ends as it began.
    """
    outputs = [(Path(target), blob) for target, blob in outputs]
    temps, moved, kept, made = [], [], [], []
    try:
        for target, blob in outputs:
            made += _make_folder(target.parent)
            try:
                temp = _write_temp(target, blob)
            except FileNotFoundError:
                # a run writing beside this one made the folder, failed and removed it
                made += _make_folder(target.parent)
                temp = _write_temp(target, blob)
            temps.append((temp, target))
        for temp, target in temps:
            if target.exists():
                aside = _temp_name(target, ".old")
                try:
                    os.replace(target, aside)
                except OSError:
                    _remove(aside)
                    raise
                kept.append((aside, target))
            os.replace(temp, target)
            moved.append(target)
    except OSError as exc:
        for target in moved:
            _remove(target)
        for aside, target in kept:
            os.replace(aside, target)
        for temp, _ in temps:
            _remove(temp)
        _remove_folders(made)
        raise UsageError(_describe(exc)) from None
    except BaseException:
        for target in moved:
            _remove(target)
        for aside, target in kept:
            os.replace(aside, target)
        for temp, _ in temps:
            _remove(temp)
        _remove_folders(made)
        raise
    for aside, _ in kept:
        _remove(aside)
    return [target for target, _ in outputs]


def _write_temp(target: Path, blob: bytes) -> Path:
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=".palais-", suffix=".tmp")
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(blob)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o666 & ~_umask())       # mkstemp makes 0600; outputs follow the umask
    except OSError as exc:
        _remove(temp)
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    except BaseException:
        _remove(temp)
        raise
    return temp


def _temp_name(target: Path, suffix: str) -> Path:
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=".palais-", suffix=suffix)
    os.close(handle)
    return Path(name)


def _make_folder(folder: Path) -> list:
    """Make ``folder`` and its missing parents; return those made, deepest last."""
    missing = []
    probe = folder
    while not probe.exists():
        missing.insert(0, probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    made = []
    try:
        for path in missing:
            try:
                path.mkdir()
            except FileExistsError:
                if not path.is_dir():
                    raise
                continue              # another run made it meanwhile: it is theirs
            made.append(path)
    except OSError:
        _remove_folders(made)
        raise
    return made


def _remove_folders(folders) -> None:
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _same(a: Path, b: Path) -> bool:
    if os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b)):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _describe(exc: OSError) -> str:
    where = _short(str(exc.filename)) if exc.filename else ""
    reason = {errno.ENOSPC: "no space left on the disk",
              errno.EACCES: "permission denied", errno.EPERM: "permission denied",
              errno.EROFS: "the folder is read-only", errno.ENAMETOOLONG: "the name is too long",
              errno.ENOTDIR: "a part of the path is not a folder",
              errno.EISDIR: "a folder stands where the file would go",
              errno.EDQUOT: "the disk quota is exceeded"}.get(exc.errno, exc.strerror)
    return f"cannot write {where}: {reason}; nothing was written" if where else \
        f"cannot write the outputs: {reason}; nothing was written"


def _short(name: str) -> str:
    return name if len(name) < 80 else name[:60] + "…"
