# The python buildpack's sample: a standard-library server on $PORT that answers with the
# vendored wheel's greeting (the test writes vendor/greet-1.0-py3-none-any.whl).
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

import greet


class Hello(BaseHTTPRequestHandler):
    def do_GET(self):
        body = (greet.hello("python %d.%d" % sys.version_info[:2]) + "\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    print("listening", flush=True)
    HTTPServer(("", int(os.environ.get("PORT", "8080"))), Hello).serve_forever()
