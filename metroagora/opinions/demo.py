"""Demo opinion maps on top of the demo network, events and debates.

``seed_demo``, ``seed_demo_events`` and ``seed_demo_forum`` come first.

Two maps:

* **The future of Europe's institutions**, attached to the Forum's debate on cities
  and EU cohesion policy and opened by the demo moderator: thirty seed statements in
  six languages (some with human translations into English and French), a few
  statements sent by participants (two shown, three waiting for review, one rejected
  with a reason), and a few hundred participants, mostly anonymous, with the people of
  the Forum demo and two demo accounts (``resident@`` and ``participant@``, who see
  "You" on the map and still have a few statements left to vote on).
* **A consultation of the Lyon metropolis** on sharing public space, opened by the
  Lyon coordinator, with anonymous voting: ten statements, forty participants.

Votes come from latent opinion camps (federalists, defenders of national
sovereignty, municipalists; in Lyon, people on foot and bike against people who
drive), with personal noise, passes and partial participation, plus statements
nearly everyone agrees (or disagrees) with, so that the analysis finds groups and
common ground. Votes are bulk-created and each map is analysed once, at the end.
The randomness is seeded: two runs give the same maps.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Greatest
from django.test.utils import override_settings
from django.utils import timezone

from metroagora.accounts.models import User
from metroagora.forum.demo import _people
from metroagora.forum.models import Debate, ModerationLogEntry
from metroagora.network.models import City
from metroagora.opinions import services, tasks
from metroagora.opinions.models import (
    OpinionMap,
    Participant,
    Statement,
    StatementStatus,
    StatementTranslation,
    Vote,
)

MODERATOR = "moderator@metroagora.eu"
LYON_COORDINATOR = "coordinator@metroagora.eu"
RESIDENT = "resident@metroagora.eu"
PARTICIPANT = "participant@metroagora.eu"
DEBATE = "cities-eu-cohesion-policy"  # the Forum demo's debate on the future of Europe

# How a camp leans on a statement: -1 (everyone disagrees) .. 1 (everyone agrees).
Lean = tuple[float, ...]


@dataclass
class S:
    """A statement of the demo, with how each opinion camp leans on it."""

    lang: str
    text: str
    lean: Lean
    en: str = ""  # human translations
    fr: str = ""
    meta: bool = False
    unvoted: bool = False  # left for the demo accounts to vote on
    # Sent by a participant (a key of the Forum demo's people, "" for anonymous);
    # None: a seed statement of the moderators.
    by: str | None = None
    status: str = StatementStatus.VISIBLE
    reason: str = ""  # the moderator's, when rejected
    arrives: float = 0.0  # share of the map's life before it is sent


@dataclass
class MapPlan:
    slug: str
    title: dict[str, str]
    description: dict[str, str]
    opener: str  # email of the moderator or coordinator who opens it
    days: int  # opened that many days ago
    camps: tuple[float, ...]  # share of the participants in each camp
    statements: list[S]
    anonymous: int  # anonymous participants
    debate: str | None = None
    city: str | None = None
    # Forum demo people (key -> camp) and demo accounts (email -> camp) who vote.
    people: dict[str, int] = field(default_factory=dict)
    accounts: dict[str, int] = field(default_factory=dict)
    noise: float = 0.3  # personal variation around the camp's lean
    skimmers: float = 0.12  # share of the visitors who vote on a few statements only
    conviction: tuple[float, float] = (0.5, 1.0)  # how strongly people follow their camp


FEDERAL, SOVEREIGN, LOCAL = 0, 1, 2

EUROPE = MapPlan(
    slug="future-of-eu-institutions",
    debate=DEBATE,
    opener=MODERATOR,
    days=20,
    title={
        "_original": "en",
        "en": "How should the European Union make its decisions?",
        "fr": "Comment l'Union européenne devrait-elle prendre ses décisions ?",
        "de": "Wie sollte die Europäische Union ihre Entscheidungen treffen?",
        "it": "Come dovrebbe decidere l'Unione europea?",
        "es": "¿Cómo debería tomar sus decisiones la Unión Europea?",
        "pl": "Jak Unia Europejska powinna podejmować decyzje?",
    },
    description={
        "_original": "en",
        "en": "Unanimity or majority votes, the powers of the Parliament, money for "
        "cities, the EU's own resources: what should change in the way the Union "
        "decides, and what should stay?\n\n"
        "Vote on the statements one at a time, in any order, and add your own. The map "
        "shows the groups of opinion and the ideas most people share, whatever their "
        "group. Its results feed the debate on cities and cohesion policy.",
        "fr": "Unanimité ou majorité, pouvoirs du Parlement, fonds pour les villes, "
        "ressources propres : qu'est-ce qui devrait changer dans la façon dont l'Union "
        "décide, et qu'est-ce qui devrait rester ?\n\n"
        "Votez sur les affirmations une par une et ajoutez les vôtres. La carte montre "
        "les groupes d'opinion et les idées que la plupart partagent.",
        "pl": "Jednomyślność czy większość, uprawnienia Parlamentu, pieniądze dla miast, "
        "własne dochody UE: co powinno się zmienić w sposobie podejmowania decyzji "
        "przez Unię, a co zostać?",
    },
    camps=(0.38, 0.27, 0.35),
    anonymous=300,
    # The people of the Forum demo, by what they wrote there.
    people={
        "hugo": FEDERAL,
        "eero": FEDERAL,
        "aoife": FEDERAL,
        "tereza": FEDERAL,
        "giulia": FEDERAL,
        "jonas": SOVEREIGN,
        "zofia": SOVEREIGN,
        "sara": SOVEREIGN,
        "lena": SOVEREIGN,
        "piotr": LOCAL,
        "anna": LOCAL,
        "lucia": LOCAL,
        "jordi": LOCAL,
        "carmen": LOCAL,
        "camille": LOCAL,
        "ines": LOCAL,
        "marco": LOCAL,
        "chiara": LOCAL,
    },
    accounts={RESIDENT: LOCAL, PARTICIPANT: FEDERAL},
    statements=[
        # (federalists, sovereignty, municipalists)
        S(
            "en",
            "The European Parliament should be able to propose laws, not only vote on the "
            "Commission's proposals.",
            (0.9, -0.7, 0.1),
            fr="Le Parlement européen devrait pouvoir proposer des lois, et pas seulement "
            "voter sur les propositions de la Commission.",
        ),
        S(
            "en",
            "Decisions on foreign policy should no longer need unanimity among the member states.",
            (0.9, -0.9, -0.2),
            fr="Les décisions de politique étrangère ne devraient plus exiger l'unanimité "
            "des États membres.",
        ),
        S(
            "fr",
            "Les villes devraient recevoir directement une partie des fonds européens, "
            "sans passer par l'État.",
            (-0.2, -0.6, 0.95),
            en="Cities should receive part of the EU funds directly, without going through "
            "the national government.",
        ),
        S(
            "de",
            "Die EU sollte eigene Steuern erheben dürfen, zum Beispiel auf die Gewinne "
            "großer Digitalkonzerne.",
            (0.8, -0.8, -0.3),
            en="The EU should be able to levy its own taxes, for example on the profits of "
            "big digital companies.",
            fr="L'UE devrait pouvoir lever ses propres impôts, par exemple sur les bénéfices "
            "des grands groupes du numérique.",
        ),
        S(
            "it",
            "Il presidente della Commissione europea dovrebbe essere eletto direttamente "
            "dai cittadini.",
            (0.6, -0.4, -0.3),
            en="The President of the European Commission should be elected directly by the "
            "citizens.",
        ),
        S(
            "es",
            "Cada Estado miembro debe conservar su derecho de veto sobre los impuestos y la "
            "defensa.",
            (-0.8, 0.9, 0.2),
            en="Every member state should keep its right of veto on taxation and defence.",
            fr="Chaque État membre doit garder son droit de veto sur la fiscalité et la défense.",
        ),
        S(
            "pl",
            "Parlamenty narodowe powinny móc wspólnie zablokować projekt unijnego prawa.",
            (-0.5, 0.9, -0.3),
            en="National parliaments should be able to block a draft EU law together.",
        ),
        S(
            "en",
            "Some seats in the European Parliament should be elected on EU-wide "
            "transnational lists.",
            (0.8, -0.8, -0.4),
            fr="Une partie des sièges du Parlement européen devrait être élue sur des listes "
            "transnationales.",
        ),
        S(
            "fr",
            "Le Comité européen des régions devrait pouvoir bloquer les lois européennes "
            "qui touchent les villes.",
            (-0.4, -0.5, 0.9),
            en="The European Committee of the Regions should be able to block EU laws that "
            "affect cities.",
        ),
        S(
            "de",
            "Die EU sollte weniger Bereiche regeln und mehr Entscheidungen den "
            "Mitgliedstaaten überlassen.",
            (-0.8, 0.9, 0.3),
            en="The EU should regulate fewer areas and leave more decisions to the member states.",
        ),
        S(
            "en",
            "The vote of every minister in the Council of the EU should be published.",
            (0.9, 0.7, 0.9),
            fr="Le vote de chaque ministre au Conseil de l'UE devrait être rendu public.",
        ),
        S(
            "it",
            "Le istituzioni europee dovrebbero spiegare ogni decisione importante in un "
            "linguaggio semplice.",
            (0.85, 0.8, 0.9),
            en="The EU institutions should explain every important decision in plain language.",
            fr="Les institutions européennes devraient expliquer chaque décision importante "
            "dans un langage simple.",
        ),
        S(
            "es",
            "Todos los proyectos pagados con fondos europeos deberían publicarse con su "
            "coste y sus resultados.",
            (0.85, 0.85, 0.9),
            en="Every project paid for with EU funds should be published with its cost and "
            "its results.",
        ),
        S(
            "en",
            "The EU should have a common army under European command.",
            (0.6, -0.9, -0.6),
            fr="L'UE devrait avoir une armée commune sous commandement européen.",
        ),
        S(
            "fr",
            "L'Union devrait accueillir l'Ukraine et la Moldavie comme membres d'ici 2035.",
            (0.6, -0.4, 0.3),
            en="The Union should welcome Ukraine and Moldova as members by 2035.",
        ),
        S(
            "de",
            "Ausgeloste Bürgerräte sollten bei jedem großen EU-Gesetz mitberaten.",
            (0.2, -0.4, 0.9),
            en="Citizens' assemblies drawn by lot should deliberate on every major EU law.",
        ),
        S(
            "en",
            "Member states that break the rule of law should lose access to EU funds.",
            (0.85, -0.6, 0.5),
            fr="Les États membres qui ne respectent pas l'État de droit devraient perdre "
            "l'accès aux fonds européens.",
        ),
        S(
            "it",
            "Le grandi città dovrebbero poter trattare direttamente con la Commissione, "
            "senza passare dal governo.",
            (-0.1, -0.7, 0.9),
            en="Large cities should be able to deal directly with the Commission, without "
            "going through their government.",
        ),
        S(
            "es",
            "La UE debería poder endeudarse en común para invertir, como hizo con "
            "NextGenerationEU.",
            (0.8, -0.8, 0.2),
            en="The EU should be able to borrow jointly to invest, as it did with "
            "NextGenerationEU.",
        ),
        S(
            "pl",
            "Unia powinna zajmować się przede wszystkim wspólnym rynkiem, a nie polityką "
            "społeczną.",
            (-0.6, 0.8, -0.6),
            en="The Union should deal mainly with the single market, not with social policy.",
            fr="L'Union devrait s'occuper avant tout du marché unique, pas de politique sociale.",
        ),
        S(
            "en",
            "To save money, EU documents should be published in English only.",
            (-0.8, -0.7, -0.9),
            fr="Pour faire des économies, les documents de l'UE devraient être publiés "
            "uniquement en anglais.",
        ),
        S(
            "fr",
            "Les traités européens devraient être révisés par une convention ouverte à des "
            "citoyens tirés au sort.",
            (0.6, -0.3, 0.8),
            en="The EU treaties should be revised by a convention open to citizens drawn by lot.",
        ),
        S(
            "de",
            "Städte sollten bei Aufträgen, die mit EU-Geld bezahlt werden, regionale Anbieter "
            "bevorzugen dürfen.",
            (-0.5, 0.6, 0.8),
            en="Cities should be allowed to favour local suppliers in contracts paid for with "
            "EU money.",
        ),
        S(
            "en",
            "Every member state should keep its own commissioner, even in a larger Union.",
            (-0.5, 0.9, 0.2),
            fr="Chaque État membre devrait garder son commissaire, même dans une Union élargie.",
        ),
        S(
            "it",
            "Le elezioni europee dovrebbero tenersi nello stesso giorno in tutti i Paesi.",
            (0.6, 0.0, 0.1),
            en="European elections should be held on the same day in every country.",
        ),
        S(
            "es",
            "Las ciudades deberían poder acoger a personas refugiadas directamente, aunque "
            "su Gobierno se oponga.",
            (0.3, -0.9, 0.9),
            en="Cities should be able to take in refugees directly, even if their national "
            "government objects.",
            unvoted=True,
        ),
        S(
            "pl",
            "Budżet Unii powinien być przyjmowany większością głosów, bez wymogu jednomyślności.",
            (0.9, -0.9, 0.1),
            en="The EU budget should be adopted by a majority vote, without the need for "
            "unanimity.",
        ),
        S(
            "fr",
            "Le droit de vote aux élections européennes devrait commencer à 16 ans dans "
            "toute l'Union.",
            (0.5, -0.5, 0.6),
            en="The right to vote in European elections should start at 16 throughout the Union.",
        ),
        S(
            "en",
            "National governments, not Brussels, should decide how cohesion money is spent "
            "in their regions.",
            (-0.4, 0.9, -0.9),
            fr="Ce sont les gouvernements, et non Bruxelles, qui devraient décider de "
            "l'usage des fonds de cohésion dans leurs régions.",
        ),
        S(
            "en",
            "This conversation should lead to a written answer from the EU institutions.",
            (0.8, 0.5, 0.8),
            fr="Cette consultation devrait recevoir une réponse écrite des institutions "
            "européennes.",
            meta=True,
        ),
        # Sent by participants.
        S(
            "it",
            "I vertici europei dovrebbero pubblicare in anticipo l'ordine del giorno e i "
            "documenti di lavoro.",
            (0.7, 0.4, 0.8),
            en="EU summits should publish their agenda and working documents in advance.",
            by="giulia",
            arrives=0.3,
            unvoted=True,
        ),
        S(
            "pl",
            "Fundusze UE dla metropolii powinny obejmować także okoliczne małe gminy.",
            (0.3, -0.1, 0.8),
            en="EU funds for metropolitan areas should also reach the small municipalities "
            "around them.",
            by="anna",
            arrives=0.45,
            unvoted=True,
        ),
        S(
            "de",
            "Änderungen der EU-Verträge sollten in allen Mitgliedstaaten am selben Tag zur "
            "Abstimmung kommen.",
            (0.3, 0.2, 0.4),
            by="jonas",
            arrives=0.8,
            status=StatementStatus.PENDING,
        ),
        S(
            "en",
            "Local councillors should be able to follow Council of the EU meetings as observers.",
            (0.4, -0.2, 0.9),
            by="aoife",
            arrives=0.9,
            status=StatementStatus.PENDING,
        ),
        S(
            "fr",
            "Chaque grande ville devrait avoir un point d'information sur l'Europe ouvert à tous.",
            (0.6, 0.0, 0.7),
            by="",
            arrives=0.95,
            status=StatementStatus.PENDING,
        ),
        S(
            "en",
            "Cheap solar panels for your town hall! Best EU-funded deals at solar-deals.example",
            (0.0, 0.0, 0.0),
            by="deals",
            arrives=0.6,
            status=StatementStatus.REJECTED,
            reason="Advertising, not a statement about the EU (house rules, point 5).",
        ),
    ],
)

ACTIVE, DRIVERS = 0, 1

LYON = MapPlan(
    slug="lyon-sharing-public-space",
    city="lyon",
    opener=LYON_COORDINATOR,
    days=9,
    title={
        "_original": "fr",
        "fr": "Comment mieux partager l'espace public dans la Métropole de Lyon ?",
        "en": "How should we share public space in the Lyon metropolis?",
    },
    description={
        "_original": "fr",
        "fr": "La Métropole prépare son plan de mobilité 2026–2032. Piétons, cyclistes, "
        "automobilistes, commerçants, enfants : comment partager nos rues ? Votez, "
        "même sans compte : vos réponses restent anonymes.",
        "en": "The metropolis is preparing its 2026–2032 mobility plan. People on foot, on "
        "bikes, in cars, shopkeepers, children: how should we share our streets? Vote, "
        "even without an account: your answers stay anonymous.",
    },
    camps=(0.6, 0.4),
    anonymous=40,
    noise=0.2,
    skimmers=0.0,
    conviction=(0.7, 1.0),
    statements=[
        # (on foot and by bike, by car)
        S(
            "fr",
            "Les rues devant les écoles devraient être fermées aux voitures aux heures "
            "d'entrée et de sortie.",
            (0.9, -0.3),
            en="Streets in front of schools should be closed to cars when children arrive "
            "and leave.",
        ),
        S(
            "fr",
            "La moitié des places de stationnement dans la rue devrait disparaître d'ici 2030.",
            (0.8, -0.9),
            en="Half of the on-street parking spaces should go by 2030.",
        ),
        S(
            "fr",
            "Les commerces de quartier ont besoin que leurs clients puissent se garer devant.",
            (-0.8, 0.9),
            en="Neighbourhood shops need their customers to be able to park in front.",
        ),
        S(
            "fr",
            "Il faut planter des arbres dans chaque rue sans ombre pour lutter contre la chaleur.",
            (0.9, 0.8),
            en="Trees should be planted in every street without shade, against the heat.",
        ),
        S(
            "fr",
            "Le réseau des Voies lyonnaises doit être achevé, même s'il retire des voies "
            "aux voitures.",
            (0.9, -0.8),
            en="The Voies lyonnaises cycle network should be completed, even if it takes "
            "lanes from cars.",
        ),
        S(
            "fr",
            "Les métros et les tramways devraient circuler toute la nuit le week-end.",
            (0.7, 0.5),
        ),
        S(
            "fr",
            "La zone à faibles émissions avance trop vite pour les ménages modestes.",
            (-0.6, 0.9),
            en="The low-emission zone is moving too fast for low-income households.",
        ),
        S(
            "fr",
            "Les habitants d'une rue devraient pouvoir décider eux-mêmes de la rendre piétonne.",
            (0.7, -0.5),
        ),
        S(
            "fr",
            "Les trottoirs doivent être libérés des trottinettes et des vélos garés n'importe où.",
            (0.4, 0.9),
            en="Pavements should be freed from scooters and bikes parked anywhere.",
        ),
        S(
            "fr",
            "La Presqu'île devrait devenir entièrement piétonne, sauf pour les livraisons "
            "et les secours.",
            (0.8, -0.8),
            en="The Presqu'île should become fully pedestrian, except for deliveries and "
            "emergency services.",
        ),
    ],
)

PLANS = [EUROPE, LYON]


@dataclass
class Summary:
    maps: int = 0
    statements: int = 0
    pending: int = 0
    translations: int = 0
    participants: int = 0
    votes: int = 0
    groups: list[int] = field(default_factory=list)
    consensus: int = 0


@dataclass
class Voter:
    camp: int  # -1: no camp (takes a random one on each statement)
    arrives: float  # share of the map's life
    user: User | None = None
    returns: bool = False  # comes back later and votes on new statements
    coverage: float = 1.0  # share of the statements they vote on
    conviction: float = 1.0
    everything: bool = False  # votes on every statement they see


@transaction.atomic
def seed_demo_opinions(now: datetime | None = None) -> Summary:
    """Create (or recreate) the demo opinion maps, analysed."""
    now = now or timezone.now()
    emails = {plan.opener for plan in PLANS} | {e for plan in PLANS for e in plan.accounts}
    accounts = {user.email: user for user in User.objects.filter(email__in=emails)}
    missing = emails - set(accounts)
    if missing:
        raise LookupError(f"Missing: {sorted(missing)}. Run manage.py seed_demo first.")
    debates = {d.slug: d for d in Debate.objects.filter(slug__in=[p.debate for p in PLANS])}
    if missing_debates := {p.debate for p in PLANS if p.debate and p.debate not in debates}:
        raise LookupError(
            f"Missing debates: {sorted(missing_debates)}. Run manage.py seed_demo_forum first."
        )
    cities = {c.slug: c for c in City.objects.filter(slug__in=[p.city for p in PLANS])}
    if missing_cities := {p.city for p in PLANS if p.city and p.city not in cities}:
        raise LookupError(f"Missing cities: {sorted(missing_cities)}. Run manage.py seed_demo.")
    people = _people()

    slugs = [plan.slug for plan in PLANS]
    OpinionMap.objects.filter(slug__in=slugs).delete()
    for slug in slugs:  # the moderation log of the previous run
        ModerationLogEntry.objects.filter(reason__startswith=f"[{slug}] ").delete()

    summary = Summary()
    for plan in PLANS:
        rng = random.Random(plan.slug)
        opened = now - timedelta(days=plan.days)
        span = now - timedelta(hours=2) - opened
        opinion_map = services.open_map(
            accounts[plan.opener],
            slug=plan.slug,
            title=plan.title,
            language=plan.title["_original"],
            description=plan.description,
            debate=debates.get(plan.debate) if plan.debate else None,
            city=cities.get(plan.city) if plan.city else None,
            # Most participants are anonymous visitors: both maps take anonymous votes.
            anonymous_voting=True,
        )
        # A moderation that reschedules the analysis must not run it before the votes
        # are in: a booked run in the future makes services skip booking another one.
        OpinionMap.objects.filter(pk=opinion_map.pk).update(
            recompute_due_at=now + timedelta(days=1)
        )
        # No machine translation: the demo has human ones.
        with override_settings(MACHINE_TRANSLATION={"BACKEND": ""}):
            statements = _statements(plan, opinion_map, accounts[plan.opener], people, opened, span)
        translations = [
            StatementTranslation(statement=statement, language=lang, text=text)
            for statement, item in statements
            for lang, text in (("en", item.en), ("fr", item.fr))
            if text and lang != item.lang
        ]
        StatementTranslation.objects.bulk_create(translations)

        voters = _voters(plan, people, accounts, rng)
        participants = Participant.objects.bulk_create(
            [
                Participant(
                    opinion_map=opinion_map,
                    user=voter.user,
                    token=None if voter.user else secrets.token_urlsafe(32),
                )
                for voter in voters
            ]
        )
        for participant, voter in zip(participants, voters, strict=True):
            participant.created_at = opened + span * voter.arrives
        Participant.objects.bulk_update(participants, ["created_at"], batch_size=500)
        votes = _votes(plan, opinion_map, statements, participants, voters, rng)
        Vote.objects.bulk_create(votes, batch_size=2000)
        _date_votes(opinion_map)
        OpinionMap.objects.filter(pk=opinion_map.pk).update(
            created_at=opened, updated_at=opened, recompute_due_at=None
        )
        opinion_map.refresh_from_db()
        result = tasks.run_analysis(opinion_map)

        summary.maps += 1
        summary.statements += len(statements)
        summary.pending += sum(1 for _s, item in statements if item.status == "pending")
        summary.translations += len(translations)
        summary.participants += len(participants)
        summary.votes += len(votes)
        summary.groups.append(len(result.groups))
        summary.consensus += len(result.consensus_agree) + len(result.consensus_disagree)
    return summary


def _statements(
    plan: MapPlan,
    opinion_map: OpinionMap,
    opener: User,
    people: dict[str, User],
    opened: datetime,
    span: timedelta,
) -> list[tuple[Statement, S]]:
    """Seed statements by the opener; participants' ones sent, then moderated."""
    made: list[tuple[Statement, S]] = []
    for item in sorted(plan.statements, key=lambda s: s.arrives):
        if item.by is None:
            statement = services.add_statement(
                opinion_map, item.text, language=item.lang, author=opener, seed=True
            )
        else:
            author = people[item.by] if item.by else AnonymousUser()
            statement = services.submit_statement(
                author, opinion_map, item.text, language=item.lang
            )
            if item.status == StatementStatus.VISIBLE:
                services.approve_statement(opener, statement)
            elif item.status == StatementStatus.REJECTED:
                services.reject_statement(opener, statement, reason=item.reason)
            # The moderator read it a few hours after it was sent.
            ModerationLogEntry.objects.filter(
                reason__startswith=f"[{opinion_map.slug}] {statement.text}"[:150]
            ).update(created_at=opened + span * item.arrives + timedelta(hours=3))
        if item.meta:
            statement.is_meta = True
        statement.created_at = opened + span * item.arrives + timedelta(minutes=len(made))
        made.append((statement, item))
    Statement.objects.bulk_update([s for s, _item in made], ["is_meta", "created_at"])
    return made


def _voters(
    plan: MapPlan, people: dict[str, User], accounts: dict[str, User], rng: random.Random
) -> list[Voter]:
    """The Forum demo's people and the demo accounts, then anonymous visitors."""
    voters = [
        Voter(camp, arrives=rng.uniform(0.02, 0.6), user=people[key], everything=True)
        for key, camp in sorted(plan.people.items())
    ]
    # The demo accounts voted early, and have not come back since.
    voters += [
        Voter(camp, arrives=rng.uniform(0.05, 0.2), user=accounts[email], everything=True)
        for email, camp in sorted(plan.accounts.items())
    ]
    for _ in range(plan.anonymous):
        kind = rng.random()
        voters.append(
            Voter(
                camp=-1 if kind < 0.08 else rng.choices(range(len(plan.camps)), plan.camps)[0],
                arrives=rng.random() ** 0.8,  # busier at the start
                returns=rng.random() < 0.3,
                coverage=(
                    rng.uniform(0.1, 0.25) if rng.random() < plan.skimmers else rng.uniform(0.6, 1)
                ),
                conviction=rng.uniform(*plan.conviction),
            )
        )
    return voters


def _votes(
    plan: MapPlan,
    opinion_map: OpinionMap,
    statements: list[tuple[Statement, S]],
    participants: list[Participant],
    voters: list[Voter],
    rng: random.Random,
) -> list[Vote]:
    shown = [(s, item) for s, item in statements if item.status == StatementStatus.VISIBLE]
    votes: list[Vote] = []
    for participant, voter in zip(participants, voters, strict=True):
        seen = [
            (s, item)
            for s, item in shown
            if (item.arrives <= voter.arrives or voter.returns)
            and not (voter.user and item.unvoted and voter.user.email in plan.accounts)
        ]
        if not voter.everything:
            seen = rng.sample(seen, max(1, round(len(seen) * voter.coverage)))
        for statement, item in seen:
            camp = voter.camp if voter.camp >= 0 else rng.randrange(len(plan.camps))
            lean = voter.conviction * item.lean[camp] + rng.gauss(0, plan.noise)
            lean = max(-1.0, min(1.0, lean))
            if rng.random() < 0.05 + 0.2 * (1 - abs(lean)):
                value = 0
            else:
                value = 1 if rng.random() < (1 + lean) / 2 else -1
            votes.append(
                Vote(
                    participant=participant,
                    statement=statement,
                    opinion_map=opinion_map,
                    value=value,
                )
            )
    return votes


def _date_votes(opinion_map: OpinionMap) -> None:
    """A vote is dated when its voter came, or when its statement came if later."""
    joined = Participant.objects.filter(pk=OuterRef("participant_id")).values("created_at")
    sent = Statement.objects.filter(pk=OuterRef("statement_id")).values("created_at")
    when = Greatest(Subquery(joined), Subquery(sent))
    Vote.objects.filter(opinion_map=opinion_map).update(created_at=when, updated_at=when)
