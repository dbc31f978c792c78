"""Decision cases with their hash-chained entries, and versioned probation rule sets

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 21:49:11.110344
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import karmayogi.lms.db

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ("decision_case", "decision_entry")


def upgrade() -> None:
    op.create_table(
        "decision_case",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("round_key", sa.String(length=100), nullable=False),
        sa.Column("appeal_days", sa.Integer(), nullable=False),
        sa.Column("opened_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind in ('posting', 'probation_confirmation', 'plan_approval', 'grievance_disposal',"
            " 'penalty', 'rating', 'harmonisation_association')",
            name=op.f("ck_decision_case_kind"),
        ),
        sa.CheckConstraint("appeal_days BETWEEN 0 AND 365", name=op.f("ck_decision_case_appeal_days")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_decision_case_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["user_account.id"], name=op.f("fk_decision_case_subject_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_case")),
        sa.UniqueConstraint(
            "kind", "subject_id", "round_key", name=op.f("uq_decision_case_kind_subject_id_round_key")
        ),
    )
    with op.batch_alter_table("decision_case", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_case_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_decision_case_subject_id"), ["subject_id"], unique=False)

    op.create_table(
        "probation_rule_set",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("service", sa.String(length=120), nullable=False),
        sa.Column("cadre", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["user_account.id"], name=op.f("fk_probation_rule_set_created_by_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_probation_rule_set_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_probation_rule_set")),
        sa.UniqueConstraint(
            "organisation_id",
            "service",
            "cadre",
            "version",
            name=op.f("uq_probation_rule_set_organisation_id_service_cadre_version"),
        ),
    )
    with op.batch_alter_table("probation_rule_set", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_probation_rule_set_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "decision_entry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("recorded_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "step in ('proposal', 'decision', 'appeal', 'redecision')", name=op.f("ck_decision_entry_step")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_decision_entry_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["decision_case.id"], name=op.f("fk_decision_entry_case_id_decision_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_entry")),
        sa.UniqueConstraint("case_id", "seq", name=op.f("uq_decision_entry_case_id_seq")),
    )
    with op.batch_alter_table("decision_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_entry_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_entry_case_id"), ["case_id"], unique=False)
    op.create_table(
        "vacancy",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("position_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("pay_levels", sa.JSON(), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("not_on_probation", sa.Boolean(), nullable=False),
        sa.Column("opened_by", sa.Uuid(), nullable=True),
        sa.Column("opened_at", karmayogi.lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["user_account.id"], name=op.f("fk_vacancy_opened_by_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_vacancy_organisation_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["position_id"], ["position.id"], name=op.f("fk_vacancy_position_id_position")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancy")),
    )
    with op.batch_alter_table("vacancy", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vacancy_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vacancy_position_id"), ["position_id"], unique=False)

    # Cases and their entries are append-only. PostgreSQL refuses changing and deleting a row;
    # SQLite refuses changes (its test clean-up deletes rows). The hash chain shows the rest.
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute(
            "CREATE FUNCTION decision_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
            " BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$"
        )
    for table in APPEND_ONLY:
        if postgresql:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}"
                " FOR EACH ROW EXECUTE FUNCTION decision_is_append_only()"
            )
        else:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table}"
                f" BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END"
            )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in APPEND_ONLY:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only" + (f" ON {table}" if postgresql else ""))
    if postgresql:
        op.execute("DROP FUNCTION IF EXISTS decision_is_append_only()")
    with op.batch_alter_table("vacancy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancy_position_id"))
        batch_op.drop_index(batch_op.f("ix_vacancy_organisation_id"))

    op.drop_table("vacancy")
    with op.batch_alter_table("decision_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_entry_case_id"))
        batch_op.drop_index(batch_op.f("ix_decision_entry_actor_id"))

    op.drop_table("decision_entry")
    with op.batch_alter_table("probation_rule_set", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_probation_rule_set_organisation_id"))

    op.drop_table("probation_rule_set")
    with op.batch_alter_table("decision_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_case_subject_id"))
        batch_op.drop_index(batch_op.f("ix_decision_case_organisation_id"))

    op.drop_table("decision_case")
