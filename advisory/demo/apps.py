from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run` and scale data for the benchmark: built through the apps' services, above them all."""

    name = "advisory.demo"
    verbose_name = "Demo data"
