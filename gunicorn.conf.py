"""gunicorn's settings for the web process (Dockerfile, docker-compose.yml, make loadtest).

Sized to the machine: a request spends part of its time waiting for PostgreSQL, so three
single-threaded worker processes per core keep the cores busy. Not threads: a request is
mostly Python (templates, ranking), and threads of one process take turns on its
interpreter lock; at 10x on 2 cores, 6 processes × 1 thread served 50 req/s where
4 × 2 and 6 × 2 served 39 (docs/performance.md). Every value can be overridden from the
environment (docs/operations.md).
"""

import multiprocessing
import os

cores = multiprocessing.cpu_count()

WORKERS_PER_CORE = 3
workers = int(os.environ.get("WEB_CONCURRENCY", WORKERS_PER_CORE * cores))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 1))
# The app is loaded once, before the workers fork: faster start, shared memory.
preload_app = True
# A worker that has served this many requests is replaced (bounds slow memory growth).
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
keepalive = 5
accesslog = "-"
