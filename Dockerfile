# Jeugdbot: web chat, HTTP API, Slack (HTTP) and Teams in one small, non-root image.
#
#   docker build -t jeugdbot .
#   docker run --rm -p 8000:8000 --env-file .env \
#     -v "$PWD/marts.duckdb:/data/marts.duckdb:ro" -e JEUGDBOT_MARTS=/data/marts.duckdb \
#     -v jeugdbot-state:/var/lib/jeugdbot jeugdbot
#
# The marts are mounted read-only (a DuckDB file, or a folder of Parquet files that is imported
# once into the state volume). Without JEUGDBOT_MARTS the demo marts are built into the state
# volume on first use. The audit log and caches live in /var/lib/jeugdbot too.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    JEUGDBOT_HOME=/app \
    JEUGDBOT_CACHE_DIR=/var/lib/jeugdbot

RUN groupadd --system --gid 10001 jeugdbot \
 && useradd --system --uid 10001 --gid jeugdbot --home-dir /app --shell /usr/sbin/nologin jeugdbot

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install . && rm -rf build *.egg-info

# Data the package reads at run time through JEUGDBOT_HOME (bot/paths.py).
COPY queries ./queries
COPY knowledge ./knowledge

RUN mkdir -p /var/lib/jeugdbot /data && chown jeugdbot:jeugdbot /var/lib/jeugdbot
VOLUME ["/var/lib/jeugdbot"]

USER jeugdbot
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"

# One process, one worker: the de-duplication store and the throttle live in this process.
ENTRYPOINT ["jeugdbot"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
