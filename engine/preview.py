"""``palais preview``: the document as a web page that follows its file as it is edited.

A small web server on 127.0.0.1 only. ``/`` is the document rendered as HTML,
with a few lines of script that listen to ``/events`` (server-sent events) and
reload the page when the document was rendered again. A thread watches the
meeting file, what it includes and the template folders; on a change it renders
again. A mistake in the file shows in the page as the lines ``palais render``
would print, and the next good save brings the document back: the server never
stops on a bad file. ``/<stem>.pdf``, ``.docx`` and ``.html`` render the meeting
file of that stem, beside the previewed one, on demand (the documents a meeting
page links to). Ctrl-C stops the server.
"""
from __future__ import annotations

import html
import http.server
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

from .errors import EngineError
from .watch import Watcher

_CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# Reload the page when the server says the document changed; if the server went
# away, try again now and then.
_RELOAD = b"""<script>
(function () {
  var version = %d;
  var events = new EventSource("/events");
  events.onmessage = function (event) {
    if (Number(event.data) !== version) { location.reload(); }
  };
})();
</script>
"""


class Preview:
    """The last rendering of one meeting file, kept up to date by a watching thread."""

    def __init__(self, path, template_dirs=(), max_bytes=None, out=None):
        self.path = Path(path)
        self.template_dirs = tuple(template_dirs)
        self.max_bytes = max_bytes
        self.out = out                           # a stream told of each rendering
        self.version = 0
        self.page = b""
        self.failed = False
        self._changed = threading.Condition()
        self.stop = threading.Event()
        self.render()

    def render(self) -> None:
        """Render the page again, or an error page saying why it cannot be."""
        from . import build
        from .cli import failure_lines
        try:
            result = build(self.path, ("html",), self.template_dirs, max_bytes=self.max_bytes)
            page, failed = result.files["html"], False
            lines = [f"palais: warning [{code}]: {message}" for code, message in result.warnings]
        except EngineError as exc:
            lines = failure_lines(self.path, exc)
            page, failed = _error_page(self.path, lines), True
        with self._changed:
            self.version += 1
            self.page, self.failed = page, failed
            self._changed.notify_all()
        if self.out is not None:
            for line in lines or [f"palais: {self.path}: rendered ({self.version})"]:
                print(line, file=self.out, flush=True)

    def shown(self) -> bytes:
        """Return the page with the script that reloads it."""
        with self._changed:
            page, version = self.page, self.version
        script = _RELOAD % version
        end = page.rfind(b"</body>")
        return page[:end] + script + page[end:] if end >= 0 else page + script

    def wait_for_change(self, version: int, timeout: float) -> int:
        """Wait until the rendering is newer than ``version`` (or ``timeout`` passes)."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != version or self.stop.is_set(),
                                   timeout)
            return self.version

    def close(self) -> None:
        """Stop watching, and let every page listening know."""
        self.stop.set()
        with self._changed:
            self._changed.notify_all()

    def watch(self) -> None:
        """Render again whenever a source of the document changes, until ``stop``."""
        watcher = Watcher(self.path, self.template_dirs)
        while watcher.wait(self.stop):
            self.render()

    def other(self, name: str) -> tuple:
        """Return (bytes, format) of the meeting file beside this one that ``name``
        ("report.pdf") is an output of, or None."""
        from . import build
        stem, dot, fmt = name.rpartition(".")
        if not dot or fmt not in _CONTENT_TYPES or "/" in name or stem.startswith("."):
            return None
        for suffix in (".yaml", ".yml"):
            source = self.path.parent / (stem + suffix)
            if source.is_file():
                result = build(source, (fmt,), self.template_dirs, max_bytes=self.max_bytes)
                return result.files[fmt], fmt
        return None


def _error_page(path, lines) -> bytes:
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(str(path))}: not rendered</title>"
            "<style>body{font-family:sans-serif;margin:2em}code{white-space:pre-wrap}"
            "li{margin:.4em 0}h1{color:#a00;font-size:1.2em}</style></head><body>"
            f"<main><h1>{html.escape(str(path))} cannot be rendered</h1>"
            f"<ul class=\"problems\">{items}</ul>"
            "<p>The page comes back when the file is saved again without the mistake.</p>"
            "</main></body></html>\n").encode("utf-8")


class _Handler(http.server.BaseHTTPRequestHandler):
    preview: Preview = None
    server_version = "Palais"

    def log_message(self, *args) -> None:      # quiet: the renderings are what is told
        pass

    def do_GET(self) -> None:
        route = unquote(urlparse(self.path).path)
        if route in ("/", "/index.html"):
            self._send(self.preview.shown(), _CONTENT_TYPES["html"],
                       status=500 if self.preview.failed else 200)
        elif route == "/events":
            self._events()
        else:
            try:
                found = self.preview.other(route.lstrip("/"))
            except EngineError as exc:
                from .cli import failure_lines
                lines = failure_lines(route.lstrip("/"), exc)
                self._send(_error_page(route.lstrip("/"), lines), _CONTENT_TYPES["html"], 500)
                return
            if found is None:
                self._send(b"not found\n", "text/plain; charset=utf-8", 404)
            else:
                self._send(found[0], _CONTENT_TYPES[found[1]])

    def _send(self, body: bytes, kind: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Tell the page the number of each new rendering, as it comes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        version = -1
        try:
            while not self.preview.stop.is_set():
                now = self.preview.wait_for_change(version, timeout=15)
                if now != version:
                    self.wfile.write(f"data: {now}\n\n".encode("ascii"))
                    version = now
                else:
                    self.wfile.write(b": still here\n\n")     # keeps the connection open
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass                                    # the page was closed or reloaded


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(path, port: int = 8000, template_dirs=(), max_bytes=None, out=None) -> None:
    """Serve the preview of ``path`` on 127.0.0.1:``port`` until interrupted (Ctrl-C)."""
    from .errors import UsageError
    preview = Preview(path, template_dirs, max_bytes, out)
    handler = type("Handler", (_Handler,), {"preview": preview})
    try:
        server = _Server(("127.0.0.1", port), handler)
    except OSError as exc:
        raise UsageError(f"--port {port}: cannot listen there: {exc.strerror}") from None
    watcher = threading.Thread(target=preview.watch, name="palais-watch", daemon=True)
    watcher.start()
    if out is not None:
        print(f"palais: previewing {path} at http://127.0.0.1:{server.server_address[1]}/ "
              "(Ctrl-C stops)", file=out, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        preview.close()
        server.server_close()
        watcher.join(timeout=2)
