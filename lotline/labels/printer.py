"""Send ZPL to a network label printer over raw TCP (port 9100, "JetDirect"/"raw" printing)."""

from __future__ import annotations

import socket

_MESSAGES = {
    "timeout": "Printer {host}:{port} did not answer within {timeout:g} s",
    "refused": "Printer {host}:{port} refused the connection (is it switched on and is {port} right?)",
    "failed": "Printer {host}:{port} could not be reached: {reason}",
}


class PrinterError(OSError):
    """The label data did not reach the printer; the message says which printer and why."""


def send_zpl(host: str, zpl: str | bytes, port: int = 9100, timeout: float = 3.0) -> None:
    """Send ``zpl`` to ``host:port``. Returns when every byte was handed to the printer's socket.

    Raw port 9100 has no acknowledgement: success means the printer accepted the bytes, not that it
    printed (out of labels is only visible on ~HS status queries). The ZPL from ``render_zpl`` is ASCII.
    """
    data = zpl.encode("ascii") if isinstance(zpl, str) else zpl
    where = {"host": host, "port": port, "timeout": timeout}
    try:
        with socket.create_connection((host, port), timeout=timeout) as connection:
            connection.sendall(data)
            connection.shutdown(socket.SHUT_WR)
    except TimeoutError as exc:  # socket.timeout is TimeoutError since Python 3.10
        raise PrinterError(_MESSAGES["timeout"].format(**where)) from exc
    except ConnectionRefusedError as exc:
        raise PrinterError(_MESSAGES["refused"].format(**where)) from exc
    except OSError as exc:
        raise PrinterError(_MESSAGES["failed"].format(reason=exc.strerror or exc, **where)) from exc
