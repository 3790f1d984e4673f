"""The demo plant: a seeded, realistic small metal shop built through the core services.

``lotline.demo.plant.build_demo_plant(seed=…)`` fills an empty database (``manage.py load_demo``,
``make demo``, tests, the benchmark) and returns a DemoSummary whose ``suspect`` is the supplier delivery to
recall, with the lots, shipments and customers it reached according to the generator's own journal.
"""
