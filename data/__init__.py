"""The built-in sample data (``ke-hoach/``, ``bao-cao/``, ``co-quan/``): package data, no code.

Installed as ``vanban.data`` so that ``importlib.resources`` finds it in a wheel and in an
editable install alike (``generator/resources.py``).
"""
