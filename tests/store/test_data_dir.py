"""A data dir that can't be a folder is refused with one line, before anything is touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.store.store import Store, StoreError
from tests.store.helpers import clock


@pytest.mark.parametrize("where", ["the data dir is a file", "the data dir is inside a file"])
def test_a_data_dir_that_is_not_a_folder_is_a_one_line_error(tmp_path: Path, where: str) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_bytes(b"not a folder\n")
    data_dir = a_file if where == "the data dir is a file" else a_file / "companion"

    with pytest.raises(StoreError) as raised:
        Store.open(data_dir, clock())

    message = str(raised.value)
    assert "\n" not in message and str(data_dir) in message
    assert a_file.read_bytes() == b"not a folder\n"
