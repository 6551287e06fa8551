# Two commands for newcomers: `make demo` and `make test`. Everything else supports them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install assets lint check bench clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

assets: node_modules/.installed
	npm run --silent build

demo: install assets
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "  Upskill is running at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "  Sign in with any demo login above; the password is shown with them. Stop with Ctrl+C."
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install assets
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=check-only-$$(date +%s)-a-long-random-looking-secret-value \
	  DJANGO_ALLOWED_HOSTS=example.org DATABASE_URL=sqlite:///tmp-check.sqlite3 REDIS_URL=redis://127.0.0.1:6379/0 \
	  EMAIL_HOST=smtp.example.org DEFAULT_FROM_EMAIL="Upskill <learning@example.org>" \
	  $(PY) manage.py check --deploy --fail-level WARNING

bench: install assets
	$(PY) bench/run_bench.py

clean:
	rm -rf $(VENV) node_modules cms/static/cms/build staticfiles
