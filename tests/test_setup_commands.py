"""The README's two set-up commands work as written on a fresh machine whose system Python
refuses a bare `pip install` (PEP 668, as on Debian and Ubuntu).

The commands are read from the README's "Set up" block, so the test follows the README. They
run in a fresh clone of this repository with an "externally managed" Python first on PATH as
`python3`: a real interpreter (a copy of the one running the tests) in a prefix of its own
whose standard library carries the EXTERNALLY-MANAGED marker — the test first checks that a
bare `python3 -m pip install .` is refused there.

- The assessment command runs as written with no terminal: it must install, then stop at once
  with the one-line "not a terminal" error (exit 2), never wait; the installed command then
  runs a shipped example assessment.
- The test command runs as written, with PYTEST_ADDOPTS narrowing the inner pytest to one fast
  file: the whole suite inside the suite would run this test again and double CI's time.

pip downloads through its usual cache. Slow (one to two minutes; more on a loaded machine),
so it is one test for both commands, in one clone, as a person would run them in turn.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pip
import pytest

from helpers import REPO

# installs into fresh virtual environments: a CI step of its own (`pytest -m install`)
pytestmark = pytest.mark.install

TIMEOUT = 900
INNER_TESTS = "tests/test_help.py"  # what the inner pytest runs (see the module's docstring)


def readme_setup_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Set up", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "the README's Set up section has no ```bash block"
    lines = [line.strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def externally_managed_python(root: Path) -> Path:
    """A `python3` that is not a virtual environment and whose stdlib is marked EXTERNALLY-MANAGED.

    The interpreter binary is copied into `root/bin`; its standard library is linked entry by
    entry into `root/lib/pythonX.Y`, so Python finds its prefix at `root`, and the marker sits
    in what `sysconfig` calls the stdlib directory, where pip looks for it. site-packages holds
    only pip, so nothing could ever be installed into the interpreter the tests run on.
    """
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    binary = Path(sys.base_prefix) / "bin" / version
    stdlib = Path(sysconfig.get_paths(vars={"installed_base": sys.base_prefix})["stdlib"])
    (root / "bin").mkdir(parents=True)
    shutil.copy2(binary, root / "bin" / "python3")
    lib = root / "lib" / version
    lib.mkdir(parents=True)
    for entry in stdlib.iterdir():
        if entry.name != "site-packages":
            (lib / entry.name).symlink_to(entry)
    (lib / "site-packages").mkdir()
    (lib / "site-packages" / "pip").symlink_to(Path(pip.__file__).parent)
    (lib / "EXTERNALLY-MANAGED").write_text(
        "[externally-managed]\nError=This Python is managed by the system. Use a venv.\n",
        encoding="utf-8",
    )
    return root / "bin"


def shell(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,  # no terminal: nothing may wait for input
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_readme_commands_work_as_written_with_an_externally_managed_python(
    tmp_path: Path,
) -> None:
    if os.name == "nt":
        pytest.fail("the README's set-up commands are written for a POSIX shell")
    assess, tests = commands = readme_setup_commands()
    assert len(commands) == 2 and "assess" in assess and "pytest" in tests, commands

    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", str(REPO), str(clone)], check=True, timeout=120
    )
    system_bin = externally_managed_python(tmp_path / "system")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VIRTUAL_ENV", "PYTHON", "ROLEADVISOR_", "PIP_BREAK", "PIP_USER"))
    }
    env.update(
        PATH=f"{system_bin}{os.pathsep}{env.get('PATH', '')}",
        ROLEADVISOR_HOME=str(tmp_path / "home"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )

    # the system Python really is externally managed: a bare install is refused
    where = shell("python3 -c 'import sys; print(sys.prefix == sys.base_prefix, sys.prefix)'",
                  clone, env)
    assert where.stdout.split() == ["True", str(tmp_path / "system")], where.stdout
    refused = shell("python3 -m pip install .", clone, env)
    assert refused.returncode != 0 and "externally-managed-environment" in refused.stderr

    # 1. install and run the assessment, as written: without a terminal it stops at once
    first = shell(assess, clone, env)
    assert first.returncode == 2, first.stdout[-2000:] + first.stderr[-3000:]
    last = first.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: Not a terminal") and "--example" in last
    tried = shell(".venv/bin/roleadvisor assess --example career-transition --json", clone, env)
    assert tried.returncode == 0, tried.stderr
    assert json.loads(tried.stdout)["recommendation"]["top"]

    # 2. install the tests and run them, as written (narrowed, see the docstring)
    env["PYTEST_ADDOPTS"] = f"{INNER_TESTS} -p no:cacheprovider"
    second = shell(tests, clone, env)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    passed = re.search(r"(\d+) passed", second.stdout)
    assert passed and int(passed.group(1)) > 10, second.stdout[-2000:]
