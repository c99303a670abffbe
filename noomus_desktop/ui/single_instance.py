"""One running app per user and app home: a second launch hands its files over and exits.

The running instance listens on a local socket named after the user and the app home
(``NOOMUS_HOME`` gives tests and the demo their own instance). A launch first tries to
connect; if somebody answers, it sends its file list as one JSON line and leaves.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from noomus_desktop.core import paths

CONNECT_TIMEOUT_MS = 1000
WRITE_TIMEOUT_MS = 3000


def server_name() -> str:
    """A per-user, per-home socket name (short enough for every platform)."""
    key = f"{getpass.getuser()}\0{paths.data_dir()}"
    return "noomus-" + hashlib.sha256(key.encode()).hexdigest()[:24]


def hand_over(files: Sequence[str], name: str | None = None) -> bool:
    """Send ``files`` to a running instance (which also raises its window); False if none runs.

    Runs before any window exists, so blocking briefly here holds up nothing.
    """
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(json.dumps({"files": list(files)}).encode() + b"\n")
    while socket.bytesToWrite() > 0 and socket.waitForBytesWritten(WRITE_TIMEOUT_MS):
        pass
    delivered = socket.bytesToWrite() == 0
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
    return delivered


class InstanceServer(QObject):
    """Listens for later launches; emits ``files_received(list[str])`` for each of them."""

    files_received = Signal(list)

    def __init__(self, parent: QObject | None = None, name: str | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; a stale socket left by a crashed instance is removed first."""
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._finish(s))

    def _read(self, socket: QLocalSocket) -> None:
        self._buffers[socket] = self._buffers.get(socket, b"") + bytes(socket.readAll().data())

    def _finish(self, socket: QLocalSocket) -> None:
        self._read(socket)
        data = self._buffers.pop(socket, b"")
        socket.deleteLater()
        try:
            message = json.loads(data.decode() or "{}")
        except (UnicodeDecodeError, ValueError):
            return
        files = message.get("files") if isinstance(message, dict) else None
        if isinstance(files, list):
            self.files_received.emit([str(f) for f in files])
