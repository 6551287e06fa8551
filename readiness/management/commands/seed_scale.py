from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from readiness.demo.scale import (
    DEFAULT_SLUG,
    DEFAULT_STAFF,
    MAX_STAFF,
    MIN_STAFF,
    PROGRESS_PER_STAFF,
    RESULTS_PER_STAFF,
    SEED,
    ScaleError,
    scale_seed,
)

ERROR_END = "--end must be a date written YYYY-MM-DD, for example 2026-11-01."


class Command(BaseCommand):
    help = (
        "Generate a large organisation for benchmarks: staff in directorates and teams, "
        f"{RESULTS_PER_STAFF} skill results and {PROGRESS_PER_STAFF} lesson-progress rows per person, "
        "enrolments and 20 cohorts. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--staff", default=str(DEFAULT_STAFF), help=f"staff records ({MIN_STAFF:,} to {MAX_STAFF:,}; default "
            f"{DEFAULT_STAFF:,})"
        )  # fmt: skip
        parser.add_argument("--seed", default=str(SEED), help=f"random seed (default {SEED})")
        parser.add_argument("--organisation", default=DEFAULT_SLUG, help=f"organisation slug (default {DEFAULT_SLUG})")
        parser.add_argument("--end", help="last day of the generated history, YYYY-MM-DD (default today)")
        parser.add_argument(
            "--replace", action="store_true", help="delete the organisation first if seed_scale made it before"
        )

    def handle(self, *args, **options):
        staff = _whole_number(options["staff"], "--staff")
        seed = _whole_number(options["seed"], "--seed")
        try:
            end = date.fromisoformat(options["end"]) if options["end"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(ERROR_END) from exc
        self.stdout.write(f"Generating {staff:,} staff in “{options['organisation']}” up to {end:%d %B %Y} ...")
        try:
            summary = scale_seed(
                staff=staff,
                seed=seed,
                slug=options["organisation"],
                end=end,
                replace=options["replace"],
                progress=lambda message: self.stdout.write(f"  {message}"),
            )
        except ScaleError as exc:
            raise CommandError(str(exc)) from exc
        counts = ", ".join(f"{name.replace('_', ' ')} {count:,}" for name, count in summary.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Done in {summary.seconds:.1f} s: {counts}."))


def _whole_number(value: str, option: str) -> int:
    try:
        return int(str(value).replace("_", "").replace(",", ""))
    except ValueError as exc:
        raise CommandError(f"{option} must be a whole number, not “{value}”.") from exc
