"""``kunskapsnav parse-minutes``: JSON, summary, --out, and one line on stderr for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from .conftest import SAMPLES
from .documents import encrypted_pdf, pdf_from_lines, zip_bomb_docx

SAMPLE = SAMPLES / "socialnamnd_protokoll.txt"
OTHER = SAMPLES / "arbetsgrupp_anteckningar.md"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("parse_minutes", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_for_one_file_is_one_object() -> None:
    out, err = run(str(SAMPLE), "--json")
    data = json.loads(out)
    assert data["body"] == "Socialnämnden"
    assert err == ""


def test_json_for_several_files_is_one_array_in_order() -> None:
    out, _ = run(str(SAMPLE), str(OTHER), "--json")
    data = json.loads(out)
    assert [d["document_type"] for d in data] == ["protokoll", "minnesanteckningar"]


def test_a_pdf_file(tmp_path: Path) -> None:
    path = tmp_path / "m.pdf"
    path.write_bytes(
        pdf_from_lines([["Minnesanteckningar", "Datum: 2024-05-03", "1. Inledning", "Text."]])
    )
    data = json.loads(run(str(path), "--json")[0])
    assert (data["date"], data["items"][0]["title"]) == ("2024-05-03", "Inledning")


def test_the_summary_is_swedish_and_short() -> None:
    out, _ = run(str(SAMPLE))
    assert out.startswith("socialnamnd_protokoll.txt: Protokoll, Socialnämnden, 2024-03-12")
    assert "6 punkter (1 utgick)" in out
    assert "Nästa möte: 2024-04-16" in out


def test_out_writes_one_json_file_per_input(tmp_path: Path) -> None:
    target = tmp_path / "ut" / "json"
    run(str(SAMPLE), str(OTHER), "--out", str(target))
    names = sorted(p.name for p in target.iterdir())
    assert names == ["arbetsgrupp_anteckningar.json", "socialnamnd_protokoll.json"]
    assert json.loads((target / "socialnamnd_protokoll.json").read_text("utf-8"))["date"]


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "tom": tmp_path / "tom.txt",
        "binär": tmp_path / "bild.txt",
        "krypterad": tmp_path / "låst.pdf",
        "trasig": tmp_path / "trasig.pdf",
        "zipbomb": tmp_path / "bomb.docx",
        "stor": tmp_path / "stor.pdf",
        "saknas": tmp_path / "saknas.txt",
    }
    files["tom"].write_bytes(b"")
    files["binär"].write_bytes(bytes(range(256)) * 8)
    files["krypterad"].write_bytes(encrypted_pdf("hemligt"))
    files["trasig"].write_bytes(b"%PDF-1.7\n\x00trasig")
    zip_bomb_docx(files["zipbomb"])
    with files["stor"].open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)
    return files


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("tom", "tom.txt är tom."),
        ("binär", "bild.txt verkar inte vara en textfil"),
        ("krypterad", "låst.pdf är lösenordsskyddad"),
        ("trasig", "trasig.pdf är skadad"),
        ("zipbomb", "bomb.docx packas upp till mer än 100 MB"),
        ("stor", "stor.pdf är för stor"),
        ("saknas", "saknas.txt finns inte."),
    ],
)
def test_bad_input_gives_one_line_on_stderr_and_exit_status_1(
    tmp_path: Path, case: str, message: str
) -> None:
    path = _bad_inputs(tmp_path)[case]
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("parse_minutes", str(path), "--json", stdout=out, stderr=err)
    assert exit_info.value.code == 1
    assert out.getvalue() == ""
    lines = err.getvalue().strip().split("\n")
    assert len(lines) == 1
    assert lines[0].startswith(message)


def test_good_files_are_still_read_when_one_is_bad(tmp_path: Path) -> None:
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "parse_minutes",
            str(SAMPLE),
            str(tmp_path / "saknas.pdf"),
            "--json",
            stdout=out,
            stderr=err,
        )
    assert len(json.loads(out.getvalue())) == 1
    assert err.getvalue().strip() == "saknas.pdf finns inte."


def test_the_console_command_never_prints_a_traceback(tmp_path: Path) -> None:
    empty = tmp_path / "tom.pdf"
    empty.write_bytes(b"")
    env = {
        **os.environ,
        "KUNSKAPSNAV_TESTING": "1",
        "DJANGO_SETTINGS_MODULE": "kunskapsnav.settings",
    }
    bad = subprocess.run(
        [sys.executable, "-m", "kunskapsnav", "parse-minutes", str(empty), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (bad.returncode, bad.stdout, bad.stderr.strip()) == (1, "", "tom.pdf är tom.")
    good = subprocess.run(
        [sys.executable, "-m", "kunskapsnav", "parse-minutes", str(SAMPLE), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(good.stdout)["document_type"] == "protokoll"
