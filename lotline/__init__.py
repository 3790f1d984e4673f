"""lotline: production traceability and light MES for small and mid-size plants."""

__version__ = "0.1.0"
