"""A build in two processes: a helper composes and writes the DOCX, this one lays out the PDF.

A build's phases wait on each other less than they seem to. The PDF writer needs
the composed model only once reportlab is imported (a quarter of a second); the
DOCX needs from the PDF's layout only the pages its contents print and the page
count. So, on a machine with two cores or more, a build forks a helper first:

- the helper composes the meeting file (load, validate, template, read, style),
  says which formats the build writes as soon as it knows, sends the blocks of
  each section as soon as the template has written them and they are read and
  set (palais.reader.SectionFeed), and hands the rest of the composed model over;
- meanwhile this process imports the writers of those formats but the DOCX's,
  makes the PDF's flowables of the blocks sent, breaks their lines while it
  waits for more, then lays out the PDF (and writes the HTML) from the model
  handed over;
- the helper drafts the DOCX at once, waits for the layout's pages if there is a
  PDF, finishes and sends the file's bytes back; in a build with no DOCX it
  makes the PDF's story too and breaks its paragraphs' lines from the last one
  back while the layout breaks them from the first on (Lines), and compresses
  the pages' streams as the layout ends them (Streams).

The files are the bytes one process makes (the tests compare them). Anything
that goes wrong in the helper -- an error in the input, a bug, a process killed
-- ends it, and this process then does that part itself, as a build in one
process does: a mistake is reported exactly as always, with its message and exit
code. Only Linux forks here (where fork is what the system's own tools do);
elsewhere, on one core, in a process that runs threads, or with the
``concurrent`` option false, a build runs in one process.
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import threading
import typing


def available(options: dict) -> bool:
    """Whether this build may run in two processes."""
    if options.get("concurrent") is False or not sys.platform.startswith("linux"):
        return False
    if not hasattr(os, "fork") or threading.active_count() > 1 or _threads() != 1:
        return False          # forking a process that runs threads can leave a lock held
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return False


def _threads() -> int:
    """Return how many threads this process runs, a library's own included (0: not
    known)."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"Threads:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _widen(pipe: int) -> None:
    """Let ``pipe`` hold a composed document's sections (a few hundred KiB), so that
    the helper never waits for this process to read them while it reads on."""
    try:
        import fcntl
        fcntl.fcntl(pipe, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
    except (ImportError, OSError):
        pass                      # a smaller pipe: the helper waits now and then


_PIPE_BYTES = 1 << 20             # Linux's default most a user may ask


def start(plan, args: tuple):
    """Return the Helper running ``plan(*args)``, or None when the system gives no
    process (a limit on processes, or memory): the build then runs here alone."""
    try:
        return Helper(plan, args)
    except OSError:
        return None


class Early(typing.NamedTuple):
    """What a helper says of a build as soon as it knows the meeting file's kind."""
    formats: tuple
    sheet: object
    language: object


class _Rest(typing.NamedTuple):
    """A composed document, less the sections sent as they were read: its ``meta``,
    ``notes`` and the ``changed`` sections (index -> section) since."""
    meta: object
    notes: tuple
    changed: dict


class Helper:
    """The helper process of one build. ``plan(*args)`` runs there, as
    ``plan(*args, on_formats, on_blocks)``: it calls ``on_formats(formats, sheet,
    language)`` once it knows the formats (see ``Early``), ``on_blocks(meta, index,
    head, blocks, section)`` with the blocks of each section as they are read (see
    palais._compose), and returns the build's plan (``.names``, ``.document``,
    ``.sheet``, ``.options``: see palais.build)."""

    def __init__(self, plan, args: tuple):
        to_helper, self._to_helper = os.pipe()
        self._from_helper, from_here = os.pipe()
        _widen(from_here)
        _widen(self._to_helper)       # the pages' streams, while the helper is busy
        try:
            self.pid = os.fork()
        except OSError:
            for end in (to_helper, self._to_helper, self._from_helper, from_here):
                os.close(end)
            raise
        if self.pid == 0:
            os.close(self._to_helper)
            os.close(self._from_helper)
            _helping(plan, args, to_helper, from_here)
        os.close(to_helper)
        os.close(from_here)
        self._reader = _Inbox(self._from_helper)
        self._writer = os.fdopen(self._to_helper, "wb")
        self.failed = self.done = False
        self._sections, self._on_blocks, self._meta = [], None, None   # [(head, blocks)]
        self._meanwhile = None
        self._compressing = False    # the helper compresses the pages (see Streams)

    def _next(self, kind: str):
        """Return the helper's next word of ``kind``, skipping those not asked for, or
        None once it has failed or gone. While nothing has come, ``meanwhile()`` (see
        ``plan``) runs as long as it finds something to do."""
        while not self.failed:
            meanwhile = self._meanwhile
            if meanwhile is not None:
                while not self._reader.waiting() and meanwhile():
                    pass
            try:
                word = pickle.load(self._reader)
            except Exception:                     # cut short: killed, out of memory
                word = None
            if word is None:
                self.failed = True
            elif word[0] == "blocks":
                _, meta, index, head, blocks = word
                self._meta = self._meta if meta is None else meta
                if index == len(self._sections):
                    self._sections.append((head, []))
                head, kept = self._sections[index]
                kept.extend(blocks)
                if self._on_blocks is not None:
                    self._on_blocks(self._meta, index, head, blocks)
            elif word[0] == kind:
                if kind == "plan":
                    self._compressing = "docx" not in word[1].names
                self.done = kind == "docx" or self.done or \
                    kind == "plan" and "docx" not in word[1].names
                return word[1]
        return None

    def early(self):
        """Return what the helper knows once it has read the meeting file's kind --
        ``.formats`` the build writes, ``.sheet`` the kind's style sheet resolved (None
        if it has a problem), ``.language`` as the file names it -- or None (the
        helper failed)."""
        word = self._next("formats")
        return None if word is None else Early(*word)

    def plan(self, on_blocks=None, meanwhile=None):
        """Return the build's plan, or None (the helper failed); ``on_blocks(meta,
        index, head, blocks)`` is called here with the blocks of each section the
        helper sends as it reads them (see palais._compose). Whenever the helper has
        sent nothing yet, ``meanwhile()`` is called, again and again until it returns
        False or something comes: each call should be short (a millisecond or so)."""
        self._on_blocks, self._meanwhile = on_blocks, meanwhile
        try:
            plan = self._next("plan")
        finally:
            self._meanwhile = None
        if plan is not None and isinstance(plan.document, _Rest):
            import dataclasses

            from .model import Document
            rest = plan.document
            sections = tuple(rest.changed[index] if index in rest.changed
                             else dataclasses.replace(head, blocks=tuple(blocks))
                             for index, (head, blocks) in enumerate(self._sections))
            plan = plan._replace(document=Document(meta=rest.meta, sections=sections,
                                                   notes=rest.notes))
        return plan

    def docx(self, page_numbers, page_count, meanwhile=None):
        """Give the helper the layout's pages (when the build lays out a PDF); return
        (bytes, warnings) of the DOCX it wrote, or None (it failed). ``meanwhile()``
        runs here while the helper finishes."""
        if self.failed:
            if meanwhile is not None:
                meanwhile()
            return None
        try:
            pickle.dump((page_numbers, page_count), self._writer)
            self._writer.flush()
        except OSError:                           # it has gone already
            pass
        if meanwhile is not None:
            meanwhile()
        return self._next("docx")

    def streams(self):
        """Return the helper's ``Streams`` when it has nothing else left to do, else
        None."""
        return Streams(self) if self._free() else None

    def lines(self):
        """Return the helper's ``Lines`` when it has nothing else left to do, else
        None."""
        return Lines(self) if self._free() else None

    def _free(self) -> bool:
        """Whether the helper has nothing left to do but what the layout asks: a
        build with no DOCX, once the plan has come."""
        return not self.failed and self.done and self._compressing

    def close(self) -> None:
        """End the helper: wait for it once it has said all, else stop it, whatever
        it was doing; leave no process behind."""
        if self.pid is None:
            return
        if not self.done:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for stream in (self._reader, self._writer):
            try:
                stream.close()
            except OSError:
                pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:                 # a program's own handler reaped it
            pass
        self.pid = None


class Streams:
    """The pages' content streams, compressed by the helper while the layout goes on.

    In a build that writes no DOCX the helper has nothing left to do once it has
    handed the plan over; the layout sends it each page's stream as the page ends
    (``send``), and the file takes them back compressed as it is written
    (``compressed``): zlib's bytes, as this process would have made them. The
    helper keeps them until the first is asked for, then sends them all at once;
    it writes nothing before, so neither process can wait on the other's full
    pipe. Should the helper fail, this process compresses them itself.
    """

    def __init__(self, helper: Helper):
        self._helper = helper
        self._sent = {}                  # id(stream) -> (its number, the stream)
        self._back = None                # the compressed bytes, by number

    def send(self, stream: str) -> None:
        helper = self._helper
        if helper.failed or self._back is not None or not isinstance(stream, str):
            return
        number = len(self._sent)
        word = pickle.dumps(("zlib", stream), protocol=pickle.HIGHEST_PROTOCOL)
        if not _has_room(helper._to_helper, len(word)):
            return                       # it is busy: compressed here, as it is written
        try:
            helper._writer.write(word)
            helper._writer.flush()
        except (OSError, ValueError):    # it has gone
            helper.failed = True
            return
        self._sent[id(stream)] = (number, stream)

    def compressed(self, stream):
        """Return ``stream`` compressed as zlib.compress does, if it was sent and the
        helper sends it back, else None."""
        sent = self._sent.get(id(stream))
        if sent is None or sent[1] is not stream:
            return None
        if self._back is None:
            self._back = ()
            helper = self._helper
            try:
                pickle.dump(("zlib done",), helper._writer)
                helper._writer.flush()
            except (OSError, ValueError):
                helper.failed = True
            back = helper._next("zlib")
            if isinstance(back, tuple) and len(back) == len(self._sent):
                self._back = back
        return self._back[sent[0]] if self._back else None


class Lines:
    """The lines of the story's paragraphs, broken by the helper while the layout goes on.

    In a build that writes no DOCX the helper, once it has handed the plan over,
    makes the PDF's story and notes too and breaks the lines of their paragraphs
    ahead of the layout (PdfWriter.lines_ahead): the layout takes those sent
    (``waiting``) before each flowable, and says how far it has come (``tell``),
    so that the helper goes on from there. A paragraph the layout has broken
    itself keeps its own lines.
    """

    def __init__(self, helper: Helper):
        self._helper = helper
        self._deaf = False               # the helper reads no more: it has gone

    def waiting(self) -> list:
        """Return the (first, last, pickled lines) the helper has sent and this
        process not read yet, without waiting for more."""
        helper, found = self._helper, []
        while not helper.failed and helper._reader.waiting():
            try:
                word = pickle.load(helper._reader)
            except Exception:
                word = None
            if word is None:
                helper.failed = True
            elif word[0] == "lines":
                found.append(word[1:])
        return found

    def tell(self, at: tuple) -> None:
        """Say the layout has broken the lines of the paragraphs before ``at``, a
        place as PdfWriter.lines_ahead names them."""
        helper = self._helper
        if helper.failed or self._deaf:
            return
        try:
            pickle.dump(("at", at, helper._reader.taken), helper._writer,
                        protocol=pickle.HIGHEST_PROTOCOL)
            helper._writer.flush()
        except (OSError, ValueError):
            # What it sent before it went is read all the same (``waiting``).
            self._deaf = True


class _Inbox:
    """What the helper sends, read from the pipe as pickle asks for it; ``waiting()``
    says, without waiting, whether anything has come that is not read yet."""

    def __init__(self, pipe: int):
        self._pipe, self._held = pipe, bytearray()
        self._closed = False
        self.taken = 0                # bytes read from the pipe so far
        self._poll = select.poll()
        self._poll.register(pipe, select.POLLIN)

    def waiting(self) -> bool:
        if self._held or self._closed:
            return True
        try:
            return bool(self._poll.poll(0))     # bytes, or the helper's end closed
        except OSError:
            return True                          # reading says what is wrong

    def read(self, size: int = -1) -> bytes:
        held = self._held
        while (size < 0 or len(held) < size) and not self._closed:
            chunk = os.read(self._pipe, max(size - len(held), _CHUNK))
            if not chunk:
                break
            held += chunk
            self.taken += len(chunk)
        size = len(held) if size < 0 else min(size, len(held))
        out = bytes(held[:size])
        del held[:size]
        return out

    def readline(self) -> bytes:
        held = self._held
        while b"\n" not in held and not self._closed:
            chunk = os.read(self._pipe, _CHUNK)
            if not chunk:
                break
            held += chunk
            self.taken += len(chunk)
        end = held.find(b"\n") + 1 or len(held)
        out = bytes(held[:end])
        del held[:end]
        return out

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._held.clear()
            os.close(self._pipe)


_CHUNK = 1 << 16


def _helping(plan, args, from_parent, to_parent):
    """The helper: compose, hand the plan over, write the DOCX, exit.

    It never returns: whatever happens, it leaves through os._exit, running none of
    the handlers and writing none of the buffers it shares with the first process.
    A failure is said by sending None: the first process then does the rest."""
    try:
        # Ctrl-C reaches both processes; the first decides what to do.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        back = _Inbox(from_parent)
        with os.fdopen(to_parent, "wb") as out:
            written = [0]                        # bytes said so far

            def say(*word):
                data = pickle.dumps(word, protocol=pickle.HIGHEST_PROTOCOL)
                out.write(data)
                out.flush()
                written[0] += len(data)
            sent, heads = [], []                 # the sections sent whole; their heads

            def read(meta, index, head, blocks, section):
                opens = index == len(heads)         # the meta and a head go once
                if opens:
                    heads.append(head)
                say("blocks", meta if opens and not index else None, index,
                    head if opens else None, blocks)
                if section is not None:
                    sent.append(section)
            try:
                chosen = plan(*args, lambda formats, sheet, language:
                              say("formats", (tuple(formats), sheet, language)), read)
                document = chosen.document
                if sent and len(document.sections) == len(sent):
                    # The sections sent go again only if the reading's end changed them.
                    changed = {index: section for index, section in enumerate(document.sections)
                               if section is not sent[index]}
                    say("plan", chosen._replace(document=_Rest(document.meta, document.notes,
                                                               changed)))
                else:
                    say("plan", chosen)
                if "docx" not in chosen.names:
                    if "pdf" in chosen.names:
                        _ahead(chosen, back, say, written, _pipe_size(to_parent))
                    else:
                        _compress(back, say)
                    return
                from .writers import get_writer
                writer = get_writer("docx")(chosen.sheet, chosen.options)
                writer.draft(chosen.document)
                pages = pickle.load(back) if "pdf" in chosen.names else (None, None)
                say("docx", (writer.finish(*pages), writer.warnings))
            except BaseException:
                pickle.dump(None, out)
    except BaseException:
        pass
    finally:
        os._exit(0)


def _compress(back, say, done=None) -> None:
    """The helper, once it has nothing else to do: compress each page stream the
    first process sends (see Streams) and, once it asks, send them all back."""
    done = [] if done is None else done
    try:
        while _served(pickle.load(back), done, say, {}):
            pass
    except EOFError:
        return


def _served(word, done: list, say, told: dict) -> bool:
    """Do what the first process asks in ``word``: compress a page stream (into
    ``done``), send the streams back, or note how far its layout has come (in
    ``told``); return whether it still asks for more."""
    import zlib
    if word == ("zlib done",):
        say("zlib", tuple(done))
        return False
    if not isinstance(word, tuple) or not word:
        return False
    if word[0] == "zlib":
        done.append(zlib.compress(word[1].encode("utf8")))
    elif word[0] == "at":
        told["at"], told["taken"] = word[1], word[2]
    else:
        return False
    return True


def _ahead(chosen, back, say, written: list, room: int) -> None:
    """The helper, in a build with a PDF and no DOCX: break the lines of the PDF's
    paragraphs ahead of the layout (see Lines), serving the first process's page
    streams between two; then serve the streams only (``_compress``).

    The helper never waits to send lines once the first process lays out: it
    sends a few only while the bytes it has ``written`` since the plan, less
    those the first process says it has taken since, leave them ``room`` in the
    pipe. (The first process reads the plan whole before it lays out.) So the
    first process, which may wait to send a page stream, never waits for a
    helper itself waiting."""
    done, told, over = [], {"at": (0, 0), "taken": 0}, []
    plan_end = written[0]

    def send(first, last, lines) -> bool:
        if written[0] - max(told["taken"], plan_end) + len(lines) + _WORD_BYTES > room:
            return False
        say("lines", first, last, lines)
        return True

    def serve(wait=False):
        """Do what the first process has asked since (``wait``: once it has asked
        something more); return its layout's place, or None once it wants the
        streams back (or has gone)."""
        try:
            while wait or back.waiting():
                if not _served(pickle.load(back), done, say, told):
                    over.append(True)
                    return None
                wait = False
        except EOFError:
            over.append(True)
            return None
        return told["at"]

    try:
        from .writers import get_writer
        writer = get_writer("pdf")(chosen.sheet, chosen.options)
        writer.lines_ahead(chosen.document, send, serve)
    except Exception:
        pass                  # the layout breaks them all, as it would have alone
    if not over:
        _compress(back, say, done)


_WORD_BYTES = 64          # what pickling adds to the lines a word carries, at most


def _has_room(pipe: int, size: int) -> bool:
    """Whether ``size`` bytes written to ``pipe`` now would be taken without waiting
    for the reader (True when the system cannot say)."""
    try:
        import fcntl
        import termios
        unread = bytearray(4)
        fcntl.ioctl(pipe, getattr(termios, "FIONREAD", 0x541B), unread)
        return int.from_bytes(unread, sys.byteorder) + size <= _pipe_size(pipe)
    except (ImportError, OSError):
        return True


def _pipe_size(pipe: int) -> int:
    """Return the bytes ``pipe`` holds before a writer waits."""
    try:
        import fcntl
        return fcntl.fcntl(pipe, getattr(fcntl, "F_GETPIPE_SZ", 1032))
    except (ImportError, OSError):
        return 1 << 16                # the least Linux gives a pipe
