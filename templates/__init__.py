"""The built-in templates (``docx/``, ``xlsx/``, ``html/``): package data, no code.

Installed as ``vanban.templates`` so that ``importlib.resources`` finds them in a wheel and in an
editable install alike (``generator/resources.py``).
"""
