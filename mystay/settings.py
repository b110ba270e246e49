"""MyStay settings, read from the environment (django-environ).

Every variable has an embedded default so that a fresh clone runs with no server at all:
SQLite, Celery in eager mode, a local-memory cache, console email and mock providers.
Production sets DEBUG=false, a real SECRET_KEY, DATABASE_URL, REDIS_URL and the vendors' keys.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path

import csp.constants as csp
import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file beside manage.py is read when present; real environment variables win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

INSECURE_DEFAULT_SECRET_KEY = "django-insecure-mystay-development-key-change-me"

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_DEFAULT_SECRET_KEY)
if not DEBUG and (SECRET_KEY == INSECURE_DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "mystay.apps.MyStayConfig",
    "integrations.apps.IntegrationsConfig",
    "stays.apps.StaysConfig",
    "payments.apps.PaymentsConfig",
    "keys.apps.KeysConfig",
    "spa.apps.SpaConfig",
    "ocr.apps.OcrConfig",
    "concierge.apps.ConciergeConfig",
]

MIDDLEWARE = [
    # First: the client's address from the right X-Forwarded-For hop (TRUSTED_PROXIES) in REMOTE_ADDR.
    "mystay.client_address.ClientAddressMiddleware",
    # Under /api/: oversized or hostile input refused at the door, JSON errors, one retry of a read on a dead DB.
    "mystay.api.guard.ApiGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Sessions, session user, messages: skipped on the token API (mystay/browser_middleware.py).
    "mystay.browser_middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Django's own (its views are exempt on the API): `check --deploy` looks for this exact name.
    "django.middleware.csrf.CsrfViewMiddleware",
    "mystay.browser_middleware.AuthenticationMiddleware",
    "mystay.browser_middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "mystay.csp_middleware.CachedPolicyCSPMiddleware",  # django-csp, policy built once
    # Last: turns an admin sign-in refused by django-axes into its lockout page.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Static files for the admin, served by the app itself in production (collectstatic first).
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

ROOT_URLCONF = "mystay.urls"
WSGI_APPLICATION = "mystay.wsgi.application"
ASGI_APPLICATION = "mystay.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Data stores -----------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool("DB_POOL", default=True):
    # Under ASGI every request runs in a thread of its own, so per-thread persistent connections
    # would mean a new connection per request: a psycopg pool per process shares them instead.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DB_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DB_POOL_MAX_SIZE", default=10),
        "timeout": env.float("DB_POOL_TIMEOUT", default=10.0),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # One connection pool per process, shared by every thread's cache object (mystay/cache.py).
    from mystay.cache import redis_cache_settings

    CACHES = {"default": redis_cache_settings(REDIS_URL, key_prefix=env.str("CACHE_KEY_PREFIX", default="mystay"))}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ----------------------------------------------------------------------------------
# With no broker configured, tasks run eagerly in-process so that the demo needs no server.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's own per-task close of every connection (and of Django's whole pool) is replaced by
# Django's per-request treatment (mystay/celery.py); Celery still recycles after this many tasks.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 3}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict = {}

# --- Auth ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "stays.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses sign-ins of locked accounts and clients before any password check.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Failed sign-ins (admin form and staff API alike) lock the account, and separately the client address,
# for AXES_COOLOFF_MINUTES after AXES_FAILURE_LIMIT failures; a success resets the account's count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the admin form's field; the API passes username= too
AXES_USERNAME_CALLABLE = "mystay.login_guard.axes_username"
AXES_CLIENT_IP_CALLABLE = "mystay.login_guard.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "mystay.login_guard.lockout_response"
AXES_VERBOSE = False
STAFF_TOKEN_TTL = timedelta(hours=env.int("STAFF_TOKEN_TTL_HOURS", default=12))
# Guest tokens stay valid until this hour (hotel time) on the departure day.
GUEST_TOKEN_GRACE_HOURS_AFTER_DEPARTURE = env.int("GUEST_TOKEN_GRACE_HOURS", default=24)

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("ja", "日本語")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Email -----------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="MyStay <no-reply@mystay.local>")

# --- API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mystay.api.authentication.GuestTokenAuthentication",
        "mystay.api.authentication.StaffTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["mystay.api.renderers.ORJSONRenderer"],  # DRF's JSON, through orjson
    "DEFAULT_PARSER_CLASSES": ["mystay.api.parsers.BoundedJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "mystay.api.negotiation.FastJSONNegotiation",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "mystay.api.errors.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "mystay.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    # Atomic counters in Redis (mystay/ratelimit.py); "N/min", "N/15min", "N/h", "N/day".
    "DEFAULT_THROTTLE_RATES": {
        "lookup_client": env.str("THROTTLE_LOOKUP_CLIENT", default="20/min"),
        # Wrong or unknown lookups per (confirmation, client), then per confirmation from everywhere.
        "lookup_pair_failures": env.str("THROTTLE_LOOKUP_PAIR_FAILURES", default="5/15min"),
        "lookup_confirmation_failures": env.str("THROTTLE_LOOKUP_CONFIRMATION_FAILURES", default="10/15min"),
        "staff_login": env.str("THROTTLE_STAFF_LOGIN", default="10/min"),
        "guest": env.str("THROTTLE_GUEST", default="300/min"),
    },
    "UNAUTHENTICATED_USER": None,
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append("rest_framework.renderers.BrowsableAPIRenderer")

SPECTACULAR_SETTINGS = {
    "TITLE": "MyStay API",
    "DESCRIPTION": (
        'Guest and staff API of MyStay. Errors are JSON objects `{"code", "message"}` with a stable '
        "snake_case code. Guests authenticate with the token from `/api/v1/stays/lookup`, staff with the "
        "token from `/api/v1/auth/staff/login`, both as `Authorization: Bearer <token>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc from our own static files, pinned with drf-spectacular-sidecar: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "mystay.api.schema.add_error_responses",
    ],
}

# --- Integrations: environment defaults for hotels that have not chosen ----------------------
HOTEL_NAME = env.str("HOTEL_NAME", default="MyStay Demo Hotel")
HOTEL_CITY = env.str("HOTEL_CITY", default="")
PMS_PROVIDER = env.str("PMS_PROVIDER", default="mock")
PMS_BASE_URL = env.str("PMS_BASE_URL", default="")
PMS_CLIENT_ID = env.str("PMS_CLIENT_ID", default="")
PMS_CLIENT_SECRET = env.str("PMS_CLIENT_SECRET", default="")
PMS_CLIENT_TOKEN = env.str("PMS_CLIENT_TOKEN", default="")
PMS_ACCESS_TOKEN = env.str("PMS_ACCESS_TOKEN", default="")
PMS_APP_KEY = env.str("PMS_APP_KEY", default="")
PMS_HOTEL_ID = env.str("PMS_HOTEL_ID", default="")
PMS_API_KEY = env.str("PMS_API_KEY", default="")
PMS_ENTERPRISE_ID = env.str("PMS_ENTERPRISE_ID", default="")
PAYMENT_PROVIDER = env.str("PAYMENT_PROVIDER", default="stripe" if env.str("STRIPE_SECRET_KEY", default="") else "mock")
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
# Card authorizations lapse at the issuer after about 7 days; staff are warned this many hours before.
PAYMENT_HOLD_VALID_DAYS = env.int("PAYMENT_HOLD_VALID_DAYS", default=7)
PAYMENT_HOLD_EXPIRY_WARNING_HOURS = env.int("PAYMENT_HOLD_EXPIRY_WARNING_HOURS", default=24)
# Per-night deposit for card holds, by currency ("default" for the rest): EUR=150,JPY=20000,default=150
# Largest tip by currency ("default" for the rest) for hotels whose payment settings set no max_tip.
TIP_MAX_AMOUNT = env.dict("TIP_MAX_AMOUNT", default={"default": "500", "JPY": "50000", "KRW": "500000"})
PAYMENT_HOLD_PER_NIGHT = env.dict("PAYMENT_HOLD_PER_NIGHT", default={"default": "150", "JPY": "20000"})
DIGITAL_KEY_PROVIDER = env.str("DIGITAL_KEY_PROVIDER", default="mock")
DIGITAL_KEY_BASE_URL = env.str("DIGITAL_KEY_BASE_URL", default="")
DIGITAL_KEY_API_KEY = env.str("DIGITAL_KEY_API_KEY", default="")
DIGITAL_KEY_PROPERTY_ID = env.str("DIGITAL_KEY_PROPERTY_ID", default="")
SPA_PROVIDER = env.str("SPA_PROVIDER", default="mock")
OCR_PROVIDER = env.str("OCR_PROVIDER", default="mock")
AWS_REGION = env.str("AWS_REGION", default="eu-west-1")
AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default="")
AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default="")
GOOGLE_VISION_API_KEY = env.str("GOOGLE_VISION_API_KEY", default="")
AZURE_VISION_ENDPOINT = env.str("AZURE_VISION_ENDPOINT", default="")
AZURE_VISION_KEY = env.str("AZURE_VISION_KEY", default="")
CONCIERGE_PROVIDER = env.str(
    "CONCIERGE_PROVIDER", default="openai" if env.str("OPENAI_API_KEY", default="") else "local"
)
OPENAI_API_KEY = env.str("OPENAI_API_KEY", default="")
OPENAI_MODEL = env.str("OPENAI_MODEL", default="gpt-4o-mini")
OPENAI_BASE_URL = env.str("OPENAI_BASE_URL", default="")

# --- Concierge (concierge app) ----------------------------------------------------------------
# Seconds one OpenAI call may take (retries included) before the offline concierge answers.
OPENAI_TIMEOUT_SECONDS = env.float("OPENAI_TIMEOUT_SECONDS", default=15.0)
# Tokens per hotel day before the hotel falls back to the offline concierge (-1: unlimited);
# a hotel's own concierge settings override it.
OPENAI_DAILY_TOKEN_BUDGET = env.int("OPENAI_DAILY_TOKEN_BUDGET", default=200_000)
# Concierge calls per stay (messages, recommendations, suggestions), on top of the guest rate.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["concierge"] = env.str("THROTTLE_CONCIERGE", default="20/min")
# Escalations have a "status" too: name both status enums of the API schema (else hashed names).
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "StayStatusEnum": "stays.models.Stay.Status",
        "EscalationStatusEnum": "concierge.models.Escalation.Status",
        "EscalationQueueStatusEnum": ["open", "acknowledged", "resolved", "active"],
    }
)

# --- Notifications: channels (environment defaults) and the outbox --------------------------
# "django" sends through EMAIL_BACKEND; SMS ("twilio") and push ("fcm") are off unless set.
EMAIL_PROVIDER = env.str("EMAIL_PROVIDER", default="django")
SMS_PROVIDER = env.str("SMS_PROVIDER", default="")
PUSH_PROVIDER = env.str("PUSH_PROVIDER", default="")
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM_NUMBER = env.str("TWILIO_FROM_NUMBER", default="")
FCM_PROJECT_ID = env.str("FCM_PROJECT_ID", default="")
FCM_SERVICE_ACCOUNT_JSON = env.str("FCM_SERVICE_ACCOUNT_JSON", default="")
# Where guests open their stay (links in check-in invitations).
GUEST_APP_URL = env.str("GUEST_APP_URL", default="http://127.0.0.1:8000")
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=10)
NOTIFICATION_RETRY_BASE_SECONDS = env.float("NOTIFICATION_RETRY_BASE_SECONDS", default=30.0)
NOTIFICATION_RETRY_MAX_SECONDS = env.float("NOTIFICATION_RETRY_MAX_SECONDS", default=3600.0)
NOTIFICATION_RETRY_QUEUE_MAX_SECONDS = env.float("NOTIFICATION_RETRY_QUEUE_MAX_SECONDS", default=600.0)
NOTIFICATION_RETRY_EXTRA_ATTEMPTS = env.int("NOTIFICATION_RETRY_EXTRA_ATTEMPTS", default=3)
NOTIFICATION_LEASE_SECONDS = env.float("NOTIFICATION_LEASE_SECONDS", default=300.0)
NOTIFICATION_SWEEP_SECONDS = env.float("NOTIFICATION_SWEEP_SECONDS", default=30.0)
NOTIFICATION_SWEEP_GRACE_SECONDS = env.float("NOTIFICATION_SWEEP_GRACE_SECONDS", default=60.0)
NOTIFICATION_SWEEP_BATCH = env.int("NOTIFICATION_SWEEP_BATCH", default=500)
NOTIFICATION_SWEEP_REQUEUE_MAX_SECONDS = env.float("NOTIFICATION_SWEEP_REQUEUE_MAX_SECONDS", default=600.0)
CHECKIN_INVITATION_SWEEP_SECONDS = env.float("CHECKIN_INVITATION_SWEEP_SECONDS", default=600.0)

# Keys used to encrypt integration secrets and identity data at rest (Fernet, comma separated;
# the first encrypts, all decrypt, so a key can be rotated in). Derived from SECRET_KEY when unset.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
if not DEBUG and not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must be set when DEBUG is off.")

# Outbound HTTP defaults used by every connector.
INTEGRATION_CONNECT_TIMEOUT = env.float("INTEGRATION_CONNECT_TIMEOUT", default=3.0)
INTEGRATION_READ_TIMEOUT = env.float("INTEGRATION_READ_TIMEOUT", default=10.0)

# PMS: seconds a lookup reuses the PMS's answer, and minutes between beat-driven syncs of every hotel.
PMS_LOOKUP_CACHE_SECONDS = env.int("PMS_LOOKUP_CACHE_SECONDS", default=60)
# Overall budget (seconds) of the PMS calls of one guest lookup; no retries there (sync keeps them).
PMS_LOOKUP_TIMEOUT_SECONDS = env.float("PMS_LOOKUP_TIMEOUT_SECONDS", default=4.0)
PMS_SYNC_INTERVAL_MINUTES = env.int("PMS_SYNC_INTERVAL_MINUTES", default=15)

# --- Security (production values when DEBUG is off) ------------------------------------------
# Addresses (or CIDR networks) of our own reverse proxies. The client's address is the first
# X-Forwarded-For hop, from the right, that is not one of them; with none, X-Forwarded-For is ignored.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Request bodies: JSON up to DATA_UPLOAD_MAX_MEMORY_SIZE, uploads (multipart) up to this; 413 beyond.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
API_MAX_UPLOAD_BYTES = env.int("API_MAX_UPLOAD_BYTES", default=15 * 1024 * 1024)
CSRF_FAILURE_VIEW = "mystay.api.errors.csrf_failure"
try:
    [ipaddress.ip_network(proxy, strict=False) for proxy in TRUSTED_PROXIES]
except ValueError as exc:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {exc}") from None
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy on every answer (admin, API docs, API): our own scripts only, inline scripts
# only with the per-response nonce (`<script nonce="{{ request.csp_nonce }}">`), no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, "'unsafe-inline'"],  # the admin's and Swagger UI's style attributes
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF, "data:"],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}
# /health must answer plain HTTP probes from the load balancer even when TLS redirect is on.
SECURE_REDIRECT_EXEMPT = [r"^health"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Identity documents (ocr) -----------------------------------------------------------------
# Uploads: at most this many bytes and pixels (decompression bombs are refused before decoding).
OCR_MAX_IMAGE_BYTES = env.int("OCR_MAX_IMAGE_BYTES", default=10 * 1024 * 1024)
OCR_MAX_IMAGE_PIXELS = env.int("OCR_MAX_IMAGE_PIXELS", default=40_000_000)
# mrz_local: the tesseract binary (found on PATH when empty) and its time limit per call.
OCR_TESSERACT_CMD = env.str("OCR_TESSERACT_CMD", default="")
OCR_TESSERACT_TIMEOUT = env.float("OCR_TESSERACT_TIMEOUT", default=10.0)
# Hour (UTC) of the nightly purge of identity data past each hotel's retention period.
OCR_PURGE_HOUR = env.int("OCR_PURGE_HOUR", default=3)

# --- Realtime (server-sent events) ------------------------------------------------------------
REALTIME_HEARTBEAT_SECONDS = env.float("REALTIME_HEARTBEAT_SECONDS", default=15.0)
REALTIME_RETRY_MS = env.int("REALTIME_RETRY_MS", default=3000)
REALTIME_POLL_SECONDS = env.float("REALTIME_POLL_SECONDS", default=1.0)
# Streams re-check their token when PostgreSQL notifies a change to its stay, hotel, staff token or
# user (on the same connection as the events, so in commit order with them), and at the latest this
# often (a paced sweep per process): revoked streams close.
REALTIME_TOKEN_RECHECK_SECONDS = env.float("REALTIME_TOKEN_RECHECK_SECONDS", default=30.0)
# Hours realtime events are kept for Last-Event-ID resume (purged hourly by beat).
REALTIME_RETENTION_HOURS = env.float("REALTIME_RETENTION_HOURS", default=48.0)

# --- Spa (spa app) ------------------------------------------------------------------------------
# Seconds the spa menu / therapists and a day's availability are reused per hotel and provider
# (availability is also dropped as soon as a booking of the hotel changes).
SPA_CATALOG_CACHE_SECONDS = env.int("SPA_CATALOG_CACHE_SECONDS", default=300)
SPA_AVAILABILITY_CACHE_SECONDS = env.int("SPA_AVAILABILITY_CACHE_SECONDS", default=30)
# Seconds between beat sweeps that send due reminders and settle bookings the spa did not answer.
SPA_SWEEP_SECONDS = env.int("SPA_SWEEP_SECONDS", default=300)

# --- Performance: the guest hot paths and the process model (README "Production process model") --
# Seconds a web process keeps a guest's rendered stay overview (stays/overview_cache.py). Changes
# drop it at once (PostgreSQL triggers + LISTEN); nothing in it changes with the clock, so this is a
# backstop, long enough that guests polling do not keep every process re-reading unchanged stays.
# 0 = off.
OVERVIEW_CACHE_SECONDS = env.float("OVERVIEW_CACHE_SECONDS", default=600.0)
# Stays kept per web process, least recently read dropped first: about 12 KB each (the stay, its
# hotel, guest and room, and their renderings), so 20,000 is about 250 MB per process.
OVERVIEW_CACHE_MAX_ENTRIES = env.int("OVERVIEW_CACHE_MAX_ENTRIES", default=20_000)
# The WSGI server answers the plain case of the guest's hottest reads (its cached stay, a lookup
# that needs no query and no PMS) without Django's middleware and views: the same checks, Django's
# own headers (mystay/wsgi_lanes.py). false: every request through Django.
API_FAST_LANES = env.bool("API_FAST_LANES", default=True)

# --- Front desk: admin theme (unfold), audit trail, hotel time zones, phone numbers ---------------
# unfold must come before django.contrib.admin (it replaces the admin site and its templates).
INSTALLED_APPS = [
    "unfold",
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "unfold.contrib.simple_history",
    *INSTALLED_APPS,
    "simple_history",
    "phonenumber_field",
    "django_countries",
    "audit.apps.AuditConfig",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("mystay.browser_middleware.AuthenticationMiddleware") + 1,
    "stays.middleware.HotelTimezoneMiddleware",  # staff see their hotel's time
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("mystay.browser_middleware.AuthenticationMiddleware") + 1,
    "simple_history.middleware.HistoryRequestMiddleware",  # who made each change
)
# Numbers typed without a country code are read in the hotel's country (stays.phones); stored E.164.
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "E164"
UNFOLD = {
    "SITE_TITLE": "MyStay",
    "SITE_HEADER": "MyStay front desk",
    "SITE_SYMBOL": "hotel",
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": False,
    "DASHBOARD_CALLBACK": "stays.admin_today.dashboard_callback",
    "STYLES": ["stays.admin_navigation.styles"],
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": True,
        "navigation": "stays.admin_navigation.sidebar",
    },
}
# The admin's theme (unfold) runs on Alpine.js, which evaluates its x-data expressions: it needs
# 'unsafe-eval' in script-src (inline <script> blocks still need the nonce).
if "CONTENT_SECURITY_POLICY" in globals():
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] = [
        *CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"],
        "'unsafe-eval'",
    ]
