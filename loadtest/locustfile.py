"""The mixed load of `make loadtest` (docs/performance.md): signed-in demo users per role.

Started by loadtest/run.py against gunicorn in production settings on 127.0.0.1, with the
sessions it signed in. Production sets Secure cookies and trusts X-Forwarded-Proto from a
local proxy, so each user speaks to gunicorn as a TLS proxy would: the proxy header on
every request and the session cookie sent by hand. Only a 200 answer is a success; a
redirect (to the login page, say) is a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, events, task

# {username: {cookie: value}}, one signed-in session per demo user (loadtest/run.py).
SESSIONS = json.loads(os.environ.get("LOADTEST_SESSIONS", "{}"))
# The gunicorn processes (LOADTEST_PROCESSES): each user talks to one, in turn, as a load
# balancer would spread them.
HOSTS = [host for host in os.environ.get("LOADTEST_HOSTS", "").split(",") if host]
_next_host = itertools.count()


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(0, 1)  # the server, not the users, sets the pace
    usernames: tuple[str, ...] = ()

    def on_start(self):
        if HOSTS:
            self.client.base_url = HOSTS[next(_next_host) % len(HOSTS)]
        self.origin = "https://" + self.client.base_url.split("//", 1)[1]
        # Signed in once per demo user by loadtest/run.py: a password hash is not a page.
        self.cookies = dict(SESSIONS[random.choice(self.usernames)])

    def send(self, method: str, path: str, *, name: str | None = None):
        """A request in the figures: only a 200 answer counts as a success."""
        self.client.cookies.clear()  # the Secure cookies travel in our own header
        headers = {
            "X-Forwarded-Proto": "https",
            "Origin": self.origin,
            "Referer": self.origin + path,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        with self.client.request(
            method,
            path,
            name=name or path,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"HTTP {response.status_code} {where}".strip())
            return response

    def ids(self, path: str, pattern: str) -> list[str]:
        """The object ids a list page links to (its detail pages)."""
        return re.findall(pattern, self.send("GET", path).text or "")

    def open_one(self, ids: list[str], template: str, name: str) -> None:
        if ids:
            self.send("GET", template.format(random.choice(ids)), name=name)


class HRUser(PortalUser):
    weight = 2
    usernames = ("hr", "hr-buf")

    @task(3)
    def slots(self):
        slot_ids = self.ids("/hr/pladser/", r'href="/hr/pladser/(\d+)/"')
        self.open_one(slot_ids, "/hr/pladser/{}/", "/hr/pladser/[id]/")

    @task(3)
    def placements(self):
        ids = self.ids("/hr/forloeb/", r'href="/hr/forloeb/(\d+)/"')
        self.open_one(ids, "/hr/forloeb/{}/", "/hr/forloeb/[id]/")

    @task(1)
    def later_page(self):
        self.send("GET", "/hr/forloeb/?page=5", name="/hr/forloeb/?page=5")


class ConsultantUser(PortalUser):
    weight = 2
    usernames = ("konsulent",)

    @task(3)
    def board(self):
        """The board, a vacant slot, and one of the candidates the slot page ranks."""
        slot_ids = self.ids("/matchning/pladser/", r'href="/matchning/pladser/(\d+)/"')
        if slot_ids:
            slot = self.send(
                "GET",
                f"/matchning/pladser/{random.choice(slot_ids)}/",
                name="/matchning/pladser/[id]/",
            )
            ids = re.findall(r'href="/matchning/kandidater/(\d+)/"', slot.text or "")
            self.open_one(ids, "/matchning/kandidater/{}/", "/matchning/kandidater/[id]/")

    @task(1)
    def candidates(self):
        self.send("GET", "/matchning/kandidater/")


class SecretaryUser(PortalUser):
    weight = 1
    usernames = ("sekretaer",)

    @task
    def status(self):
        self.send("GET", "/status/halvaar/")


_environments = []


@events.init.add_listener
def remember(environment, **_kwargs):
    _environments.append(environment)


@events.quit.add_listener
def summary(exit_code, **_kwargs):
    """One line after locust's own tables: the figures the performance targets name."""
    total = _environments[-1].stats.total
    print(
        "\nLOADTEST "
        f"requests {total.num_requests}  "
        f"req/s {total.total_rps:.1f}  "
        f"p50 {total.get_response_time_percentile(0.5) or 0:.0f} ms  "
        f"p95 {total.get_response_time_percentile(0.95) or 0:.0f} ms  "
        f"p99 {total.get_response_time_percentile(0.99) or 0:.0f} ms  "
        f"failures {total.num_failures} ({100 * total.fail_ratio:.1f} %)",
        flush=True,
    )
