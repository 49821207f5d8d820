"""
A request's first query as its connection's health check.

With ``CONN_HEALTH_CHECKS`` Django tests a reused connection with a round
trip of its own (``SELECT 1`` on PostgreSQL) before the first query of each
request. On the readers' hottest paths that doubled the database cost of a
warm article page and added a fourth round trip to an uncached one. There the
first query is the test instead: if it fails because the connection died (a
restarted or failed-over server), the connection is closed and the query runs
once more on a new one, as after a failed health check.
"""

from django.db import InterfaceError, OperationalError, connection


def checked_by_first_query(run):
    """
    ``run()``, a read of the default database, its first query doubling as
    the health check. Only for reads: after a failure it runs a second time.
    """
    reused = connection.connection is not None
    if reused and connection.health_check_enabled and not connection.health_check_done:
        connection.health_check_done = True
    else:
        return run()
    try:
        return run()
    except (InterfaceError, OperationalError):
        if connection.in_atomic_block:
            raise
        connection.close()
        return run()
