"""Private services a fault test may stop and start: a redis-server and a PostgreSQL cluster on free
loopback ports, never the shared 127.0.0.1:6379 / :5432 that other tests and CI use."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.servers import BIN, free_port, running, subprocess_env, test_database_url


def wait_until(condition, timeout: float = 60.0, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout}s")
        time.sleep(0.2)


class PrivateRedis:
    def __init__(self, log_dir: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = log_dir / f"redis-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def start(self) -> None:
        cmd = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        cmd += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        self.proc = subprocess.Popen(cmd, stdout=open(self.log, "ab"), stderr=subprocess.STDOUT)
        wait_until(self.ping, 20, "redis-server start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        wait_until(lambda: not self.ping(), 10, "redis-server stop")


@contextmanager
def private_redis(log_dir: Path):
    redis = PrivateRedis(log_dir)
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else (shutil.which(name) or name)


def _as_server_user() -> list[str]:
    """PostgreSQL's server refuses to run as root: as root, run it as the system user `postgres`."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class PrivateCluster:
    """A PostgreSQL cluster of our own under a temporary folder, holding a copy of the test database."""

    def __init__(self, root: Path):
        self.root, self.data, self.port = root, root / "data", free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/platform"

    def ctl(self, *args: str) -> None:
        subprocess.run(
            [*_as_server_user(), _pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.root / "pg.log")]
            + ["-w", *args],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        subprocess.run(
            [*_as_server_user(), _pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust"]
            + ["-E", "UTF8", "--locale=C.UTF-8"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.start()
        psql = [_pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-q"]
        subprocess.run([*psql, "-c", "CREATE DATABASE platform"], check=True)
        # the test database as the session made it (association, two municipalities, demo users)
        dump = subprocess.Popen(
            [_pg_bin("pg_dump"), "--no-owner", test_database_url()], stdout=subprocess.PIPE
        )
        subprocess.run(
            [*psql, "-d", "platform", "-v", "ON_ERROR_STOP=1"],
            stdin=dump.stdout,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        assert dump.wait() == 0

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.ctl("-o", options, "start")

    def stop(self) -> None:
        self.ctl("-m", "fast", "stop")


@contextmanager
def private_cluster():
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="faults-pg-"))  # not under pytest's folder: the server user enters it
    cluster = PrivateCluster(root)
    try:
        cluster.init()
        yield cluster
    finally:
        if (cluster.data / "postmaster.pid").exists():
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def web(log_dir: Path, threads: int = 4, **extra_env: str):
    """gunicorn serving the platform (DEBUG off) with the given environment; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            requests.get(f"{base}/healthz", headers={"Host": "localhost"}, timeout=2)
            return True
        except requests.RequestException:
            return False

    cmd = [str(BIN / "gunicorn"), "municipal_platform.wsgi", "--bind", f"127.0.0.1:{port}"]
    cmd += ["--workers", "1", "--threads", str(threads), "--timeout", "60"]
    env = subprocess_env(DJANGO_ALLOWED_HOSTS="localhost,.localhost,127.0.0.1", **extra_env)
    with running(cmd, env, ready, timeout=60, log=log_dir / f"gunicorn-{port}.log"):
        yield base


@contextmanager
def worker(log_dir: Path, redis_url: str, queue: str, name: str, **extra_env: str):
    """A real Celery worker (solo pool: one process, the one a test kills) on the private Redis; yields
    the process."""
    from celery import Celery

    env = subprocess_env(REDIS_URL=redis_url, CELERY_QUEUE=queue, **extra_env)
    node = f"{name}@faults"
    cmd = [str(BIN / "celery"), "-A", "municipal_platform", "worker", "--pool", "solo", "-Q", queue]
    cmd += ["-n", node, "--loglevel", "INFO", "--without-mingle", "--without-gossip"]
    probe = Celery(broker=redis_url, backend=redis_url)

    def ready() -> bool:
        return bool(probe.control.ping(destination=[node], timeout=0.5))

    try:
        with running(cmd, env, ready, timeout=60, log=log_dir / f"celery-{name}.log") as proc:
            yield proc
    finally:
        probe.close()


def sender(redis_url: str):
    """A Celery client of the private Redis, to send tasks by name as beat would."""
    from celery import Celery

    return Celery(broker=redis_url, backend=redis_url)


def data_dir_env(path: Path) -> dict[str, str]:
    # the file e-mail backend writes under PLATFORM_DATA_DIR/mail (settings: no EMAIL_URL)
    return {"PLATFORM_DATA_DIR": str(path), "PUBLIC_URL_PORT": "8000", "EMAIL_URL": ""}


def mails(path: Path) -> list[str]:
    return [p.read_text() for p in sorted((path / "mail").glob("*.log"))]


os.environ.setdefault("PGCONNECT_TIMEOUT", "5")
