"""Django set-up shared by the benchmarks that render pages with the test Client."""

import os


def set_up_django(database_url: str, settings_module: str = "nectar.settings") -> None:
    """Configure Django for in-process requests against `database_url` and migrate."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ["STRIPE_SECRET_KEY"] = ""
    # Django's test Client sends the host name "testserver".
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django
    from django.conf import settings

    django.setup()
    # The manifest storage needs `collectstatic`; plain storage renders the same page.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
