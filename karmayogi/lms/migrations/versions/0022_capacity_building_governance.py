"""Capacity-building governance: national priorities, annual plans, KPI results, the subscription ledger.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 22:28:53.172069
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kpi_run",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("computed_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("inputs_version", sa.String(length=64), nullable=False),
        sa.Column("registry_version", sa.String(length=16), nullable=False),
        sa.Column("runner", sa.String(length=32), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_run")),
    )
    with op.batch_alter_table("kpi_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kpi_run_year"), ["year"], unique=False)

    op.create_table(
        "kpi_value",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("metric", sa.String(length=64), nullable=False),
        sa.Column("subject_id", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["kpi_run.id"], name=op.f("fk_kpi_value_run_id_kpi_run"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_value")),
        sa.UniqueConstraint(
            "run_id", "metric", "subject_id", name=op.f("uq_kpi_value_run_id_metric_subject_id")
        ),
    )
    with op.batch_alter_table("kpi_value", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kpi_value_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_kpi_value_run_id"), ["run_id"], unique=False)

    op.create_table(
        "subscription_entry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount_paise", sa.Integer(), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=True),
        sa.Column("fee_paise", sa.Integer(), nullable=True),
        sa.Column("reference_date", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind in ('charge', 'adjustment', 'payment')", name=op.f("ck_subscription_entry_kind")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_subscription_entry_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["user_account.id"], name=op.f("fk_subscription_entry_recorded_by_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscription_entry")),
    )
    with op.batch_alter_table("subscription_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_subscription_entry_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "capacity_building_plan",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("revises_id", sa.Uuid(), nullable=True),
        sa.Column("decision_case_id", sa.Uuid(), nullable=True),
        sa.Column("basis", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state in ('draft', 'submitted', 'approved', 'live', 'retired')",
            name=op.f("ck_capacity_building_plan_state"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["user_account.id"],
            name=op.f("fk_capacity_building_plan_created_by_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_capacity_building_plan_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["revises_id"],
            ["capacity_building_plan.id"],
            name=op.f("fk_capacity_building_plan_revises_id_capacity_building_plan"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capacity_building_plan")),
        sa.UniqueConstraint(
            "organisation_id",
            "year",
            "revision",
            name=op.f("uq_capacity_building_plan_organisation_id_year_revision"),
        ),
    )
    with op.batch_alter_table("capacity_building_plan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_capacity_building_plan_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "national_priority",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Uuid(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("set_by", sa.Uuid(), nullable=True),
        sa.Column("set_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("weight > 0 AND weight <= 100", name=op.f("ck_national_priority_weight")),
        sa.ForeignKeyConstraint(
            ["competency_id"], ["competency.id"], name=op.f("fk_national_priority_competency_id_competency")
        ),
        sa.ForeignKeyConstraint(
            ["set_by"], ["user_account.id"], name=op.f("fk_national_priority_set_by_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_national_priority")),
        sa.UniqueConstraint(
            "year", "version", "competency_id", name=op.f("uq_national_priority_year_version_competency_id")
        ),
    )
    with op.batch_alter_table("national_priority", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_national_priority_year"), ["year"], unique=False)

    op.create_table(
        "plan_assignment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("target_kind", sa.String(length=16), nullable=False),
        sa.Column("designation", sa.String(length=200), nullable=False),
        sa.Column("group_name", sa.String(length=200), nullable=False),
        sa.Column("member_ids", sa.JSON(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("appraisal_linked", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "target_kind in ('everyone', 'designation', 'official', 'group')",
            name=op.f("ck_plan_assignment_target"),
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_plan_assignment_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["capacity_building_plan.id"],
            name=op.f("fk_plan_assignment_plan_id_capacity_building_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_assignment")),
    )
    with op.batch_alter_table("plan_assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_assignment_course_id"), ["course_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_assignment_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "plan_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=False),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_plan_event_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["capacity_building_plan.id"],
            name=op.f("fk_plan_event_plan_id_capacity_building_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_event")),
    )
    with op.batch_alter_table("plan_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_event_plan_id"), ["plan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plan_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_event_plan_id"))

    op.drop_table("plan_event")
    with op.batch_alter_table("plan_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_assignment_plan_id"))
        batch_op.drop_index(batch_op.f("ix_plan_assignment_course_id"))

    op.drop_table("plan_assignment")
    with op.batch_alter_table("national_priority", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_national_priority_year"))

    op.drop_table("national_priority")
    with op.batch_alter_table("capacity_building_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_capacity_building_plan_organisation_id"))

    op.drop_table("capacity_building_plan")
    with op.batch_alter_table("subscription_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subscription_entry_organisation_id"))

    op.drop_table("subscription_entry")
    with op.batch_alter_table("kpi_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kpi_value_run_id"))
        batch_op.drop_index(batch_op.f("ix_kpi_value_organisation_id"))

    op.drop_table("kpi_value")
    with op.batch_alter_table("kpi_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kpi_run_year"))

    op.drop_table("kpi_run")
