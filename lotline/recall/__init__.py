"""The recall desk's domain: recall cases, dry-recall drills, mass balance and search.

Built on lotline.core's queries (trace, recall_scope, …) and services (hold, release): this app never walks
genealogy itself.
"""
