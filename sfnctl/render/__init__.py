"""Renderers: result + width/now → rich renderable. They never print, read the clock or env."""
