import factory
from django.db.models import F

from metroagora.accounts.tests.factories import UserFactory
from metroagora.forum.models import Contribution, Debate, DebateStatus, Visibility


class DebateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Debate

    slug = factory.Sequence(lambda n: f"debate-{n}")
    question = factory.Sequence(lambda n: {"en": f"Question number {n}?", "_original": "en"})
    introduction = factory.LazyFunction(
        lambda: {"en": "Why this question matters.", "_original": "en"}
    )
    status = DebateStatus.OPEN


class ContributionFactory(factory.django.DjangoModelFactory):
    """A visible contribution; top-level unless ``parent`` is given.

    Like ``services.post_contribution``: a top-level contribution is its own root, a
    reply takes its parent's root and the next depth (and counts in its reply_count); a
    visible one counts in its debate's contribution_count.
    """

    class Meta:
        model = Contribution
        skip_postgeneration_save = True

    debate = factory.LazyAttribute(lambda o: o.parent.debate if o.parent else DebateFactory())
    parent = None
    root = factory.LazyAttribute(lambda o: o.parent.root if o.parent else None)
    depth = factory.LazyAttribute(lambda o: o.parent.depth + 1 if o.parent else 0)
    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Contribution number {n}: cities should have a say.")
    language = "en"
    stance = "for"
    visibility = Visibility.VISIBLE

    @factory.post_generation
    def _structure(obj, create, extracted, **kwargs):  # noqa: N805
        if not create:
            return
        if obj.root_id is None:
            Contribution.objects.filter(pk=obj.pk).update(root=obj)
            obj.root = obj
        if obj.parent_id is not None:
            Contribution.objects.filter(pk=obj.parent_id).update(reply_count=F("reply_count") + 1)
        if obj.visibility == Visibility.VISIBLE:
            Debate.objects.filter(pk=obj.debate_id).update(
                contribution_count=F("contribution_count") + 1
            )
