"""A throw-away PostgreSQL server on 127.0.0.1 for the tests that prove the scale-out path.

Uses the server binaries Debian's ``postgresql`` package installs (``.ci/run``
installs it); nothing is downloaded and no existing cluster is touched. The
cluster lives in a temporary directory, trusts local connections only, and is
stopped and deleted when the context ends. PostgreSQL refuses to run as
root, so under root it runs as the ``postgres`` (or ``nobody``) account.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

USER = "exchange"


def server_binaries() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``, newest major version first."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_major_version, reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.insert(0, str(Path(on_path).resolve().parent))
    for directory in candidates:
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    return None


def _major_version(directory: str) -> int:
    version = Path(directory).parent.name
    return int(version) if version.isdigit() else 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _account() -> pwd.struct_passwd | None:
    """The account the server runs as: ours, unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise RuntimeError("running as root and no 'postgres' or 'nobody' account to run PostgreSQL")


@contextlib.contextmanager
def throwaway_server(binaries: Path) -> Iterator[str]:
    """Start a fresh cluster; yield its ``DATABASE_URL`` (a superuser: tests create databases)."""
    account = _account()
    root = Path(tempfile.mkdtemp(prefix="exchange-pg-"))
    data = root / "data"
    port = _free_port()

    def as_server_user(*command: str) -> None:
        prefix = ["runuser", "-u", account.pw_name, "--"] if account else []
        subprocess.run(  # noqa: S603 - fixed binaries, arguments built here
            [*prefix, *command], check=True, capture_output=True, timeout=120
        )

    if account:
        os.chown(root, account.pw_uid, account.pw_gid)
    try:
        as_server_user(
            str(binaries / "initdb"),
            "--pgdata",
            str(data),
            "--username",
            USER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--no-locale",
        )
        server_options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off"
        as_server_user(
            str(binaries / "pg_ctl"),
            "--pgdata",
            str(data),
            "--options",
            server_options,
            "--log",
            str(root / "server.log"),
            "--wait",
            "start",
        )
        try:
            yield f"postgres://{USER}@127.0.0.1:{port}/postgres"
        finally:
            as_server_user(str(binaries / "pg_ctl"), "--pgdata", str(data), "-m", "fast", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
