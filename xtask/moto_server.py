"""moto's server, as the tests run it: every request handled one at a time.

moto's DynamoDB transactions are not isolated from requests that its threaded server handles at the
same moment (a transaction snapshots the tables, and restores the snapshot when a condition fails), so
two transactions that race can both be applied, or one can undo the other. Real DynamoDB serializes
them. A lock around the whole application gives the tests DynamoDB's behaviour; connections stay
threaded, so that one client's open connection never blocks the others.

Usage: python moto_server.py -H 127.0.0.1 -p 5000
"""

import argparse
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args()

    app = DomainDispatcherApplication(create_backend_app)
    lock = threading.Lock()

    def one_at_a_time(environ, start_response):
        with lock:
            # The whole answer is made under the lock, not only its first chunk.
            return list(app(environ, start_response))

    run_simple(args.host, args.port, one_at_a_time, threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
