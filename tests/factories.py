"""factory-boy factories for the main kinds, with Faker in `zh_CN` so Chinese names and text flow through every
page a test opens (STYLE.md, cookiecutter-django).

Every factory that makes a record of the apps goes through the app's action (`_create` calls it), so the objects
carry their history rows, pass the same checks and are made by someone allowed to: the actor defaults to the
city officer for grants and stations, and to a worker of the station for the station's own records. Divisions are
the real ones loaded by the migrations, looked up by code, never invented.

    station = StationFactory()                      # a station at the first free township, named by R10
    worker = worker_of(station)                     # a user holding the worker role there (made once)
    person = RecipientFactory(station=station)      # a recipient with a valid ID number and a Chinese name
    case = CaseFactory(recipient=person)            # an open case (intake) in a base project of that station
"""

import datetime

import factory
import factory.random
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory, Password

from ningbo_sws.lib.idnumber import check_character
from stations.models import Division, Role, RoleAssignment, Station
from tests.world import PASSWORD

User = get_user_model()
factory.random.reseed_random("宁波社工站")  # the same names in every run of the same tests


def zh(provider: str, **kwargs) -> factory.Faker:
    return factory.Faker(provider, locale="zh_CN", **kwargs)


# --- divisions: the real codes of Ningbo, looked up ------------------------------------------------------------------
def division(code: str) -> Division:
    """A real division by its 12-digit code (e.g. 330203001000, 南门街道 in 海曙区)."""
    return Division.objects.get(code=code)


def city() -> Division:
    return Division.objects.get(level=Division.Level.CITY)


def free_township() -> Division:
    """The first township (by code) that has no station yet."""
    return Division.objects.filter(level=Division.Level.TOWNSHIP, station__isnull=True).order_by("code").first()


def first_village(station: Station) -> Division:
    return Division.objects.filter(parent=station.township).order_by("code").first()


# --- people and roles ------------------------------------------------------------------------------------------------
class UserFactory(DjangoModelFactory):
    """A person who can sign in with `tests.world.PASSWORD`; a Chinese full name."""

    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n:04d}")
    first_name = zh("name")
    password = Password(PASSWORD)


def city_officer() -> User:
    """The city bureau's officer who grants the first roles (bootstrapped directly, as `manage.py` does)."""
    user = UserFactory(username="factory-city", first_name="宁波市民政局")
    if not RoleAssignment.objects.filter(user=user, role=Role.CITY, revoked_at__isnull=True).exists():
        RoleAssignment.objects.create(user=user, role=Role.CITY, division=city(), reason="bootstrap")
    return user


class StationFactory(DjangoModelFactory):
    """A station at a real township without one, opened by the city officer (`stations.actions.create_station`)."""

    class Meta:
        model = Station

    township = factory.LazyFunction(free_township)
    actor = factory.LazyFunction(city_officer)
    address = zh("street_address")

    @classmethod
    def _create(cls, model_class, *, township, actor, address):
        from stations import actions

        return actions.create_station(actor=actor, township=township, address=address, reason="建站")


class RoleAssignmentFactory(DjangoModelFactory):
    """A role granted through `stations.actions.grant_role`: a worker of a new station unless told otherwise.
    Roles held at a division: pass `station=None, division=...`."""

    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.WORKER
    station = factory.SubFactory(StationFactory)
    division = None
    actor = factory.LazyFunction(city_officer)
    reason = "授权"

    @classmethod
    def _create(cls, model_class, *, user, role, station, division, actor, reason):
        from stations import actions

        return actions.grant_role(actor=actor, user=user, role=role, station=station, division=division,
                                  reason=reason)


def worker_of(station: Station) -> User:
    """A user holding the worker role at the station (the first one on record, else a new one)."""
    held = RoleAssignment.objects.filter(station=station, role=Role.WORKER, revoked_at__isnull=True).order_by("pk")
    if held.exists():
        return held.first().user
    return RoleAssignmentFactory(station=station, role=Role.WORKER).user


# --- ID numbers ------------------------------------------------------------------------------------------------------
def valid_id_number(n: int, *, area: str = "330203", birth: datetime.date | None = None) -> str:
    """A GB 11643 number for the n-th made person (unique per n below 1000): area, birth date, sequence, check.
    Factories only: tests that assert on gender or birth date write their numbers out by hand."""
    birth = birth or datetime.date(1940 + n % 60, 1 + n % 12, 1 + n % 28)
    first17 = f"{area}{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + check_character(first17)


def _gender_value(model, word: str) -> str:
    """The stored value of the gender whose label is `word` ("male"/"female" or 男/女), whatever the values are."""
    labels = {"male": ("male", "男"), "female": ("female", "女")}[word]
    return next(value for value, label in model._meta.get_field("gender").choices if str(label) in labels)


# --- staffing --------------------------------------------------------------------------------------------------------
class StaffMemberFactory(DjangoModelFactory):
    """A social worker on the station's staff (`staffing.actions.add_staff_member`), employed by the township."""

    class Meta:
        model = "staffing.StaffMember"

    station = factory.SubFactory(StationFactory)
    actor = factory.LazyAttribute(lambda o: worker_of(o.station))
    name = zh("name")
    id_number = factory.Sequence(lambda n: valid_id_number(500 + n, birth=datetime.date(1990, 1, 1)))
    phone = zh("phone_number")
    kind = "social_worker"
    employer_kind = "township"

    @classmethod
    def _create(cls, model_class, *, station, actor, **fields):
        from staffing import actions

        number = fields["id_number"]
        fields.setdefault("gender", _gender_value(model_class, "male" if int(number[16]) % 2 else "female"))
        return actions.add_staff_member(actor=actor, station=station, reason="入职", **fields)


# --- services --------------------------------------------------------------------------------------------------------
class ProjectFactory(DjangoModelFactory):
    """A base project (R17.1) of the station for 2026, made by its worker."""

    class Meta:
        model = "services.Project"

    station = factory.SubFactory(StationFactory)
    actor = factory.LazyAttribute(lambda o: worker_of(o.station))
    year = 2026
    kind = "base"
    title = factory.Sequence(lambda n: f"关爱困境老人项目{n}")
    needs_analysis = zh("sentence")
    goals = zh("sentence")
    target_groups = factory.LazyAttribute(lambda o: ["gugua"] if o.kind == "base" else [])

    @classmethod
    def _create(cls, model_class, *, station, actor, **fields):
        from services import actions

        return actions.create_project(actor=actor, station=station, reason="立项", **fields)


class RecipientFactory(DjangoModelFactory):
    """A person on the station's register (R17) in its first village, with a valid ID number."""

    class Meta:
        model = "services.Recipient"

    station = factory.SubFactory(StationFactory)
    actor = factory.LazyAttribute(lambda o: worker_of(o.station))
    name = zh("name")
    village = factory.LazyAttribute(lambda o: first_village(o.station))
    id_number = factory.Sequence(lambda n: valid_id_number(n))
    groups = factory.LazyFunction(lambda: ["gugua"])
    phone = zh("phone_number")
    address = zh("street_address")

    @classmethod
    def _create(cls, model_class, *, station, actor, **fields):
        from services import actions

        return actions.create_recipient(actor=actor, station=station, reason="登记", **fields)


class CaseFactory(DjangoModelFactory):
    """An open case (intake, R18) of a recipient, in a base project of the recipient's station."""

    class Meta:
        model = "services.Case"

    recipient = factory.SubFactory(RecipientFactory)
    project = factory.LazyAttribute(lambda o: ProjectFactory(station=o.recipient.station))
    actor = factory.LazyAttribute(lambda o: worker_of(o.recipient.station))
    problem = zh("sentence")

    @classmethod
    def _create(cls, model_class, *, recipient, project, actor, problem):
        from services import actions

        return actions.open_case(actor=actor, recipient=recipient, project=project, problem=problem)


# --- finance ---------------------------------------------------------------------------------------------------------
class AccountFactory(DjangoModelFactory):
    """A ring-fenced operating account (R21) in the station's books for 2026, fed by a fiscal source; the ledger
    is opened when the station has none for the year."""

    class Meta:
        model = "finance.Account"

    station = factory.SubFactory(StationFactory)
    actor = factory.LazyAttribute(lambda o: worker_of(o.station))
    year = 2026
    code = factory.Sequence(lambda n: f"{101 + n}")
    name = "站点运营"
    purpose = zh("sentence")

    @classmethod
    def _create(cls, model_class, *, station, actor, year, code, name, purpose):
        from finance import actions
        from finance.models import FundingSource, Ledger

        ledger = Ledger.objects.filter(station=station, year=year).first() or actions.open_ledger(
            actor=actor, station=station, year=year, reason="开账")
        source = FundingSource.objects.filter(station=station, kind=FundingSource.Kind.FISCAL).first() or (
            actions.add_funding_source(actor=actor, station=station, kind=FundingSource.Kind.FISCAL, reason="开设"))
        return actions.create_account(actor=actor, ledger=ledger, code=code, name=name, purpose_kind="operating",
                                      purpose=purpose, sources=[source], opening_balance="1000.00", reason="开设")


class VoucherFactory(DjangoModelFactory):
    """A draft voucher with one expense entry of 100.00 on an account, prepared by the station's worker (R21).
    Post it with `finance.actions.post_voucher` as the township officer."""

    class Meta:
        model = "finance.Voucher"

    account = factory.SubFactory(AccountFactory)
    actor = factory.LazyAttribute(lambda o: worker_of(o.account.ledger.station))
    date = datetime.date(2026, 3, 15)
    summary = factory.Sequence(lambda n: f"社区活动物料{n}")
    amount = "100.00"

    @classmethod
    def _create(cls, model_class, *, account, actor, date, summary, amount):
        from finance import actions

        source = account.sources.first()
        return actions.prepare_voucher(actor=actor, ledger=account.ledger, date=date, summary=summary, entries=[
            {"account": account, "direction": "expense", "category": "other", "amount": amount, "source": source}])
