FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install .
COPY . .
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

RUN useradd --create-home nectar
USER nectar
EXPOSE 8000
# No gunicorn access log: request lines carry magic-link tokens in their paths, and
# Django's own logging, which masks them, already records every failed request.
CMD ["sh", "-c", "python manage.py migrate --noinput && gunicorn nectar.wsgi:application --bind 0.0.0.0:8000 --workers 3"]
