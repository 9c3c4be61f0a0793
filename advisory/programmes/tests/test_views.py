"""The programme pages for advisors and coordinators, on the demo data."""

import pytest
from django.test import Client

from advisory.accounts.models import User
from advisory.demo.demo import demo_data_load
from advisory.organisations.services import reference_data_load
from advisory.programmes.models import Programme


@pytest.mark.django_db
def test_advisor_creates_previews_and_moves_plans_and_coordinator_sees_only_own():
    reference_data_load()
    demo_data_load()
    c = Client()
    c.force_login(User.objects.get(email="raadgiver@example.dk"))
    for p in Programme.objects.all():
        r = c.get(f"/forloeb/{p.pk}/")
        assert r.status_code == 200, r.content[:2000]
    assert c.get("/forloeb/").status_code == 200
    assert c.get("/").status_code == 200
    r = c.get("/forloeb/opret/")
    assert r.status_code == 200
    p = Programme.objects.get(kind="group")
    r = c.get(f"/forloeb/{p.pk}/flyt/?key=kickoff&date=2027-03-03")
    assert r.status_code == 200, r.content
    r = c.get(f"/forloeb/{p.pk}/")
    from advisory.organisations.models import Organisation
    from advisory.programmes.models import TemplateVersion

    v = TemplateVersion.objects.get(template__kind="group")
    orgs = list(Organisation.objects.filter(municipality_code__in=["0101", "0147"]).values_list("pk", flat=True))
    r = c.post(
        "/forloeb/opret/",
        {"version": v.pk, "title": "Test", "organisations": orgs, "anchor_date": "2027-01-31", "action": "preview"},
    )
    assert r.status_code == 200
    assert "3 til 6" in r.content.decode() or "3 to 6" in r.content.decode()
    orgs = list(
        Organisation.objects.filter(municipality_code__in=["0101", "0147", "0151"]).values_list("pk", flat=True)
    )
    r = c.post(
        "/forloeb/opret/",
        {"version": v.pk, "title": "Test", "organisations": orgs, "anchor_date": "2027-01-31", "action": "preview"},
    )
    preview = r.content.decode()
    assert "timeline-svg" in preview
    # The picture has a Danish month axis and numbered meetings, listed with their dates.
    assert 'class="timeline-month-label">feb. 2027<' in preview  # the plan starts on 31 January 2027
    assert 'class="timeline-number">1<' in preview and 'class="timeline-number-list"' in preview
    r = c.post(
        "/forloeb/opret/",
        {"version": v.pk, "title": "Test", "organisations": orgs, "anchor_date": "2027-01-31", "action": "save"},
    )
    assert r.status_code == 302
    tc = Client()
    tc.force_login(User.objects.get(email="tovholder.odense@example.dk"))
    assert tc.get(f"/forloeb/{p.pk}/").status_code == 200
    assert tc.get(f"/forloeb/{Programme.objects.get(kind='taskforce').pk}/").status_code == 404
    assert tc.get("/").status_code == 200
