# syntax=docker/dockerfile:1
# Production image for the Hoofdzaak Werk portaal: one image for web (gunicorn),
# worker and beat (Celery). See docker-compose.yml for how it is run.

# --- Front-end assets: only the NL Design System CSS is needed at run time --------
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- Runtime ----------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1 \
    PATH=/opt/venv/bin:$PATH

# WeasyPrint's system libraries and a font for the PDF reports.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir uv

WORKDIR /app

# Dependencies first (cached until pyproject.toml/uv.lock change); no dev group.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY --from=frontend /build/node_modules/@utrecht /app/node_modules/@utrecht
COPY . .

# Unprivileged user; var/ (static files, beat schedule) and the private report
# storage are the only writable places. Named volumes mounted on these paths
# start out with this ownership.
RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin portaal \
    && mkdir -p /app/var/static /data/private /data/auditankers \
    && chown -R portaal:portaal /app/var /data
USER portaal

ENV DJANGO_STATIC_ROOT=/app/var/static \
    PORTAAL_PRIVATE_STORAGE=/data/private \
    PORTAAL_AUDIT_ANCHOR_DIR=/data/auditankers

# Build-time only keys: collectstatic needs settings to load, it signs and hashes nothing.
RUN DJANGO_SECRET_KEY=collectstatic-build-time-dummy-key PORTAAL_AUDIT_SLEUTEL=collectstatic-build-time-dummy \
    PORTAAL_KOPPEL_SLEUTEL=collectstatic-build-time-dummy \
    python manage.py collectstatic --noinput

EXPOSE 8000
CMD ["gunicorn", "hoofdzaak.wsgi:application", "-b", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
