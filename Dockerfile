# Production image: gunicorn + whitenoise for the web, the same image for Celery worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
    && SECRET_KEY=build ALLOWED_HOSTS=build DATABASE_URL=postgres://build/build \
       REDIS_URL=redis://build:6379/0 python manage.py collectstatic --no-input
RUN useradd --system --uid 1000 app && mkdir -p /app/media && chown app /app/media
USER app
EXPOSE 8000
# Workers and threads: gunicorn.conf.py (sized to the cores; WEB_CONCURRENCY, WEB_THREADS).
CMD ["gunicorn", "jobordninger.wsgi", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000"]
