"""Office files are zip archives: rewriting one with fixed member timestamps."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path


def write_zip_with_fixed_timestamps(payload: bytes, path: Path, when: datetime) -> None:
    """Rewrite a zip with every member stamped ``when``.

    python-docx stamps members with the current time, which would make every run's
    files differ.
    """
    stamp = when.timetuple()[:6]
    with (
        zipfile.ZipFile(io.BytesIO(payload)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member))
