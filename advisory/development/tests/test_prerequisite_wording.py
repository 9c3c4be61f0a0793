"""The four themes are worded as seed 004 words them (issue 14), in Danish, with nothing added to their names."""

from __future__ import annotations

from django.utils import translation

from advisory.development.prerequisites import Prerequisite

SEED_004 = [
    "En systematisk tilgang til at skaffe boliger til indsatsen",
    "En systematisk praksis for at tilbyde borgere i hjemløshed, der flytter i egen bolig, social støtte efter de "
    "specialiserede støttemetoder",
    "En organisering og et samarbejde mellem relevante aktører, som understøtter udførelsen af indsatsen",
    "En juridisk og socialfaglig kvalitet i sagsbehandlingen for målgruppen",
]


def test_the_four_themes_say_what_seed_004_says() -> None:
    with translation.override("da"):
        assert [str(label) for _value, label in Prerequisite.choices] == SEED_004
    assert not any("CTI" in str(label) for _value, label in Prerequisite.choices)
