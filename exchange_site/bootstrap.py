"""The commands a newcomer and an operator need, using nothing but the Python standard library.

    python3 -m exchange_site.bootstrap run    # set up, load demo content, serve on :8000
    python3 -m exchange_site.bootstrap test   # set up, lint, run the test suite
    python3 -m exchange_site.bootstrap serve  # production: gunicorn + supervised task worker

Each creates ``.venv`` and installs the dependencies declared in
``pyproject.toml`` (again only when that file changes, so a second run is
fast). ``run`` also migrates the SQLite database, compiles the gettext
catalogues, loads the demo content, ensures a demo admin account, and starts
the task worker next to the development server. The worker runs without the
autoreloader (a reload would abandon the job it is running) and writes to
``.local/worker.log`` (one line per job), so the console stays readable.

``serve`` runs the site as it is deployed (README, "Running in production"):
the production settings from the environment, ``collectstatic``, ``migrate``
and the catalogues first, then gunicorn and a task worker that is restarted
(with a back-off) whenever it dies. SIGTERM or Ctrl+C stops both: gunicorn
gracefully, the worker with one SIGTERM so it finishes its job.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
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
PRODUCTION_SETTINGS = "exchange_site.settings.production"
#: What ``serve`` refuses to start without: the production settings' own two, and
#: where the data lives (never the checkout's SQLite file and media/ by default).
SERVE_REQUIRED_VARIABLES = (
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "MEDIA_ROOT",
)
NOT_FOR_PRODUCTION = ("exchange_site.settings.dev", "exchange_site.settings.test")
DEFAULT_BIND = "127.0.0.1:8000"
#: Seconds before restarting a worker that died: growing while it keeps dying.
WORKER_RESTART_DELAYS = (1, 2, 5, 10, 30, 60)
#: A worker that ran this long before dying starts the back-off from the beginning.
WORKER_STABLE_SECONDS = 60
WEB_STOP_SECONDS = 40  # gunicorn's graceful timeout (30 s) and a margin


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
    """Create .venv and install the requirements unless they are installed already.

    The stamp remembers a digest per installed set, and each set's requirement
    lines, so ``serve`` (fewer extras) finds what ``test`` installed.
    """
    wanted = requirements(extras)
    digest = hashlib.sha256("\n".join(sorted(wanted)).encode()).hexdigest()
    if not VENV_PYTHON.exists():
        _say(f"Creating a virtual environment in {VENV}")
        _run([sys.executable, "-m", "venv", VENV])
    installed = STAMP.read_text().splitlines() if STAMP.exists() else []
    if digest in installed or set(wanted) <= set(installed):
        return
    _say("Installing dependencies (first run only)")
    _run([VENV_PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    _run([VENV_PYTHON, "-m", "pip", "install", "--quiet", *wanted])
    STAMP.write_text("\n".join(dict.fromkeys([*installed, digest, *wanted])))


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


def missing_production_variables(environ: dict[str, str]) -> list[str]:
    """The variables ``serve`` needs that are unset or blank."""
    return [name for name in SERVE_REQUIRED_VARIABLES if not environ.get(name, "").strip()]


def bind_address(environ: dict[str, str]) -> str:
    """BIND as given, else 127.0.0.1:PORT (a reverse proxy sits in front), else :8000."""
    if environ.get("BIND", "").strip():
        return environ["BIND"].strip()
    if environ.get("PORT", "").strip():
        return f"127.0.0.1:{environ['PORT'].strip()}"
    return DEFAULT_BIND


def gunicorn_command(environ: dict[str, str], python: os.PathLike | str = VENV_PYTHON) -> list[str]:
    """gunicorn serving the WSGI application, sized by WEB_CONCURRENCY and GUNICORN_THREADS."""
    return [
        str(python),
        "-m",
        "gunicorn",
        "exchange_site.wsgi:application",
        "--bind",
        bind_address(environ),
        "--workers",
        environ.get("WEB_CONCURRENCY", "").strip() or "2",
        "--threads",
        environ.get("GUNICORN_THREADS", "").strip() or "4",
        "--access-logfile",
        "-",
        # gunicorn 27's control socket sits in $HOME, one path for every instance: unused here.
        "--no-control-socket",
    ]


def _start_child(command: Sequence[str], env: dict[str, str]) -> subprocess.Popen:
    # A session of its own: Ctrl+C reaches ``serve`` only, which stops each child once.
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603


class WorkerSupervisor:
    """Keeps one task worker running: restarts it when it dies, waiting longer each time.

    Hand-written rather than a process manager (supervisord, systemd units per
    process) so that ``serve`` is one command with nothing beyond the standard
    library; systemd then supervises ``serve`` itself.
    """

    def __init__(self, command: Sequence[str], env: dict[str, str]) -> None:
        self.command, self.env = list(command), env
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        self.restart_at: float | None = None
        self.quick_deaths = 0

    def start(self) -> None:
        self.process = _start_child(self.command, self.env)
        self.started_at = time.monotonic()
        self.restart_at = None
        _say(f"Task worker started (pid {self.process.pid})")

    def check(self) -> None:
        """Called about twice a second: notice a death, restart when its delay is over."""
        now = time.monotonic()
        if self.process is None:
            if self.restart_at is not None and now >= self.restart_at:
                self.start()
            return
        code = self.process.poll()
        if code is None:
            return
        lived = now - self.started_at
        self.quick_deaths = 1 if lived >= WORKER_STABLE_SECONDS else self.quick_deaths + 1
        delay = WORKER_RESTART_DELAYS[min(self.quick_deaths, len(WORKER_RESTART_DELAYS)) - 1]
        _say(
            f"The task worker (pid {self.process.pid}) stopped with exit code {code} "
            f"after {lived:.0f} s; restarting it in {delay} s"
        )
        self.process, self.restart_at = None, now + delay

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            stop_worker(self.process)
        self.process = None


def serve_extras(environ: dict[str, str]) -> tuple[str, ...]:
    """The optional dependency groups the configured services need (pyproject.toml)."""
    extras = []
    if environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "pgsql://")):
        extras.append("postgres")
    if environ.get("CACHE_URL", "").strip().startswith(("redis://", "rediss://", "unix://")):
        extras.append("redis")
    return tuple(extras)


def serve_site() -> int:
    """Production: prepare the database and static files, then gunicorn and the worker."""
    missing = missing_production_variables(dict(os.environ))
    settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "").strip() or PRODUCTION_SETTINGS
    if missing:
        sys.stderr.write(
            "serve needs these environment variables: "
            f"{', '.join(missing)} (see README, 'Running in production')\n"
        )
        return 2
    if settings_module in NOT_FOR_PRODUCTION:
        sys.stderr.write(
            f"serve refuses DJANGO_SETTINGS_MODULE={settings_module}: not for production\n"
        )
        return 2
    ensure_environment(extras=serve_extras(dict(os.environ)))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
    _say("Collecting static files, migrating the database, compiling the translations")
    manage("collectstatic", "--noinput", "--verbosity", "0", env=env)
    manage("migrate", "--noinput", "--verbosity", "0", env=env)
    manage("compile_catalogues", env=env)
    return supervise(gunicorn_command(env), WorkerSupervisor(worker_command(), env))


def supervise(web_command: Sequence[str], worker: WorkerSupervisor) -> int:
    """Run gunicorn and the worker until SIGTERM/SIGINT or until gunicorn dies."""
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: stopping.set())
    web = _start_child(web_command, worker.env)
    _say(f"gunicorn started (pid {web.pid}): {' '.join(web_command[3:])}")
    worker.start()
    while not stopping.wait(0.5):
        if web.poll() is not None:
            _say(f"gunicorn stopped with exit code {web.returncode}; stopping the task worker")
            break
        worker.check()
    _say("Stopping: gunicorn finishes its requests, the task worker its job")
    if web.poll() is None:
        web.terminate()
    worker.stop()
    try:
        web.wait(timeout=WEB_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        web.kill()
        web.wait()
    _say("Stopped")
    return 0 if stopping.is_set() else (web.returncode or 1)


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
    if not argv or argv[0] not in {"run", "test", "serve"}:
        sys.stderr.write("usage: python3 -m exchange_site.bootstrap run|serve|test [pytest args]\n")
        return 2
    if argv[0] == "run":
        run_site()
        return 0
    if argv[0] == "serve":
        return serve_site()
    return run_tests(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
