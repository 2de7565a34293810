"""One blueprint per user group; each view calls a ``workflows`` service and renders a template."""
