# newsnlp's HTTP service: POST /extract, GET /health, /version, /docs, and the page at /.
#
#   docker build -t newsnlp .
#   docker run --rm -p 8000:8000 newsnlp                 # one worker
#   docker run --rm -p 8000:8000 newsnlp --workers 2     # options of `newsnlp serve`
#
# The image installs newsnlp from this checkout's own files. The models (slovnet NER,
# navec embeddings) come inside the natasha wheel and the Russian dictionaries inside
# pymorphy3-dicts-ru, so the container downloads nothing when it starts.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

COPY pyproject.toml README.md /tmp/newsnlp/
COPY newsnlp /tmp/newsnlp/newsnlp
# Install (not editable: the page's files go in as package data), drop the sources, then
# run the pipeline once from the installed package: a broken install fails the build.
RUN pip install '/tmp/newsnlp[server]' \
    && rm -rf /tmp/newsnlp \
    && cd / && python -c "from newsnlp import Pipeline; from newsnlp.server.app import STATIC; \
assert (STATIC / 'index.html').is_file(); \
print(Pipeline()('«Да», — сказал Путин.').quotes[0].speaker.normal)"

RUN useradd --create-home --uid 10001 newsnlp
USER newsnlp
WORKDIR /home/newsnlp

EXPOSE 8000
# Ready once the models are loaded: /health answers 503 until then.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
ENTRYPOINT ["newsnlp", "serve", "--host", "0.0.0.0", "--port", "8000"]
CMD ["--workers", "1"]
