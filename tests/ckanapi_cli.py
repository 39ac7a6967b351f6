"""The real ``ckanapi`` command line of the virtualenv, for tests that use
it as an API client would."""
from __future__ import annotations

import os
import subprocess
import sys

CKANAPI = os.path.join(os.path.dirname(sys.executable), "ckanapi")


def ckanapi(*args: str, timeout: int = 300) -> str:
    """Run ``ckanapi ARGS``; its standard output (a failure fails the
    test with ckanapi's error)."""
    # its worker processes are started as `ckanapi` from PATH
    env = dict(os.environ, PATH=os.pathsep.join(
        [os.path.dirname(CKANAPI), os.environ.get("PATH", "")]))
    result = subprocess.run([CKANAPI, *args], capture_output=True,
                            text=True, timeout=timeout, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout
