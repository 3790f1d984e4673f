"""send_zpl: raw TCP printing to a fake printer, and clear errors when the printer is not there."""

import socket
import threading

import pytest

from lotline.labels import LabelSpec, PrinterError, render_zpl, send_zpl
from lotline.labels import printer as printer_module
from tests.test_labels_zpl import flour


def test_fake_printer_receives_exact_bytes():
    received = bytearray()
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def serve():
        connection, _ = server.accept()
        with connection:
            while chunk := connection.recv(65536):
                received.extend(chunk)

    thread = threading.Thread(target=serve)
    thread.start()
    zpl = render_zpl([flour("L1"), flour("L2")], LabelSpec(symbol="gs1_datamatrix"))
    try:
        send_zpl("127.0.0.1", zpl, port=port, timeout=3)
        thread.join(timeout=5)
    finally:
        server.close()
    assert bytes(received) == zpl.encode("ascii")


def test_closed_port_raises_printer_error():
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    with pytest.raises(PrinterError, match=f"Printer 127.0.0.1:{port} refused the connection"):
        send_zpl("127.0.0.1", "^XA^XZ", port=port, timeout=1)


def test_silent_printer_times_out_with_clear_message(monkeypatch):
    def never_answers(address, timeout):
        raise TimeoutError("timed out")

    monkeypatch.setattr(printer_module.socket, "create_connection", never_answers)
    with pytest.raises(PrinterError, match=r"^Printer 10.0.0.5:9100 did not answer within 3 s$"):
        send_zpl("10.0.0.5", "^XA^XZ")
