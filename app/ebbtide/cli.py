"""Command line: `ebbtide [--data-dir PATH] [--self-check] [--version] [--help]`. Kept
free of Qt so --version and --help answer instantly."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ebbtide import APP_NAME, __version__
from ebbtide.core.paths import DATA_DIR_ENV


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ebbtide",
        description=f"{APP_NAME}: a private, offline companion for breathing, listening, "
        "naming feelings and checking thoughts. Nothing you write leaves this computer.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="PATH",
        help=f"keep all data, settings and logs in PATH (portable use; also {DATA_DIR_ENV})",
    )
    parser.add_argument(
        "--in-tray",
        action="store_true",
        help="start in the tray without opening the window (as when starting with the "
        "session); without a tray the window opens",
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check that the window, saving and sound work on this computer, then quit "
        "(uses a temporary folder, never your data)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args, qt_args = build_parser().parse_known_args(argv)
    if args.self_check:
        from ebbtide.self_check import run_self_check

        return run_self_check()
    from ebbtide.application import run

    return run(args.data_dir, [sys.argv[0], *qt_args], in_tray=args.in_tray)
