#!/usr/bin/env python3
"""Load generators for scripts/bench-slow-clients, on asyncio, standard library only.

pushes     signed order pushes at a fixed rate (open loop: a push starts on schedule whether or
           not the earlier ones are done), each on a new connection as the OpenCart extension
           sends them, each shop from its own loopback address (127.0.1.N); prints a JSON
           summary of statuses and latencies.
slowloris  holds N connections that never finish their headers: each sends the start of a
           request and then a header line now and then; a connection nginx closes is opened
           again. Writes how many are open, once a second, to --report.
"""
import argparse
import asyncio
import hashlib
import hmac
import json
import random
import select
import socket
import sys
import time


def signed_push(template, order_id, license_key, api_key):
    """One push as docs/protocol.md signs it: HMAC-SHA256 over timestamp, method, path, body digest."""
    batch = json.loads(template)
    batch["orders"][0]["order_id"] = order_id
    body = json.dumps(batch, separators=(",", ":")).encode()
    path = "/api/v1/orders"
    timestamp = str(int(time.time()))
    text = "\n".join([timestamp, "POST", path, hashlib.sha256(body).hexdigest()])
    signature = "v1=" + hmac.new(api_key.encode(), text.encode(), hashlib.sha256).hexdigest()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: koppel\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nX-Koppel-License: {license_key}\r\n"
        f"X-Koppel-Timestamp: {timestamp}\r\nX-Koppel-Signature: {signature}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


async def one_push(port, source, request, timeout):
    """Status and seconds from connect to the answer's last byte; status 0 for a network failure."""
    started = time.perf_counter()
    writer = None
    try:
        connect = asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
        reader, writer = await asyncio.wait_for(connect, timeout)
        writer.write(request)
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        await asyncio.wait_for(reader.readexactly(length), timeout)
        return status, time.perf_counter() - started
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
        return 0, time.perf_counter() - started, f"{type(error).__name__}: {error}"
    finally:
        if writer is not None:
            writer.close()


def percentile(sorted_values, fraction):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, int(round(fraction * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


async def pushes(args):
    template = open(args.template).read()
    licenses = [line.strip() for line in open(args.licenses) if line.strip()]
    api_key = open(args.api_key_file).read().strip()
    interval = 1.0 / args.rate
    count = int(args.rate * args.duration)
    tasks = []
    starts = []
    started = time.perf_counter()
    for index in range(count):
        delay = started + index * interval - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        shop = index % len(licenses)
        request = signed_push(template, args.first_id + index, licenses[shop], api_key)
        starts.append(time.time())
        # Each shop from its own address, as shops are (nginx limits requests in progress per address).
        source = f"127.0.1.{1 + shop % 250}"
        tasks.append(asyncio.ensure_future(one_push(args.port, source, request, args.timeout)))
    results = await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    if args.log:
        with open(args.log, "w") as file:
            for start, result in zip(starts, results):
                file.write(f"{start:.3f} {result[0]} {result[1] * 1000:.1f}\n")
    statuses = {}
    failures = {}
    latencies = []
    for result in results:
        statuses[str(result[0])] = statuses.get(str(result[0]), 0) + 1
        if result[0] == 200:
            latencies.append(result[1] * 1000)
        elif len(result) > 2:
            failures[result[2]] = failures.get(result[2], 0) + 1
    latencies.sort()
    summary = {
        "pushes": count,
        "seconds": round(elapsed, 2),
        "statuses": statuses,
        "failed": count - statuses.get("200", 0),
        "network_errors": dict(sorted(failures.items(), key=lambda item: -item[1])[:5]),
        "p50_ms": percentile(latencies, 0.50),
        "p90_ms": percentile(latencies, 0.90),
        "p99_ms": percentile(latencies, 0.99),
        "max_ms": latencies[-1] if latencies else None,
    }
    print(json.dumps(summary))


# Linux's <linux/in.h>; the socket module names it only from Python 3.12.
IP_BIND_ADDRESS_NO_PORT = getattr(socket, "IP_BIND_ADDRESS_NO_PORT", 24)


def slowloris(args):
    """On epoll directly: asyncio's cost per connection would make the generator, not nginx, the
    limit at 9,000 connections on a shared machine."""
    request_start = b"GET /api/v1/ping HTTP/1.1\r\nHost: koppel\r\nX-Slow: 1\r\n"
    poll = select.epoll()
    sockets = {}  # fd -> [socket, connected, last send]
    counts = {"open": 0, "opened": 0, "failed": 0}
    started = time.monotonic()
    deadline = started + args.duration
    # Spread over the ramp: connects in one wave would time out, and come back, in waves.
    due = sorted(started + random.uniform(0, args.ramp) for _ in range(args.connections))
    waiting = 0  # connects of `due` not made yet
    reconnect = 0  # connects owed for connections nginx closed

    def connect():
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        # The port is chosen at connect() then, for the whole address pair: bind() alone would
        # search the ports free of every connection and TIME_WAIT, slower as they fill up.
        sock.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
        try:
            sock.bind((args.source, 0))
            sock.connect_ex(("127.0.0.1", args.port))
        except OSError:
            sock.close()
            counts["failed"] += 1
            return False
        sockets[sock.fileno()] = [sock, False, 0.0]
        poll.register(sock.fileno(), select.EPOLLOUT | select.EPOLLIN | select.EPOLLRDHUP)
        return True

    def drop(fd):
        sock = sockets.pop(fd)
        poll.unregister(fd)
        sock[0].close()
        if sock[1]:
            counts["open"] -= 1

    with open(args.report, "w") as report:
        next_report = started
        while True:
            now = time.monotonic()
            if now >= deadline:
                break
            while waiting < len(due) and due[waiting] <= now:
                waiting += 1
                reconnect += 1
            while reconnect > 0 and connect():
                reconnect -= 1
            for fd, events in poll.poll(0.05):
                entry = sockets[fd]
                if events & (select.EPOLLIN | select.EPOLLRDHUP | select.EPOLLHUP | select.EPOLLERR):
                    # nginx never answers a stalled header: anything from it means closed.
                    if not entry[1]:
                        counts["failed"] += 1
                    drop(fd)
                    reconnect += 1
                elif events & select.EPOLLOUT and not entry[1]:
                    try:
                        entry[0].send(request_start)
                    except OSError:
                        counts["failed"] += 1
                        drop(fd)
                        reconnect += 1
                        continue
                    entry[1], entry[2] = True, now
                    counts["open"] += 1
                    counts["opened"] += 1
                    poll.modify(fd, select.EPOLLIN | select.EPOLLRDHUP)
            if now >= next_report:
                for fd, entry in list(sockets.items()):
                    if entry[1] and now - entry[2] >= args.interval:
                        try:
                            entry[0].send(b"X-Slow: 1\r\n")
                            entry[2] = now
                        except OSError:
                            pass
                report.write(f"{time.time():.3f} {counts['open']} {counts['opened']} {counts['failed']}\n")
                report.flush()
                next_report += 1
    for fd in list(sockets):
        drop(fd)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    push = commands.add_parser("pushes")
    push.add_argument("--port", type=int, required=True)
    push.add_argument("--template", required=True, help="a batch of one order, as JSON")
    push.add_argument("--licenses", required=True, help="file with a license key a line; pushes go to each in turn")
    push.add_argument("--api-key-file", required=True, help="the API key of every license")
    push.add_argument("--rate", type=float, default=100, help="pushes a second")
    push.add_argument("--duration", type=float, default=20)
    push.add_argument("--first-id", type=int, default=1)
    push.add_argument("--timeout", type=float, default=10)
    push.add_argument("--log", help="write each push's start (unix time), status and milliseconds here")
    slow = commands.add_parser("slowloris")
    slow.add_argument("--port", type=int, required=True)
    slow.add_argument("--connections", type=int, default=9000)
    slow.add_argument("--source", default="127.0.0.2", help="local address to connect from")
    slow.add_argument("--interval", type=float, default=5, help="seconds between two header lines")
    slow.add_argument("--ramp", type=float, default=12,
                      help="seconds over which the first connects spread: longer than nginx's 10 s header "
                      "timeout, so that the reconnects after it are spread too")
    slow.add_argument("--duration", type=float, required=True)
    slow.add_argument("--report", required=True)
    args = parser.parse_args()
    if args.command == "pushes":
        asyncio.run(pushes(args))
    else:
        slowloris(args)


if __name__ == "__main__":
    sys.exit(main())
