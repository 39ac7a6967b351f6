"""What the benchmark scripts share: a scratch database and its ini, free
ports, percentiles."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CKAN = os.path.join(os.path.dirname(sys.executable), "ckan")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def write_ini(db_url: str, redis_db: int = 7, extra: str = "",
              redis_url: str = "") -> str:
    """A scratch ini on top of test.ini; `extra` lines go under
    [app:main]; `redis_url` (when given) instead of Redis database
    `redis_db` on the local server."""
    redis_url = redis_url or f"redis://127.0.0.1:6379/{redis_db}"
    handle = tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False)
    handle.write(f"""[app:main]
use = config:{ROOT}/test.ini
sqlalchemy.url = {db_url}
ckan.site_url = http://127.0.0.1
ckan.redis.url = {redis_url}
debug = false
{extra}

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)s %(name)s %(message)s
""")
    handle.close()
    return handle.name


def recreate_database(admin_url: str, name: str, owner: str) -> None:
    import sqlalchemy as sa
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" '
                             "WITH (FORCE)"))
        conn.execute(sa.text(f'CREATE DATABASE "{name}" OWNER "{owner}"'))
    engine.dispose()


def ckan(ini: str, *args: str) -> None:
    """Run a `ckan` command on the scratch config, quietly."""
    subprocess.run([CKAN, "-c", ini, *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
