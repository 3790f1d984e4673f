"""Drop five single-column indexes that composite indexes already start with.

Each index costs every insert into the ledger's largest tables; the composites (event_wo_kind_time,
eventline_lot_kind, link_parent_child, link_child_parent, balance_unique_lot_location) answer the same
look-ups, and on SQLite they also cover a trace's recursive step. Plain DROP INDEX, not AlterField: on
SQLite AlterField rebuilds the table, which would also drop its append-only triggers (0002).
"""

import django.db.models.deletion
from django.db import migrations, models

DROPPED = [
    ("core_event_work_order_id_ad1d58f1", "core_event", "work_order_id"),
    ("core_eventline_lot_id_603972a5", "core_eventline", "lot_id"),
    ("core_genealogylink_child_id_dba7d269", "core_genealogylink", "child_id"),
    ("core_genealogylink_parent_id_187c1c97", "core_genealogylink", "parent_id"),
    ("core_stockbalance_lot_id_c1ac2cb5", "core_stockbalance", "lot_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_event_permissions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="event",
                    name="work_order",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="core.workorder",
                    ),
                ),
                migrations.AlterField(
                    model_name="eventline",
                    name="lot",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="lines",
                        to="core.lot",
                    ),
                ),
                migrations.AlterField(
                    model_name="genealogylink",
                    name="child",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="parent_links",
                        to="core.lot",
                    ),
                ),
                migrations.AlterField(
                    model_name="genealogylink",
                    name="parent",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="child_links",
                        to="core.lot",
                    ),
                ),
                migrations.AlterField(
                    model_name="stockbalance",
                    name="lot",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="balances",
                        to="core.lot",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {name}", f"CREATE INDEX {name} ON {table} ({column})"
                )
                for name, table, column in DROPPED
            ],
        )
    ]
