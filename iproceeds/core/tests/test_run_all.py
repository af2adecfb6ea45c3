"""scripts/run_all.py: prefixed output, one signal stops every child, one death stops the rest."""

import importlib.util
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "run_all.py"
# A child that reports its pid, then waits to be stopped.
SLEEPER = "import os, time; print('ready', os.getpid(), flush=True); time.sleep(600)"


def load_run_all():
    spec = importlib.util.spec_from_file_location("run_all", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_commands_start_web_worker_and_timers():
    run_all = load_run_all()
    commands = run_all.build_commands("127.0.0.1", 8123, python="py")
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    assert commands == {
        "web": ["py", manage, "runserver", "127.0.0.1:8123", "--noreload"],
        "worker": ["py", manage, "db_worker", "--no-reload", "--queue-name", "*"],
        "timers": ["py", manage, "run_timers"],
    }
    with_redis = run_all.build_commands("h", 1, redis_url="redis://r", python="py")
    assert with_redis["worker"] == [
        "py",
        manage,
        "rqworker",
        "default",
        "--job-class",
        "django_tasks_rq.backend.Job",
    ]


def test_a_dying_child_stops_the_others_and_the_exit_is_non_zero():
    # given two long-running children and one that fails after printing a line
    run_all = load_run_all()
    out = io.StringIO()
    supervisor = run_all.Supervisor(
        {
            "a": [sys.executable, "-c", SLEEPER],
            "b": [sys.executable, "-c", SLEEPER],
            "bad": [sys.executable, "-c", "print('boom'); raise SystemExit(3)"],
        },
        out=out,
    )
    # when it runs
    code = supervisor.run()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # then it exits with the child's status, every child is gone, and output carried prefixes
    assert code == 3
    assert all(child.poll() is not None for child in supervisor.children.values())
    assert "[bad] boom" in out.getvalue()
    assert "[run_all] bad exited with status 3; stopping the others" in out.getvalue()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_one_signal_stops_all_children(signum, tmp_path):
    # given the supervisor running in its own process with three sleeping children
    program = (
        "import sys, runpy; run_all = runpy.run_path(sys.argv[1]); "
        "child = [sys.executable, '-c', sys.argv[2]]; "
        "sys.exit(run_all['Supervisor']({'web': child, 'worker': child, 'timers': child}).run())"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", program, str(SCRIPT), SLEEPER], stdout=subprocess.PIPE, text=True
    )
    pids = []
    while len(pids) < 3:
        line = proc.stdout.readline()
        assert line, "the supervisor ended before its children were ready"
        if " ready " in line:
            pids.append(int(line.split()[-1]))
    # when one Ctrl-C (or SIGTERM) arrives
    proc.send_signal(signum)
    code = proc.wait(timeout=60)
    # then it exits cleanly and no child survives
    assert code == 0
    assert [pid for pid in pids if is_alive(pid)] == []
