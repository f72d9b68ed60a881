"""The Word file written in a second process while this one lays out the PDF.

When a run writes both (or a DOCX that needs the PDF's pages), the DOCX's work
waits on the layout only for what the layout tells: the pages its contents print
and the page count. So, on a machine with two cores or more, a forked copy of the
process drafts the DOCX while this one lays the PDF out, then receives those
pages, finishes and sends the file's bytes back. The bytes are those the same
writer makes here (the tests compare them).

Anything that goes wrong over there -- an error in the input, a bug, a process
killed -- ends it, and the DOCX is then written here as if there had been no second
process: the same error is raised, with its message and its exit code. Only Linux
forks here (where fork is what the system's own tools do); elsewhere, on one core,
in a process that runs threads, or with the ``concurrent`` option false, all is
written in turn.
"""
from __future__ import annotations

import os
import pickle
import signal
import sys
import threading


def available(options: dict) -> bool:
    """Whether a second process may draft the DOCX in this run."""
    if options.get("concurrent") is False or not sys.platform.startswith("linux"):
        return False
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return False          # forking a process that runs threads can leave a lock held
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return False


class Drafted:
    """The writer of format ``fmt`` drafting ``document`` in a forked process
    (``draft``); ``finish`` gives it the layout's pages and returns the file's bytes
    and warnings. The writer's module is imported over there, not here."""

    def __init__(self, fmt: str, sheet, options: dict, document):
        pages_read, self._pages = os.pipe()       # here -> there: the layout's pages
        self._result, result_written = os.pipe()  # there -> here: bytes and warnings
        self.pid = os.fork()
        if self.pid == 0:                         # the second process
            os.close(self._pages)
            os.close(self._result)
            _drafting(fmt, sheet, options, document, pages_read, result_written)
        os.close(pages_read)
        os.close(result_written)

    def finish(self, page_numbers, page_count):
        """Return (bytes, warnings) of the finished file, or None if the other process
        failed (the caller writes the file itself, and meets the failure there)."""
        try:
            with os.fdopen(self._pages, "wb") as pages:
                self._pages = None
                pickle.dump((page_numbers, page_count), pages)
        except OSError:                           # it has gone already
            pass
        with os.fdopen(self._result, "rb") as result:
            self._result = None
            data = result.read()
        self._reap()
        try:
            outcome = pickle.loads(data)
        except Exception:                         # cut short: killed, or out of memory
            return None
        return outcome if isinstance(outcome, tuple) else None

    def cancel(self) -> None:
        """Stop the other process (this one failed); leave no process behind."""
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        for fd in (self._pages, self._result):
            if fd is not None:
                os.close(fd)
        self._pages = self._result = None
        self._reap()

    def _reap(self) -> None:
        if self.pid is not None:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:             # a program's own handler reaped it
                pass
            self.pid = None


def _drafting(fmt, sheet, options, document, pages_read, result_written):
    """The second process: draft, wait for the pages, finish, send the outcome, exit.

    It never returns: whatever happens, it leaves through os._exit, running none of
    the handlers and writing none of the buffers it shares with the first process."""
    outcome = None
    try:
        # Ctrl-C reaches both processes; the first decides what to do.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        from .writers import get_writer
        writer = get_writer(fmt)(sheet, options)
        writer.draft(document)
        with os.fdopen(pages_read, "rb") as pages:
            page_numbers, page_count = pickle.load(pages)
        outcome = (writer.finish(page_numbers, page_count), writer.warnings)
    except BaseException:          # said by sending nothing: the first process redoes it
        outcome = None
    try:
        with os.fdopen(result_written, "wb") as result:
            pickle.dump(outcome, result, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(0)
