from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class RepositoryConfig(AppConfig):
    name = "repository"

    def ready(self):
        from organizations.models import Company
        from repository.choices import forget_lists
        from repository.models import Site

        # Site choices are labelled with their company's name, so a renamed
        # company changes them too.
        for model in (Company, Site):
            uid = f"forget-choices-{model._meta.label}"
            post_save.connect(forget_lists, sender=model, dispatch_uid=f"{uid}-saved")
            post_delete.connect(forget_lists, sender=model, dispatch_uid=f"{uid}-gone")
