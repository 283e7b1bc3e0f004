"""The registry's demo data: Dalarna's structure as the three seed minutes show it.

The sources are the minutes in ``shared/seeds``:

* seed 000 – undated notes from a meeting on the six LPO in Dalarna, autumn 2020;
* seed 002 – Länsnätverket för förvaltningschefer (LCHNV), 28 January 2022;
* seed 003 – RPO rehabilitering, habilitering och försäkringsmedicin, 25 April 2022.

Everything below is written as data, one block per body, each fact with the seed line it comes
from. :func:`load_demo` writes it through the registry's services as the system
(``acting_user=None``) and may be run again: what exists (matched on names) is left alone.

Rules of reading:

* Nobody is invented. A person named by first name only (Yvonne, Susanna, Per) keeps that name.
  Seed 000's "Marie-Louise" is seed 003's Marie-Louise Liljergren (chair of the Dalarna LPO for
  the same programme area) and seed 000's "Tanja" is seed 002's Tanja Mårtensson (who, in both,
  runs the kommun nominations through Socialchefsnätverket): one person each.
* Places known to be filled whose holders are not named are ``unnamed_holders``. Where a seed
  gives no number of places, no seat is made: the body's purpose says who takes part.
* A fact without a date gets none (memberships run from an unknown start). A seat must have an
  opening day: the earliest day the seeds show it on (for seed 000 see :data:`AUTUMN_2020`).
* Where a seed says nothing about a body's place in the structure, a comment says so and what
  was chosen.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from django.db import models, transaction

from kunskapsnav.core.models import Kommun, ProgrammeArea, Region, Sjukvardsregion
from kunskapsnav.core.reference import load_reference
from kunskapsnav.registry import services
from kunskapsnav.registry.models import (
    Body,
    Commission,
    CommissionVersion,
    Membership,
    Nomination,
    Organisation,
    Person,
    Seat,
)

# --- Dates ----------------------------------------------------------------------------------

#: Seed 000 carries no date. It was written in the autumn of 2020: "Socialchefsnätverket kommer
#: under hösten att återuppta nomineringsprocesserna" and "Nytt uppföljande möte i
#: januari/februari 2021". Only where a record must have a date (a seat's opening day) does
#: 1 September 2020 stand for that autumn; it is approximate.
AUTUMN_2020 = dt.date(2020, 9, 1)
#: Seed 002: "Länsnätverket för förvaltningschefer … Datum: 28 januari 2022".
LCHNV_MEETING = dt.date(2022, 1, 28)
#: Seed 003: "Datum: Måndag den 25 april 2022 kl. 14.00-15.30".
RPO_MEETING = dt.date(2022, 4, 25)
#: Seed 002, item 12: "På möte den 11 juni 2021 beslutade Länschefsnätverket att bilda en
#: regional styrgrupp för välfärdsteknik och digitalisering i länet."
VALFARDSTEKNIK_FORMED = dt.date(2021, 6, 11)

# --- Shorthands -----------------------------------------------------------------------------

DALARNA = "20"  # Region.code of Region Dalarna
MELLANSVERIGE = "mellansverige"  # Sjukvardsregion.code
#: The regions of sjukvårdsregion Mellansverige; seed 003 speaks of "de 7 regionerna" and names
#: them all: Gävleborg, Dalarna, Värmland, Örebro län, Västmanland, Sörmland and "Uppland"
#: (Region Uppsala, which "har ingen representant inom RPO").
MELLANSVERIGE_REGIONS = ("03", "04", "17", "18", "19", "20", "21")

REGION_DALARNA = "Region Dalarna"
HALSA_OCH_VALFARD = "Avdelningen för Hälsa och välfärd"

VALFARDSRADET = "Välfärdsrådet"
LCHNV = "Länsnätverket för förvaltningschefer"
LCHNV_STYRGRUPP = "Styrgruppen för Länschefsnätverket"
SCHNV = "Socialchefsnätverket"
SCHNV_STYRGRUPP = "Styrgruppen för Socialchefsnätverket"
VALFARDSTEKNIK = "Regional styrgrupp för välfärdsteknik och digitalisering"
GOD_OCH_NARA_VARD = "Länsgemensam styrgrupp för God och nära vård"
LPO_BARN = "LPO Barn och Unga"
LPO_PSYKISK = "LPO Psykisk Hälsa"
LPO_ALDRE = "LPO Äldre"
LPO_RHF = "LPO Rehabilitering, habilitering och försäkringsmedicin"
LPO_LEVNADSVANOR = "LPO Levnadsvanor"
LPO_PV = "LPO Primärvård"
SUS = "Arbetsgrupp SUS"
RPO_RHF = "RPO rehabilitering, habilitering och försäkringsmedicin"
NPO_RHF = "NPO rehabilitering, habilitering och försäkringsmedicin"

# ProgrammeArea codes from core/reference_data/programomraden.json, with the alias that matched.
PA_BARN = "barn-och-ungdomars-halsa"  # alias "Barn och unga"
PA_PSYKISK = "psykisk-halsa"  # name "Psykisk hälsa"
PA_ALDRE = "aldres-halsa-och-palliativ-vard"  # alias "Äldre"
# alias "Rehab HAB Försäkringsmedicin", abbreviation "RHF"
PA_RHF = "rehabilitering-habilitering-och-forsakringsmedicin"
PA_LEVNADSVANOR = "levnadsvanor"  # name "Levnadsvanor"
PA_PV = "primarvardsrad"  # alias "LPO PV"

K = Body.Kind
L = Body.Level
S = Body.Status
R = Membership.Role
Rep = Seat.Represents

#: Who runs a body (``Body.owners``): Region Dalarna, Dalarna's 15 kommuner, both, or the regions
#: of sjukvårdsregion Mellansverige.
Owners = Literal["", "region", "kommuner", "region och kommuner", "mellansverige"]


# --- The shapes of the data -----------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    """An organisation other than a region or a kommun (those come from the reference data)."""

    name: str
    kind: str
    short_name: str = ""
    parent: str = ""  # the name of another organisation


@dataclass(frozen=True)
class Someone:
    name: str
    title: str = ""
    employer: str = ""  # the name of an organisation
    note: str = ""


@dataclass(frozen=True)
class Place:
    """A seat: ``quota`` places (``quota_min``–``quota`` for a span), some filled unnamed."""

    title: str
    represents: str
    opened_on: dt.date
    quota: int = 1
    quota_min: int | None = None
    profile: str = ""
    seat_type: str = Seat.SeatType.ORDINARIE
    unnamed_holders: int = 0
    nominating_body: str = ""  # the name of a body in this module
    nominating_note: str = ""


@dataclass(frozen=True)
class Member:
    person: str
    role: str = R.LEDAMOT
    representing: str = ""  # the name of an organisation
    note: str = ""


@dataclass(frozen=True)
class BodyData:
    name: str
    kind: str
    level: str
    short_name: str = ""
    status: str = S.AKTIV
    parent: str = ""  # the name of a body earlier in BODIES
    programme_area: str = ""  # ProgrammeArea.code
    region: str = ""  # Region.code
    sjukvardsregion: str = ""  # Sjukvardsregion.code
    owners: Owners = ""
    purpose: str = ""
    established_on: dt.date | None = None
    #: Wound up with ``close_body`` on this day ("Avsluta uppdrag"), after its members were in.
    closed_on: dt.date | None = None
    seats: tuple[Place, ...] = ()
    members: tuple[Member, ...] = ()


@dataclass(frozen=True)
class NominationData:
    body: str
    seat: str  # the seat's title
    note: str
    requested_on: dt.date | None = None


@dataclass(frozen=True)
class CommissionData:
    body: str
    kind: str
    title: str
    text: str
    approved_by: str = ""  # the name of a body; empty leaves the version a draft
    approved_on: dt.date | None = None


# --- Organisations --------------------------------------------------------------------------
# Region Dalarna, the other regions of Mellansverige and Dalarna's 15 kommuner are made from the
# reference rows (Region "20", Kommun rows of region "20"), named as the reference names them.

ORGANISATIONS: tuple[Org, ...] = (
    # Seed 002, header: "Central förvaltning / Hälso- och sjukvårdsenheten / Avdelningen för Hälsa
    # och välfärd"; "Tanja Mårtensson, Chef Hälsa och välfärd, Region Dalarna"; "En processledare
    # från Avdelningen för Hälsa och välfärd, RSS Dalarna".
    Org(
        HALSA_OCH_VALFARD,
        Organisation.Kind.ENHET,
        short_name="Hälsa och välfärd",
        parent=REGION_DALARNA,
    ),
    # Seed 002: "Katarina Kajblad, Verksamhetsutvecklare Dalarnas Hjälpmedelscenter". The seed
    # does not say whose unit it is, so it has no parent organisation.
    Org("Dalarnas Hjälpmedelscenter", Organisation.Kind.ENHET),
)


# --- People ---------------------------------------------------------------------------------

PEOPLE: tuple[Someone, ...] = (
    # Seed 000 -------------------------------------------------------------------------------
    # "Inrättande av ett LPO pågår, Anders Grawé utsedd tillordförande."
    Someone("Anders Grawé"),
    # "Inrättande av ett LPO pågår, Ulf Björnfot utsedd till ordförande."
    Someone("Ulf Björnfot"),
    # "Inrättande av ett LPO pågår, Lotta Jansson utsedd till ordförande."
    Someone("Lotta Jansson"),
    # "Inrättande av ett LPO pågår – Yvonne utsedd till samordnare …" (first name only)
    Someone("Yvonne"),
    # "Behov av granskning av uppdragsbeskrivning – Susanna ansvarig" (first name only)
    Someone("Susanna"),
    # "Per och Tanja inledde med en repetition …"; "Lotta och Tanja och Per ansvarar"
    # (first name only; the seed gives him no body or title)
    Someone(
        "Per",
        note=(
            "Inledde tillsammans med Tanja mötet om de lokala programområdena hösten 2020 och "
            "ansvarar med Lotta och Tanja för remisshanteringen i LAG kognitiv svikt/demens."
        ),
    ),
    # Seed 000 "Marie-Louise utsedd till samordnare" = seed 003 "Marie-Louise Liljergren, Region
    # Dalarna, RAG Rehabilitering" and "Region Dalarna: Marie-Louise är ordförande för LPO …".
    Someone("Marie-Louise Liljergren", employer=REGION_DALARNA),
    # Seed 000 "Tanja" = seed 002 "Tanja Mårtensson, Chef Hälsa och välfärd, Region Dalarna".
    Someone("Tanja Mårtensson", title="Chef Hälsa och välfärd", employer=HALSA_OCH_VALFARD),
    # Seed 002, attendance of Länschefsnätverket 2022-01-28 ---------------------------------
    # "Närvarande: Tomas Ahlin, Malin Lindén Ohlsson, Ulrika Gärdsback, …, Stefan Nielsen"
    # Titles and employers only where the minutes state them.
    Someone("Tomas Ahlin", title="Socialchef", employer="Borlänge kommun"),  # items 9, 11
    Someone("Malin Lindén Ohlsson"),
    Someone("Ulrika Gärdsback", title="Socialchef", employer="Leksands kommun"),  # item 6
    Someone("Jesper Karlsson"),
    Someone("Carina Johansson"),
    Someone("Camilla Sömsk"),  # "(del av mötet)"
    Someone("Marjo Savelius"),  # "(del av mötet)"
    Someone("Inga-Lill Frank"),
    Someone("Pernilla Söderlund"),  # "(del av mötet)"
    # item 5: "Pernilla Elings-Pers, Verksamhetschef, Ludvika kommun"
    Someone("Pernilla Elings-Pers", title="Verksamhetschef", employer="Ludvika kommun"),
    Someone("Maria Ronsten"),
    Someone("Maria Jonsson"),
    Someone("Lena Fröyen"),
    Someone("Anna-Karin Nygårds"),
    Someone("Tobias Berg"),
    Someone("Elisabeth Zimmer"),
    Someone("Elisabeth Fransson"),
    Someone("Annelie Granath"),
    # item 8: "Helene Kastemyr, Divisionschef Primärvård, Region Dalarna"; also "Helén Kastemyr"
    Someone(
        "Helene Kastemyr",
        title="Divisionschef Primärvård",
        employer=REGION_DALARNA,
        note="Skrivs också Helén Kastemyr.",
    ),
    # item 9: "Jeanette Hjortsberg, Divisionschef Psykiatri och habilitering"; item 17: "Regionen
    # har genom Jeanette Hjortsberg tidigare väckt frågan".
    Someone(
        "Jeanette Hjortsberg",
        title="Divisionschef Psykiatri och habilitering",
        employer=REGION_DALARNA,
    ),
    Someone("Åsa Dedering"),
    Someone("Susanne Cliffoord"),
    Someone("Helena Strandberg"),
    Someone("Stefan Nielsen"),
    # Seed 002, föredragande (not in the attendance list, so members of no body) -------------
    # item 5: "Ewa Welén, Processledare Styrgrupp God och nära vård, Region Dalarna"; item 6:
    # "En processledare från Avdelningen för Hälsa och välfärd, RSS Dalarna, har lett styrgruppen"
    Someone("Ewa Welén", title="Processledare", employer=HALSA_OCH_VALFARD),
    # item 5: "Susanne Magnusson, chef för Medicinkliniken, Region Dalarna"
    Someone(
        "Susanne Magnusson",
        title="Chef för Medicinkliniken",
        employer=REGION_DALARNA,
        note=(
            "Föredrog den länsgemensamma strategin för God och nära vård i Länschefsnätverket "
            "2022-01-28."
        ),
    ),
    # item 12: "Katarina Kajblad, Verksamhetsutvecklare Dalarnas Hjälpmedelscenter, Göran
    # Hoffman, IT-chef Hedemora kommun"
    Someone(
        "Katarina Kajblad",
        title="Verksamhetsutvecklare",
        employer="Dalarnas Hjälpmedelscenter",
        note=(
            "Föredrog uppdragsbeskrivningen för regional styrgrupp för välfärdsteknik och "
            "digitalisering i Länschefsnätverket 2022-01-28."
        ),
    ),
    Someone(
        "Göran Hoffman",
        title="IT-chef",
        employer="Hedemora kommun",
        note=(
            "Föredrog uppdragsbeskrivningen för regional styrgrupp för välfärdsteknik och "
            "digitalisering i Länschefsnätverket 2022-01-28."
        ),
    ),
    # item 13: "Maria Högkvist, Utvecklingsledare, Henrietta Forsman, Utvecklingsledare, Hälsa
    # och välfärd, Region Dalarna"
    Someone("Maria Högkvist", title="Utvecklingsledare", employer=HALSA_OCH_VALFARD),
    Someone("Henrietta Forsman", title="Utvecklingsledare", employer=HALSA_OCH_VALFARD),
    # Seed 003, attendance of RPO RHF 2022-04-25 (Marie-Louise Liljergren is above) ----------
    # "Marie Bergsten, Region Gävleborg, RAG Rehabilitering"; "Marie är ordförande inom RAG
    # rehabilitering och LAG rehabilitering".
    Someone(
        "Marie Bergsten",
        employer="Region Gävleborg",
        note="Ordförande i RAG rehabilitering och i LAG rehabilitering i Region Gävleborg.",
    ),
    # "Caisa Hedlund, Region Värmland, RAG Försäkringsmedicin"; "Region Värmland: Cajsa är
    # ordförande i LPO rehabilitering habilitering försäkringsmedicin".
    Someone(
        "Caisa Hedlund",
        employer="Region Värmland",
        note=(
            "Skrivs också Cajsa. Ordförande i LPO rehabilitering habilitering "
            "försäkringsmedicin i Region Värmland."
        ),
    ),
    # "Marie Josephsson finns med i LPO som utvecklingsledare" (Region Värmland, seed 003).
    Someone("Marie Josephsson", title="Utvecklingsledare", employer="Region Värmland"),
    # "Carolina Blomberg, Region Örebro län, RAG Försäkringsmedicin"
    Someone("Carolina Blomberg", employer="Region Örebro län"),
    # "Annica Winroth, Region Västmanland, RAG Habilitering, Syn, Hörsel, Skriv/teckenspråkstolk";
    # "Region Västmanland: Annika berättar …"
    Someone("Annica Winroth", employer="Region Västmanland", note="Skrivs också Annika."),
    # "Annika Öst Nilsson, Region Gävleborg, NPO Rehabilitering Habilitering Försäkringsmedicin"
    Someone("Annika Öst Nilsson", employer="Region Gävleborg"),
    # "Frånvarande: Birgitta Törnblom, Region Sörmland, RAG Habilitering, Syn, Hörsel, …"
    Someone("Birgitta Törnblom", employer="Region Sörmland"),
)


# --- Bodies ---------------------------------------------------------------------------------
# In order: a body's parent comes before it.

BODIES: tuple[BodyData, ...] = (
    # Välfärdsrådet ---------------------------------------------------------------------------
    # Seed 002: "Efter Länschefsnätverkets godkännande lämnar Välfärdsrådet beslut om
    # rekommendation till regionen och kommunerna att godkänna strategin"; "I mars 2021 beslutade
    # Välfärdsrådet att ge Länsnätverket för förvaltningschefer i uppdrag …". Its members are
    # not named. It is the top of the Dalarna cooperation, so it has no parent.
    BodyData(
        VALFARDSRADET,
        kind=K.RAD,
        level=L.LANSGEMENSAM,
        region=DALARNA,
        owners="region och kommuner",
        purpose=(
            "Region Dalarnas och länets kommuners råd. Lämnar rekommendationer till regionen "
            "och kommunerna och ger uppdrag till Länschefsnätverket."
        ),
    ),
    # Länschefsnätverket ---------------------------------------------------------------------
    # Seed 002: "Länsnätverket för förvaltningschefer (Länschefsnätverket, LCHNV)". Under
    # Välfärdsrådet: "Styrgruppen har arbetat på uppdrag från Välfärdsrådet och Länsnätverket för
    # förvaltningschefer" and Välfärdsrådet gives it uppdrag (item 15). Its members are the
    # attendance list of 2022-01-28 ("Närvarande: …"; "(del av mötet)" still counts).
    BodyData(
        LCHNV,
        short_name="LCHNV",
        kind=K.NATVERK,
        level=L.LANSGEMENSAM,
        region=DALARNA,
        parent=VALFARDSRADET,
        owners="region och kommuner",
        purpose=(
            "Länschefsnätverket: förvaltningschefer i Region Dalarna och länets kommuner. "
            "Godkänner bland annat uppdragsbeskrivningar och användningen av länsgemensamma "
            "medel."
        ),
        members=(
            Member("Tomas Ahlin", representing="Borlänge kommun"),
            Member("Malin Lindén Ohlsson"),
            Member("Ulrika Gärdsback", representing="Leksands kommun"),
            Member("Jesper Karlsson"),
            Member("Carina Johansson"),
            Member("Camilla Sömsk"),
            Member("Marjo Savelius"),
            Member("Inga-Lill Frank"),
            Member("Pernilla Söderlund"),
            Member("Pernilla Elings-Pers", representing="Ludvika kommun"),
            Member("Maria Ronsten"),
            Member("Maria Jonsson"),
            Member("Lena Fröyen"),
            Member("Anna-Karin Nygårds"),
            Member("Tobias Berg"),
            Member("Elisabeth Zimmer"),
            Member("Elisabeth Fransson"),
            Member("Annelie Granath"),
            Member("Helene Kastemyr", representing=REGION_DALARNA),
            Member("Jeanette Hjortsberg", representing=REGION_DALARNA),
            Member("Åsa Dedering"),
            Member("Susanne Cliffoord"),
            Member("Helena Strandberg"),
            Member("Tanja Mårtensson", representing=REGION_DALARNA),
            Member("Stefan Nielsen"),
        ),
    ),
    # Styrgruppen för Länschefsnätverket ------------------------------------------------------
    # Seed 002 item 6: "Ulrika Gärdsback, Socialchef Leksands kommun, Styrgruppen för LCHNV";
    # item 8: "Arbetsgruppens sammansättning skulle godkännas av Styrgruppen för
    # Länschefsnätverket"; item 10: "Styrgruppen föreslår …". Seed 000: "Tanja tar tillbaka
    # frågan att beredas i Styrgrupp för Länschefsnätverket".
    BodyData(
        LCHNV_STYRGRUPP,
        short_name="Styrgruppen för LCHNV",
        kind=K.STYRGRUPP,
        level=L.LANSGEMENSAM,
        region=DALARNA,
        parent=LCHNV,
        owners="region och kommuner",
        purpose=(
            "Bereder Länschefsnätverkets ärenden och lämnar förslag till nätverket, bland annat "
            "om länsgemensamma medel; godkänner sammansättningen av arbetsgrupp SUS."
        ),
        members=(Member("Ulrika Gärdsback", representing="Leksands kommun"),),
    ),
    # Socialchefsnätverket --------------------------------------------------------------------
    # Seed 000: "Socialchefsnätverket att besluta om sina ledamöter till LPOer samt de LAGar som
    # avses vara beständiga (tex LAG BHV)"; "utses via nominering i SCHNV (Socialchefsnätverket)".
    # Seed 002 item 17: "meddelar detta till Tanja Mårtensson som samordnar detta inom
    # Socialchefsnätverket". The seeds do not say where it sits; DESIGN.md's chain Välfärdsrådet
    # → LCHNV → SCHNV puts it under Länschefsnätverket. Level kommunal: it is the kommuner's own
    # network.
    BodyData(
        SCHNV,
        short_name="SCHNV",
        kind=K.NATVERK,
        level=L.KOMMUNAL,
        region=DALARNA,
        parent=LCHNV,
        owners="kommuner",
        purpose=(
            "Kommunernas socialchefer i Dalarna. Nominerar och beslutar om kommunernas ledamöter "
            "i LPO och i de LAG som är beständiga."
        ),
        members=(
            Member(
                "Tanja Mårtensson",
                role=R.SAMORDNARE,
                representing=REGION_DALARNA,
                note=(
                    "Samordnar kommunernas nomineringar till LPO (2020) och frågor inom "
                    "Socialchefsnätverket (2022)."
                ),
            ),
        ),
    ),
    # Seed 000: "De övriga LAGarna som bör ha kommunmedverkan -som ordinarie eller som
    # adjungerade- kommer Styrgruppen för Socialchefsnätverket att besluta om enligt lämplig
    # rutin." Members not named.
    BodyData(
        SCHNV_STYRGRUPP,
        short_name="Styrgruppen för SCHNV",
        kind=K.STYRGRUPP,
        level=L.KOMMUNAL,
        region=DALARNA,
        parent=SCHNV,
        owners="kommuner",
        purpose=(
            "Beslutar om kommunernas medverkan, ordinarie eller adjungerad, i de LAG som inte "
            "är beständiga."
        ),
    ),
    # Regional styrgrupp för välfärdsteknik och digitalisering --------------------------------
    # Seed 002 item 12: "På möte den 11 juni 2021 beslutade Länschefsnätverket att bilda en
    # regional styrgrupp …" (so under LCHNV, established that day); "Beslut om styrgruppens
    # ledamöter fattades i september 2021 efter ett nomineringsförfarande. Styrgruppen som består
    # av 10 ledamöter från regionen, kommunerna, Högskolan Dalarna och Dalarnas Science Park."
    # The ten are not named, nor how many come from each: one seat of ten, all filled unnamed.
    BodyData(
        VALFARDSTEKNIK,
        kind=K.STYRGRUPP,
        level=L.LANSGEMENSAM,
        region=DALARNA,
        parent=LCHNV,
        owners="region och kommuner",
        established_on=VALFARDSTEKNIK_FORMED,
        purpose="Styrgrupp för välfärdsteknik och digitalisering i Dalarnas län.",
        seats=(
            Place(
                "Ledamöter",
                represents=Rep.BADA,
                opened_on=VALFARDSTEKNIK_FORMED,
                quota=10,
                unnamed_holders=10,
                profile="från regionen, kommunerna, Högskolan Dalarna och Dalarnas Science Park",
            ),
        ),
    ),
    # Länsgemensam styrgrupp för God och nära vård ---------------------------------------------
    # Seed 000: "den nybildade Styrgruppen God och nära vård, som består av representanter från
    # region och kommun (samt har en ”egen” processledare …) inte kan betraktas som en LPO".
    # Seed 002 item 6: "Styrgruppen har arbetat på uppdrag från Välfärdsrådet och Länsnätverket
    # för förvaltningschefer"; "Länschefsnätverket beslutade: att avsluta uppdraget för
    # länsgemensam styrgrupp för God och nära vård" (2022-01-28). Under LCHNV, which closed it.
    # Its representatives are not named and not counted, so it has no seats; its processledare
    # is Ewa Welén ("Processledare Styrgrupp God och nära vård, Region Dalarna").
    BodyData(
        GOD_OCH_NARA_VARD,
        kind=K.STYRGRUPP,
        level=L.LANSGEMENSAM,
        region=DALARNA,
        parent=LCHNV,
        owners="region och kommuner",
        purpose=(
            "Tog fram Länsgemensam strategi med målbild och färdplan för God och nära vård i "
            "Dalarna 2022–2030, med chefsrepresentanter från regionens och kommunernas hälso- "
            "och sjukvård."
        ),
        closed_on=LCHNV_MEETING,
        members=(Member("Ewa Welén", role=R.PROCESSLEDARE, representing=REGION_DALARNA),),
    ),
    # The six LPO of seed 000 ------------------------------------------------------------------
    # The seeds place no LPO under another body, so they are roots at regional level. They are
    # the region's programme areas (Region Dalarna runs them); the kommuner take part through
    # the seats that Socialchefsnätverket nominates to.
    #
    # LPO Barn och Unga: "Inrättande av ett LPO pågår, Anders Grawé utsedd tillordförande."
    BodyData(
        LPO_BARN,
        kind=K.LPO,
        level=L.REGIONAL,
        status=S.UNDER_INRATTANDE,
        region=DALARNA,
        programme_area=PA_BARN,
        owners="region",
        seats=(
            # "Förslag 4 representanter från regionen - Anders ansvarig"
            Place(
                "Representanter från regionen",
                represents=Rep.REGION,
                opened_on=AUTUMN_2020,
                quota=4,
                nominating_note="ordföranden (Anders Grawé) tar fram förslag",
            ),
            # "3-4 kommunrepresentanter, förslag socialchef, IFO, elevhälsa, förskola, utses via
            # nominering i SCHNV (Socialchefsnätverket)– Tanja ansvarig"
            Place(
                "Kommunrepresentanter",
                represents=Rep.KOMMUN,
                opened_on=AUTUMN_2020,
                quota=4,
                quota_min=3,
                profile="socialchef, IFO, elevhälsa, förskola",
                nominating_body=SCHNV,
            ),
        ),
        members=(Member("Anders Grawé", role=R.ORDFORANDE),),
    ),
    # "LAG BHV planeras att starta upp med representanter från regionen, plus en adjungerande från
    # kommunen – LPO och Tanja ansvarig"; SCHNV decides on members of "de LAGar som avses vara
    # beständiga (tex LAG BHV)". The number of regional representatives is not given.
    BodyData(
        "LAG BHV",
        kind=K.LAG,
        level=L.REGIONAL,
        status=S.PLANERAD,
        region=DALARNA,
        parent=LPO_BARN,
        programme_area=PA_BARN,
        owners="region",
        purpose=(
            "Lokal arbetsgrupp för barnhälsovården (BHV), med representanter från regionen och "
            "en adjungerad från kommunerna."
        ),
        seats=(
            Place(
                "Adjungerad från kommunerna",
                represents=Rep.KOMMUN,
                opened_on=AUTUMN_2020,
                seat_type=Seat.SeatType.ADJUNGERAD,
                nominating_body=SCHNV,
            ),
        ),
    ),
    # LPO Psykisk Hälsa: "Inrättande av ett LPO pågår, Ulf Björnfot utsedd till ordförande."
    BodyData(
        LPO_PSYKISK,
        kind=K.LPO,
        level=L.REGIONAL,
        status=S.UNDER_INRATTANDE,
        region=DALARNA,
        programme_area=PA_PSYKISK,
        owners="region",
        seats=(
            # "Förslag 3- 4 representanter från regionen, chefer inom psykiatri och primärvård -
            # Ulf ansvarig"
            Place(
                "Representanter från regionen",
                represents=Rep.REGION,
                opened_on=AUTUMN_2020,
                quota=4,
                quota_min=3,
                profile="chefer inom psykiatri och primärvård",
                nominating_note="ordföranden (Ulf Björnfot) tar fram förslag",
            ),
            # "3-4 kommunrepresentanter, förslag socialpsykiatri, socialchef, IFO chef, utses via
            # nominering i SCHNV – Tanja ansvarig"
            Place(
                "Kommunrepresentanter",
                represents=Rep.KOMMUN,
                opened_on=AUTUMN_2020,
                quota=4,
                quota_min=3,
                profile="socialpsykiatri, socialchef, IFO-chef",
                nominating_body=SCHNV,
            ),
        ),
        members=(Member("Ulf Björnfot", role=R.ORDFORANDE),),
    ),
    # "LAG schizofreni planeras att starta upp – LPO Psykisk Hälsa"
    BodyData(
        "LAG schizofreni",
        kind=K.LAG,
        level=L.REGIONAL,
        status=S.PLANERAD,
        region=DALARNA,
        parent=LPO_PSYKISK,
        programme_area=PA_PSYKISK,
        owners="region",
        purpose="Lokal arbetsgrupp för vårdförlopp schizofreni.",
    ),
    # LPO Äldre: "Inrättande av ett LPO pågår, Lotta Jansson utsedd till ordförande."
    BodyData(
        LPO_ALDRE,
        kind=K.LPO,
        level=L.REGIONAL,
        status=S.UNDER_INRATTANDE,
        region=DALARNA,
        programme_area=PA_ALDRE,
        owners="region",
        seats=(
            # "En representant från kommunerna är utsedd, två saknas - utses via nominering i
            # SCHNV – Tanja ansvarig" (the one appointed is not named)
            Place(
                "Kommunrepresentanter",
                represents=Rep.KOMMUN,
                opened_on=AUTUMN_2020,
                quota=3,
                unnamed_holders=1,
                nominating_body=SCHNV,
            ),
            # "Primärvårdsrepresentant saknas, Lotta i dialog med primärvårdsledningen utser"
            Place(
                "Primärvårdsrepresentant",
                represents=Rep.REGION,
                opened_on=AUTUMN_2020,
                profile="primärvård",
                nominating_note="primärvårdsledningen",
            ),
        ),
        members=(Member("Lotta Jansson", role=R.ORDFORANDE),),
    ),
    # "LAG kognitiv svikt/demens planeras, ansvarig för remisshantering av vårdförlopp – Lotta och
    # Tanja och Per ansvarar"
    BodyData(
        "LAG kognitiv svikt/demens",
        kind=K.LAG,
        level=L.REGIONAL,
        status=S.PLANERAD,
        region=DALARNA,
        parent=LPO_ALDRE,
        programme_area=PA_ALDRE,
        owners="region",
        purpose=(
            "Lokal arbetsgrupp för vårdförloppet kognitiv svikt vid misstänkt demenssjukdom; "
            "ansvarar för remisshanteringen."
        ),
    ),
    # LPO Rehabilitering, habilitering och försäkringsmedicin --------------------------------
    # Seed 000 "LPO Rehab HAB Försäkringsmedicin: Inrättande av ett LPO pågår"; seed 002 "LPO
    # Rehabilitering, habilitering och försäkringsmedicin (LPO RHF)"; seed 003 (2022) describes it
    # at work ("Inom vårt programområdes LPO sitter verksamhetschefer med"), so it is aktiv.
    # The number of verksamhetschefer is not given: no regional seat.
    BodyData(
        LPO_RHF,
        short_name="LPO RHF",
        kind=K.LPO,
        level=L.REGIONAL,
        region=DALARNA,
        programme_area=PA_RHF,
        owners="region",
        seats=(
            # Seed 000: "Från kommunen föreslå deltagare, en MAR medicinskt ansvarig
            # rehabiliterare, person från elevhälsan - utses via nominering i CHNV" (seed 000's
            # one spelling of SCHNV as CHNV, says the glossary). Seed 003: "Förutom
            # representanter från regionen finns även kommunal representation i form av MAR" –
            # filled, not named.
            Place(
                "MAR från kommunerna",
                represents=Rep.KOMMUN,
                opened_on=AUTUMN_2020,
                profile="medicinskt ansvarig för rehabilitering (MAR)",
                unnamed_holders=1,
                nominating_body=SCHNV,
            ),
            # Not mentioned as filled in seed 003, so still vacant.
            Place(
                "Representant från elevhälsan",
                represents=Rep.KOMMUN,
                opened_on=AUTUMN_2020,
                profile="elevhälsan",
                nominating_body=SCHNV,
            ),
        ),
        members=(
            # Seed 003: "Region Dalarna: Marie-Louise är ordförande för LPO programområde
            # rehabilitering habilitering försäkringsmedicin."
            Member("Marie-Louise Liljergren", role=R.ORDFORANDE),
            # Seed 000: "Marie-Louise utsedd till samordnare för att upprätta förslag på
            # uppdragsbeskrivning."
            Member(
                "Marie-Louise Liljergren",
                role=R.SAMORDNARE,
                note="Utsedd hösten 2020 för att upprätta förslag på uppdragsbeskrivning.",
            ),
        ),
    ),
    # Seed 000: "LAG rehabilitering inrättas i samband med införandet av vårdförloppet,
    # rehabilitering". Seed 003: "Inom vårt programområdes LPO har man påbörjat arbetet med att
    # utforma en LAG gällande arbetet med den Generiska modellen." The reference data
    # (kunskapsstod.json, rehabilitering-generisk-modell) has "Vårdförlopp rehabilitering" and "den
    # generiska modellen" as names of one kunskapsstöd: one LAG, now under inrättande.
    BodyData(
        "LAG rehabilitering",
        kind=K.LAG,
        level=L.REGIONAL,
        status=S.UNDER_INRATTANDE,
        region=DALARNA,
        parent=LPO_RHF,
        programme_area=PA_RHF,
        owners="region",
        purpose=(
            "Lokal arbetsgrupp för införandet av rehabilitering – generisk modell "
            "(vårdförloppet rehabilitering)."
        ),
    ),
    # Seed 003: "En LAG är igång och det är inom området Syn och hörsel."
    BodyData(
        "LAG syn och hörsel",
        kind=K.LAG,
        level=L.REGIONAL,
        region=DALARNA,
        parent=LPO_RHF,
        programme_area=PA_RHF,
        owners="region",
        purpose="Lokal arbetsgrupp inom området syn och hörsel.",
    ),
    # LPO Levnadsvanor: "Inrättande av ett LPO pågår – Yvonne utsedd till samordnare för att
    # upprätta förslag på uppdragsbeskrivning." "Behov av att bredda representationen inom
    # Regionen – Yvonne ansvarig" (no number: no regional seat).
    BodyData(
        LPO_LEVNADSVANOR,
        kind=K.LPO,
        level=L.REGIONAL,
        status=S.UNDER_INRATTANDE,
        region=DALARNA,
        programme_area=PA_LEVNADSVANOR,
        owners="region",
        seats=(
            # "Kommunrepresentant ska utses - utses via nominering i SCHNV – Tanja ansvarig"
            Place(
                "Kommunrepresentant",
                represents=Rep.KOMMUN,
                opened_on=AUTUMN_2020,
                nominating_body=SCHNV,
            ),
        ),
        members=(
            Member(
                "Yvonne",
                role=R.SAMORDNARE,
                note="Utsedd hösten 2020 för att upprätta förslag på uppdragsbeskrivning.",
            ),
        ),
    ),
    # "LAG levnadsvanor inrättas i samband med införandet av vårdförloppet - LPO ansvarig för
    # remisshantering"
    BodyData(
        "LAG levnadsvanor",
        kind=K.LAG,
        level=L.REGIONAL,
        status=S.PLANERAD,
        region=DALARNA,
        parent=LPO_LEVNADSVANOR,
        programme_area=PA_LEVNADSVANOR,
        owners="region",
        purpose="Inrättas i samband med införandet av vårdförloppet levnadsvanor.",
    ),
    # LPO Primärvård: "Etablerad struktur sedan flera år, tidigare primärvårdsråd omvandlat till
    # LPO primärvård 2019." (a year, not a day: no established_on). Seed 002: "LPO Primärvårdsråd
    # (PV)", "LPO PV". "Inga egna LAG- grupper".
    BodyData(
        LPO_PV,
        short_name="LPO PV",
        kind=K.LPO,
        level=L.REGIONAL,
        region=DALARNA,
        programme_area=PA_PV,
        owners="region",
        purpose="Tidigare primärvårdsråd, omvandlat till LPO primärvård 2019.",
        seats=(
            # Seed 000 (2020): "Representant från kommunerna saknas - utses via nominering i SCHNV
            # – Tanja ansvarig". Seed 002 (2022): "Kommunernas representanter utses av
            # kommunledamöterna i LPO PV" – by then the kommuner have members, in the plural and
            # unnamed. The least plural, two, is recorded as filled.
            Place(
                "Kommunrepresentanter",
                represents=Rep.KOMMUN,
                opened_on=AUTUMN_2020,
                quota=2,
                unnamed_holders=2,
                nominating_body=SCHNV,
            ),
        ),
        members=(
            # "Behov av granskning av uppdragsbeskrivning – Susanna ansvarig". The seed gives no
            # role; she is recorded as ledamot with what she is responsible for.
            Member("Susanna", note="Ansvarig för granskningen av uppdragsbeskrivningen (2020)."),
        ),
    ),
    # Arbetsgrupp SUS --------------------------------------------------------------------------
    # Seed 002 item 8: "På möte i september beslutades att en ny ”arbetsgrupp SUS” skulle bildas
    # varvid uppdraget gavs till LPO Primärvårdsråd (PV) att bilda arbetsgruppen. Arbetsgruppens
    # sammansättning skulle godkännas av Styrgruppen för Länschefsnätverket." "… efterfrågat att
    # regionens divisionsledning skulle utse sina respektive representanter …"; "Kommunernas
    # representanter utses av kommunledamöterna i LPO PV, som har initierat ett
    # nomineringsförfarande via Socialchefsnätverket." Under LPO PV, which forms it; länsgemensam,
    # since region and kommuner both sit in it. No numbers of representatives: no seats. The
    # seed names no programme area for it.
    BodyData(
        SUS,
        kind=K.ARBETSGRUPP,
        level=L.LANSGEMENSAM,
        status=S.UNDER_INRATTANDE,
        region=DALARNA,
        parent=LPO_PV,
        owners="region och kommuner",
        purpose=(
            "Samverkan kring in- och utskrivning av patienter. Regionens divisionsledning utser "
            "regionens representanter; kommunernas utses av kommunledamöterna i LPO PV via "
            "nominering i Socialchefsnätverket."
        ),
    ),
    # RPO rehabilitering, habilitering och försäkringsmedicin ---------------------------------
    # Seed 003: "RPO rehabilitering, habilitering och försäkringsmedicin", the RPO of "de 7
    # regionerna" in Mellansverige ("utvecklande av LPO:er … inom regionerna i mellansverige").
    # Members: the attendance list, each with their region and RAG; "Frånvarande" is still a
    # member. "Region Uppland: De har ingen representant inom RPO".
    BodyData(
        RPO_RHF,
        short_name="RPO RHF",
        kind=K.RPO,
        level=L.SJUKVARDSREGIONAL,
        sjukvardsregion=MELLANSVERIGE,
        programme_area=PA_RHF,
        owners="mellansverige",
        members=(
            Member("Marie Bergsten", representing="Region Gävleborg", note="RAG Rehabilitering"),
            Member(
                "Marie-Louise Liljergren",
                representing=REGION_DALARNA,
                note="RAG Rehabilitering",
            ),
            Member("Caisa Hedlund", representing="Region Värmland", note="RAG Försäkringsmedicin"),
            Member(
                "Carolina Blomberg",
                representing="Region Örebro län",
                note="RAG Försäkringsmedicin",
            ),
            Member(
                "Annica Winroth",
                representing="Region Västmanland",
                note="RAG Habilitering, Syn, Hörsel, Skriv/teckenspråkstolk",
            ),
            Member(
                "Annika Öst Nilsson",
                representing="Region Gävleborg",
                note="NPO Rehabilitering Habilitering Försäkringsmedicin",
            ),
            Member(
                "Birgitta Törnblom",
                representing="Region Sörmland",
                note="RAG Habilitering, Syn, Hörsel, Skriv/teckenspråkstolk",
            ),
        ),
    ),
    # NPO rehabilitering, habilitering och försäkringsmedicin ---------------------------------
    # Seed 003 item 2: "Rapport från NPO rehabilitering, habilitering och försäkringsmedicins
    # sammanträden" given by Annika Öst Nilsson ("Region Gävleborg, NPO Rehabilitering Habilitering
    # Försäkringsmedicin"). "Byte av representant NPO norra regionen / Ledamot för norra regionen
    # ska sluta och ny ledamot ska nomineras." – the leaving member is not named, so the seat
    # holds one unnamed holder until the new one is decided; see NOMINATIONS.
    BodyData(
        NPO_RHF,
        short_name="NPO RHF",
        kind=K.NPO,
        level=L.NATIONELL,
        programme_area=PA_RHF,
        seats=(
            Place(
                "Ledamot för norra sjukvårdsregionen",
                represents=Rep.REGION,
                opened_on=RPO_MEETING,
                unnamed_holders=1,
            ),
        ),
        members=(Member("Annika Öst Nilsson", representing="Region Gävleborg"),),
    ),
    # The other regions of Mellansverige, as each reports in seed 003 ----------------------------
    # "Varje region berättar om sitt arbete … LPO-arbetet i de 7 regionerna ser väldigt olika ut".
    # Only what the seed says is registered: Västmanland ("inget utformat LPO eller LAG") and
    # Örebro ("inte något utformat LPO") have no LPO; Värmland's former "LAG rehabilitering",
    # which "har avvecklats", is left out because the seed gives no date for its closing.
    BodyData(
        "LPO rehabilitering, habilitering och försäkringsmedicin, Region Värmland",
        short_name="LPO RHF Värmland",
        kind=K.LPO,
        level=L.REGIONAL,
        region="17",
        programme_area=PA_RHF,
        purpose=(
            "Inom LPO arbetar man med gapanalyser utifrån olika frågeställningar och behov "
            "(seed 003)."
        ),
        members=(
            Member("Caisa Hedlund", role=R.ORDFORANDE, representing="Region Värmland"),
            Member("Marie Josephsson", representing="Region Värmland", note="Utvecklingsledare"),
        ),
    ),
    # "I uppdraget för försäkringsmedicinska kommittén ingår även att utgöra LAG
    # försäkringsmedicin."
    BodyData(
        "LAG försäkringsmedicin, Region Värmland",
        kind=K.LAG,
        level=L.REGIONAL,
        region="17",
        parent="LPO rehabilitering, habilitering och försäkringsmedicin, Region Värmland",
        programme_area=PA_RHF,
        purpose="Försäkringsmedicinska kommittén utgör också LAG försäkringsmedicin (seed 003).",
    ),
    # Region Sörmland: "Inom regionen har LPO startats upp men det finns inte någon LAG ännu.
    # Möten inom LPO sker varannan månad."
    BodyData(
        "LPO rehabilitering, habilitering och försäkringsmedicin, Region Sörmland",
        short_name="LPO RHF Sörmland",
        kind=K.LPO,
        level=L.REGIONAL,
        region="04",
        programme_area=PA_RHF,
        purpose="Möten varannan månad (seed 003).",
    ),
    # Region Gävleborg: "Marie är ordförande inom RAG rehabilitering och LAG rehabilitering.
    # Inom regionen har man kommit igång med LPO-arbetet och även startat upp LAG för
    # rehabilitering, habilitering samt försäkringsmedicin." Only LAG rehabilitering is named as a
    # group of its own; whether habilitering and försäkringsmedicin are one LAG or two, the seed
    # does not say, so only the named one is registered.
    BodyData(
        "LPO rehabilitering, habilitering och försäkringsmedicin, Region Gävleborg",
        short_name="LPO RHF Gävleborg",
        kind=K.LPO,
        level=L.REGIONAL,
        region="21",
        programme_area=PA_RHF,
    ),
    BodyData(
        "LAG rehabilitering, Region Gävleborg",
        kind=K.LAG,
        level=L.REGIONAL,
        region="21",
        parent="LPO rehabilitering, habilitering och försäkringsmedicin, Region Gävleborg",
        programme_area=PA_RHF,
        purpose="Vårdenhetschefer från regionen och representanter från kommunen (seed 003).",
        members=(Member("Marie Bergsten", role=R.ORDFORANDE, representing="Region Gävleborg"),),
    ),
    # Region Uppsala ("Uppland"): "beslut tagits i den länsgemensamma styrgruppen för
    # Kunskapsstyrning att bilda LPO rehabilitering habilitering försäkringsmedicin. Rekrytering
    # av deltagare till gruppen är pågående."
    BodyData(
        "LPO rehabilitering, habilitering och försäkringsmedicin, Region Uppsala",
        short_name="LPO RHF Uppsala",
        kind=K.LPO,
        level=L.REGIONAL,
        region="03",
        programme_area=PA_RHF,
        status=S.UNDER_INRATTANDE,
    ),
    # The LPO chairs' meetings ----------------------------------------------------------------
    # Seed 003 (Region Dalarna): "Inom regionen har ordförandena för olika LPO:er träffats för
    # erfarenhetsutbyte kring arbetet med LPO." Seed 000 is the notes of such a meeting: "Per
    # och Tanja inledde …", then "Genomgång av aktuellt läge per lokalt programområde" with the
    # chairs and coordinators of the six LPO. The seeds give the group no name of its own; it is
    # named here after what seed 003 says it is.
    BodyData(
        "LPO-ordförandenas möten",
        kind=K.NATVERK,
        level=L.REGIONAL,
        region=DALARNA,
        owners="region",
        purpose=(
            "Ordförandena och samordnarna i Dalarnas lokala programområden träffas för "
            "erfarenhetsutbyte och för att följa upp tillsättningen av LPO och LAG."
        ),
        members=(
            Member("Tanja Mårtensson", role=R.SAMORDNARE, note="Inledde mötet med Per (seed 000)."),
            Member("Per", note="Inledde mötet med Tanja (seed 000)."),
            Member("Anders Grawé", note="Ordförande i LPO Barn och Unga."),
            Member("Ulf Björnfot", note="Ordförande i LPO Psykisk Hälsa."),
            Member("Lotta Jansson", note="Ordförande i LPO Äldre."),
            Member(
                "Marie-Louise Liljergren",
                note="LPO Rehabilitering, habilitering och försäkringsmedicin.",
            ),
            Member("Yvonne", note="Samordnare i LPO Levnadsvanor."),
            Member("Susanna", note="LPO Primärvård."),
        ),
    ),
)


# --- Nominations and commissions ------------------------------------------------------------

NOMINATIONS: tuple[NominationData, ...] = (
    # Seed 003: "Byte av representant NPO norra regionen / Ledamot för norra regionen ska sluta
    # och ny ledamot ska nomineras." Requested; nobody is named as nominating.
    NominationData(
        NPO_RHF,
        seat="Ledamot för norra sjukvårdsregionen",
        requested_on=RPO_MEETING,
        note=(
            "Byte av representant för norra sjukvårdsregionen: ledamoten ska sluta och ny "
            "ledamot ska nomineras (rapporterat i RPO RHF Mellansverige 2022-04-25)."
        ),
    ),
)

COMMISSIONS: tuple[CommissionData, ...] = (
    # Seed 002 item 12: "Uppdragsbeskrivningen ska förankras och godkännas av
    # Länschefsnätverket." … "Länschefsnätverket beslutade: att godkänna uppdragsbeskrivning för
    # Regional styrgrupp för välfärdsteknik och digitalisering." The document itself is not in
    # the seeds: the text says what the minutes say about it.
    CommissionData(
        VALFARDSTEKNIK,
        kind=Commission.Kind.UPPDRAGSBESKRIVNING,
        title="Uppdragsbeskrivning för Regional styrgrupp för välfärdsteknik och digitalisering",
        text=(
            "Länschefsnätverket beslutade den 11 juni 2021 att bilda en regional styrgrupp för "
            "välfärdsteknik och digitalisering i länet. Ledamöterna utsågs i september 2021 efter "
            "ett nomineringsförfarande: 10 ledamöter från regionen, kommunerna, Högskolan Dalarna "
            "och Dalarnas Science Park. Styrgruppen fick i uppdrag att ta fram en "
            "uppdragsbeskrivning om sitt uppdrag, syfte och mål, att förankras och godkännas av "
            "Länschefsnätverket.\n\n"
            "Vid föredragningen 2022-01-28 berättades att styrgruppen fattat sitt första beslut, "
            "att anmäla Dalarnas intresse att delta i ”Level up”, en utbildningsinsats för chefer "
            "inom omsorg och hälso- och sjukvård hösten 2022, och att styrgruppen löpande behöver "
            "bevaka införandet av nytt journalsystem i regionen.\n\n"
            "(Sammanfattning ur Länschefsnätverkets minnesanteckningar 2022-01-28, punkt 12.)"
        ),
        approved_by=LCHNV,
        approved_on=LCHNV_MEETING,
    ),
    # Seed 002 item 8: "Rapport: Reviderat uppdragsdirektiv till LPO PV om arbetsgrupp SUS" …
    # "Länschefsnätverket beslutade: att lägga informationen till handlingarna." A report, not an
    # approval, and the seed does not say who adopted the revision: a draft.
    CommissionData(
        SUS,
        kind=Commission.Kind.UPPDRAGSDIREKTIV,
        title="Reviderat uppdragsdirektiv till LPO PV om arbetsgrupp SUS",
        text=(
            "Arbetsgruppen är inte tidsbegränsad utan ska vara ett löpande stöd till "
            "verksamheterna, till exempel i arbetet med SIP och fast vårdkontakt, och agera "
            "rådgivande vid tvister och bestridanden av fakturor. Den ska också säkerställa en god "
            "planering inför semestrar och storhelger och komma med förslag på bemanningsbehov "
            "till kommuner och region. Regionens divisionsledning utser regionens "
            "representanter, så att slutenvården medverkar; kommunernas representanter utses av "
            "kommunledamöterna i LPO PV via nominering i Socialchefsnätverket. Sammansättningen "
            "godkänns av Styrgruppen för Länschefsnätverket.\n\n"
            "(Sammanfattning ur Länschefsnätverkets minnesanteckningar 2022-01-28, punkt 8, där "
            "direktivet rapporterades och informationen lades till handlingarna.)"
        ),
    ),
)


# --- Loading --------------------------------------------------------------------------------


@dataclass
class DemoReport:
    """What a run of :func:`load_demo` wrote and what it found already there, per model."""

    created: Counter[type[models.Model]] = field(default_factory=Counter)
    existing: Counter[type[models.Model]] = field(default_factory=Counter)
    closed: list[str] = field(default_factory=list)

    MODELS = (
        Organisation,
        Person,
        Body,
        Seat,
        Membership,
        Nomination,
        CommissionVersion,
    )

    @property
    def created_total(self) -> int:
        return sum(self.created.values())

    def lines(self) -> list[str]:
        lines = [
            f"{model._meta.verbose_name_plural}: {self.created[model]} nya, "
            f"{self.existing[model]} fanns redan"
            for model in self.MODELS
        ]
        if self.closed:
            lines.append(f"avvecklade organ: {', '.join(self.closed)}")
        return lines


class _Loader:
    """Writes the data above through the registry's services; what exists is left as it is."""

    def __init__(self, report: DemoReport) -> None:
        self.report = report
        self.dalarna = Region.objects.get(code=DALARNA)
        self.organisations: dict[str, Organisation] = {}
        self.regions: dict[str, Organisation] = {}  # by Region.code
        self.kommuner: list[Organisation] = []  # Dalarna's, in code order
        self.people: dict[str, Person] = {}
        self.bodies: dict[str, Body] = {}

    def run(self) -> None:
        self.load_organisations()
        self.load_people()
        for data in BODIES:
            self.load_body(data)
        for data in BODIES:
            self.load_seats_and_members(data)
        for nomination in NOMINATIONS:
            self.load_nomination(nomination)
        for commission in COMMISSIONS:
            self.load_commission(commission)
        for data in BODIES:
            if data.closed_on is not None:
                self.close(data.name, data.closed_on)

    def _seen(self, model: type[models.Model], *, created: bool) -> None:
        (self.report.created if created else self.report.existing)[model] += 1

    # Organisations and people

    def _organisation(self, match: dict[str, object], **fields: object) -> Organisation:
        organisation = Organisation.objects.filter(**match).first()
        self._seen(Organisation, created=organisation is None)
        if organisation is None:
            organisation = services.create_organisation(acting_user=None, **fields)
        self.organisations[organisation.name] = organisation
        return organisation

    def load_organisations(self) -> None:
        for region in Region.objects.filter(code__in=MELLANSVERIGE_REGIONS).order_by("code"):
            self.regions[region.code] = self._organisation(
                {"region": region},
                name=region.name,
                short_name=region.short_name,
                kind=Organisation.Kind.REGION,
                region=region,
            )
        for kommun in Kommun.objects.filter(region=self.dalarna).order_by("code"):
            self.kommuner.append(
                self._organisation(
                    {"kommun": kommun},
                    name=kommun.official_name,
                    short_name=kommun.name,
                    kind=Organisation.Kind.KOMMUN,
                    kommun=kommun,
                )
            )
        for org in ORGANISATIONS:
            self._organisation(
                {"name": org.name},
                name=org.name,
                short_name=org.short_name,
                kind=org.kind,
                parent=self.organisations[org.parent] if org.parent else None,
            )

    def load_people(self) -> None:
        for someone in PEOPLE:
            person = Person.objects.filter(name=someone.name).first()
            self._seen(Person, created=person is None)
            if person is None:
                person = services.create_person(
                    acting_user=None,
                    name=someone.name,
                    title=someone.title,
                    organisation=self.organisations[someone.employer] if someone.employer else None,
                    note=someone.note,
                )
            self.people[someone.name] = person

    # Bodies

    def _owners(self, owners: Owners) -> list[Organisation]:
        dalarna = self.regions[DALARNA]
        return {
            "": [],
            "region": [dalarna],
            "kommuner": self.kommuner,
            "region och kommuner": [dalarna, *self.kommuner],
            "mellansverige": list(self.regions.values()),
        }[owners]

    def load_body(self, data: BodyData) -> None:
        region = Region.objects.get(code=data.region) if data.region else None
        sjukvardsregion = (
            Sjukvardsregion.objects.get(code=data.sjukvardsregion) if data.sjukvardsregion else None
        )
        body = Body.objects.filter(
            name=data.name, region=region, sjukvardsregion=sjukvardsregion
        ).first()
        self._seen(Body, created=body is None)
        if body is None:
            body = services.create_body(
                acting_user=None,
                owners=self._owners(data.owners),
                name=data.name,
                short_name=data.short_name,
                kind=data.kind,
                level=data.level,
                status=data.status,
                purpose=data.purpose,
                programme_area=(
                    ProgrammeArea.objects.get(code=data.programme_area)
                    if data.programme_area
                    else None
                ),
                region=region,
                sjukvardsregion=sjukvardsregion,
                parent=self.bodies[data.parent] if data.parent else None,
                established_on=data.established_on,
            )
        self.bodies[data.name] = body

    def load_seats_and_members(self, data: BodyData) -> None:
        body = self.bodies[data.name]
        for place in data.seats:
            seat = body.seats.filter(title=place.title).first()
            self._seen(Seat, created=seat is None)
            if seat is None:
                services.add_seat(
                    body,
                    acting_user=None,
                    title=place.title,
                    represents=place.represents,
                    opened_on=place.opened_on,
                    quota=place.quota,
                    quota_min=place.quota_min,
                    profile=place.profile,
                    seat_type=place.seat_type,
                    unnamed_holders=place.unnamed_holders,
                    nominating_body=(
                        self.bodies[place.nominating_body] if place.nominating_body else None
                    ),
                    nominating_note=place.nominating_note,
                )
        for member in data.members:
            person = self.people[member.person]
            exists = Membership.objects.filter(body=body, person=person, role=member.role).exists()
            self._seen(Membership, created=not exists)
            if not exists:
                services.appoint(
                    body,
                    person,
                    acting_user=None,
                    role=member.role,
                    representing=(
                        self.organisations[member.representing] if member.representing else None
                    ),
                    note=member.note,
                )

    def load_nomination(self, data: NominationData) -> None:
        seat = self.bodies[data.body].seats.get(title=data.seat)
        exists = Nomination.objects.filter(seat=seat).exists()
        self._seen(Nomination, created=not exists)
        if not exists:
            services.request_nomination(
                seat, acting_user=None, note=data.note, requested_on=data.requested_on
            )

    def load_commission(self, data: CommissionData) -> None:
        body = self.bodies[data.body]
        exists = CommissionVersion.objects.filter(
            commission__body=body, commission__kind=data.kind
        ).exists()
        self._seen(CommissionVersion, created=not exists)
        if exists:
            return
        version = services.add_commission_version(
            body, acting_user=None, text=data.text, kind=data.kind, title=data.title
        )
        if data.approved_by:
            services.approve_commission_version(
                version,
                acting_user=None,
                approved_by=self.bodies[data.approved_by],
                approved_on=data.approved_on,
            )

    def close(self, name: str, closed_on: dt.date) -> None:
        body = self.bodies[name]
        if not body.is_closed:
            services.close_body(body, closed_on=closed_on, acting_user=None)
            self.report.closed.append(name)


@transaction.atomic
def load_demo() -> DemoReport:
    """Load the demo registry (and first the reference data it stands on); all or nothing.

    Running it again changes nothing: organisations, people and bodies are matched on their
    names (regions and kommuner on their reference rows), seats on body and title, memberships
    on body, person and role, nominations on seat and commissions on body and kind.
    """
    load_reference()
    report = DemoReport()
    _Loader(report).run()
    return report
