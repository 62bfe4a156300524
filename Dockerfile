# fiqra service: the API and web page on the embedded SQLite backend, sample report ingested.
# Set FIQRA_SEARCH_URL (and FIQRA_SEARCH_USER/PASSWORD/API_KEY/CA_CERT) to use a cluster.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    FIQRA_DATA=/data

RUN groupadd --system fiqra && useradd --system --gid fiqra --home-dir /app fiqra

WORKDIR /app
COPY pyproject.toml README.md ./
COPY api ./api
COPY exports ./exports
COPY indexer ./indexer
COPY corpus ./corpus
COPY analyzers ./analyzers
COPY frontend ./frontend
RUN pip install . && mkdir -p /data && chown fiqra:fiqra /data

USER fiqra
# The sample is ingested into the image's /data; a volume mounted there replaces it
# (ingest into the volume with `docker run … fiqra ingest FILE`).
RUN fiqra ingest corpus/sample/A_HRC_28_56_ar.txt
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"

# Listening beyond loopback needs the write token, or the server refuses to start:
#   docker run -e FIQRA_API_TOKEN=$(openssl rand -hex 32) \
#              -e FIQRA_ALLOWED_HOSTS=fiqra.example.org -p 8000:8000 fiqra
# FIQRA_ALLOWED_HOSTS names the host names staff use (the health check uses 127.0.0.1,
# always allowed); FIQRA_READ_TOKEN, if set, is needed to read as well.
CMD ["fiqra", "serve", "--host", "0.0.0.0", "--port", "8000"]
