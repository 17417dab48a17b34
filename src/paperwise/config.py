"""All settings, read from the environment (prefix ``PAPERWISE_``); built on demand."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from paperwise.reading.model import ReadLimits

DEFAULT_WEBHOOK_BACKOFF = (0, 5, 300, 1800, 7200, 18000, 36000, 36000)


class Settings(BaseSettings):
    """Every knob of the service. ``Settings()`` reads the environment; tests pass values."""

    model_config = SettingsConfigDict(env_prefix="PAPERWISE_", extra="ignore")

    data_dir: Path = Path("./paperwise-data")
    database_url: str | None = None
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=0)
    result_ttl: int = Field(default=172_800, ge=1, description="seconds a finished result is kept")
    expired_record_ttl: int = Field(
        default=30 * 86_400, ge=1, description="seconds an EXPIRED marker is kept"
    )
    max_file_mb: float = Field(default=50, gt=0)
    max_pages: int = Field(default=200, ge=1)
    max_image_pixels: int = Field(
        default=60_000_000, ge=1, description="pixels per page image, checked before decoding"
    )
    job_timeout: int = Field(
        default=300, ge=1, description="hard limit in seconds for one extraction job"
    )
    job_max_attempts: int = Field(default=3, ge=1)
    lease_seconds: int = Field(default=30, ge=2)
    sweep_interval: float = Field(default=30.0, gt=0, description="seconds between expiry sweeps")
    rate_limit_per_minute: int = Field(
        default=600, ge=0, description="requests per key per minute; 0 = off"
    )
    webhook_allow_private: bool = False
    # comma-separated seconds in the environment: "0,5,300"
    webhook_backoff: Annotated[tuple[int, ...], NoDecode] = DEFAULT_WEBHOOK_BACKOFF
    webhook_timeout: float = 10.0
    # every finished extraction makes one delivery per matching endpoint: keep that bounded
    max_webhooks_per_account: int = Field(default=25, ge=1)
    # a full stack trace in log lines (off: an exception is logged as one "Type: message" line)
    log_tracebacks: bool = False
    host: str = "127.0.0.1"
    port: int = 8000

    @field_validator("webhook_backoff", mode="before")
    @classmethod
    def _parse_backoff(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in value.split(",") if part.strip())
        return value

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    def read_limits(self) -> ReadLimits:
        """The input limits reading checks before anything is decoded."""
        return ReadLimits(
            max_bytes=self.max_file_bytes,
            max_pages=self.max_pages,
            max_image_pixels=self.max_image_pixels,
        )

    @property
    def is_distributed(self) -> bool:
        return bool(self.database_url) and str(self.database_url).startswith("postgres")

    @property
    def sqlalchemy_url(self) -> str:
        """The URL SQLAlchemy connects with: the given PostgreSQL one, or SQLite in the data dir."""
        if self.database_url:
            url = str(self.database_url)
            for prefix in ("postgresql://", "postgres://"):
                if url.startswith(prefix):
                    return "postgresql+psycopg://" + url[len(prefix) :]
            return url
        return f"sqlite:///{(self.data_dir / 'paperwise.db').resolve()}"
