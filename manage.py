#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    """Run administrative tasks."""
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'ningbo_sws.settings')
    # On a laptop (the embedded SQLite default, no DATABASE_URL) commands run without a SECRET_KEY, using the
    # development key. A deployment names its database, and then SECRET_KEY stays required: the field
    # encryption key derives from it, so personal data is never encrypted with the public development key.
    if not os.environ.get('DATABASE_URL') and not os.environ.get('SECRET_KEY'):
        os.environ.setdefault('ALLOW_INSECURE_DEV_KEY', '1')
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == '__main__':
    main()
