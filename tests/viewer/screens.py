"""Every screen of the viewer, for the tests that walk them all (accessibility, no sideways
scrolling at phone width). To add a screen, add a line: its name, the account that opens it
("" for signed out) and its path, where ``{scan}``, ``{decision}``, ``{batch}`` and ``{list}``
stand for ids of the seeded world (see ``ids``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Screen:
    name: str
    account: str  # a name of tests.viewer.conftest.ACCOUNTS, ARCHIVIST, or "" (signed out)
    path: str  # a path, with {placeholders} for the seeded ids

    def url(self, ids: dict[str, int]) -> str:
        return self.path.format(**ids)


ARCHIVIST = "arlo"  # made by the accessibility test's module (the world has no archivist)

SCREENS: tuple[Screen, ...] = (
    Screen("login", "", "/login"),
    Screen("search-empty", "ana", "/search"),
    Screen("search", "ana", "/search?q=renard"),
    Screen("dossiers", "ana", "/dossiers"),
    Screen("dossier", "ana", "/dossiers/824415"),
    Screen("households", "ana", "/households"),
    Screen("household", "ana", "/households/UA-1"),
    Screen("document", "ana", "/documents/{scan}?page=1&q=renard"),
    Screen("document-text", "ana", "/documents/{decision}"),
    Screen("letter", "ana", "/dossiers/824415/letter"),
    Screen("upload", "claire", "/upload?dossier=824415"),
    Screen("batch", "claire", "/batches/{batch}"),
    Screen("review", "claire", "/review"),
    Screen("batches", "claire", "/batches"),
    Screen("archive", ARCHIVIST, "/archive"),
    Screen("archive-list", ARCHIVIST, "/archive/lists/{list}"),
    Screen("archive-dossier", ARCHIVIST, "/archive/dossiers/824415"),
    Screen("schedule-new", ARCHIVIST, "/archive/schedules/new"),
    Screen("reports", "admin", "/reports"),
    Screen("not-found", "ana", "/documents/2147483000"),
    Screen("unknown-url", "ana", "/no/such/screen"),
    Screen("forbidden", "claire", "/reports"),
)
