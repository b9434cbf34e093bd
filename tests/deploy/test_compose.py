"""deploy/: the compose file, its example env file and the Dockerfile.

``docker compose config`` (or Debian's ``docker-compose``, which scripts/setup installs for the
tests) validates and resolves the compose file without a Docker engine; no engine runs on these
machines, so nothing here starts a container, builds the image or proves the health checks
pass. The other tests read the files as plain YAML/text.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
COMPOSE = DEPLOY / "compose.yaml"
ENV_EXAMPLE = DEPLOY / "liasse.env.example"
DATA_SERVICES = ("postgres", "redis", "minio", "opensearch")
APP_SERVICES = ("api", "worker", "scheduler")


def compose_command() -> list[str]:
    """The compose implementation on this machine: the docker plugin, else docker-compose."""
    docker, legacy = shutil.which("docker"), shutil.which("docker-compose")
    if docker is None and legacy is None:
        pytest.skip("no docker client on this machine: cannot run `docker compose config`")
    if docker is not None and subprocess.run(
            [docker, "compose", "version"], capture_output=True, check=False).returncode == 0:
        return [docker, "compose"]
    if legacy is None:
        pytest.fail("docker has no compose plugin and docker-compose is missing "
                    "(apt-get install docker-compose; scripts/setup does so for the tests)")
    return [legacy]


def env_file_variables(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines()
             if line.strip() and not line.lstrip().startswith("#"))
    return {name.strip(): value.strip() for name, value in pairs}


def run_config(env_file: Path) -> subprocess.CompletedProcess[str]:
    """``compose -f deploy/compose.yaml --env-file ENV config``, with none of the file's
    variables inherited from this process (they would override the env file)."""
    variables = re.findall(r"\$\{(\w+)", COMPOSE.read_text())
    environment = {k: v for k, v in os.environ.items() if k not in variables}
    return subprocess.run(
        [*compose_command(), "-f", str(COMPOSE), "--env-file", str(env_file), "config"],
        capture_output=True, text=True, env=environment, check=False, timeout=120)


@pytest.fixture(scope="module")
def resolved() -> dict[str, Any]:
    """The compose file as compose itself resolves it with the example env file."""
    done = run_config(ENV_EXAMPLE)
    assert done.returncode == 0, done.stderr
    config: dict[str, Any] = yaml.safe_load(done.stdout)
    return config


def test_compose_accepts_the_file_with_the_example_env(resolved: dict[str, Any]) -> None:
    """GIVEN deploy/compose.yaml and deploy/liasse.env.example
    WHEN compose resolves them (`config`)
    THEN it accepts them, with every service, and the secrets interpolated from the env file."""
    services = resolved["services"]
    example = env_file_variables(ENV_EXAMPLE)

    assert set(services) == {*DATA_SERVICES, *APP_SERVICES}
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"] == example["POSTGRES_PASSWORD"]
    api = services["api"]["environment"]
    assert api["LIASSE_SEARCH_BACKEND"] == "opensearch"
    assert api["LIASSE_OPENSEARCH_URL"] == "http://opensearch:9200"
    assert f":{example['POSTGRES_PASSWORD']}@postgres:5432/" in api["LIASSE_DATABASE_URL"]
    assert services["worker"]["deploy"]["replicas"] == int(example["LIASSE_WORKERS"])
    assert services["scheduler"]["command"] == ["liasse", "scheduler"]


def test_app_services_start_after_healthy_dependencies(resolved: dict[str, Any]) -> None:
    """GIVEN the resolved compose file
    WHEN reading the app services' dependencies
    THEN the API waits for every data service to be healthy, and the workers and the scheduler
    also for the API (which migrates the catalog)."""
    services = resolved["services"]

    for name in APP_SERVICES:
        depends = services[name]["depends_on"]
        assert {d: c["condition"] for d, c in depends.items()} == {
            dependency: "service_healthy" for dependency in depends}
        assert set(DATA_SERVICES) <= set(depends)
    assert "api" in services["worker"]["depends_on"]
    assert "api" in services["scheduler"]["depends_on"]


def test_a_missing_secret_is_refused(tmp_path: Path) -> None:
    """GIVEN an env file without POSTGRES_PASSWORD WHEN compose resolves the file THEN it
    refuses, naming the variable."""
    partial = tmp_path / "partial.env"
    partial.write_text("\n".join(line for line in ENV_EXAMPLE.read_text().splitlines()
                                 if not line.startswith("POSTGRES_PASSWORD=")))

    done = run_config(partial)

    assert done.returncode != 0
    assert "POSTGRES_PASSWORD" in done.stderr + done.stdout


# -- the files as plain data (no compose needed) ---------------------------------------------
@pytest.mark.parametrize(
    ("service", "probe"),
    [("postgres", "pg_isready"), ("redis", "redis-cli"), ("minio", "mc"),
     ("opensearch", "_cluster/health"), ("api", "/health")],
)
def test_each_long_running_service_has_a_health_check(service: str, probe: str) -> None:
    """GIVEN the compose file read as YAML WHEN looking at a service THEN its health check runs
    the expected probe (MinIO's image has no curl: `mc ready local` asks its health endpoint)."""
    services = yaml.safe_load(COMPOSE.read_text())["services"]

    assert probe in " ".join(services[service]["healthcheck"]["test"])


def test_every_required_variable_is_in_the_example_env() -> None:
    required = set(re.findall(r"\$\{(\w+):\?", COMPOSE.read_text()))
    optional = set(re.findall(r"\$\{(\w+):-", COMPOSE.read_text()))

    assert required
    assert required | optional <= set(env_file_variables(ENV_EXAMPLE))


def test_the_image_carries_tesseract_and_its_language_packs() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()

    for language in ("fra", "deu", "ita", "nld", "eng"):
        assert f"tesseract-ocr-{language}" in dockerfile
