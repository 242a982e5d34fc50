# One image for every process: the services, their workers, the gateway and the migrations job.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYTHONPATH=/app
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY services ./services
COPY gateway ./gateway
COPY tools ./tools
# The clinic profile and the legal documents every page reads; production mounts its own profile over config/.
COPY config ./config
COPY content ./content
COPY gunicorn.conf.py ./
RUN useradd --system --uid 10001 clinic
USER clinic
EXPOSE 8100
CMD ["gunicorn", "-c", "gunicorn.conf.py", "-b", "0.0.0.0:8100", "gateway.app:create_app()"]
