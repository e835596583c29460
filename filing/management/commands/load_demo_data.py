import time

from django.core.management.base import BaseCommand, CommandError

from filing.demo.load import (
    DEFAULT_APPLICATION_COUNT,
    DEFAULT_SEED,
    account_lines,
    load_demo_data,
)
from filing.models import OrganizingUnit
from filing.validators import china_today


class Command(BaseCommand):
    help = (
        "Load demo data that looks like Xinjiang's real title reviews into an "
        "empty database: review offices, organizing units, title series, "
        "applications, demo accounts and a few filings on their way through "
        "the offices. Prints the accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="When organizing units exist already, load nothing and only "
            "list the demo accounts.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the random choices; the same seed gives the same "
            f"data (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--applications",
            type=int,
            default=DEFAULT_APPLICATION_COUNT,
            help=f"How many applications to generate "
            f"(default {DEFAULT_APPLICATION_COUNT}).",
        )
        parser.add_argument(
            "--no-filings",
            action="store_false",
            dest="filings",
            help="Load no demo filings, so that every application is free.",
        )
        parser.add_argument(
            "--last-review-year",
            type=int,
            help="Latest of the four review years (default: last year). The "
            "current year caps review times at now, so that data depends on "
            "the moment it is loaded.",
        )

    def handle(
        self, *, if_empty, seed, applications, last_review_year, filings, **options
    ):
        self.verbosity = options["verbosity"]
        if OrganizingUnit.objects.exists():
            if not if_empty:
                raise CommandError(
                    "The database already holds organizing units; demo data is "
                    "loaded into an empty database only. Use --if-empty to skip."
                )
            self.report("Organizing units exist already; nothing loaded.")
            return

        if applications < 0:
            raise CommandError("--applications cannot be negative.")
        if last_review_year and last_review_year > china_today().year:
            raise CommandError("--last-review-year cannot lie in the future.")

        started = time.monotonic()
        summary = load_demo_data(
            seed=seed,
            application_count=applications,
            last_review_year=last_review_year,
            filings=filings,
        )
        self.report(
            f"Loaded {summary.review_offices} review offices, "
            f"{summary.organizing_units} organizing units, "
            f"{summary.qualifications} qualifications, "
            f"{summary.applications} applications for the review years "
            f"{summary.review_years[0]}–{summary.review_years[-1]} "
            f"(seed {seed}) and {summary.filings} filings on their way through "
            f"the offices in {time.monotonic() - started:.1f} s."
        )

    def report(self, message):
        """The message and the demo accounts, unless asked to be quiet."""
        if self.verbosity:
            self.stdout.write(message)
            self.stdout.write("\n".join(account_lines()))
