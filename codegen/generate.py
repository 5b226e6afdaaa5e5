"""Regenerate `generated/neo_auth_client` from the spec, or check that it is up to date.

One script serves `make generate`, `make check-generated` and the drift test, so the
three can never disagree about how the client is produced. The generator and ruff are
the versions pinned in pyproject.toml; the output is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "neo-auth.openapi.yaml"
GENERATED = ROOT / "generated" / "neo_auth_client"
CONFIG = ROOT / "codegen" / "config.yaml"
TEMPLATES = ROOT / "codegen" / "templates"
IGNORED = {"__pycache__", ".ruff_cache"}


def generate_into(spec: Path, output: Path) -> None:
    """Run the pinned generator on `spec`, writing the package to `output` (replaced)."""
    if output.exists():
        shutil.rmtree(output)
    env = dict(os.environ)
    # The post-hooks call `ruff`: use the one installed beside this interpreter.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    command = [
        sys.executable, "-m", "openapi_python_client", "generate",
        "--path", str(spec),
        "--meta", "none",
        "--overwrite",
        "--fail-on-warning",
        "--config", str(CONFIG),
        "--custom-template-path", str(TEMPLATES),
        "--output-path", str(output),
    ]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"openapi-python-client failed on {spec}")
    shutil.rmtree(output / ".ruff_cache", ignore_errors=True)
    (output / "py.typed").touch()


def differences(expected: Path, actual: Path) -> list[str]:
    """Every file that is new, deleted or changed between two trees."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"only in {cmp.left}: {prefix}{name}" for name in cmp.left_only)
        found.extend(f"only in {cmp.right}: {prefix}{name}" for name in cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(
            cmp.left, cmp.right, cmp.common_files, shallow=False
        )
        found.extend(f"differs: {prefix}{name}" for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(str(expected), str(actual), ignore=sorted(IGNORED)), "")
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--generated", type=Path, default=GENERATED)
    parser.add_argument(
        "--check", action="store_true", help="regenerate into a scratch directory and diff"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="neo-auth-gen-") as scratch:
        fresh = Path(scratch) / "neo_auth_client"
        generate_into(args.spec, fresh)
        if args.check:
            found = differences(args.generated, fresh)
            if found:
                print("generated/ does not match spec/ (run 'make generate'):", file=sys.stderr)
                for line in found:
                    print(f"  {line}", file=sys.stderr)
                return 1
            print("generated/ matches spec/")
            return 0
        if args.generated.exists():
            shutil.rmtree(args.generated)
        args.generated.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(fresh, args.generated)
        print(f"generated {args.generated}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
