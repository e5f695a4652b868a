from django.apps import AppConfig


class ArchivesCommandsConfig(AppConfig):
    name = "archives.commands"
    label = "archives_commands"
    verbose_name = "Archives: management commands"
