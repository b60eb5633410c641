"""Explorers for each chapter: pure update functions plus an ``Explorer`` that wires them to controls.

One module per chapter. Each module's update functions take control values and return a Figure,
HTML text or a DataFrame; the unit tests call them directly, the browser tests move the controls.
"""
