"""`make run`: migrate, seed demo data once, then serve the portal with a real Celery worker.

PostgreSQL and Redis are the embedded ones (jobordninger/embedded.py) unless DATABASE_URL /
REDIS_URL are set. Ctrl-C stops the web server and the worker; `make stop` stops the
embedded database and Redis too.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ADDRESS = os.environ.get("RUN_ADDRESS", "127.0.0.1:8000")


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True)


def main() -> None:
    manage("migrate", "--no-input", "-v", "0")
    manage(
        "seed_demo",
        "--scale",
        os.environ.get("DEMO_SCALE", "small"),
        "--municipality",
        os.environ.get("DEMO_MUNICIPALITY", "copenhagen"),
        "--if-empty",
    )
    manage("seed_matching", "--if-empty")
    worker = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "celery",
            "-A",
            "jobordninger",
            "worker",
            "--beat",
            "--loglevel=INFO",
            "--concurrency=2",
            "--schedule",
            str(ROOT / ".local" / "celerybeat-schedule"),
        ],
        cwd=ROOT,
    )
    print(f"\nJobordninger kører på http://{ADDRESS}/  (Ctrl-C stopper)\n", flush=True)
    try:
        subprocess.run([PYTHON, "manage.py", "runserver", ADDRESS], cwd=ROOT, check=False)
    except KeyboardInterrupt:
        pass
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


if __name__ == "__main__":
    main()
