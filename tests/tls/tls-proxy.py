#!/usr/bin/python3
"""tls-proxy.py: a TLS reverse proxy for the tests of thaogo (test-cli)

Usage: tls-proxy.py DIR TARGET_HOST:TARGET_PORT [--name NAME]

Makes a throw-away private CA in DIR (ca.pem) with openssl and a certificate it signs for
127.0.0.1 and NAME (server.pem, server-key.pem), listens on 127.0.0.1:0 and prints
"port N" once it accepts connections. Each connection is TLS, ended here; its bytes go to
TARGET and back as they are, both ways, until either side closes. The proxy ends on
SIGTERM or when its standard input is closed (the test that started it is gone).
"""

import argparse
import asyncio
import os
import signal
import ssl
import subprocess
import sys


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)


def make_certificates(folder, name):
    """ca.pem (a CA of its own) and server.pem for 127.0.0.1 and @name, signed by it"""
    ca_key = os.path.join(folder, "ca-key.pem")
    ca = os.path.join(folder, "ca.pem")
    key = os.path.join(folder, "server-key.pem")
    csr = os.path.join(folder, "server.csr")
    cert = os.path.join(folder, "server.pem")
    ext = os.path.join(folder, "server.ext")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", ca_key, "-out", ca, "-days", "2",
            "-subj", "/CN=thaogo test CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", *ec, "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1")
    with open(ext, "w", encoding="ascii") as f:
        f.write(f"subjectAltName=IP:127.0.0.1,DNS:{name}\n"
                "basicConstraints=CA:FALSE\n"
                "keyUsage=critical,digitalSignature\n"
                "extendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key,
            "-CAcreateserial", "-CAserial", os.path.join(folder, "ca.srl"),
            "-out", cert, "-days", "2", "-extfile", ext)
    return cert, key


async def pump(reader, writer):
    """@reader's bytes to @writer until the end of @reader"""
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                return
            writer.write(data)
            await writer.drain()
    except (ConnectionError, ssl.SSLError, asyncio.IncompleteReadError):
        return


async def close(writer):
    try:
        writer.close()
        await writer.wait_closed()
    except (ConnectionError, ssl.SSLError):
        pass


def serve(target_host, target_port):
    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(target_host,
                                                                         target_port)
        except OSError as e:
            print(f"tls-proxy: cannot reach {target_host}:{target_port}: {e}",
                  file=sys.stderr, flush=True)
            await close(client_writer)
            return
        both = [asyncio.ensure_future(pump(client_reader, server_writer)),
                asyncio.ensure_future(pump(server_reader, client_writer))]
        # one side done: the exchange is over (thaogo sends one request a connection)
        _, pending = await asyncio.wait(both, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        await close(server_writer)
        await close(client_writer)

    return handle


async def main_async(args, context):
    host, _, port = args.target.rpartition(":")
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    def end():
        if not stop.done():
            stop.set_result(None)

    def on_stdin():
        # the test that started us is gone when our standard input ends
        if not os.read(sys.stdin.fileno(), 4096):
            end()

    loop.add_signal_handler(signal.SIGTERM, end)
    loop.add_reader(sys.stdin.fileno(), on_stdin)
    # a handshake the client refuses (the point of some tests) is not an error here
    loop.set_exception_handler(lambda loop, ctx: None)
    server = await asyncio.start_server(serve(host.strip("[]"), int(port)), "127.0.0.1", 0,
                                        ssl=context)
    print(f"port {server.sockets[0].getsockname()[1]}", flush=True)
    await stop
    server.close()


def main():
    parser = argparse.ArgumentParser(description="a TLS reverse proxy for thaogo's tests")
    parser.add_argument("dir")
    parser.add_argument("target")
    parser.add_argument("--name", default="thaogo.test")
    args = parser.parse_args()

    cert, key = make_certificates(args.dir, args.name)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    asyncio.run(main_async(args, context))


if __name__ == "__main__":
    main()
