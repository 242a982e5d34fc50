"""Entry point: `python -m gateway.staff.cli create-user --email ... --role ... --password-env NAME`."""

from __future__ import annotations

from gateway.staff.commands import staff_cli


def main() -> None:
    """Run the staff account commands; exit non-zero on any error."""
    staff_cli(prog_name="python -m gateway.staff.cli")


if __name__ == "__main__":
    main()
