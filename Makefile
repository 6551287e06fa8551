# Two commands for newcomers: `make demo` and `make test`. Everything else supports them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
VENV_LRS := .venv-lrs
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# `make demo SSO=1` also starts the loopback OpenID Connect provider (tools/oidc-provider.mjs) on SSO_PORT.
SSO ?=
SSO_PORT ?= 9000
# Background work in the demo: a worker (db_worker) beside the server, and the schedule (run_due_jobs, every
# minute: scheduled publishing, message delivery, the daily cohort refresh, retention and reminder sweep).
# Production runs the same two from systemd or cron (see the README). Emails link to the address the demo serves.
BACKGROUND := $(PY) manage.py db_worker --backend background --no-reload --interval 2 --verbosity 0 & worker=$$!; \
  $(PY) manage.py run_due_jobs --every 60 >/dev/null & scheduler=$$!
DEMO_ENV := WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT)
SSO_ENV := OIDC_PROVIDER_ID=loopback OIDC_PROVIDER_NAME="Loopback ID" OIDC_CLIENT_ID=upskill-loopback \
  OIDC_CLIENT_SECRET=loopback-only-secret OIDC_SERVER_URL=http://127.0.0.1:$(SSO_PORT)

.PHONY: demo test install assets lint check bench clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Ralph, the loopback Learning Record Store of the xAPI tests and benchmark, in its own environment (tests/lrs.py).
$(VENV_LRS)/.installed: requirements-lrs.txt
	test -x $(VENV_LRS)/bin/python || $(PYTHON) -m venv $(VENV_LRS)
	$(VENV_LRS)/bin/python -m pip install --quiet --upgrade pip
	$(VENV_LRS)/bin/python -m pip install --quiet -r requirements-lrs.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed $(VENV_LRS)/.installed node_modules/.installed

assets: node_modules/.installed
	npm run --silent build

demo: install assets
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_demo_messages
	$(PY) manage.py seed_demo_awards
	@echo ""
	@echo "  Upskill is running at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "  Sign in with any demo login above; the password is shown with them. Stop with Ctrl+C."
	@echo "  A background worker runs beside the site: reminders, digests and scheduled publishing happen on"
	@echo "  their own; sent messages are listed in the admin under Reminders and messages > Sent messages."
	@echo ""
ifeq ($(SSO),1)
	@echo "  Single sign-on: the sign-in page offers 'Sign in with Loopback ID' (a test provider at"
	@echo "  http://127.0.0.1:$(SSO_PORT)/); there, type any staff email address above. It is sent as verified."
	@echo ""
	node tools/oidc-provider.mjs --port $(SSO_PORT) --any-email --client-id upskill-loopback \
	  --client-secret loopback-only-secret \
	  --redirect-uri http://$(HOST):$(PORT)/accounts/oidc/loopback/login/callback/ & sso=$$!; \
	  $(BACKGROUND); \
	  trap 'kill $$sso $$worker $$scheduler 2>/dev/null' EXIT INT TERM; $(SSO_ENV) $(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)
else
	$(BACKGROUND); trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	  $(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)
endif

# .ci/run builds once and then runs two suites side by side with TEST_PREREQUISITES= (no two builds at once).
TEST_PREREQUISITES ?= install assets
test: $(TEST_PREREQUISITES)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=check-only-$$(date +%s)-a-long-random-looking-secret-value \
	  DJANGO_ALLOWED_HOSTS=example.org,scorm.example.org UPSKILL_SCORM_CONTENT_HOST=scorm.example.org \
	  UPSKILL_CREDENTIALS_KEY=check-only-credentials-key DATABASE_URL=sqlite:///tmp-check.sqlite3 REDIS_URL=redis://127.0.0.1:6379/0 \
	  EMAIL_HOST=smtp.example.org DEFAULT_FROM_EMAIL="Upskill <learning@example.org>" \
	  $(PY) manage.py check --deploy --fail-level WARNING

bench: install assets
	$(PY) bench/run_bench.py

clean:
	rm -rf $(VENV) $(VENV_LRS) node_modules cms/static/cms/build staticfiles
