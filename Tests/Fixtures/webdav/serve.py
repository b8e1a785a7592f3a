"""A real WebDAV server for the end-to-end tests: WsgiDAV (PyPI `wsgidav`) on cheroot.

Usage: python3 serve.py ROOT USER PASSWORD
Serves the folder ROOT at /dav on 127.0.0.1 (loopback only), on a free port that it prints
alone on its first line, with HTTP Basic authentication for USER and PASSWORD. Runs until
it is terminated.
"""
import logging
import sys

from cheroot import wsgi
from wsgidav.wsgidav_app import WsgiDAVApp

root, user, password = sys.argv[1:4]
app = WsgiDAVApp({
    "host": "127.0.0.1",
    "port": 0,
    "provider_mapping": {"/dav": root},
    "http_authenticator": {
        "domain_controller": None,  # the simple_dc below
        "accept_basic": True,
        "accept_digest": False,
        "default_to_digest": False,
        "trusted_auth_header": None,
    },
    "simple_dc": {"user_mapping": {"*": {user: {"password": password}}}},
    "verbose": 1,
    "logging": {"enable": False},
    "lock_storage": True,
    "property_manager": True,
})
logging.getLogger("wsgidav").setLevel(logging.ERROR)
server = wsgi.Server(("127.0.0.1", 0), app)
server.prepare()
print(server.bind_addr[1], flush=True)
try:
    server.serve()
finally:
    server.stop()
