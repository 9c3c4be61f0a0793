"""No models: the core app's one table (the data version, advisory/core/changes.py) is made by its migration.
This module exists so that Django sends the core app ``post_migrate``, on which the data-version triggers are
put on every tracked table."""
