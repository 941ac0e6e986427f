"""The two commands a newcomer needs, using nothing but the Python standard library.

    python3 -m exchange_site.bootstrap run    # set up, load demo content, serve on :8000
    python3 -m exchange_site.bootstrap test   # set up, lint, run the test suite

Both create ``.venv`` and install the dependencies declared in
``pyproject.toml`` (again only when that file changes, so a second run is
fast). ``run`` also migrates the SQLite database, compiles the gettext
catalogues, loads the demo content, ensures a demo admin account, and starts
the task worker next to the development server. The worker runs without the
autoreloader (a reload would abandon the job it is running) and writes to
``.local/worker.log`` (one line per job), so the console stays readable.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".installed-requirements"
ADDRESS = "127.0.0.1:8000"
WORKER_LOG = ROOT / ".local" / "worker.log"
WORKER_STOP_SECONDS = 30


def _say(message: str) -> None:
    sys.stdout.write(f"==> {message}\n")
    sys.stdout.flush()


def _run(args: Sequence[str | os.PathLike], **kwargs) -> None:
    subprocess.run([str(arg) for arg in args], check=True, cwd=ROOT, **kwargs)  # noqa: S603


def requirements(extras: Sequence[str]) -> list[str]:
    """The dependencies from pyproject.toml, plus the named optional groups."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    optional = project.get("optional-dependencies", {})
    return [*project["dependencies"], *(req for extra in extras for req in optional[extra])]


def ensure_environment(extras: Sequence[str] = ()) -> None:
    """Create .venv and install the requirements unless they are installed already."""
    wanted = requirements(extras)
    digest = hashlib.sha256("\n".join(sorted(wanted)).encode()).hexdigest()
    if not VENV_PYTHON.exists():
        _say(f"Creating a virtual environment in {VENV}")
        _run([sys.executable, "-m", "venv", VENV])
    installed = STAMP.read_text().split() if STAMP.exists() else []
    if digest in installed:
        return
    _say("Installing dependencies (first run only)")
    _run([VENV_PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    _run([VENV_PYTHON, "-m", "pip", "install", "--quiet", *wanted])
    STAMP.write_text("\n".join([*installed, digest]))


def manage(*args: str, env: dict[str, str] | None = None) -> None:
    _run([VENV_PYTHON, "manage.py", *args], env=env)


def run_site() -> None:
    ensure_environment()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "exchange_site.settings.dev"}
    _say("Preparing the database and translations")
    manage("migrate", "--noinput", "--verbosity", "0", env=env)
    manage("compile_catalogues", env=env)
    manage("load_demo_content", env=env)
    manage("ensure_demo_admin", env=env)
    _say(f"Starting the task worker (translation jobs run there; log: {WORKER_LOG})")
    WORKER_LOG.parent.mkdir(exist_ok=True)
    with WORKER_LOG.open("a") as log:
        worker = subprocess.Popen(  # noqa: S603
            worker_command(),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl+C reaches runserver only; stop_worker stops it once
        )
    _say(f"Serving the site at http://{ADDRESS}/ (admin at http://{ADDRESS}/admin/); Ctrl+C stops")
    try:
        manage("runserver", ADDRESS, env=env)
    except KeyboardInterrupt:
        pass
    finally:
        stop_worker(worker)


def worker_command(python: os.PathLike | str = VENV_PYTHON) -> list[str]:
    """The task worker, without the autoreloader (a reload abandons the running job).

    ``--verbosity 0`` silences the task library's two lines per task; the
    translation job logs its own one line.
    """
    options = ["--queue-name", "*", "--no-reload", "--verbosity", "0"]
    return [str(python), "manage.py", "db_worker", *options]


def stop_worker(worker: subprocess.Popen) -> None:
    """Ask once, so the worker finishes its job; ask again (it records the job as failed)."""
    for _attempt in range(2):
        worker.terminate()
        try:
            worker.wait(timeout=WORKER_STOP_SECONDS)
            return
        except subprocess.TimeoutExpired:
            _say("The task worker is still finishing a translation job…")
    worker.kill()


def run_tests(pytest_args: Sequence[str]) -> int:
    ensure_environment(extras=("test", "postgres"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "exchange_site.settings.test"}
    _say("Linting with ruff")
    _run([VENV / "bin" / "ruff", "check", "."], env=env)
    _run([VENV / "bin" / "ruff", "format", "--check", "."], env=env)
    manage("compile_catalogues", env=env)
    _say("Running the test suite")
    args = [str(VENV_PYTHON), "-m", "pytest", *pytest_args]
    return subprocess.run(args, cwd=ROOT, env=env).returncode  # noqa: S603


def main(argv: Sequence[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        sys.stderr.write("usage: python3 -m exchange_site.bootstrap run|test [pytest args]\n")
        return 2
    if argv[0] == "run":
        run_site()
        return 0
    return run_tests(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
