"""veraPDF, the PDF/A validator of the PDF Association (from Maven Central, built by
``scripts/setup`` under ``tests/support/verapdf``), as a test assertion: a rendition that is not
PDF/A at the level Liasse claims (PDF/A-2b) fails the test with the rules it breaks."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

BUILT = Path(__file__).resolve().parent / "verapdf" / "target"
CLAIMED = "2b"  # PDF/A-2 level B, what retention._renditions writes


def verapdf_report(pdf: bytes, flavour: str = CLAIMED) -> tuple[bool, str]:
    """(compliant, veraPDF's lines) for ``pdf`` against ``flavour``."""
    jar = BUILT / "liasse-verapdf-check.jar"
    if not jar.exists():
        pytest.fail(f"veraPDF is not built ({jar} missing): run scripts/setup")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rendition.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(
            ["java", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", f"{jar}:{BUILT / 'lib'}/*",
             "ch.liasse.verapdf.Check", flavour, str(path)],
            capture_output=True, text=True, timeout=180, check=False)
    if done.returncode not in (0, 1):
        pytest.fail(f"veraPDF could not check the file (exit {done.returncode}): "
                    f"{done.stdout}{done.stderr[-2000:]}")
    return done.returncode == 0, done.stdout


def assert_pdfa(pdf: bytes, flavour: str = CLAIMED) -> None:
    """Fails the test unless veraPDF finds ``pdf`` compliant with PDF/A ``flavour``."""
    compliant, report = verapdf_report(pdf, flavour)
    assert compliant, f"veraPDF: not PDF/A-{flavour}:\n{report}"
