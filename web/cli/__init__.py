"""The one command-line interface, ``verkemiddelkart``.

Each command module exposes ``register(subparsers)``; it adds its sub-commands with ``set_defaults(func=...)``
where ``func(args) -> int`` is the exit status.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES = (
    "web.cli.catalogue_commands",
    "web.cli.maintenance_commands",
    "web.cli.backup_commands",
    "web.cli.progress_commands",
    "web.cli.report_commands",
    "web.cli.path_commands",
    "web.cli.analysis_commands",
    "web.cli.opendata_commands",
    "web.cli.review_commands",
    "web.cli.awards_commands",
    "web.cli.records_commands",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="verkemiddelkart",
        description="Policy-instrument catalogue and gap analyser for Norway's innovation-support system.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
