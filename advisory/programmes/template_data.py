"""The three built-in programme templates, as data, and their conversion to the engine's dataclasses.

The texts are the seeds' own (Danish content, edited by administrators as data, not
UI strings): group from "Overordnet plan for gruppebaseret rådgivningsforløb"
(seed 003), individual from seed 001, taskforce from seed 004. ``load_builtin_templates``
in services stores them as the first version of each template.
"""

from __future__ import annotations

from typing import Any

from advisory.programmes.scheduling import (
    MAX_ACTIVITIES,
    ActivitySpec,
    Criterion,
    Offset,
    OptionSpec,
    Participant,
    PhaseSpec,
    Placement,
    Rule,
    TemplateSpec,
    default_options,
    planned_count,
)

TOVHOLDER = {"role": "coordinator", "note": "Overordnet / ansvarlig tovholder"}
BROAD = {
    "role": "leaders_and_staff",
    "note": "Bred repræsentation af relevante ledere og medarbejdere i relation til temaet",
}
TEAM = {"role": "implementation_team", "note": "Evt. repræsentanter fra implementeringsteam"}


def _offset(ref: str, amount: int, unit: str, tolerance: int = 0) -> dict[str, Any]:
    return {"type": "offset", "ref": ref, "amount": amount, "unit": unit, "tolerance": tolerance}


def _offset_rule(label: str, ref: str, amount: int, unit: str, tolerance: int) -> dict[str, Any]:
    return {"type": "offset", "label": label, "ref": ref, "amount": amount, "unit": unit, "tolerance": tolerance}


def _deadline(label: str, ref: str, amount: int, unit: str) -> dict[str, Any]:
    return {"type": "deadline", "label": label, "ref": ref, "amount": amount, "unit": unit}


GROUP: dict[str, Any] = {
    "kind": "group",
    "name": "Gruppebaseret rådgivningsforløb",
    "anchors": ["acceptance"],
    "optional_anchors": ["kickoff"],
    # The counts a person chooses when planning: the seed's "minimum 2 fælles refleksionsmøder", and no more
    # than the change phase of about four months holds with two weeks between the meetings.
    "options": {"reflection_meetings": {"min": 2, "max": 6, "label": "refleksionsmøder"}},
    "organisations": {"min": 3, "max": 6, "kinds": ["municipality", "shelter"]},
    "ends_with": "follow_up_call",
    "roles": [
        {
            "party": "organisation",
            "title": "Kommunens / § 110-boformens rolle og opgaver",
            "tasks": [
                "Afklare egne roller og ansvar, herunder ledelsesansvar med nedsættelse af en tværgående "
                "ledergruppe og et relevant implementeringsteam.",
                "Ansvarlig for at sætte en tydelig retning for udvikling og justering af praksis i relation til "
                "temaet for gruppeforløbet samt fastlægge egne aktiviteter i forløbet – herunder at arbejde aktivt "
                "med prøvehandlinger og opsamlingen på disse med henblik på justering af praksis.",
                "Ansvarlig for den lokale fremdrift i udviklings- og implementeringsarbejdet.",
                "Bidrage med indhold, der skal indgå i drøftelser på de planlagte fælles møder på tværs af "
                "deltagende kommuner / § 110-boformer.",
                "Deltage aktivt i samarbejdet med relevant deltagerkreds på de aftalte møder.",
            ],
        },
        {
            "party": "agency",
            "title": "Socialstyrelsens rolle og opgaver",
            "tasks": [
                "Bidrage med viden om temaet for gruppeforløbet.",
                "Være procesfacilitator af dialoger og drøftelser.",
                "Være eksperter i anvendelsen af værktøjerne til understøttelse af arbejdet med temaet for "
                "gruppeforløbet samt prøvehandlinger.",
                "Give feedback og sparring på de lokale erfaringer med prøvehandlinger på de fælles møder på tværs "
                "af deltagere i forløbet.",
                "Være sparringspartner i forhold til udfordringer i udviklings- og implementeringsarbejdet.",
                "Designe, planlægge og facilitere sparring på opstartsmøde, refleksionsmøder og afsluttende møde "
                "med udgangspunkt i de deltagende kommuners / § 110-boformers ønsker og behov.",
            ],
        },
    ],
    "phases": [
        {"key": "prepare", "title": "Forberede", "nominal": "ca. 1 måned", "starts_at": "acceptance"},
        {
            "key": "change",
            "title": "Forandre",
            "nominal": "ca. 4 måneder",
            "starts_at": "kickoff_follow_up_call",
            "start_offset_days": 1,
        },
        {"key": "anchor", "title": "Forankre", "nominal": "ca. 1 måned", "starts_at": "closing_preparation"},
        {
            "key": "follow_up",
            "title": "Opfølgning",
            "nominal": "3 måneder efter afsluttende møde",
            "starts_at": "closing_meeting",
            "start_offset_days": 1,
        },
    ],
    "activities": [
        {
            "key": "expectations_call",
            "title": "Indledende telefonisk forventningsafstemning",
            "phase": "prepare",
            "format": "phone",
            "scope": "per_organisation",
            "duration_minutes": 30,
            "placement": _offset("kickoff", -14, "days", 3),
            "rules": [_offset_rule("ca. 14 dage før opstartsmødet (±3 arbejdsdage)", "kickoff", -14, "days", 3)],
            "participants": [TOVHOLDER],
            "purpose": [
                "At relevant deltagerkreds til opstartsmøde deltager.",
                "At alle mødedatoer er booket i alle relevante kalendere.",
                "Afstemning af forventninger til deltagelse og indledende snak om valg af lokal prøvehandling.",
            ],
            "success_criteria": [
                {
                    "text": "Alle relevante deltagere til de forskellige møder er bookede",
                    "evidence": "participants_booked",
                },
                {"text": "Kommunen / § 110-boformen kender til forventningerne til deres aktive deltagelse i forløbet"},
            ],
        },
        {
            "key": "kickoff",
            "title": "Opstartsmøde",
            "phase": "prepare",
            "format": "virtual",
            "scope": "shared",
            "duration_minutes": 300,
            "placement": _offset("acceptance", 1, "months", 5),
            "rules": [
                _offset_rule("ca. 1 måned efter skriftligt tilsagn (±5 arbejdsdage)", "acceptance", 1, "months", 5)
            ],
            "participants": [BROAD],
            "required_functions": ["leadership_group", "implementation_team"],
            "purpose": [
                "At få skabt et godt afsæt for forløbet og det lokale arbejde.",
                "At introducere til temaet og det at arbejde med prøvehandlinger.",
                "At skabe bunden for et netværk mellem deltagerne.",
            ],
            "success_criteria": [
                {
                    "text": "Alle deltagende kommuner / § 110-boformer er klædt på til det lokale arbejde "
                    "og ved, hvad de skal"
                },
            ],
        },
        {
            "key": "kickoff_follow_up_call",
            "title": "Telefonisk opfølgning på opstartsmøde",
            "phase": "prepare",
            "format": "phone",
            "scope": "per_organisation",
            "duration_minutes": 30,
            "placement": _offset("kickoff", 1, "weeks", 2),
            "rules": [_offset_rule("ca. 1 uge efter opstartsmødet (±2 arbejdsdage)", "kickoff", 1, "weeks", 2)],
            "participants": [TOVHOLDER],
            "purpose": [
                "At sikre at kommunen / § 110-boformen er klar på arbejdet med prøvehandlinger og ved, hvad de skal "
                "gøre inden 1. refleksionsmøde.",
            ],
            "success_criteria": [
                {"text": "Kommunen / § 110-boformen har fået skabt en god struktur for arbejdet med prøvehandlinger"},
            ],
        },
        {
            "key": "closing_meeting",
            "title": "Afsluttende møde",
            "phase": "anchor",
            "format": "virtual",
            "scope": "shared",
            "duration_minutes": 300,
            "placement": _offset("kickoff", 5, "months", 5),
            "rules": [_deadline("senest 6 måneder efter opstartsmødet", "kickoff", 6, "months")],
            "required_functions": ["leadership_group", "implementation_team"],
            "participants": [
                {**BROAD, "note": BROAD["note"] + " (i udgangspunktet samme deltagerkreds som til opstartsmødet)"}
            ],
            "purpose": [
                "At erfaringsudveksle og sparre på tværs af deltagende kommuner / § 110-boformer i relation til "
                "arbejdet med prøvehandlinger og temaet for forløbet.",
                "At gøre status på arbejdet og fokusere på det fortsatte arbejde fremadrettet.",
            ],
            "success_criteria": [
                {
                    "text": "Deltagerne oplever at have fået relevant sparring på og input til deres udviklings- og "
                    "implementeringsarbejde",
                    "evidence": "evaluation_answered",
                },
                {"text": "Der er lokalt fokus på det videre arbejde"},
            ],
        },
        {
            "key": "reflection_meeting",
            "title": "Fælles refleksionsmøde",
            "phase": "change",
            "format": "in_person",
            "scope": "shared",
            "duration_minutes": 300,
            "placement": {
                "type": "spread",
                "after": "kickoff_follow_up_call",
                "before": "closing_meeting",
                "count_option": "reflection_meetings",
                "default_count": 2,
            },
            "rules": [
                {"type": "min_count", "label": "minimum 2 fælles refleksionsmøder", "minimum": 2},
                {
                    "type": "min_gap",
                    "label": "spredt ud over forandringsfasen med mindst 2 uger til prøvehandlinger mellem møderne",
                    "minimum": 14,
                },
            ],
            "people_per_organisation": {"min": 3, "max": 5},
            "participants": [
                {"role": "coordinator", "note": "Overordnet / ansvarlig tovholder"},
                {
                    "role": "implementation_team",
                    "min_people": 3,
                    "max_people": 5,
                    "note": "Repræsentanter fra implementeringsteam (3-5 deltagere i alt pr. kommune / § 110-boform)",
                },
            ],
            "purpose": [
                "At erfaringsudveksle og sparre på tværs af deltagende kommuner / § 110-boformer i relation til "
                "arbejdet med prøvehandlinger og temaet for forløbet.",
                "At understøtte netværksdannelse mellem deltagerne.",
            ],
            "success_criteria": [
                {
                    "text": "Deltagerne oplever at have fået relevant sparring på og input til deres udviklings- og "
                    "implementeringsarbejde",
                    "evidence": "evaluation_answered",
                },
            ],
        },
        {
            "key": "trial_action_period",
            "title": "Lokale prøvehandlinger",
            "phase": "change",
            "format": "local_work",
            "scope": "per_organisation",
            "placement": {"type": "periods", "series": ["kickoff", "reflection_meeting", "closing_meeting"]},
            "rules": [{"type": "min_count", "label": "minimum 3 perioder med lokale prøvehandlinger", "minimum": 3}],
            "participants": [
                {
                    "role": "implementation_team",
                    "note": "Relevante medarbejdere og ledere i relation til temaet og de valgte prøvehandlinger",
                }
            ],
            "purpose": ["At afprøve og justere praksis i retning af det ønskede mål for deltagelsen i forløbet."],
            "success_criteria": [
                {"text": "Praksis udvikles i retning af det ønskede mål for deltagelsen i forløbet"},
                {"text": "Der er gennemført minimum 3 lokale prøvehandlinger", "evidence": "trial_actions_completed:3"},
            ],
        },
        {
            "key": "reflection_preparation",
            "title": "Lokal forberedelse af refleksionsmøde",
            "phase": "change",
            "format": "local_work",
            "scope": "per_organisation",
            "placement": {"type": "before_each", "target": "reflection_meeting", "amount": -7, "unit": "days"},
            "participants": [TOVHOLDER, TEAM],
            "purpose": [
                "At forberede en præsentation af erfaringerne med de lokale prøvehandlinger.",
                "At medvirke til gode fælles refleksionsmøder.",
            ],
            "success_criteria": [
                {
                    "text": "Der foreligger en præsentation af de lokale erfaringer med prøvehandlinger",
                    "evidence": "presentation_uploaded",
                },
            ],
        },
        {
            "key": "closing_preparation",
            "title": "Lokal forberedelse af afsluttende møde",
            "phase": "anchor",
            "format": "local_work",
            "scope": "per_organisation",
            "placement": _offset("closing_meeting", -14, "days"),
            "participants": [TOVHOLDER, TEAM],
            "purpose": [
                "At forberede en præsentation af erfaringerne med de lokale prøvehandlinger, herunder hvor langt de "
                "er nået ift. målsætning og motivation for deltagelse.",
                "At medvirke til et godt afsluttende møde.",
            ],
            "success_criteria": [
                {
                    "text": "Der foreligger en præsentation af de lokale erfaringer med prøvehandlinger",
                    "evidence": "presentation_uploaded",
                },
            ],
        },
        {
            "key": "follow_up_call",
            "title": "Telefonisk opfølgning",
            "phase": "follow_up",
            "format": "phone",
            "scope": "per_organisation",
            "duration_minutes": 30,
            "placement": _offset("closing_meeting", 3, "months", 5),
            "rules": [
                _offset_rule("3 måneder efter det afsluttende møde (±5 arbejdsdage)", "closing_meeting", 3, "months", 5)
            ],
            "participants": [TOVHOLDER],
            "purpose": [
                "Opfølgning på det videre arbejde med prøvehandlinger med henblik på udvikling og implementering af "
                "praksis i retning af de ønskede mål.",
            ],
            "success_criteria": [
                {"text": "Der er fortsat fremdrift i det videre lokale udviklings- og implementeringsarbejde"}
            ],
        },
    ],
}


INDIVIDUAL: dict[str, Any] = {
    "kind": "individual",
    "name": "Individuelt rådgivningsforløb",
    "anchors": ["start"],
    "optional_anchors": ["agreement_signed"],
    # At most what three weeks between the meetings allow in the agreement's change phase (15 months).
    "options": {"support_meetings": {"min": 1, "max": 17, "label": "implementeringsstøttemøder"}},
    "organisations": {"min": 1, "max": 1, "kinds": ["municipality", "shelter"]},
    "ends_with": "closing_meeting",
    "roles": [
        {
            "party": "organisation",
            "title": "Kommunens / § 110-boformens rolle og opgaver",
            "tasks": [
                "Bidrage til afdækningen af den eksisterende lokale praksis.",
                "Udvælge strategiske udviklingspunkter og fastlægge mål for indsatsen i samarbejde med "
                "Rådgivningsfunktionen på baggrund af afdækningen og de prioriterede anbefalinger.",
                "Udføre det konkrete udviklings- og implementeringsarbejde i forandringsfasen med afsæt i "
                "samarbejdsaftalen.",
                "Sikre den forventede deltagelse, organisering og bemanding i forløbet.",
                "Forankre og fastholde fokus på den nye praksis og deltage i afslutning og evaluering af forløbet.",
            ],
        },
        {
            "party": "agency",
            "title": "Social- og Boligstyrelsens rådgivningsfunktions rolle og opgaver",
            "tasks": [
                "Foretage en afdækning af den lokale praksis og give et sæt prioriterede anbefalinger.",
                "Understøtte udvælgelsen af strategiske udviklingspunkter og fastlæggelsen af mål.",
                "Give implementeringsstøtte til udviklings- og implementeringsarbejdet med udgangspunkt i viden om "
                "implementering og erfaringerne med Housing First-tilgangen.",
                "Have særligt fokus på de tre forudsætninger for en stærk forankring af Housing First-tilgangen.",
                "Afslutte og evaluere forløbet og understøtte forankringen af den nye praksis.",
            ],
        },
    ],
    "phases": [
        {"key": "prepare", "title": "Forberede", "nominal": "ca. 3 måneder", "starts_at": "start"},
        {
            "key": "change",
            "title": "Forandre",
            "nominal": "samarbejdsaftalens første ca. 15 måneder",
            "starts_at": "agreement_signed",
            "start_offset_days": 1,
        },
        {
            "key": "anchor",
            "title": "Forankre",
            "nominal": "de sidste ca. 3 måneder af samarbejdsaftalen",
            "starts_at": "anchoring_start",
        },
    ],
    "activities": [
        {
            "key": "start_meeting",
            "title": "Opstartsmøde",
            "phase": "prepare",
            "format": "virtual",
            "duration_minutes": 120,
            "placement": _offset("start", 2, "weeks", 3),
            "participants": [TOVHOLDER, {"role": "leadership_group", "note": "Relevante ledere"}],
            "purpose": ["Forventningsafstemning og planlægning af afdækningen af den lokale praksis."],
        },
        {
            "key": "practice_mapping",
            "title": "Afdækning af eksisterende praksis",
            "phase": "prepare",
            "format": "local_work",
            "placement": {**_offset("start", 15, "days"), "until": "recommendations"},
            "participants": [TOVHOLDER],
            "purpose": ["En afdækning af den lokale praksis ud fra de tre forudsætninger for Housing First."],
            "success_criteria": [{"text": "Afdækningen er gennemført og beskrevet"}],
        },
        {
            "key": "recommendations",
            "title": "Prioriterede anbefalinger",
            "phase": "prepare",
            "format": "milestone",
            "placement": _offset("start", 9, "weeks", 3),
            "purpose": ["Rådgivningsfunktionen giver et sæt prioriterede anbefalinger på baggrund af afdækningen."],
        },
        {
            "key": "development_points_meeting",
            "title": "Valg af udviklingspunkter og mål",
            "phase": "prepare",
            "format": "in_person",
            "duration_minutes": 180,
            "placement": _offset("start", 11, "weeks", 3),
            "participants": [TOVHOLDER, {"role": "leadership_group", "note": "Tværgående ledergruppe"}],
            "purpose": [
                "Kommunen / § 110-boformen og Rådgivningsfunktionen udvælger strategiske udviklingspunkter "
                "og fastlægger mål."
            ],
        },
        {
            "key": "agreement_signed",
            "title": "Samarbejdsaftale indgås",
            "phase": "prepare",
            "format": "milestone",
            "placement": _offset("start", 3, "months", 5),
            "rules": [_offset_rule("ca. 3 måneder efter forløbets start (±5 arbejdsdage)", "start", 3, "months", 5)],
            "purpose": [
                "Samarbejdsaftalen har en varighed på halvandet år og dækker forandrings- og forankringsfasen."
            ],
            "success_criteria": [{"text": "Samarbejdsaftalen er underskrevet"}],
        },
        {
            "key": "support_meeting",
            "title": "Implementeringsstøttemøde",
            "phase": "change",
            "format": "virtual",
            "duration_minutes": 120,
            "placement": {
                "type": "spread",
                "after": "agreement_signed",
                "before": "anchoring_start",
                "count_option": "support_meetings",
                "default_count": 6,
            },
            "rules": [
                {"type": "min_count", "label": "mindst 1 implementeringsstøttemøde", "minimum": 1},
                {"type": "min_gap", "label": "mindst 3 uger mellem møderne", "minimum": 21},
            ],
            "participants": [TOVHOLDER, TEAM],
            "purpose": ["Implementeringsstøtte til det konkrete udviklings- og implementeringsarbejde."],
        },
        {
            "key": "anchoring_start",
            "title": "Forankringsfasen begynder",
            "phase": "anchor",
            "format": "milestone",
            "placement": _offset("agreement_signed", 15, "months", 5),
        },
        {
            "key": "closing_meeting",
            "title": "Afslutning og evaluering",
            "phase": "anchor",
            "format": "in_person",
            "duration_minutes": 240,
            "placement": _offset("agreement_signed", 77, "weeks", 5),
            "rules": [
                _deadline(
                    "senest 18 måneder efter samarbejdsaftalen (aftalens udløb)", "agreement_signed", 18, "months"
                )
            ],
            "participants": [TOVHOLDER, TEAM, {"role": "leadership_group", "note": "Tværgående ledergruppe"}],
            "purpose": [
                "Afslutning inkl. evaluering og støtte til forankring og fastholdelse af fokus på den nye praksis."
            ],
            "success_criteria": [
                {"text": "Der foreligger en plan for fastholdelse af den nye praksis"},
                {"text": "Forløbet er evalueret", "evidence": "evaluation_answered"},
            ],
        },
    ],
}


TASKFORCE: dict[str, Any] = {
    "kind": "taskforce",
    "name": "Taskforce-forløb",
    "anchors": ["start"],
    "optional_anchors": [],
    # At least the three the rules ask for; at most what three weeks apart allow in the development phase.
    "options": {"status_meetings": {"min": 3, "max": 15, "label": "statusmøder"}},
    "organisations": {"min": 1, "max": 1, "kinds": ["municipality"]},
    "ends_with": "closing_meeting",
    "roles": [
        {
            "party": "organisation",
            "title": "Kommunens rolle og opgaver",
            "tasks": [
                "Indgå samarbejdsaftale og aftaler om samarbejde omkring dataindsamling.",
                "Etablere den nødvendige tværgående kommunale organisering med et implementeringsteam og en "
                "styregruppe, som kan træffe beslutninger og understøtte den kommunale udviklingsproces.",
                "Udvælge udviklingspunkter og mål sammen med taskforcen med udgangspunkt i analysens anbefalinger.",
                "Formulere en udviklingsplan med sparring fra taskforcen og deltage i statusmøder med taskforcen.",
                "Lægge en plan for den fortsatte udvikling af den samlede hjemløshedsindsats efter endt forløb.",
                "Stille op til aktiviteter og stille mødefaciliteter og forplejning til rådighed ved fysiske møder.",
            ],
        },
        {
            "party": "agency",
            "title": "Social- og Boligstyrelsens rolle og opgaver",
            "tasks": [
                "Indsamle data og udarbejde en grundig socialfaglig og organisatorisk analyse af kommunens samlede "
                "indsats med faglige anbefalinger til kvalitetsudvikling af praksis.",
                "Bidrage med viden om Housing First-tilgangen til kvalitetsudvikling og omlægning af praksis.",
                "Afholde kick-off workshop, tilbyde læringsaktiviteter og give sparring på udviklingsplanen.",
                "Følge op på aftaler og fremdrift i implementeringen af udviklingsplanen på statusmøderne.",
                "Præsentere analysens resultater og forløbets effekter for det kommunalpolitiske niveau.",
            ],
        },
        {
            "party": "appeals_agency",
            "title": "Ankestyrelsens rolle og opgaver",
            "tasks": [
                "Bidrage med den juridiske analyse af kommunens samlede indsats på hjemløshedsområdet.",
                "Understøtte den juridiske og socialfaglige kvalitet i sagsbehandlingen for målgruppen.",
                "Deltage i taskforcen sammen med Social- og Boligstyrelsen gennem hele forløbet.",
            ],
        },
    ],
    "phases": [
        {"key": "preparation", "title": "Forberedelse", "nominal": "ca. 1 måned", "starts_at": "start"},
        {"key": "analysis", "title": "Analyse", "nominal": "ca. 6 måneder", "starts_at": "analysis_start"},
        {"key": "development", "title": "Udvikling", "nominal": "ca. 14 måneder", "starts_at": "kickoff_workshop"},
        {"key": "anchoring", "title": "Forankring", "nominal": "ca. 3 måneder", "starts_at": "anchoring_start"},
    ],
    "activities": [
        {
            "key": "kickoff",
            "title": "Opstartsmøde med kommunen",
            "phase": "preparation",
            "format": "in_person",
            "duration_minutes": 180,
            "placement": _offset("start", 0, "days", 2),
            "participants": [{"role": "steering_group", "note": "Kommunens ledelse"}, TOVHOLDER],
            "purpose": [
                "Samarbejdsaftale og aftaler om dataindsamling; kommunen etablerer implementeringsteam og styregruppe."
            ],
        },
        {
            "key": "collaboration_agreement",
            "title": "Samarbejdsaftale og aftaler om dataindsamling",
            "phase": "preparation",
            "format": "milestone",
            "placement": _offset("kickoff", 3, "weeks", 3),
            "success_criteria": [
                {"text": "Samarbejdsaftalen er indgået"},
                {"text": "Implementeringsteam og styregruppe er nedsat"},
            ],
        },
        {
            "key": "analysis_start",
            "title": "Analysefasen begynder",
            "phase": "analysis",
            "format": "milestone",
            "placement": _offset("start", 1, "months", 3),
        },
        {
            "key": "data_collection",
            "title": "Dataindsamling",
            "phase": "analysis",
            "format": "local_work",
            "placement": {**_offset("analysis_start", 1, "days"), "until": "analysis_report"},
            "participants": [TOVHOLDER],
            "purpose": ["Taskforcen indsamler data om kommunens samlede indsats."],
        },
        {
            "key": "analysis_report",
            "title": "Analyserapport med anbefalinger",
            "phase": "analysis",
            "format": "milestone",
            "placement": _offset("analysis_start", 5, "months", 5),
            "purpose": ["En socialfaglig, juridisk og organisatorisk analyse af kommunens samlede indsats."],
        },
        {
            "key": "development_points_meeting",
            "title": "Valg af udviklingspunkter og mål",
            "phase": "analysis",
            "format": "in_person",
            "duration_minutes": 180,
            "placement": _offset("analysis_report", 2, "weeks", 3),
        },
        {
            "key": "political_presentation_analysis",
            "title": "Præsentation af analysen for det politiske niveau",
            "phase": "analysis",
            "format": "in_person",
            "duration_minutes": 60,
            "placement": _offset("analysis_start", 23, "weeks", 5),
            "rules": [_deadline("inden udviklingsfasens kick-off workshop", "kickoff_workshop", 0, "days")],
        },
        {
            "key": "kickoff_workshop",
            "title": "Kick-off workshop",
            "phase": "development",
            "format": "in_person",
            "duration_minutes": 300,
            "placement": _offset("analysis_start", 6, "months", 10),
            "rules": [_offset_rule("ca. 7 måneder efter forløbets start", "start", 7, "months", 10)],
        },
        {
            "key": "development_plan",
            "title": "Udviklingsplan",
            "phase": "development",
            "format": "milestone",
            "placement": _offset("kickoff_workshop", 1, "months", 5),
        },
        {
            "key": "status_meeting",
            "title": "Statusmøde",
            "phase": "development",
            "format": "in_person",
            "duration_minutes": 120,
            "placement": {
                "type": "spread",
                "after": "development_plan",
                "before": "anchoring_start",
                "count_option": "status_meetings",
                "default_count": 6,
            },
            "rules": [
                {"type": "min_count", "label": "mindst 3 statusmøder", "minimum": 3},
                {"type": "min_gap", "label": "mindst 3 uger mellem statusmøderne", "minimum": 21},
            ],
            "participants": [{"role": "implementation_team", "note": "Kommunens implementeringsteam"}],
        },
        {
            "key": "anchoring_start",
            "title": "Forankringsfasen begynder",
            "phase": "anchoring",
            "format": "milestone",
            "placement": _offset("kickoff_workshop", 14, "months", 5),
        },
        {
            "key": "continuation_plan",
            "title": "Plan for den fortsatte udvikling",
            "phase": "anchoring",
            "format": "milestone",
            "placement": _offset("anchoring_start", 2, "months", 5),
        },
        {
            "key": "political_presentation_effects",
            "title": "Præsentation af effekter for det politiske niveau",
            "phase": "anchoring",
            "format": "in_person",
            "duration_minutes": 60,
            "placement": _offset("anchoring_start", 10, "weeks", 5),
        },
        {
            "key": "closing_meeting",
            "title": "Afsluttende møde",
            "phase": "anchoring",
            "format": "in_person",
            "duration_minutes": 180,
            "placement": _offset("start", 103, "weeks", 5),
            "rules": [_deadline("senest 2 år efter forløbets start", "start", 24, "months")],
        },
    ],
}


def builtin_templates() -> list[dict[str, Any]]:
    return [GROUP, INDIVIDUAL, TASKFORCE]


def _placement(data: dict[str, Any]) -> Placement:
    offset = Offset(int(data.get("amount", 0)), data.get("unit", "days"))
    return Placement(
        type=data["type"],
        ref=data.get("ref", ""),
        offset=offset,
        tolerance=int(data.get("tolerance", 0)),
        after=data.get("after", ""),
        before=data.get("before", ""),
        count_option=data.get("count_option", ""),
        default_count=int(data.get("default_count", 1)),
        series=tuple(data.get("series", ())),
        target=data.get("target", ""),
        until=data.get("until", ""),
    )


def _rule(data: dict[str, Any]) -> Rule:
    return Rule(
        type=data["type"],
        label=data["label"],
        ref=data.get("ref", ""),
        offset=Offset(int(data.get("amount", 0)), data.get("unit", "days")),
        tolerance=int(data.get("tolerance", 0)),
        minimum=int(data.get("minimum", 0)),
    )


# A stored template of the first format gave an option only its minimum ({"reflection_meetings": 2}). It gets the
# built-in template's label and, as its maximum, the larger of the built-in one and the 12 that the programme form
# always allowed, so that no programme planned under it falls outside its bounds.
FORM_MAXIMUM_BEFORE_BOUNDS = 12


def _builtin_option(name: str) -> dict[str, Any]:
    for template in builtin_templates():
        option = template.get("options", {}).get(name)
        if isinstance(option, dict):
            return option
    return {}


def _options(data: dict[str, Any]) -> dict[str, OptionSpec]:
    options = {}
    for name, value in data.items():
        if isinstance(value, dict):
            minimum, maximum, label = int(value["min"]), int(value["max"]), str(value.get("label", ""))
        else:
            builtin = _builtin_option(name)
            minimum = int(value)
            maximum = max(int(builtin.get("max", 0)), FORM_MAXIMUM_BEFORE_BOUNDS, minimum)
            label = str(builtin.get("label", ""))
        if not 0 <= minimum <= maximum:
            raise ValueError(f"the option {name} needs 0 <= min <= max")
        options[name] = OptionSpec(minimum=minimum, maximum=maximum, label=label)
    return options


def template_from_dict(data: dict[str, Any]) -> TemplateSpec:
    """The engine's TemplateSpec from the stored JSON; raises KeyError/ValueError on bad data."""
    if not isinstance(data, dict):
        raise TypeError("the rules must be an object")
    activities = tuple(
        ActivitySpec(
            key=a["key"],
            title=a["title"],
            phase=a["phase"],
            format=a["format"],
            placement=_placement(a["placement"]),
            scope=a.get("scope", "shared"),
            duration_minutes=a.get("duration_minutes"),
            participants=tuple(
                Participant(p["role"], p.get("min_people"), p.get("max_people"), p.get("note", ""))
                for p in a.get("participants", ())
            ),
            purpose=tuple(a.get("purpose", ())),
            success_criteria=tuple(Criterion(c["text"], c.get("evidence", "")) for c in a.get("success_criteria", ())),
            rules=tuple(_rule(r) for r in a.get("rules", ())),
            reminder_days=tuple(a.get("reminder_days", (14, 2))),
            people_per_organisation=(
                a.get("people_per_organisation", {}).get("min"),
                a.get("people_per_organisation", {}).get("max"),
            ),
            required_functions=tuple(a.get("required_functions", ())),
        )
        for a in data["activities"]
    )
    keys = [a.key for a in activities]
    if len(set(keys)) != len(keys):
        raise ValueError("activity keys must be unique")
    known = set(keys) | set(data["anchors"]) | set(data.get("optional_anchors", ()))
    for activity in activities:
        placement = activity.placement
        refs = [placement.ref, placement.after, placement.before, placement.target, placement.until]
        refs += list(activity.placement.series) + [rule.ref for rule in activity.rules]
        unknown = [ref for ref in refs if ref and ref not in known]
        if unknown:
            raise ValueError(f"{activity.key} refers to unknown {', '.join(unknown)}")
    phases = tuple(
        PhaseSpec(p["key"], p["title"], p.get("nominal", ""), p["starts_at"], int(p.get("start_offset_days", 0)))
        for p in data["phases"]
    )
    unknown_phase_refs = [p.starts_at for p in phases if p.starts_at not in known]
    if data["ends_with"] not in known:
        unknown_phase_refs.append(data["ends_with"])
    if unknown_phase_refs:
        raise ValueError(f"the phases refer to unknown {', '.join(unknown_phase_refs)}")
    template = TemplateSpec(
        kind=data["kind"],
        name=data["name"],
        anchors=tuple(data["anchors"]),
        optional_anchors=tuple(data.get("optional_anchors", ())),
        phases=phases,
        activities=activities,
        ends_with=data["ends_with"],
        options=_options(data.get("options", {})),
        min_organisations=int(data.get("organisations", {}).get("min", 1)),
        max_organisations=int(data.get("organisations", {}).get("max", 1)),
        organisation_kinds=tuple(data.get("organisations", {}).get("kinds", ("municipality", "shelter"))),
    )
    _check_counts(template)
    return template


def _check_counts(template: TemplateSpec) -> None:
    """Each default count lies within its option's bounds, and the largest plan within the engine's maximum."""
    for activity in template.activities:
        option = template.options.get(activity.placement.count_option)
        if option is not None and not option.minimum <= activity.placement.default_count <= option.maximum:
            raise ValueError(f"{activity.key}: the default count lies outside the bounds of its option")
    largest = {**default_options(template), **{name: option.maximum for name, option in template.options.items()}}
    if planned_count(template, largest) > MAX_ACTIVITIES:
        raise ValueError(f"at the options' maximums the plan has more than {MAX_ACTIVITIES} activities")
