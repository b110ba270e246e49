"""Shared setup of the bench scripts."""

from __future__ import annotations

import os
import socket


def ensure_database(url: str | None = None) -> None:
    """Create the bench's PostgreSQL database if it does not exist (Django cannot create its own)."""
    import environ
    import psycopg
    from psycopg import sql

    cfg = environ.Env.db_url_config(url or os.environ["DATABASE_URL"])
    if "postgresql" not in cfg["ENGINE"]:
        return
    params = {
        "dbname": "postgres",
        "user": cfg.get("USER") or None,
        "password": cfg.get("PASSWORD") or None,
        "host": cfg.get("HOST") or None,
        "port": cfg.get("PORT") or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
