"""The archivist's console in the reader's language: the overview (dossiers, retention
schedules, legal holds, disposition lists, certificates, fixity) and a disposition list, their
buttons, table headers, empty states, statuses and the notices after each action, in French,
German, Italian and Dutch, with no English label left over.

The console changes what it shows (dossiers closed and archived, documents destroyed), so it
gets a Liasse home of its own rather than the package's shared one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from core.catalog import (
    DossierCreate,
    DossierStatus,
    HoldScope,
    ItemDecision,
    ListStatus,
    RetentionAction,
    RetentionTrigger,
    Role,
    UserCreate,
    account_queries,
    queries,
)
from liasse.app import create_app
from liasse.settings import Settings
from liasse.wiring import Services, build_services
from tests.support.documents import text_pdf
from tests.support.dossiers import DECISION_LETTER, ingest_file, seed_catalog
from tests.viewer.conftest import PASSWORD, csrf_of, sign_in
from viewer import LANGUAGES, catalog
from viewer._archive import notice

TEMPLATES = Path(__file__).resolve().parents[2] / "viewer" / "templates"
FRENCH = {"Accept-Language": "fr-CH,fr;q=0.9"}
GERMAN = {"Accept-Language": "de-CH,de;q=0.9,en;q=0.5"}
# Labels the console had in English only: none of them may show on a French page.
ENGLISH = ("Closed and archived dossiers", "Retention schedules", "Legal holds", "Place a hold",
           "Disposition review", "Sweep", "Destruction certificates", "Check now", ">Fixity<",
           ">Archive<", ">Reactivate<", ">Release<", "Reason", "As of", "Proposed", "Approved",
           "Mismatched", "Missing", "None yet", "after dossier_closure", ">closed<", ">draft<",
           "No schedule", "Disposition list", ">Decide<", ">Propose<", ">Cancel<", "Swept by",
           "Done:")


@dataclass(frozen=True)
class Console:
    services: Services
    app: FastAPI
    list_id: int            # a draft list holding the decision letter of dossier 824415
    held_dossier: int       # id of dossier 900001, under a standing legal hold


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    """Two archivists; dossier 824415 (with a decision letter) and 513377 closed, a rule that
    makes closed dossiers' documents due at once, a hold on dossier 900001, a fixity run and a
    draft disposition list, all made through the API as an archivist would."""
    settings = Settings(home=tmp_path_factory.mktemp("archive") / "home", database_url=None,
                        broker_url=None, s3_endpoint=None, ocr_workers=1)
    services = build_services(settings)
    with services.sessions.transaction() as session:
        for name in ("arlette", "bruno"):
            user = account_queries.create_user(session, data=UserCreate(
                username=name, roles=[Role.archivist], password=PASSWORD))
        assert user.id is not None
        _, token = account_queries.issue_token(session, user_id=user.id, name="tests")
    seed_catalog(services)
    with services.sessions.transaction() as session:
        held = queries.create_dossier(session, data=DossierCreate(
            number="900001", title="Famille Keller", service="DEM"))
        assert held.id is not None
    ingest_file(services, "decision.pdf", text_pdf(DECISION_LETTER), dossier="824415")
    app = create_app(settings, eager_tasks=True, services=services)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as api:
        for path, body in (
                ("/api/v1/retention/schedules", {"code": "AS-10", "title": "Aide sociale",
                                                  "trigger": "dossier_closure",
                                                  "period_years": 0}),
                ("/api/v1/dossiers/824415/close", {"reason": "fin de l'aide"}),
                ("/api/v1/dossiers/513377/close", {"reason": "déménagement"}),
                ("/api/v1/retention/holds", {"scope": "dossier", "target_id": held.id,
                                              "reason": "recours pendant"}),
                ("/api/v1/retention/fixity", {"share": 1.0})):
            assert api.post(path, json=body).is_success, path
        swept = api.post("/api/v1/retention/lists", json={})
        assert swept.is_success, swept.text
    yield Console(services, app, swept.json()["id"], held.id)
    services.index.close()
    services.sessions.engine.dispose()


@pytest.fixture
def archivist(console: Console) -> Iterator[TestClient]:
    """Arlette, signed in through the viewer's form."""
    with TestClient(console.app, follow_redirects=False) as client:
        sign_in(client, "arlette")
        yield client


def _post(client: TestClient, page: str, action: str, headers: dict[str, str],
          **fields: str) -> Response:
    """Send a form of ``page`` as the browser would, and follow to the page it leads to."""
    token = csrf_of(client.get(page, headers=headers).text)
    return client.post(action, data={"csrf": token, **fields}, headers=headers,
                       follow_redirects=True)


def _no_english(html: str) -> None:
    leaked = [label for label in ENGLISH if label in html]
    assert not leaked, leaked


def test_the_console_speaks_french(archivist: TestClient) -> None:
    """GIVEN closed dossiers, a rule, a legal hold, a fixity run and a draft list WHEN a
    French-speaking archivist opens the console THEN its headings, buttons, table headers,
    statuses and rule are in the archivists' French, and no English label is left."""
    page = archivist.get("/archive", headers=FRENCH)
    assert page.status_code == 200 and '<html lang="fr">' in page.text
    for text in ("<h1>Archives</h1>", "Dossiers (tous états)", "Clôturé le",
                 "Archivé le", ">clôturé<", ">ouvert<", ">Tous les états<", ">Filtrer<",
                 'placeholder="Motif"', ">Nouvelle règle de conservation<", ">Modifier<",
                 "Calendrier de conservation", "Durée d&#39;utilité administrative (DUA)",
                 "élimination, 0 an(s) après la clôture du dossier",
                 "Gels juridiques (conservation pour litige)", ">Placer un gel<",
                 ">Lever le gel<", ">dossier<", "recours pendant",
                 "Sort final", ">Dresser le bordereau d&#39;élimination des documents échus<",
                 ">Bordereau<", ">brouillon<", "Certificats de destruction",
                 "Aucun pour l&#39;instant.", "Intégrité (fixity)", ">Contrôler maintenant<",
                 ">Contrôlés<", ">Anomalies<", 'href="/archive">Archives</a>'):
        assert text in page.text, text
    _no_english(page.text)


def test_the_console_speaks_german(archivist: TestClient) -> None:
    """GIVEN the same console WHEN the browser prefers German THEN Aufbewahrungsfristen,
    Löschsperren, Aussonderung and Vernichtungsprotokolle, with German statuses."""
    page = archivist.get("/archive", headers=GERMAN)
    assert page.status_code == 200 and '<html lang="de">' in page.text
    for text in ("<h1>Archiv</h1>", "Dossiers (alle Zustände)",
                 ">abgeschlossen<", ">offen<", ">Alle Zustände<", 'placeholder="Grund"',
                 "Aufbewahrungsfristen", "Vernichtung, 0 Jahr(e) nach Abschluss des Dossiers",
                 "Löschsperren", ">Sperre setzen<", ">Sperre aufheben<",
                 ">Aussonderungsliste der fälligen Unterlagen erstellen<", ">Stichtag<",
                 ">Entwurf<", "Vernichtungsprotokolle", "Noch keines.",
                 "Integritätsprüfung (Fixity)", ">Jetzt prüfen<", 'href="/archive">Archiv</a>'):
        assert text in page.text, text
    assert "Place a hold" not in page.text and "Retention schedules" not in page.text


def test_the_disposition_list_speaks_french_german_and_italian(archivist: TestClient,
                                                               console: Console) -> None:
    """GIVEN a draft disposition list WHEN it is opened in French, in German, then after
    choosing Italian in the switcher THEN its title, facts, table headers, decisions and
    buttons are in that language."""
    path = f"/archive/lists/{console.list_id}"
    french = archivist.get(path, headers=FRENCH).text
    for text in (f"Bordereau d&#39;élimination {console.list_id}", ">Dressé par<",
                 ">À la date du<", ">brouillon<", ">Échéance<", ">Décision<", ">Résultat<",
                 "AS-10 (élimination)", ">éliminer<", ">conserver<",
                 ">verser aux archives historiques<", ">Décider<", ">Proposer<",
                 ">Annuler le bordereau<"):
        assert text in french, text
    _no_english(french)
    german = archivist.get(path, headers=GERMAN).text
    for text in (f"Aussonderungsliste {console.list_id}", ">Erstellt von<", ">Fällig am<",
                 ">Entscheid<", ">vernichten<", ">aufbewahren<", ">Entscheiden<",
                 ">Beantragen<", ">Liste abbrechen<"):
        assert text in german, text
    assert archivist.get("/language/it", params={"next": path}).status_code == 303
    italian = archivist.get(path).text
    for text in ('<html lang="it">', f"Elenco di scarto {console.list_id}", ">Redatto da<",
                 ">bozza<", ">Scadenza<", ">scartare<", ">conservare<", ">Decidi<",
                 ">Proponi<", ">Annulla l&#39;elenco<", 'href="/archive">Archivio</a>'):
        assert text in italian, text


def test_a_disposition_round_through_the_german_forms(archivist: TestClient,
                                                      console: Console) -> None:
    """GIVEN the draft list WHEN the archivist decides, proposes, tries to approve her own
    list, a colleague approves, runs a dry run and carries it out, all in German THEN each
    step says what was done in German, the refusal page is German, the outcomes are German
    and the console lists the destruction certificate."""
    path = f"/archive/lists/{console.list_id}"
    item = re.search(rf'action="{path}/items/(\d+)"', archivist.get(path).text)
    assert item
    decided = _post(archivist, path, f"{path}/items/{item.group(1)}", GERMAN,
                    decision="destroy", reason="Frist abgelaufen")
    assert "Entscheid gespeichert." in decided.text and 'selected>vernichten<' in decided.text
    proposed = _post(archivist, path, f"{path}/propose", GERMAN)
    assert "Liste beantragt: eine zweite Person muss sie genehmigen." in proposed.text
    assert ">beantragt<" in proposed.text and ">Genehmigen<" in proposed.text
    assert "Eine zweite Person genehmigt" in proposed.text
    refused = _post(archivist, path, f"{path}/approve", GERMAN)
    assert refused.status_code == 403 and "Nicht erlaubt" in refused.text
    with TestClient(console.app, follow_redirects=False) as colleague:
        sign_in(colleague, "bruno")
        approved = _post(colleague, path, f"{path}/approve", GERMAN)
        assert "Liste genehmigt." in approved.text and ">genehmigt<" in approved.text
        assert ">Probelauf<" in approved.text and ">Vernichten<" in approved.text
        dry = _post(colleague, path, f"{path}/dry-run", GERMAN)
        assert "Was geschehen würde (Probelauf)" in dry.text
        assert "<strong>würde vernichtet</strong>" in dry.text
        assert "Probelauf durchgeführt: nichts wurde vernichtet." in dry.text
        confirm = f"{path}/execute"
        reference = re.search(r'<code class="reference">([^<]+)</code>', dry.text)
        assert reference
        wrong = _post(colleague, confirm, confirm, GERMAN, reference="BE-0000")
        assert wrong.status_code == 422 and "Es wurde nichts vernichtet." in wrong.text
        done = _post(colleague, confirm, confirm, GERMAN, reference=reference.group(1))
        assert "<strong>vernichtet</strong>" not in wrong.text
        assert "Vernichtung durchgeführt." in done.text and ">vollzogen<" in done.text
        assert "<td>vernichtet" in done.text  # the item's outcome, in German
    overview = archivist.get("/archive", headers=GERMAN).text
    assert re.search(r">Vernichtungsprotokoll \d+</a> · Liste \d+ · 1 Dokument\(e\)", overview)
    french = archivist.get("/archive", headers=FRENCH).text
    assert re.search(r">Certificat \d+</a> · bordereau \d+ · 1 document\(s\)", french)
    assert ">exécuté<" in french
    _no_english(french)


def test_lifecycle_holds_and_fixity_say_what_was_done_in_dutch(archivist: TestClient,
                                                               console: Console) -> None:
    """GIVEN closed dossier 513377 WHEN a Dutch-speaking archivist archives and reactivates it,
    places a hold and releases it, and checks fixity through the console's forms THEN each
    notice, status and button is in Dutch."""
    dutch = {"Accept-Language": "nl-BE,nl;q=0.9"}
    panel = "/archive/dossiers/513377"
    archived = _post(archivist, panel, f"{panel}/archive", dutch,
                     reason="termijn verstreken")
    assert "Dossier 513377 gearchiveerd." in archived.text
    assert ">gearchiveerd<" in archived.text and ">Heractiveren<" in archived.text
    reactivated = _post(archivist, panel, f"{panel}/reactivate", dutch,
                        reason="gezin keert terug")
    assert "Dossier 513377 geheractiveerd." in reactivated.text
    assert "Verloop van de levenscyclus" in reactivated.text
    for step in (">Archivering<", ">Heractivering<", "termijn verstreken", "gezin keert terug"):
        assert step in reactivated.text, step
    placed = _post(archivist, "/archive", "/archive/holds", dutch, scope="dossier",
                   target="900001", reason="gerechtelijk onderzoek")
    assert "Blokkering geplaatst." in placed.text and ">Blokkering opheffen<" in placed.text
    assert ">900001 · Famille Keller</a>" in placed.text  # what it holds, not an id
    hold = re.findall(r'action="/archive/holds/(\d+)/release"', placed.text)
    released = _post(archivist, "/archive", f"/archive/holds/{max(map(int, hold))}/release",
                     dutch, reason="onderzoek afgesloten")
    assert "Blokkering opgeheven." in released.text
    checked = _post(archivist, "/archive", "/archive/fixity", dutch, share="1")
    assert "Integriteitscontrole uitgevoerd." in checked.text
    assert "Bewaartermijnen (selectielijst)" in checked.text and ">Nu controleren<" in checked.text


def test_an_unknown_step_is_refused_in_the_reader_language(archivist: TestClient) -> None:
    """GIVEN the console WHEN a form asks for a lifecycle step or a list action that does not
    exist THEN the error page says so in French (the default), naming the step."""
    step = _post(archivist, "/archive", "/archive/dossiers/513377/frobnicate", FRENCH,
                 reason="pour voir")
    assert step.status_code == 422 and "Étape inconnue : frobnicate" in step.text
    action = _post(archivist, "/archive", "/archive/lists/1/shred", GERMAN)
    assert action.status_code == 422 and "Unbekannte Aktion: shred" in action.text


@pytest.mark.parametrize(("done", "expected"), [
    ("archive-824415", ("archive.done_archive", {"number": "824415"})),
    ("reactivate-A-12", ("archive.done_reactivate", {"number": "A-12"})),
    ("dry-run", ("archive.done_dry_run", {})),
    ("hold", ("archive.done_hold", {})),
    ("close-", ("archive.done", {})),
    ("<script>", ("archive.done", {}))])
def test_the_notice_after_an_action(done: str, expected: tuple[str, dict[str, str]]) -> None:
    """GIVEN the ``done`` a console form leads back with THEN the message that says it; an
    unknown one gets the plain "done" message."""
    assert notice(done) == expected


def test_every_console_message_exists_in_every_language() -> None:
    """GIVEN the console's templates and the values it shows translated THEN each key they
    use is in every language's catalog: the literal keys, each step, list action and notice,
    and every dossier status, list status, decision, schedule action, trigger and hold scope."""
    used = set()
    for template in ("archive/console.html", "archive/list.html", "archive/dossier.html",
                     "archive/execute.html", "archive/schedule.html", "tombstone.html",
                     "base.html"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]*[a-z])["']""",
                               (TEMPLATES / template).read_text("utf-8")))
    used |= {f"archive.step_{s}" for s in ("archive", "reactivate")}
    used |= {f"archive.reason_{s}" for s in ("close", "archive", "reactivate", "release")}
    used |= {f"lifecycle.{k}_{s}" for k in ("step", "do", "on")
             for s in ("close", "archive", "reactivate")}
    used |= {f"lifecycle.event_{e}" for e in ("closed", "archived", "reactivated")}
    used |= {f"disposition.{a}" for a in ("propose", "approve", "cancel", "dry_run", "execute")}
    used |= {notice(d)[0] for d in ("close-1", "archive-1", "reactivate-1", "hold", "release",
                                    "fixity", "sweep", "decide", "propose", "approve",
                                    "cancel", "execute", "dry-run", "schedule", "retire",
                                    "?")}
    for prefix, values in (("dossier_status", DossierStatus), ("list_status", ListStatus),
                           ("decision", ItemDecision), ("retention_action", RetentionAction),
                           ("retention_trigger", RetentionTrigger), ("hold_scope", HoldScope)):
        used |= {f"{prefix}.{v.value}" for v in values}
    used |= {f"outcome.{o}" for o in ("destroy", "would_destroy", "destroyed", "kept",
                                      "kept_for_transfer", "refused", "gone")}
    used |= {"fixity_problem.missing", "fixity_problem.mismatch"}
    assert "archive.title" in used and "disposition.title" in used
    for language in LANGUAGES:
        missing = used - set(catalog(language))
        assert not missing, (language, sorted(missing))
