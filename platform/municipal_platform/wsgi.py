import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "municipal_platform.settings")
application = get_wsgi_application()

# Refuse to serve behind a connection pooler that would mix municipalities' schemas (pooler.py).
from municipal_platform.pooler import refuse_unsafe_pooler  # noqa: E402

refuse_unsafe_pooler()

# Refuse to serve with a field-encryption master key other than the one the data was encrypted with.
from municipal_platform.crypto import check_master_key_at_startup  # noqa: E402

check_master_key_at_startup()
