"""A small OpenID Connect provider for the sign-in test, built on pyop (IdentityPython).

Run as `python tests/oidc_provider.py PORT REDIRECT_URI`: it serves discovery, authorize,
token, userinfo and JWKS on 127.0.0.1:PORT, and signs in the one configured user (standing
in for the municipality's Entra ID / AD FS, where the person would type a password).
"""

import json
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

from Cryptodome.PublicKey import RSA
from jwkest.jwk import RSAKey
from pyop.authz_state import AuthorizationState
from pyop.exceptions import InvalidAuthenticationRequest, OAuthError
from pyop.provider import Provider
from pyop.subject_identifier import HashBasedSubjectIdentifierFactory
from pyop.userinfo import Userinfo

CLIENT_ID = "jobordninger"
CLIENT_SECRET = "test-client-secret"
USER = {
    "email": "hanne.hr@kommune.invalid",
    "given_name": "Hanne",
    "family_name": "Hansen",
    "groups": ["sg-jobordninger-hr-sof", "sg-kantine"],
}


def build_provider(port: int, redirect_uri: str) -> Provider:
    base = f"http://127.0.0.1:{port}"  # plain HTTP on loopback, for the test only
    configuration = {
        "issuer": f"https://127.0.0.1:{port}",  # pyop insists on an https issuer name
        "authorization_endpoint": f"{base}/authorize",
        "token_endpoint": f"{base}/token",
        "userinfo_endpoint": f"{base}/userinfo",
        "jwks_uri": f"{base}/jwks",
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "scopes_supported": ["openid", "email", "profile"],
    }
    clients = {
        CLIENT_ID: {
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [redirect_uri],
            "response_types": ["code"],
            "token_endpoint_auth_method": "client_secret_post",
        }
    }
    return Provider(
        RSAKey(key=RSA.generate(2048), alg="RS256", kid="test-key"),
        configuration,
        AuthorizationState(HashBasedSubjectIdentifierFactory("test-salt")),
        clients,
        Userinfo({"hanne": USER}),
        extra_scopes={"groups": ["groups"]},
    )


def application(provider: Provider):
    def app(environ, start_response):
        path = environ["PATH_INFO"]
        query = environ.get("QUERY_STRING", "")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length).decode() if length else ""
        headers = {"Authorization": environ.get("HTTP_AUTHORIZATION")}

        def answer(status, payload, content_type="application/json", extra=()):
            start_response(status, [("Content-Type", content_type), *extra])
            return [payload.encode()]

        try:
            if path == "/.well-known/openid-configuration":
                return answer("200 OK", provider.provider_configuration.to_json())
            if path == "/jwks":
                return answer("200 OK", json.dumps(provider.jwks))
            if path == "/authorize":
                request = provider.parse_authentication_request(query)
                response = provider.authorize(request, "hanne")
                location = response.request(request["redirect_uri"], False)
                return answer("302 Found", "", extra=[("Location", location)])
            if path == "/token":
                return answer("200 OK", provider.handle_token_request(body, headers).to_json())
            if path == "/userinfo":
                request = body or query
                return answer(
                    "200 OK", provider.handle_userinfo_request(request, headers).to_json()
                )
        except (InvalidAuthenticationRequest, OAuthError) as error:
            return answer("400 Bad Request", json.dumps({"error": str(error)}))
        return answer("404 Not Found", "{}")

    return app


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port, redirect_uri = int(sys.argv[1]), sys.argv[2]
    server = make_server(
        "127.0.0.1",
        port,
        application(build_provider(port, redirect_uri)),
        handler_class=QuietHandler,
    )
    print("ready", flush=True)
    server.serve_forever()
