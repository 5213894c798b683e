"""django-axes' lockout check as an authentication backend."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out user before the password is checked. Sign-ins without a request
    (a management command, the test client's login()) have no address to lock and pass on
    to the next backend; every sign-in over HTTP carries its request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
