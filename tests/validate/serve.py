"""A static server for the validator tests, as GitHub Pages serves a site.

    python3 serve.py ROOT

Serves the folder ROOT on 127.0.0.1 at a free port and prints `PORT <n>` on
its first line. A folder answers with its index.html (a folder asked for
without its trailing slash is redirected, as GitHub Pages does); a missing
file under /NAME/ answers 404 with ROOT/NAME/404.html when there is one.
It stops when its standard input closes (the test that started it ended) or
after ten minutes, whichever comes first.
"""

import functools
import http.server
import os
import sys
import threading

LIFETIME_SECONDS = 600


class Handler(http.server.SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        if code == 404:
            parts = self.path.split("?", 1)[0].split("/")
            if len(parts) > 2:
                page = os.path.join(self.directory, parts[1], "404.html")
                if os.path.isfile(page):
                    with open(page, "rb") as f:
                        body = f.read()
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(body)
                    return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):
        pass


def main():
    root = sys.argv[1]
    handler = functools.partial(Handler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)

    def stop_when_stdin_closes():
        sys.stdin.buffer.read()
        server.shutdown()

    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    threading.Timer(LIFETIME_SECONDS, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
