"""gunicorn's settings for the web process (Dockerfile, docker-compose.yml, make loadtest).

Sized to the machine: a request spends part of its time waiting for PostgreSQL, so two
worker processes per core keep the cores busy, each with a couple of threads. Every value
can be overridden from the environment (docs/operations.md).
"""

import multiprocessing
import os

cores = multiprocessing.cpu_count()

workers = int(os.environ.get("WEB_CONCURRENCY", 2 * cores))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 2))
# The app is loaded once, before the workers fork: faster start, shared memory.
preload_app = True
# A worker that has served this many requests is replaced (bounds slow memory growth).
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
keepalive = 5
accesslog = "-"
