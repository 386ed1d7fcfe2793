"""Hatchling build hook: a wheel of dataloop-mock carries the server binary.

scripts/wheel builds the static server, stages it and sets DATALOOP_MOCK_WHEEL_STAGE to the
staging folder, which holds `dataloop-mock` (the stripped binary) and
`THIRD_PARTY_NOTICES.txt` (the licenses of what is linked into it). This hook puts them into
the wheel as dataloop_mock/bin/dataloop-mock and dataloop_mock/THIRD_PARTY_NOTICES.txt and
tags the wheel for this platform (py3-none-linux_<arch>); `auditwheel repair` then grafts
libsqlite3 into it and turns the tag into the manylinux one the binary's symbols allow.

An editable install (`pip install -e`, the developers' venv) needs no binary: the client
then finds the repository's own build.
"""
import os
import platform
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

STAGE_ENV = "DATALOOP_MOCK_WHEEL_STAGE"
STAGED = {"dataloop-mock": "dataloop_mock/bin/dataloop-mock",
          "THIRD_PARTY_NOTICES.txt": "dataloop_mock/THIRD_PARTY_NOTICES.txt"}


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version, build_data):
        if self.target_name != "wheel" or version == "editable":
            return
        stage = os.environ.get(STAGE_ENV)
        if not stage:
            raise RuntimeError(f"a dataloop-mock wheel carries the server binary: build it with scripts/wheel "
                               f"(which sets {STAGE_ENV}), or install editable (pip install -e) for development")
        for name, target in STAGED.items():
            source = Path(stage, name)
            if not source.is_file():
                raise RuntimeError(f"{source} is missing: run scripts/wheel")
            build_data["force_include"][str(source)] = target
        if not os.access(Path(stage, "dataloop-mock"), os.X_OK):
            raise RuntimeError(f"{Path(stage, 'dataloop-mock')} is not executable")
        build_data["pure_python"] = False
        build_data["tag"] = f"py3-none-linux_{platform.machine()}"
