"""The network's fixed list of topics: governance and participation, and EU policy areas.

Shared by events, debates and best practices. Existing topics with the same
short name keep their names; only the group is set.
"""

from django.db import migrations

G = "governance"
P = "policy"
# slug: (group, en, fr, de, it, es, pl)
TOPICS = {
    "participatory-budgeting": (
        G, "Participatory budgeting", "Budget participatif", "Bürgerhaushalt",
        "Bilancio partecipativo", "Presupuestos participativos", "Budżet obywatelski",
    ),
    "citizens-assemblies": (
        G, "Citizens' assemblies", "Assemblées citoyennes", "Bürgerräte",
        "Assemblee dei cittadini", "Asambleas ciudadanas", "Panele obywatelskie",
    ),
    "digital-democracy": (
        G, "Digital democracy", "Démocratie numérique", "Digitale Demokratie",
        "Democrazia digitale", "Democracia digital", "Demokracja cyfrowa",
    ),
    "open-government": (
        G, "Open government and transparency", "Gouvernement ouvert et transparence",
        "Offenes Regierungshandeln und Transparenz", "Governo aperto e trasparenza",
        "Gobierno abierto y transparencia", "Otwarty rząd i przejrzystość",
    ),
    "metropolitan-governance": (
        G, "Metropolitan governance", "Gouvernance métropolitaine", "Metropolregionale Governance",
        "Governance metropolitana", "Gobernanza metropolitana", "Zarządzanie metropolitalne",
    ),
    "multilevel-governance": (
        G, "Multilevel governance", "Gouvernance multiniveau", "Mehrebenen-Governance",
        "Governance multilivello", "Gobernanza multinivel", "Zarządzanie wielopoziomowe",
    ),
    "co-creation": (
        G, "Co-creation and urban labs", "Co-création et laboratoires urbains",
        "Ko-Kreation und Stadtlabore", "Co-creazione e laboratori urbani",
        "Cocreación y laboratorios urbanos", "Współtworzenie i laboratoria miejskie",
    ),
    "youth": (G, "Youth", "Jeunesse", "Jugend", "Giovani", "Juventud", "Młodzież"),
    "inclusion": (
        G, "Inclusion of under-represented groups", "Inclusion des publics éloignés",
        "Beteiligung unterrepräsentierter Gruppen", "Inclusione dei gruppi sottorappresentati",
        "Inclusión de grupos infrarrepresentados", "Włączanie grup niedoreprezentowanych",
    ),
    "future-of-europe": (
        G, "Future of Europe", "Avenir de l'Europe", "Zukunft Europas", "Futuro dell'Europa",
        "Futuro de Europa", "Przyszłość Europy",
    ),
    "climate": (P, "Climate", "Climat", "Klima", "Clima", "Clima", "Klimat"),
    "energy": (P, "Energy", "Énergie", "Energie", "Energia", "Energía", "Energia"),
    "mobility": (
        P, "Mobility and transport", "Mobilité et transports", "Mobilität und Verkehr",
        "Mobilità e trasporti", "Movilidad y transporte", "Mobilność i transport",
    ),
    "housing": (P, "Housing", "Logement", "Wohnen", "Abitazione", "Vivienda", "Mieszkalnictwo"),
    "social-inclusion": (
        P, "Social inclusion and equality", "Inclusion sociale et égalité",
        "Soziale Inklusion und Gleichstellung", "Inclusione sociale e uguaglianza",
        "Inclusión social e igualdad", "Włączenie społeczne i równość",
    ),
    "digital-transition": (
        P, "Digital transition", "Transition numérique", "Digitaler Wandel",
        "Transizione digitale", "Transición digital", "Transformacja cyfrowa",
    ),
    "economy-jobs": (
        P, "Economy and jobs", "Économie et emploi", "Wirtschaft und Beschäftigung",
        "Economia e lavoro", "Economía y empleo", "Gospodarka i zatrudnienie",
    ),
    "culture": (
        P, "Culture and heritage", "Culture et patrimoine", "Kultur und Kulturerbe",
        "Cultura e patrimonio", "Cultura y patrimonio", "Kultura i dziedzictwo",
    ),
    "education": (
        P, "Education and skills", "Éducation et compétences", "Bildung und Kompetenzen",
        "Istruzione e competenze", "Educación y competencias", "Edukacja i umiejętności",
    ),
    "health": (P, "Health", "Santé", "Gesundheit", "Salute", "Salud", "Zdrowie"),
    "migration": (
        P, "Migration and integration", "Migrations et intégration", "Migration und Integration",
        "Migrazione e integrazione", "Migración e integración", "Migracja i integracja",
    ),
    "urban-regeneration": (
        P, "Urban regeneration", "Renouvellement urbain", "Stadterneuerung",
        "Rigenerazione urbana", "Regeneración urbana", "Rewitalizacja miast",
    ),
    "environment": (
        P, "Environment and green spaces", "Environnement et espaces verts",
        "Umwelt und Grünflächen", "Ambiente e spazi verdi", "Medio ambiente y zonas verdes",
        "Środowisko i tereny zielone",
    ),
    "security": (
        P, "Safety and resilience", "Sécurité et résilience", "Sicherheit und Resilienz",
        "Sicurezza e resilienza", "Seguridad y resiliencia", "Bezpieczeństwo i odporność",
    ),
}
LANGS = ("en", "fr", "de", "it", "es", "pl")


def create_topics(apps, schema_editor):
    Topic = apps.get_model("events", "Topic")
    for slug, (group, *names) in TOPICS.items():
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            Topic.objects.create(
                slug=slug, group=group, name={**dict(zip(LANGS, names)), "_original": "en"}
            )
        else:
            topic.group = group
            topic.save(update_fields=["group"])


class Migration(migrations.Migration):
    dependencies = [("events", "0004_topic_group")]

    operations = [migrations.RunPython(create_topics, migrations.RunPython.noop)]
