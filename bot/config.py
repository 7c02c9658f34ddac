"""Settings from the environment (pydantic-settings) behind a cached get_settings()."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConfigError(ValueError):
    """A setting that stops the start; its message is one line that names the setting, and
    the CLI prints just that line (no traceback)."""


def _default_cache_dir() -> Path:
    import os

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jeugdbot"


class Settings(BaseSettings):
    """All configuration; secrets are SecretStr so they never end up in logs or reprs."""

    # env_ignore_empty: `NAME=` in the environment or .env means "not set", for every setting.
    # .env.example lists every setting with an empty value where the default applies, and
    # `docker run --env-file` passes those as empty variables; read as values they became the
    # path "." (marts, scopes file) or a blank Slack/Teams secret that stops the start.
    model_config = SettingsConfigDict(
        env_prefix="JEUGDBOT_",
        env_file=".env",
        env_ignore_empty=True,
        extra="ignore",
        populate_by_name=True,
    )

    # Data
    marts: Path | None = Field(default=None, description="DuckDB file or folder of Parquet files")
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    # Where the serving copies of the marts go (bot/marts/serving.py); default: cache_dir.
    serving_dir: Path | None = None
    audit_db: Path | None = None  # default: <cache_dir>/audit.sqlite

    # Answering
    disclosure: Literal["standaard", "cbs"] = "standaard"
    max_question_chars: int = 1000
    query_timeout_s: float = 2.0
    # DuckDB threads per query; 0: the machine's cores, shared among the answer processes
    # (all of them in one process; one each for two workers on two cores). Tiny queries run
    # no faster on more threads, and threads that outnumber the cores only add contention.
    duckdb_threads: int = Field(default=0, ge=0)
    duckdb_memory_limit: str = "1GB"
    max_rows: int = 500
    max_concurrent_queries: int = 4
    conversation_ttl_s: int = 3600
    # Worker processes `jeugdbot serve` answers in (bot/pool.py); 0 answers in the server
    # process itself. One per core: an answer is mostly Python, which runs one at a time per
    # process.
    answer_workers: int = Field(default=2, ge=0, le=32)
    throttle_per_minute: int = 20

    # Channels (standard names, without the JEUGDBOT_ prefix)
    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "slack_bot_token")
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "slack_signing_secret"),
    )
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "slack_app_token")
    )
    slack_api_url: str = "https://slack.com/api/"
    # Comma-separated Slack workspace (team) ids the bot answers; empty = the first workspace
    # that sends a verified request. Other workspaces and Slack Connect channels are refused.
    slack_team_ids: str = ""
    teams_app_id: str | None = Field(
        default=None, validation_alias=AliasChoices("TEAMS_APP_ID", "teams_app_id")
    )
    teams_app_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("TEAMS_APP_PASSWORD", "teams_app_password")
    )
    teams_tenant_id: str | None = Field(
        default=None, validation_alias=AliasChoices("TEAMS_TENANT_ID", "teams_tenant_id")
    )
    scopes_file: Path | None = None  # YAML: which municipalities each channel/tenant may see

    def threads_per_query(self, processes: int = 1) -> int:
        """duckdb_threads, or for 0 the cores this process may use shared among `processes`."""
        if self.duckdb_threads:
            return self.duckdb_threads
        import os

        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        return max(1, (cores or 1) // max(1, processes))

    def serving_path(self) -> Path:
        return self.serving_dir or self.cache_dir

    def audit_path(self) -> Path:
        return self.audit_db or (self.cache_dir / "audit.sqlite")


def env_name(field: str) -> str:
    """The environment variable a setting is read from (SLACK_BOT_TOKEN, JEUGDBOT_MARTS)."""
    info = Settings.model_fields.get(field)
    alias = info.validation_alias if info is not None else None
    if isinstance(alias, AliasChoices) and isinstance(alias.choices[0], str):
        return alias.choices[0]
    return f"{Settings.model_config.get('env_prefix', '')}{field}".upper()


def _field_of(loc: str) -> str:
    """The field an error location names: the field itself or one of its aliases."""
    for name, info in Settings.model_fields.items():
        alias = info.validation_alias
        if loc == name or (isinstance(alias, AliasChoices) and loc in alias.choices):
            return name
    return loc


def describe_errors(error: ValidationError) -> str:
    """One line naming each bad setting, its value (never a secret's) and what is wrong."""
    parts = []
    for item in error.errors(include_url=False):
        field = _field_of(str(item["loc"][0]) if item["loc"] else "?")
        info = Settings.model_fields.get(field)
        secret = info is None or "SecretStr" in str(info.annotation)
        shown = "" if secret else f"={str(item.get('input'))[:60]!r}"
        parts.append(f"{env_name(field)}{shown}: {item['msg']}")
    return "Ongeldige instelling (invalid setting): " + "; ".join(parts)


def check_paths(settings: Settings) -> Settings:
    """A configured marts or scopes path that is not there stops the start with one line,
    before any work (building the demo, starting the answer workers) is done."""
    marts = settings.marts
    if marts is not None and not Path(marts).expanduser().exists():
        raise ConfigError(
            f"Ongeldige instelling (invalid setting): JEUGDBOT_MARTS={str(marts)!r}: "
            "bestaat niet (does not exist)"
        )
    scopes = settings.scopes_file
    if scopes is not None and not Path(scopes).expanduser().is_file():
        raise ConfigError(
            f"Ongeldige instelling (invalid setting): JEUGDBOT_SCOPES_FILE={str(scopes)!r}: "
            "geen bestand (not a file)"
        )
    return settings


def load_settings() -> Settings:
    """Settings from the environment and .env; a bad value is a ConfigError naming it."""
    try:
        settings = Settings()
    except ValidationError as error:
        raise ConfigError(describe_errors(error)) from None
    return check_paths(settings)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests build their own Settings instead of patching this."""
    return load_settings()
