"""Loaded by pytest before Django's settings (`-p tests.environment` in pyproject.toml).

The settings refuse to start without DJANGO_SECRET_KEY when DEBUG is off; the tests run with DEBUG off,
so they get a key of their own unless one is given (`make test` gives one). The servers and workers
they start inherit it (tests/servers.py).
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-insecure-key-0123456789-abcdefghijklmnopqrstuvwxyz")
# Special-category fields are encrypted with a tests-only master key, whatever the checkout's is: the test
# database records the key's fingerprint, and a run with another key would be refused as a wrong key.
os.environ["FIELD_ENCRYPTION_KEY"] = "1:dGVzdHMtb25seS1maWVsZC1rZXktMDEyMzQ1Njc4OWE="

# Uploaded files go to a directory of the run's own (removed at exit), never the checkout's .data/media;
# servers and workers the tests start inherit it.
if "MEDIA_ROOT" not in os.environ:
    import atexit
    import shutil
    import tempfile

    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="platform-test-media-")
    atexit.register(shutil.rmtree, os.environ["MEDIA_ROOT"], ignore_errors=True)
