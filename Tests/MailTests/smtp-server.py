#!/usr/bin/python3
"""An SMTP server on 127.0.0.1 for the mail tests (aiosmtpd).

Modes:
  starttls  offers STARTTLS with --cert/--key; AUTH PLAIN/LOGIN only after STARTTLS and required
            before MAIL FROM; --user/--password are the one valid login.
  plain     no TLS, no AUTH.
  plain-auth  no TLS, yet AUTH PLAIN/LOGIN offered in the clear and required before MAIL FROM: a
            server that lost STARTTLS, or a man in the middle who strips it.

Prints the port it listens on as the first line of stdout; stops when stdin closes. Recipients
in the domain refused.test are refused with 550. For every message it writes N.eml (the raw
bytes) and N.json into --spool: envelope, whether the session used STARTTLS and AUTH, and what
Python's email package parses from the raw bytes (decoded headers, every part with its payload).
Every AUTH command is logged to auth.log in --spool, one line a command: the mechanism and whether
the session was in TLS, never what followed it.
"""

import argparse
import asyncio
import base64
import email
import email.policy
import email.utils
import itertools
import json
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword, syntax


def parsed(raw):
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts = []
    for part in message.walk():
        entry = {
            "content_type": part.get_content_type(),
            "params": {k: email.utils.collapse_rfc2231_value(v) for k, v in (part.get_params() or [])[1:]},
            "filename": part.get_filename(),
            "disposition": part.get_content_disposition(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "defects": [type(d).__name__ for d in part.defects],
        }
        if not part.is_multipart():
            payload = part.get_payload(decode=True)
            entry["payload_base64"] = base64.b64encode(payload).decode("ascii")
            if part.get_content_maintype() == "text":
                entry["text"] = part.get_content()
        parts.append(entry)
    headers = {name: str(value) for name, value in message.items()}
    date = message["date"].datetime if message["date"] else None
    return {"headers": headers, "date_epoch": date.timestamp() if date else None, "parts": parts}


class Handler:
    def __init__(self, spool):
        self.spool = spool
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().endswith("@refused.test"):
            return "550 5.1.1 <%s>: recipient address rejected" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        number = next(self.counter)
        raw = envelope.original_content
        with open(os.path.join(self.spool, "%d.eml" % number), "wb") as file:
            file.write(raw)
        auth = session.auth_data if session.authenticated else None
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "starttls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
            "auth_mechanism": auth["mechanism"] if auth else None,
            "auth_login": auth["login"] if auth else None,
            "message": parsed(raw),
        }
        # Written before the 250 reply, and renamed into place: complete when the client hears OK.
        path = os.path.join(self.spool, "%d.json" % number)
        with open(path + ".tmp", "w") as file:
            json.dump(record, file, ensure_ascii=False, indent=1)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 accepted as message %d" % number


class RecordingSMTP(SMTP):
    """Logs every AUTH command before answering it, whether or not it succeeds."""

    def __init__(self, handler, spool, **options):
        super().__init__(handler, **options)
        self.spool = spool

    @syntax("AUTH <mechanism>")
    async def smtp_AUTH(self, arg):
        mechanism = arg.split()[0].upper() if arg.split() else "-"
        with open(os.path.join(self.spool, "auth.log"), "a") as file:
            file.write("%s %s\n" % (mechanism, "tls" if self._tls_protocol else "clear"))
        return await super().smtp_AUTH(arg)


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = auth_data.login.decode()
        if login == user and auth_data.password.decode() == password:
            return AuthResult(success=True, auth_data={"login": login, "mechanism": mechanism})
        return AuthResult(success=False, handled=False)

    return check


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["starttls", "plain", "plain-auth"], required=True)
    parser.add_argument("--spool", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user", default="rapport@koppel.test")
    parser.add_argument("--password", default="")
    arguments = parser.parse_args()

    loop = asyncio.get_running_loop()
    handler = Handler(arguments.spool)
    options = {"hostname": "localhost", "loop": loop}
    if arguments.mode == "starttls":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(arguments.cert, arguments.key)
        options.update(
            tls_context=context,
            auth_required=True,
            auth_require_tls=True,
            authenticator=authenticator(arguments.user, arguments.password),
        )
    elif arguments.mode == "plain-auth":
        options.update(
            auth_required=True,
            auth_require_tls=False,
            authenticator=authenticator(arguments.user, arguments.password),
        )
    server = await loop.create_server(
        lambda: RecordingSMTP(handler, arguments.spool, **options), host="127.0.0.1", port=0)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await stdin_closed(loop)


def stdin_closed(loop):
    """Done when stdin reaches its end: the test process that holds the other end has ended,
    however it ended, and the server must not outlive it."""
    done = loop.create_future()

    def read():
        if not os.read(0, 4096):
            loop.remove_reader(0)
            done.set_result(None)

    loop.add_reader(0, read)
    return done


if __name__ == "__main__":
    # A child of a test process may start with these blocked; unblocked, SIGTERM and Ctrl-C work.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
