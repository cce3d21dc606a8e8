#!/usr/bin/python3
"""smtp-server.py: a test peer of thaogo's mail thread, an SMTP server (aiosmtpd).

Usage: smtp-server.py [OPTIONS] DIR

Listens on 127.0.0.1 (the port the kernel gives, --port, or the socket --fd) and prints
"port N", the port it holds, on stdout once it accepts connections (with --tls, "cert PATH" first: the self-signed certificate to
trust). Every message it accepts is written to DIR as msg-NNNN.eml (the bytes received
after DATA) with a sidecar msg-NNNN.json: {"mail_from", "rcpt_tos", "peer" (the client's
port: one per connection), "tls" (STARTTLS done), "auth" (the user name or null)}; the
sidecar is written first and the .eml appears whole (renamed into place). A message
answered 451 by --fail-first goes to rejected-NNNN.eml/.json instead. Every command the
handler sees is appended to DIR/journal.log, one line each: "EHLO peer host",
"MAIL peer status address", "RCPT peer status address", "DATA peer status".

Options:
  --port N         listen on port N instead of a free one
  --fd N           listen on the socket inherited as file descriptor N (bound to
                   127.0.0.1 by the caller, which keeps the port while servers come and go)
  --tls            offer STARTTLS and require it (require_starttls=True) with a
                   throw-away self-signed certificate for 127.0.0.1, made with openssl
  --cert-dir D     where --tls writes cert.pem and key.pem (default: a temporary folder)
  --auth U:P       require AUTH (PLAIN, LOGIN) as user U with password P (needs --tls)
  --fail-first N   answer 451 to the first N DATA commands
  --reject         answer 550 to MAIL, RCPT and DATA
  --hang           no SMTP at all: accept connections and never answer (a server that
                   hangs mid-dialogue)

Runs until SIGTERM or SIGINT."""

import argparse
import json
import logging
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading

HOST = "127.0.0.1"


def bound_socket(port, fd):
    """the socket to listen on, bound and held from here on: nobody else can take its port"""
    if fd is not None:
        return socket.socket(fileno=fd)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, port))
    return s


def controller_class():
    from aiosmtpd.controller import Controller

    class SocketController(Controller):
        """aiosmtpd's Controller on a socket of ours (it binds host:port itself otherwise)"""

        def __init__(self, handler, sock, **kwargs):
            self.sock = sock
            super().__init__(handler, hostname=HOST, port=sock.getsockname()[1], **kwargs)

        def _create_server(self):
            return self.loop.create_server(self._factory_invoker, sock=self.sock,
                                           ssl=self.ssl_context)
    return SocketController


def make_certificate(folder):
    cert = os.path.join(folder, "cert.pem")
    key = os.path.join(folder, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


class Recorder:
    """The aiosmtpd handler: writes what it accepts, answers what the options say"""

    def __init__(self, folder, fail_first, reject):
        self.folder = folder
        self.fail_first = fail_first
        self.reject = reject
        self.count = 0
        self.lock = threading.Lock()

    def journal(self, line):
        with self.lock:
            with open(os.path.join(self.folder, "journal.log"), "a", encoding="utf-8") as f:
                f.write(line + "\n")

    @staticmethod
    def peer(session):
        return session.peer[1] if session.peer else 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.journal(f"EHLO {self.peer(session)} {hostname}")
        return responses

    async def handle_MAIL(self, server, session, envelope, address, options):
        status = "550 5.7.1 Rejected by the test server" if self.reject else "250 OK"
        if not self.reject:
            envelope.mail_from = address
            envelope.mail_options.extend(options)
        self.journal(f"MAIL {self.peer(session)} {status[:3]} {address}")
        return status

    async def handle_RCPT(self, server, session, envelope, address, options):
        status = "550 5.1.1 Rejected by the test server" if self.reject else "250 OK"
        if not self.reject:
            envelope.rcpt_tos.append(address)
            envelope.rcpt_options.extend(options)
        self.journal(f"RCPT {self.peer(session)} {status[:3]} {address}")
        return status

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        if self.reject:
            status, prefix = "550 5.7.1 Rejected by the test server", "rejected"
        elif n <= self.fail_first:
            status, prefix = "451 4.3.0 Try again later", "rejected"
        else:
            status, prefix = "250 OK: queued", "msg"
        self.store(prefix, n, session, envelope)
        self.journal(f"DATA {self.peer(session)} {status[:3]}")
        return status

    def store(self, prefix, n, session, envelope):
        base = os.path.join(self.folder, f"{prefix}-{n:04d}")
        auth = None
        if session.authenticated and session.auth_data is not None:
            login = getattr(session.auth_data, "login", session.auth_data)
            auth = login.decode() if isinstance(login, bytes) else str(login)
        sidecar = {"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos),
                   "peer": self.peer(session), "tls": session.ssl is not None, "auth": auth}
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump(sidecar, f)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".eml.tmp", base + ".eml")


def authenticator_for(user, password):
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)
    return authenticate


def hang(listener):
    """accepts connections and keeps them open without a word"""
    listener.listen(16)
    held = []

    def accept():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)
    threading.Thread(target=accept, daemon=True).start()
    return listener


def main():
    parser = argparse.ArgumentParser(description="SMTP test server of thaogo")
    parser.add_argument("dir")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fd", type=int)
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--cert-dir")
    parser.add_argument("--auth")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--reject", action="store_true")
    parser.add_argument("--hang", action="store_true")
    args = parser.parse_args()

    os.makedirs(args.dir, exist_ok=True)
    # aiosmtpd warns about its own deprecated attributes: only errors in the test logs
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    sock = bound_socket(args.port, args.fd)
    port = sock.getsockname()[1]
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    if args.hang:
        listener = hang(sock)
        print(f"port {port}", flush=True)
        while not stop.wait(3600):
            pass
        listener.close()
        return 0

    temporary = None
    kwargs = {"server_hostname": "smtp.test", "ready_timeout": 20.0}
    if args.tls:
        folder = args.cert_dir
        if folder is None:
            folder = temporary = tempfile.mkdtemp(prefix="smtp-test-")
        cert, key = make_certificate(folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        kwargs.update(tls_context=context, require_starttls=True)
        print(f"cert {cert}", flush=True)
    if args.auth:
        user, _, password = args.auth.partition(":")
        kwargs.update(authenticator=authenticator_for(user, password), auth_required=True)

    handler = Recorder(args.dir, args.fail_first, args.reject)
    controller = controller_class()(handler, sock, **kwargs)
    controller.start()
    try:
        print(f"port {port}", flush=True)
        while not stop.wait(3600):
            pass
    finally:
        controller.stop()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
