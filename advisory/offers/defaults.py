"""The offers' texts as the agency's public pages state them (seeds 000, 001 and 004), shown while advisors
have not stored their own (a fresh database shows sensible pages). English: the same, translated."""

from __future__ import annotations

DEFAULT_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "group": {
        "da": (
            "Kommuner og § 110-boformer kan gennem gruppebaserede rådgivningsforløb få støtte til arbejdet med "
            "konkrete temaer inden for hjemløshedsområdet – og etablere et netværk med andre, som er optaget af "
            "det samme tema.",
            "Rådgivningsfunktionen udbyder gruppebaserede rådgivningsforløb to gange årligt. I et gruppebaseret "
            "forløb foregår udviklings- og implementeringsarbejdet i mindre grupper af kommuner eller "
            "§ 110-boformer med afsæt i et konkret tema, som udmeldes af Rådgivningsfunktionen. Grupperne har tre "
            "til seks deltagere.\n\n"
            "Forløbet er planlagt ud fra en præmis om, at den lokale praksis udvikles gennem lokale "
            "prøvehandlinger:\n"
            "- I vælger et lokalt udviklingspunkt i relation til temaet.\n"
            "- I samler lokale erfaringer i en afgrænset periode.\n"
            "- I evaluerer og justerer prøvehandlingen lokalt og i fællesskab med de andre deltagere og "
            "Rådgivningsfunktionen.\n\n"
            "Et gruppebaseret rådgivningsforløb varer ca. et halvt år. Rådgivningsfunktionen følger op på jeres "
            "fortsatte arbejde med temaet tre måneder efter forløbets afslutning.",
        ),
        "en": (
            "Through group-based advisory programmes, municipalities and § 110 shelters get support for their work "
            "on a concrete theme in the field of homelessness – and build a network with others working on the "
            "same theme.",
            "The advisory function offers group-based advisory programmes twice a year. In a group-based programme "
            "the development and implementation work takes place in small groups of municipalities or § 110 "
            "shelters, based on a concrete theme announced by the advisory function. Groups have three to six "
            "participants.\n\n"
            "The programme is built on developing local practice through local trial actions:\n"
            "- You choose a local development point related to the theme.\n"
            "- You collect local experience for a limited period.\n"
            "- You evaluate and adjust the trial action locally and together with the other participants and the "
            "advisory function.\n\n"
            "A group-based advisory programme lasts about six months. The advisory function follows up on your "
            "continued work with the theme three months after the programme ends.",
        ),
    },
    "individual": {
        "da": (
            "Kommuner og § 110-boformer kan få individuelt tilrettelagt støtte til udvikling af den lokale "
            "praksis på hjemløshedsområdet, med fokus på konkrete udviklingspunkter og lokalt formulerede mål med "
            "udgangspunkt i Housing First-tilgangen.",
            "I et individuelt rådgivningsforløb tilrettelægges støtten med udgangspunkt i kommunens eller "
            "§ 110-boformens valgte udviklingspunkter og formulerede mål. Udviklingspunkterne udvælges på "
            "baggrund af en afdækning af eksisterende praksis og en række prioriterede anbefalinger. Forløbet "
            "tilpasses derfor i høj grad de lokale behov og den lokale kontekst.\n\n"
            "Rådgivningsfunktionen har særligt fokus på tre centrale forudsætninger for en stærk forankring af "
            "Housing First-tilgangen:\n"
            "- En systematisk tilgang til at skaffe boliger til indsatsen.\n"
            "- En systematisk praksis for at tilbyde borgere i hjemløshed, der flytter i egen bolig, social støtte "
            "efter de specialiserede støttemetoder.\n"
            "- En organisering og et samarbejde mellem relevante aktører, som understøtter udførelsen af "
            "indsatsen.\n\n"
            "Efter forberedelsesfasen indgås en samarbejdsaftale mellem jer og Rådgivningsfunktionen. Den varer "
            "halvandet år og dækker forandrings- og forankringsfasen.",
        ),
        "en": (
            "Municipalities and § 110 shelters can get individually planned support for developing local practice "
            "in the field of homelessness, focused on concrete development points and locally set goals based on "
            "the Housing First approach.",
            "In an individual advisory programme the support is planned from the development points and goals the "
            "municipality or § 110 shelter has chosen. The development points are chosen after a mapping of "
            "current practice and a set of prioritised recommendations, so the programme is fitted closely to "
            "local needs and the local context.\n\n"
            "The advisory function focuses on three central prerequisites for anchoring the Housing First approach "
            "firmly:\n"
            "- A systematic approach to securing housing for the effort.\n"
            "- A systematic practice of offering citizens who move into their own home social support by the "
            "specialised support methods.\n"
            "- An organisation and collaboration between relevant actors that supports the effort.\n\n"
            "After the preparation phase you and the advisory function sign a collaboration agreement. It lasts "
            "one and a half years and covers the change and anchoring phases.",
        ),
    },
    "taskforce": {
        "da": (
            "Kommuner kan få individuelt tilrettelagte toårige forløb, der bidrager til læring og "
            "kvalitetsudvikling af kommunens forebyggelse og bekæmpelse af hjemløshed ved at understøtte en "
            "større udbredelse af Housing First.",
            "Taskforcen er et samarbejde mellem Social- og Boligstyrelsen og Ankestyrelsen, der med afsæt i "
            "Housing First-tilgangen bidrager til kvalitetsudvikling og omlægning af praksis.\n\n"
            "Taskforcens omdrejningspunkt er fire temaer:\n"
            "- En systematisk tilgang til at skaffe boliger til indsatsen.\n"
            "- En systematisk praksis for at tilbyde borgere i hjemløshed, der flytter i egen bolig, social støtte "
            "efter de specialiserede støttemetoder.\n"
            "- En organisering og et samarbejde mellem relevante aktører, som understøtter udførelsen af "
            "indsatsen.\n"
            "- En juridisk og socialfaglig kvalitet i sagsbehandlingen for målgruppen.\n\n"
            "Der startes to taskforce-forløb i foråret og to i efteråret. Beskriv, hvad I har brug for hjælp til, "
            "og hvad I forventer, at et forløb skal bidrage til. Sammen afdækker vi, hvordan jeres behov bedst "
            "kan imødekommes, og aftaler nærmere proces og opstart.",
        ),
        "en": (
            "Municipalities can get individually planned two-year programmes that support learning and quality "
            "development in the municipality's prevention and reduction of homelessness by spreading Housing First "
            "further.",
            "The taskforce is a collaboration between Social- og Boligstyrelsen and Ankestyrelsen that, based on "
            "the Housing First approach, contributes to quality development and changes of practice.\n\n"
            "The taskforce centres on four themes:\n"
            "- A systematic approach to securing housing for the effort.\n"
            "- A systematic practice of offering citizens who move into their own home social support by the "
            "specialised support methods.\n"
            "- An organisation and collaboration between relevant actors that supports the effort.\n"
            "- Legal and social-professional quality in case handling for the target group.\n\n"
            "Two taskforce programmes start in the spring and two in the autumn. Describe what you need help with "
            "and what you expect a programme to contribute. Together we find out how your needs are best met and "
            "agree on the process and the start.",
        ),
    },
}
