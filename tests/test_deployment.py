"""Checks of the deployment files that can run without a Docker engine."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_file_wires_web_to_postgres_and_redis():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    web = compose["services"]["web"]
    assert web["build"] == "."
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert web["environment"]["REDIS_URL"].startswith("redis://redis:")
    assert set(web["depends_on"]) == {"db", "redis"}
    assert compose["services"]["db"]["image"].startswith("postgres:")


def test_dockerfile_installs_project_and_serves_with_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert dockerfile.startswith("FROM python:3.11")
    assert "pip install ." in dockerfile
    assert "collectstatic" in dockerfile
    assert "gunicorn nectar.wsgi:application" in dockerfile
    assert "USER nectar" in dockerfile


def test_deploy_check_passes_with_production_settings():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment
    # never has it, and check --deploy warns about it.
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment = {
        **inherited,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "console.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://console.example.com",
        "HTTPS_ONLY": "1",
        "DATABASE_URL": "sqlite:////tmp/nectar-deploy-check.sqlite3",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_dockerfile_keeps_request_lines_out_of_gunicorn_logs():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert "--access-logfile" not in dockerfile
