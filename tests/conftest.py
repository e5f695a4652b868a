import os

import pytest

# Playwright runs an event loop in the test thread; Django's ORM refuses to run beside one unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _divisions(request):
    """The real divisions come with the migrations; a transactional test's flush removes them, so reload."""
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        return  # plain `db` tests run first, inside a transaction, on the migrated data
    request.getfixturevalue("transactional_db")
    from stations.divisions import load_divisions
    from stations.models import Division

    if not Division.objects.exists():
        load_divisions(Division)


@pytest.fixture
def world(db):
    from tests.world import build_world

    return build_world()


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user."""

    def sign_in(user):
        from django.test import Client

        c = Client()
        c.force_login(user)
        return c

    return sign_in


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests make many users; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploads go to a temporary MEDIA_ROOT in every test, never into the project's media/ folder."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
