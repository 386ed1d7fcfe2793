"""The `dataloop-mock` console script (and `python -m dataloop_mock`): runs the server binary
with the same arguments, every subcommand and flag unchanged. It replaces this process
(exec), so signals, the exit code, stdin and stdout are the binary's own.

The binary is the one find_binary() picks: $DATALOOP_MOCK_BIN, else the one bundled in the
wheel, else .build/debug/dataloop-mock in a development checkout.
"""
import os
import sys

from .server import MockError, find_binary


def main():
    try:
        binary = str(find_binary(wait_s=0))
    except MockError as error:
        print(f"dataloop-mock: {error}", file=sys.stderr)
        return 127
    os.execv(binary, [binary, *sys.argv[1:]])
