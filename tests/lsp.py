"""A small client of a language server over standard input and output (JSON-RPC with
Content-Length headers): open one file, return the diagnostics the server publishes,
as an editor would show them."""
import json
import os
import select
import subprocess
import time
from pathlib import Path


def _send(process, message) -> None:
    body = json.dumps(message).encode("utf-8")
    process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    process.stdin.flush()


def _messages(process, seconds: float):
    buffer, end = b"", time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if not ready:
            continue
        chunk = os.read(process.stdout.fileno(), 65536)
        if not chunk:
            return
        buffer += chunk
        while b"\r\n\r\n" in buffer:
            head, rest = buffer.split(b"\r\n\r\n", 1)
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length"))
            if len(rest) < length:
                break
            body, buffer = rest[:length], rest[length:]
            yield json.loads(body)


def diagnostics(server: str, path: Path, seconds: float = 60) -> list:
    """Return [(line, column, message)] the YAML server ``server`` finds in ``path``
    (lines and columns from 1), reading the schema its first line names."""
    path = Path(path).resolve()
    settings = {"validate": True, "schemaStore": {"enable": False}}
    process = subprocess.Popen([server, "--stdio"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        _send(process, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                        "params": {"processId": None, "rootUri": path.parent.as_uri(),
                                   "capabilities": {}, "workspaceFolders": None}})
        for message in _messages(process, seconds):
            if message.get("id") == 1:
                break
        _send(process, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
        _send(process, {"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration",
                        "params": {"settings": {"yaml": settings}}})
        _send(process, {"jsonrpc": "2.0", "method": "textDocument/didOpen",
                        "params": {"textDocument": {"uri": path.as_uri(), "languageId": "yaml",
                                                    "version": 1,
                                                    "text": path.read_text(encoding="utf-8")}}})
        for message in _messages(process, seconds):
            if message.get("method") == "workspace/configuration":
                _send(process, {"jsonrpc": "2.0", "id": message["id"],
                                "result": [settings] * len(message["params"]["items"])})
            elif message.get("method") == "textDocument/publishDiagnostics" \
                    and message["params"]["uri"] == path.as_uri():
                return [(d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1,
                         d["message"]) for d in message["params"]["diagnostics"]]
        raise AssertionError(f"{server} published no diagnostics for {path} in {seconds} s")
    finally:
        process.kill()
        process.communicate()
