"""The load bench's HTTP client (bench_load): kept-alive HTTP/1.1 connections, one per virtual user, on asyncio;
no third-party load tool (ADR 0036)."""

import asyncio
import random
import time

from django.conf import settings

REQUEST_TIMEOUT = 30.0  # seconds; a request still unanswered then counts as an error (TimeoutError)



class Connection:
    """One kept-alive HTTP/1.1 connection (reopened when the server closes it)."""

    def __init__(self, port: int):
        self.port, self.reader, self.writer = port, None, None

    async def request(self, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
        for attempt in (0, 1):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}\r\n".encode())
            try:
                await self.writer.drain()
                status_line = await self.reader.readline()
                if not status_line:
                    raise ConnectionResetError("closed")
            except (ConnectionError, OSError):
                self.close()
                if attempt:
                    raise
                continue  # a kept-alive connection the server had closed: once more on a new one
            return await self._response(status_line)
        raise ConnectionError("unreachable")

    async def _response(self, status_line: bytes) -> tuple[int, bytes]:
        status = int(status_line.split()[1])
        length, chunked, close = None, False, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.lower() == "close":
                close = True
        if chunked:
            body = bytearray()
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    break
                body += await self.reader.readexactly(size)
                await self.reader.readline()
            body = bytes(body)
        elif length is not None:
            body = await self.reader.readexactly(length)
        else:
            body, close = await self.reader.read(), True
        if close:
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def virtual_user(port, who, cookie, token, mix, until, think, samples, rng):
    conn = Connection(port)
    weights = [m[2] for m in mix]
    auth = {"session": {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"},
            "token": {"Authorization": f"Bearer {token}"}, "none": {}}
    await asyncio.sleep(rng.uniform(0, think[1]))  # users arrive spread out
    while time.monotonic() < until:
        label, path, _, kind = rng.choices(mix, weights)[0]
        started = time.perf_counter()
        try:
            status, body = await asyncio.wait_for(conn.request(path, auth[kind]), REQUEST_TIMEOUT)
            error = "" if status == 200 and body else f"HTTP {status}"
        except Exception as exc:  # counted as an error of its kind
            conn.close()
            error = type(exc).__name__
        elapsed = (time.perf_counter() - started) * 1000
        samples.append((label, who, elapsed, error, time.monotonic()))
        await asyncio.sleep(rng.uniform(*think))
    conn.close()


async def load(port, users, seconds, think, mix, logins) -> list:
    samples: list = []
    until = time.monotonic() + seconds
    rng = random.Random(20261207)
    tasks = []
    for i in range(users):
        who, _, cookie, token = logins[i % len(logins)]
        tasks.append(virtual_user(port, who, cookie, token, mix[who], until, think, samples,
                                  random.Random(rng.random())))
    await asyncio.gather(*tasks)
    return samples


def warm(port, logins, mix) -> dict[str, float]:
    """Every request twice per user kind, one at a time, checked: a page that fails here fails the whole run, said
    plainly. → the second request's time per kind (slowest user kind): the page alone, without the queue."""
    async def go():
        problems, alone = [], {}
        for who, _, cookie, token in logins:
            conn = Connection(port)
            auth = {"session": {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"},
                    "token": {"Authorization": f"Bearer {token}"}, "none": {}}
            for label, path, _, kind in mix[who]:
                for _ in range(2):
                    started = time.perf_counter()
                    status, body = await conn.request(path, auth[kind])
                    elapsed = (time.perf_counter() - started) * 1000
                alone[label] = max(alone.get(label, 0.0), elapsed)
                if status != 200:
                    problems.append(f"{who} {label} {path}: HTTP {status}")
                elif label == "document PDF" and not body.startswith(b"%PDF"):
                    problems.append(f"{who} {label}: not a PDF")
            conn.close()
        return problems, alone

    problems, alone = asyncio.run(go())
    if problems:
        raise RuntimeError("预热请求失败：" + "；".join(problems))
    return alone
