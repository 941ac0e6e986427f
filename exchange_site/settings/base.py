"""Settings shared by every environment.

Nothing secret lives here: production reads its secret key and hosts from the
environment (see ``production.py``).
"""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from exchange_site.core.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES, django_languages

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "exchange_site"

INSTALLED_APPS = [
    # modeltranslation must come before the admin apps it patches.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    # (wagtail_modeltranslation.migrate is replaced by the core's migrate command.)
    "modeltranslation",
    # The layers, bottom up (README, "Architecture"): the core every page builds
    # on; the content apps (libraries <- practices <- meetings); the home page and
    # site-wide lists; the translation pipeline (on the core only); demo content.
    "exchange_site.core",
    "libraries",
    "practices",
    "meetings",
    "home",
    "exchange_site.translation",
    "exchange_site.search",
    "exchange_site.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Hardening: login throttling and Content-Security-Policy.
    "axes",
    "csp",
]

MIDDLEWARE = [
    # /healthz answers before anything that needs the database, the host or HTTPS.
    "exchange_site.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for HTML, only where BREACH finds no secret (README, "Pages the web can find").
    "exchange_site.seo.compression.AnonymousGZipMiddleware",
    # Answers to a request with a session are Cache-Control: private (security/headers.py);
    # outside SessionMiddleware, so it also sees a session cookie set by this answer.
    "exchange_site.security.headers.SessionAnswersArePrivateMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "exchange_site.translation.display.TranslationDisplayMiddleware",
    # Hardening: CSP and Permissions-Policy headers; axes last, as its docs require.
    "exchange_site.security.headers.ExchangeCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Anonymous readers' page views from the cache, before routing (core/page_cache.py).
    "exchange_site.core.page_cache.ReaderPageCacheMiddleware",
    # Then routing, passing through the home page on its base row (core/routing.py).
    "exchange_site.core.routing.RouteThroughSiteRootMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "exchange_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "exchange_site.core.context_processors.site_menu",
                "exchange_site.core.context_processors.fragment_cache",
            ],
        },
    },
]

WSGI_APPLICATION = "exchange_site.wsgi.application"

# DATABASE_URL selects the database; an SQLite file in the checkout is the
# embedded default so a fresh clone runs without a server.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Editors publishing while workers translate must wait their turn, never see
    # "database is locked": WAL lets readers run beside the one writer; a write
    # transaction takes the write lock when it begins (IMMEDIATE), so the busy
    # timeout applies instead of failing on a lock upgrade; and a writer waits up
    # to 20 s for its turn. Beyond a small team, use PostgreSQL.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Hardening: failed logins (admin, Django login forms, page passwords) are counted
# per IP address and user name by django-axes; after AXES_FAILURE_LIMIT failures
# that pair is locked out for AXES_COOLOFF_TIME hours (answer: 429). Unlock with
# ``manage.py axes_reset`` (everyone) or ``axes_reset_username <name>``.
AUTHENTICATION_BACKENDS = [
    "exchange_site.security.throttling.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["username", "password", "ip_address"]
AXES_COOLOFF_MESSAGE = _(
    "Too many failed attempts: locked out for now. Please try again later, "
    "or ask an administrator to unlock you."
)

# Hardening: Content-Security-Policy (django-csp) on every response. Reader pages
# run no inline script (scripts are static files or carry the request's nonce);
# ``exchange_site.security.headers`` relaxes only what Wagtail's admin needs, under
# /admin/ only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# The admin loads nothing from elsewhere either: no Gravatar avatars, no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Powerful browser features nobody here needs are switched off for every page.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
}
# Hardening: the technical 500 page (DEBUG) and error reports hide secrets from
# settings and from the environment and request headers alike.
DEFAULT_EXCEPTION_REPORTER_FILTER = "exchange_site.security.reporting.SecretHidingReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "exchange_site.security.reporting.SecretHidingExceptionReporter"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. English is the technical default (the language of the base
# columns and of untranslated UI); a page's own *source language* decides
# which language its other languages fall back to (see exchange_site.core.i18n).
LANGUAGE_CODE = DEFAULT_LANGUAGE
LANGUAGES = django_languages()
# The page type whose pages are the partner libraries (editor groups, owners of
# pages): named here, like AUTH_USER_MODEL, so the core never imports a content app.
EXCHANGE_LIBRARY_MODEL = "libraries.PartnerLibraryPage"
# locale/_wagtail/ holds the Wagtail admin strings Wagtail's own catalogues leave
# untranslated; a separate path, so makemessages (which rewrites locale/) keeps them.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "_wagtail"]
# Editors choose their admin language among the exchange's own (Wagtail leaves Danish
# off its list).
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Copenhagen"
# Full dates per language ("Montag, 26. April 2027"), where Django's defaults differ.
FORMAT_MODULE_PATH = ["exchange_site.core.formats"]
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = DEFAULT_LANGUAGE
MODELTRANSLATION_LANGUAGES = LANGUAGE_CODES
# Per-page fallback to the source language is handled by exchange_site.core.i18n; this
# global chain is only the last resort.
MODELTRANSLATION_FALLBACK_LANGUAGES = LANGUAGE_CODES
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = True
# The page editor folds other languages with the core's language bar
# (exchange_site/core/language_panels.py says why not with this picker).
WAGTAILMODELTRANSLATION_LOCALE_PICKER = False
# Redirects for changed URLs come from exchange_site.core.redirects, for all four languages.
WAGTAILREDIRECTS_AUTO_CREATE = False

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
# Uploaded files (MEDIA_ROOT) are data, like the database: a deployment keeps them
# outside the checkout (``bootstrap serve`` requires MEDIA_ROOT; README, "Running in
# production"). The checkout's media/ is the development default.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "static_collected")
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The per-process cache of development and tests (production shares one: settings/production.py).
# Django's default of 300 entries is less than one page view per address and language.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "3000"))},
    }
}

# Whole reader pages kept for anonymous readers (exchange_site/core/page_cache.py), at most
# this long; a publish replaces them at once. 0 switches the whole-page cache off.
READER_PAGE_CACHE_SECONDS = int(os.environ.get("READER_PAGE_CACHE_SECONDS", "300"))

# Lazy: the admin greets each editor with the exchange's name in their own language.
WAGTAIL_SITE_NAME = _("Partner Library Exchange")
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
# The database backend is SQLite FTS5 by default and PostgreSQL full-text search
# when DATABASE_URL points at PostgreSQL. A page's four languages share one
# search document, so no single language's stemmer fits: "simple" matches
# whole words in any of them. ``exchange_site.search.backend`` is Wagtail's
# database backend with double quotes escaped for SQLite FTS5. It serves the
# admin; the readers' site search has its own index (exchange_site/search/models.py).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "exchange_site.search.backend", "SEARCH_CONFIG": "simple"}
}
# Documents are always streamed through Wagtail's download view, never linked or
# redirected to their /media/ file: that view checks the pages they belong to
# (meetings/documents.py). Web servers must not serve MEDIA_ROOT/documents/.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Password and login pages in the site's own look and in the reader's language
# (Wagtail's bare defaults are partly untranslated in Danish).
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "exchange/password_required.html"  # noqa: S105 - a path
WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = "exchange/password_required.html"  # noqa: S105
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "exchange/login.html"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_I18N_ENABLED = False  # languages are field columns (modeltranslation), not page trees

# Background work runs on Django's task API with a database queue and a
# worker process (``manage.py db_worker``).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A running translation job records a heartbeat every ..._HEARTBEAT_SECONDS;
# one silent for ..._ABANDONED_AFTER_SECONDS lost its worker (killed, crashed)
# and is marked failed with a Retry button (exchange_site.translation.jobs).
TRANSLATION_JOB_HEARTBEAT_SECONDS = float(os.environ.get("TRANSLATION_JOB_HEARTBEAT_SECONDS", "10"))
TRANSLATION_JOB_ABANDONED_AFTER_SECONDS = float(
    os.environ.get("TRANSLATION_JOB_ABANDONED_AFTER_SECONDS", "60")
)

# Machine translation. Every provider is a small class chosen by name; OPTIONS
# name the environment variables holding URLs and keys (never the values).
# The offline pseudo provider is the default, so nothing leaves the machine
# until a real provider is chosen, globally or per language pair.
MACHINE_TRANSLATION = {
    "DEFAULT": os.environ.get("MACHINE_TRANSLATION_PROVIDER", "pseudo"),
    "AUTO_TRANSLATE_ON_PUBLISH": True,
    "LANGUAGE_PAIRS": {},  # e.g. {"da>de": "deepl", "*>fr": "google"}
    # Fault bounds: a provider's TIMEOUT bounds one request (connect and the whole
    # answer); JOB_DEADLINE (seconds) one job, waits included. Answers larger than
    # ANSWER_SIZE_FACTOR × the request (at least ANSWER_SIZE_MINIMUM bytes) are refused.
    "JOB_DEADLINE": 300,
    "MAX_RETRY_AFTER": 60,
    "ANSWER_SIZE_FACTOR": 20,
    "ANSWER_SIZE_MINIMUM": 64 * 1024,
    # Providers whose machine translations may be reused for each other, e.g.
    # [["libretranslate", "libretranslate-eu"]]; a pseudo provider never is.
    "MEMORY_EQUIVALENTS": [],
    "PROVIDERS": {
        "pseudo": {"CLASS": "exchange_site.translation.providers.pseudo.PseudoTranslator"},
        "google": {
            "CLASS": "exchange_site.translation.providers.deep_translator.GoogleTranslator",
            "OPTIONS": {"TIMEOUT": 10, "RETRIES": 3},
        },
        "mymemory": {
            "CLASS": "exchange_site.translation.providers.deep_translator.MyMemoryTranslator",
            "OPTIONS": {"TIMEOUT": 10, "RETRIES": 3, "EMAIL_ENV": "MYMEMORY_EMAIL"},
        },
        "libretranslate": {
            "CLASS": "exchange_site.translation.providers.deep_translator.LibreTranslateTranslator",
            "OPTIONS": {
                "TIMEOUT": 10,
                "RETRIES": 3,
                "URL_ENV": "LIBRETRANSLATE_URL",
                "API_KEY_ENV": "LIBRETRANSLATE_API_KEY",
            },
        },
        "microsoft": {
            "CLASS": "exchange_site.translation.providers.deep_translator.MicrosoftTranslator",
            "OPTIONS": {
                "TIMEOUT": 10,
                "RETRIES": 3,
                "API_KEY_ENV": "MICROSOFT_TRANSLATOR_KEY",
                "REGION_ENV": "MICROSOFT_TRANSLATOR_REGION",
            },
        },
        "deepl": {
            "CLASS": "exchange_site.translation.providers.deepl.DeepLTranslator",
            "OPTIONS": {
                "TIMEOUT": 10,
                "RETRIES": 3,
                "API_KEY_ENV": "DEEPL_API_KEY",
                "SERVER_URL_ENV": "DEEPL_SERVER_URL",
            },
        },
        # An OpenAI-compatible chat-completions server (hosted or self-hosted); on-server
        # (private pages allowed) when LLM_TRANSLATION_URL's host is a private IP address.
        "llm": {
            "CLASS": "exchange_site.translation.providers.llm.OpenAICompatibleTranslator",
            "OPTIONS": {
                "TIMEOUT": 60,
                "RETRIES": 2,
                "BATCH_SIZE": 20,
                "URL_ENV": "LLM_TRANSLATION_URL",
                "MODEL_ENV": "LLM_TRANSLATION_MODEL",
                "API_KEY_ENV": "LLM_TRANSLATION_API_KEY",
            },
        },
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "exchange_site": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
