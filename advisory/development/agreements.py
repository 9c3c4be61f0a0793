"""The collaboration agreement (samarbejdsaftale) of an individual or taskforce programme (seeds 001 and 004).

The agreement is produced from the records: the development points and their goals, what each party does (the
template's roles), the activities and their dates, the parties, and – for taskforce – the agreements on data
collection. What is stored (``CollaborationAgreement``) is only what the records do not hold: the signing, the
data-collection agreements, notes and the status.

Signing an individual programme's agreement makes its date the plan's ``agreement_signed`` anchor (the plan
reflows: Forandre starts, the 18-month agreement places the anchoring phase and the closing meeting). Which
activity marks the signing and how long the agreement runs are the template's (its ``agreement`` terms). A
taskforce programme's "collaboration_agreement" milestone moves to the signing date. A signed agreement is
read-only until an advisor reopens it; each reopening starts a new version (the audit log keeps the changes).
"""

from __future__ import annotations

import datetime
import importlib.util
import io
import re
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from advisory.core.access import Action, require
from advisory.development.models import AgreementStatus, CollaborationAgreement, DevelopmentPoint
from advisory.development.prerequisites import Prerequisite, for_kind
from advisory.programmes import progress
from advisory.programmes import services as programme_services
from advisory.programmes.models import Activity, Programme, ProgrammeKind
from advisory.programmes.template_data import AgreementTerms, agreement_terms

SIGNED_READ_ONLY = gettext_lazy("The agreement is signed. Reopen it to change it.")
ALREADY_SIGNED = gettext_lazy("The agreement is already signed.")
NOT_SIGNED = gettext_lazy("The agreement is not signed, so there is nothing to reopen.")
SIGNED_BEFORE_START = gettext_lazy("The signing date cannot be before the programme starts (%(date)s).")
SIGNED_TOO_LATE = gettext_lazy("The signing date cannot be more than a year from today.")
NO_GOAL_YET = gettext_lazy(
    "The agreement cannot be signed yet: first choose at least one development point and set a goal for it. The "
    "agreement is entered into once the goals of the effort have been set."
)

AGENCY = "Social- og Boligstyrelsen"
AGENCY_UNIT = "Rådgivningsfunktionen på hjemløshedsområdet"
APPEALS_AGENCY = "Ankestyrelsen"


def docx_available() -> bool:
    return importlib.util.find_spec("docx") is not None


# --- reading -----------------------------------------------------------------------------------------------


def agreement_for(programme: Programme) -> CollaborationAgreement:
    """The stored agreement, or a new draft (not saved) when nothing has been recorded yet."""
    found = CollaborationAgreement.objects.filter(programme=programme).first()
    return found if found is not None else CollaborationAgreement(programme=programme)


@dataclass(frozen=True)
class Party:
    key: str  # organisation, agency, appeals_agency
    name: str
    people: tuple[str, ...]
    signed_by: str


@dataclass(frozen=True)
class GoalLine:
    text: str
    due_on: datetime.date
    status: str


@dataclass(frozen=True)
class PointLine:
    title: str
    description: str
    prerequisite: str
    goals: tuple[GoalLine, ...]


@dataclass(frozen=True)
class ActivityLine:
    key: str
    title: str
    phase: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    format: str


@dataclass
class AgreementContent:
    programme: Programme
    agreement: CollaborationAgreement
    title: str
    organisation_names: list[str]
    parties: list[Party]
    development_points: list[PointLine]
    roles: list[progress.Role]
    activities: list[ActivityLine]
    period_start: datetime.date | None
    period_end: datetime.date | None
    period_planned: bool  # True while unsigned: the period follows the plan's date for the signing
    data_collection: str
    notes: str
    is_taskforce: bool
    prerequisites: list[str] = field(default_factory=list)


def _role_party_name(party: str, organisation_names: list[str]) -> str:
    if party == "agency":
        return AGENCY
    if party == "appeals_agency":
        return APPEALS_AGENCY
    if party == "taskforce":  # the two agencies together (seed 004: "Rådgivning og aktiviteter varetages af ...")
        return f"{AGENCY} og {APPEALS_AGENCY}"
    return ", ".join(organisation_names)


def _terms(programme: Programme) -> AgreementTerms | None:
    """The template's terms of the programme's agreement (None for a kind without one)."""
    return agreement_terms(programme.template_version.spec, programme.kind)


def _signing_key(programme: Programme) -> str | None:
    """The plan's activity that marks the agreement's signing."""
    terms = _terms(programme)
    return terms.signing if terms is not None else None


def agreement_period(
    programme: Programme, agreement: CollaborationAgreement
) -> tuple[datetime.date | None, datetime.date | None, bool]:
    """(start, end, planned): from the signing date (or the plan's date for it while unsigned).

    The end is the template's: its ``months`` from the date it ``runs_from`` (individual: 18 months from the
    signing; taskforce: until two years after the programme's start).
    """
    terms = _terms(programme)
    planned = not (agreement.is_signed and agreement.signed_on)
    start = agreement.signed_on if not planned else None
    if start is None:
        key = terms.signing if terms is not None else None
        start = (
            programme.activities.filter(key=key).values_list("starts_on", flat=True).first() if key else None
        ) or agreement.signed_on
    if start is None or terms is None:
        return start, None, planned
    raw = programme.anchors.get(terms.runs_from) if terms.runs_from != terms.signing else None
    begun = datetime.date.fromisoformat(raw) if isinstance(raw, str) else start
    return start, begun + relativedelta(months=terms.months) - datetime.timedelta(days=1), planned


def agreement_content(programme: Programme, agreement: CollaborationAgreement | None = None) -> AgreementContent:
    """Everything the agreement says, read from the records (in their order)."""
    agreement = agreement or agreement_for(programme)
    organisation_names = [p.organisation.name for p in programme.participations.select_related("organisation")]
    advisors = sorted(programme.advisors.all(), key=lambda a: (str(a), a.pk))
    agency_people = tuple(str(a) for a in advisors if not getattr(a, "is_taskforce_member", False))
    appeals_people = tuple(str(a) for a in advisors if getattr(a, "is_taskforce_member", False))
    is_taskforce = programme.kind == ProgrammeKind.TASKFORCE
    parties = [
        Party("organisation", ", ".join(organisation_names), (), agreement.signed_by_organisation),
        Party("agency", f"{AGENCY} ({AGENCY_UNIT})", agency_people, agreement.signed_by_agency),
    ]
    if is_taskforce:
        parties.append(Party("appeals_agency", APPEALS_AGENCY, appeals_people, agreement.signed_by_appeals_agency))
    points = [
        PointLine(
            title=point.title,
            description=point.description,
            prerequisite=str(Prerequisite(point.prerequisite).label),
            goals=tuple(
                GoalLine(goal.text, goal.due_on, goal.get_status_display())
                for goal in sorted(point.goals.all(), key=lambda g: (g.position, g.due_on, g.pk))
            ),
        )
        for point in DevelopmentPoint.objects.filter(programme=programme)
        .order_by("position", "pk")
        .prefetch_related("goals")
    ]
    phase_titles = {p["key"]: p["title"] for p in programme.template_version.spec.get("phases", [])}
    activities = [
        ActivityLine(a.key, a.title, phase_titles.get(a.phase, a.phase), a.starts_on, a.ends_on, a.format)
        for a in Activity.objects.filter(programme=programme).order_by("starts_on", "position")
    ]
    start, end, planned = agreement_period(programme, agreement)
    roles = [
        progress.Role(_role_party_name(role.party, organisation_names), role.title, role.tasks)
        for role in progress.roles(programme)
    ]
    return AgreementContent(
        programme=programme,
        agreement=agreement,
        title=_("Collaboration agreement: %(title)s") % {"title": programme.title},
        organisation_names=organisation_names,
        parties=parties,
        development_points=points,
        roles=roles,
        activities=activities,
        period_start=start,
        period_end=end,
        period_planned=planned,
        data_collection=agreement.data_collection,
        notes=agreement.notes,
        is_taskforce=is_taskforce,
        prerequisites=[str(p.label) for p in for_kind(programme.kind)],
    )


# --- writing -----------------------------------------------------------------------------------------------


@transaction.atomic
def agreement_update(
    *, by: Any, programme: Programme, data_collection: str | None = None, notes: str | None = None
) -> CollaborationAgreement:
    """Change the draft's data-collection agreements and notes; a signed agreement is read-only."""
    require(by, Action.CHANGE, CollaborationAgreement(programme=programme))
    agreement = _locked(programme)
    if agreement.is_signed:
        raise ValidationError(str(SIGNED_READ_ONLY))
    if data_collection is not None and programme.kind == ProgrammeKind.TASKFORCE:
        agreement.data_collection = data_collection
    if notes is not None:
        agreement.notes = notes
    agreement.full_clean()
    agreement.save()
    return agreement


def _locked(programme: Programme) -> CollaborationAgreement:
    agreement, _created = CollaborationAgreement.objects.get_or_create(programme=programme)
    return CollaborationAgreement.objects.select_for_update().get(pk=agreement.pk)


def signing_blockers(programme: Programme) -> list[str]:
    """Why the agreement cannot be signed yet, whatever the date (empty when it can): the template's terms may ask
    for at least one development point with a goal first (seed 001: the agreement follows the goals)."""
    terms = _terms(programme)
    needs_goal = terms is not None and terms.requires_goal
    if needs_goal and not DevelopmentPoint.objects.filter(programme=programme, goals__isnull=False).exists():
        return [str(NO_GOAL_YET)]
    return []


def signing_errors(programme: Programme, signed_on: datetime.date | None) -> dict[str, list[str]]:
    """What refuses the signing: the date's errors (``signed_on``) and what must exist first (non-field)."""
    errors = _date_errors(programme, signed_on)
    blockers = signing_blockers(programme)
    if blockers:
        errors[NON_FIELD_ERRORS] = blockers
    return errors


def _date_errors(programme: Programme, signed_on: datetime.date | None) -> dict[str, list[str]]:
    if signed_on is None:
        return {}
    raw = programme.anchors.get("start")
    start = datetime.date.fromisoformat(raw) if isinstance(raw, str) else None
    if start is not None and signed_on < start:
        return {"signed_on": [str(SIGNED_BEFORE_START) % {"date": formats.date_format(start, "j. F Y")}]}
    if signed_on > timezone.localdate() + datetime.timedelta(days=366):
        return {"signed_on": [str(SIGNED_TOO_LATE)]}
    return {}


def signing_preview(programme: Programme, signed_on: datetime.date) -> Any:
    """The plan's changes the signing would make (nothing saved)."""
    key = _signing_key(programme)
    if key is None or not programme.activities.filter(key=key).exists():
        return None
    return programme_services.reflow_preview(programme, {key: signed_on})


@transaction.atomic
def agreement_sign(
    *,
    by: Any,
    programme: Programme,
    signed_on: datetime.date,
    signed_by_organisation: str,
    signed_by_agency: str,
    signed_by_appeals_agency: str = "",
) -> tuple[CollaborationAgreement, Any]:
    """``by`` records the signing; the plan's agreement date moves to it (and dependent dates reflow)."""
    require(by, Action.CHANGE, CollaborationAgreement(programme=programme))
    errors = signing_errors(programme, signed_on)
    if errors:
        raise ValidationError(errors)
    agreement = _locked(programme)
    if agreement.is_signed:
        raise ValidationError(str(ALREADY_SIGNED))
    agreement.status = AgreementStatus.SIGNED
    agreement.signed_on = signed_on
    agreement.signed_by_organisation = signed_by_organisation
    agreement.signed_by_agency = signed_by_agency
    if programme.kind == ProgrammeKind.TASKFORCE:
        agreement.signed_by_appeals_agency = signed_by_appeals_agency
    agreement.signing_recorded_by = by
    agreement.full_clean()
    agreement.save()
    result = None
    key = _signing_key(programme)
    if key is not None and programme.activities.filter(key=key).exists():
        result = programme_services.reflow_apply(programme, {key: signed_on})
    return agreement, result


@transaction.atomic
def agreement_reopen(*, by: Any, programme: Programme) -> CollaborationAgreement:
    """A signed agreement becomes a draft again, as a new version (the signing stays recorded in the log)."""
    require(by, Action.CHANGE, CollaborationAgreement(programme=programme))
    agreement = _locked(programme)
    if not agreement.is_signed:
        raise ValidationError(str(NOT_SIGNED))
    agreement.status = AgreementStatus.DRAFT
    agreement.version += 1
    agreement.save(update_fields=["status", "version", "updated_at"])
    return agreement


# --- the document ------------------------------------------------------------------------------------------


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "j. F Y") if value else "–"


def document_filename(programme: Programme) -> str:
    extension = "docx" if docx_available() else "html"
    return f"samarbejdsaftale-{programme.pk}.{extension}"


def document_content_type() -> str:
    if docx_available():
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return "text/html; charset=utf-8"


def agreement_document(content: AgreementContent) -> bytes:
    """The agreement as a Word document (python-docx), or a standalone HTML file where it is not installed."""
    if not docx_available():
        return render_to_string("development/agreement_document.html", {"content": content}).encode()
    return _docx(content)


# XML 1.0 (and so Word) has no place for the C0 control characters but tab, line feed and carriage return, nor for
# lone surrogates and U+FFFE/U+FFFF; text typed or pasted with them is still saved, and is written without them.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_IN_XML.sub("", text)


def _docx(content: AgreementContent) -> bytes:
    import docx  # python-docx

    document = docx.Document()

    def paragraph(text: str, style: str | None = None) -> None:
        document.add_paragraph(_xml_text(text), style=style)

    def heading(text: str, level: int) -> None:
        document.add_heading(_xml_text(text), level=level)

    document.core_properties.title = _xml_text(content.title)
    document.core_properties.author = AGENCY
    heading(content.title, level=0)
    agreement = content.agreement
    status = _("Signed") if agreement.is_signed else _("Draft")
    paragraph(f"{_('Status')}: {status} · {_('Version')} {agreement.version}")

    heading(_("The parties"), level=1)
    for party in content.parties:
        line = party.name
        if party.people:
            line += f" ({', '.join(party.people)})"
        paragraph(line, style="List Bullet")

    heading(_("The agreement period"), level=1)
    period = f"{_date(content.period_start)} – {_date(content.period_end)}"
    if content.period_planned:
        period += f" ({_('planned; the period starts when the agreement is signed')})"
    paragraph(period)

    heading(_("Development points and goals"), level=1)
    if not content.development_points:
        paragraph(_("No development points have been chosen yet."))
    for point in content.development_points:
        heading(point.title, level=2)
        paragraph(f"{_('Prerequisite')}: {point.prerequisite}")
        if point.description:
            paragraph(point.description)
        for goal in point.goals:
            paragraph(f"{goal.text} ({_('by')} {_date(goal.due_on)})", style="List Bullet")

    heading(_("What each party does"), level=1)
    for role in content.roles:
        heading(role.title, level=2)
        for task in role.tasks:
            paragraph(task, style="List Bullet")

    heading(_("Activities and dates"), level=1)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text, header[1].text, header[2].text = _("Activity"), _("Phase"), _("Date")
    for activity in content.activities:
        cells = table.add_row().cells
        when = _date(activity.starts_on)
        if activity.ends_on:
            when += f" – {_date(activity.ends_on)}"
        cells[0].text, cells[1].text, cells[2].text = _xml_text(activity.title), _xml_text(activity.phase), when

    if content.is_taskforce:
        heading(_("Agreements on data collection"), level=1)
        paragraph(content.data_collection or _("Not recorded yet."))
    if content.notes:
        heading(_("Notes"), level=1)
        paragraph(content.notes)

    heading(_("Signatures"), level=1)
    paragraph(f"{_('Signed on')}: {_date(agreement.signed_on) if agreement.is_signed else '–'}")
    for party in content.parties:
        paragraph(f"{party.name}: {party.signed_by or '–'}")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
