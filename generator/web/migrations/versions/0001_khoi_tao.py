"""The portal's first schema: accounts, sessions, failed logins, periods, submissions, drafts.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tai_khoan",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ten_dang_nhap", sa.String(200), nullable=False, unique=True),
        sa.Column("vai_tro", sa.String(20), nullable=False),
        sa.Column("co_quan", sa.String(500), nullable=True, unique=True),
        sa.Column("ma_bam", sa.String(200), nullable=False),
        sa.Column("tao_luc", sa.DateTime, nullable=False),
    )
    op.create_table(
        "phien",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("tai_khoan_id", sa.Integer, sa.ForeignKey("tai_khoan.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("het_han", sa.DateTime, nullable=False),
    )
    op.create_table(
        "dang_nhap_loi",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ten_dang_nhap", sa.String(200), nullable=False, index=True),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("luc", sa.DateTime, nullable=False),
    )
    op.create_table(
        "ky",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ky", sa.String(100), nullable=False),
        sa.Column("ten", sa.String(500), nullable=False),
        sa.Column("han_nop", sa.Date, nullable=True),
        sa.Column("ke_hoach_tep", sa.Text, nullable=False),
        sa.Column("danh_muc_tep", sa.Text, nullable=True),
        sa.Column("thong_tin_tep", sa.Text, nullable=True),
        sa.Column("ke_hoach_goc", sa.LargeBinary, nullable=True),
        sa.Column("trich_yeu", sa.Text, nullable=False),
        sa.Column("co_quan", sa.Text, nullable=False),
        sa.Column("tao_luc", sa.DateTime, nullable=False),
    )
    op.create_table(
        "phieu_nop",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ky_id", sa.Integer, sa.ForeignKey("ky.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("tai_khoan_id", sa.Integer, sa.ForeignKey("tai_khoan.id"), nullable=False),
        sa.Column("co_quan", sa.String(500), nullable=False),
        sa.Column("nguon", sa.String(10), nullable=False),
        sa.Column("ten_goc", sa.String(500), nullable=True),
        sa.Column("noi_dung", sa.LargeBinary, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("luc", sa.DateTime, nullable=False),
        sa.Column("hop_le", sa.Boolean, nullable=False),
        sa.Column("phieu", sa.Text, nullable=True),
        sa.Column("loi", sa.Text, nullable=False),
    )
    op.create_table(
        "ban_nhap",
        sa.Column("ky_id", sa.Integer, sa.ForeignKey("ky.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("co_quan", sa.String(500), primary_key=True),
        sa.Column("noi_dung", sa.Text, nullable=False),
        sa.Column("luc", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("ban_nhap", "phieu_nop", "ky", "dang_nhap_loi", "phien", "tai_khoan"):
        op.drop_table(table)
