"""The evidence the apps above programmes judge for the success criteria (an uploaded presentation, an answered
evaluation), registered with the criteria in their AppConfig.ready()."""

from __future__ import annotations

import datetime

import pytest

from advisory.documents import services as document_services
from advisory.documents.models import DocumentKind
from advisory.documents.tests import files
from advisory.programmes import criteria, services
from advisory.programmes.models import Programme, ProgrammeTemplate
from tests import factories
from tests.helpers import danish

# Measured before the evidence moved into the documents and evaluations apps: the same twelve queries.
QUERIES = 14


@pytest.fixture
def group(advisor, municipality, other_municipality) -> Programme:
    services.templates_load_builtin()
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    assert version is not None
    return services.programme_create(
        version=version,
        title="Gruppeforløb",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=[municipality, other_municipality, factories.MunicipalityFactory.create()],
        advisors=[advisor],
    )


def test_every_evidence_key_of_the_templates_has_a_judge(group):
    for kind in ("group", "individual", "taskforce"):
        version = ProgrammeTemplate.objects.get(kind=kind).current_version()
        assert version is not None
        for spec in version.engine_template().activities:
            for criterion in spec.success_criteria:
                name = criterion.evidence.partition(":")[0]
                if name:
                    assert name in criteria.EVIDENCE_LABELS, (kind, spec.key, name)
    assert set(criteria.EVIDENCE_JUDGES) == {"presentation_uploaded", "evaluation_answered", "goal_progress"}


def test_an_uploaded_presentation_meets_the_preparation_s_criterion(group, advisor, municipality, other_municipality):
    meeting = group.activities.get(key="reflection_meeting-1")
    document_services.document_upload(
        by=advisor,
        programme=group,
        organisation=municipality,
        activity=meeting,
        uploaded_file=files.upload(files.PDF_BYTES),
        title="Oplæg",
        kind=DocumentKind.PRESENTATION,
    )
    overview = criteria.overview(group, today=datetime.date(2027, 1, 1))
    results = {}
    for organisation in (municipality, other_municipality):
        cell = overview.cell(f"reflection_preparation-1-org{organisation.pk}", organisation.pk)
        assert cell is not None
        results[organisation] = next(r for r in cell.results if r.evidence == "presentation_uploaded")
    assert results[municipality].state == criteria.MET
    assert results[municipality].explanation == danish(
        "The presentation for “%(meeting)s” is uploaded.", meeting=meeting.title
    )
    assert results[municipality].evidence_label == danish("Shown by the uploaded presentation")
    assert results[other_municipality].state == criteria.NOT_YET
    assert results[other_municipality].explanation == danish(
        "No presentation for “%(meeting)s” has been uploaded yet.", meeting=meeting.title
    )


def test_the_overview_reads_each_app_s_evidence_once(group, django_assert_num_queries):
    # The plan, the organisations, the advisors' checks, trial actions and bookings (five queries); the presentations
    # (one), the evaluations (five for the summaries, one for who answered) and the goals (two: the goals and their
    # statuses), each read once for all activities and organisations.
    with django_assert_num_queries(QUERIES):
        criteria.overview(group, today=datetime.date(2027, 1, 1))
