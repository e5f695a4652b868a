"""The person fields that every app holding people shares (issue 10): name, gender, birth date, ID number.

`Person` is an abstract model: `services.Recipient` and `staffing.StaffMember` inherit the same fields under the
same names and the same `Gender` values. An ID number is never stored in clear: `id_cipher` (Fernet), `id_hash`
(keyed HMAC, for exact search and for the unique constraints that keep one person once), `id_masked`
(`3302**********1234`, for display). Birth date and gender come from the number when there is one, through
`idnumber.birth_and_gender`. Neither the ciphertext nor the hash enters a history table (`HISTORY_EXCLUDED`).
"""

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.utils import bulk_create_with_history

from . import idnumber
from .masking import mask_id_number


class Gender(models.TextChoices):
    MALE = idnumber.MALE, _("male")
    FEMALE = idnumber.FEMALE, _("female")


GENDER_WORDS = {"男": Gender.MALE, "女": Gender.FEMALE}  # as registers and staff lists write it

ID_FIELDS = ("id_cipher", "id_hash", "id_masked")
HISTORY_EXCLUDED = ["id_cipher", "id_hash"]


def id_fields(number: str) -> dict[str, str]:
    """What is stored of a valid (already validated) ID number; all empty for none. Never the clear text."""
    if not number:
        return dict.fromkeys(ID_FIELDS, "")
    return {"id_cipher": idnumber.encrypt(number), "id_hash": idnumber.keyed_hash(number),
            "id_masked": mask_id_number(number)}


class Person(models.Model):
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    id_cipher = models.TextField(_("ID number (encrypted)"), blank=True, editable=False)
    id_hash = models.CharField(_("ID number (keyed hash)"), max_length=64, blank=True, db_index=True,
                               editable=False)
    id_masked = models.CharField(_("ID number"), max_length=18, blank=True, editable=False)

    class Meta:
        abstract = True

    def set_id_number(self, number: str) -> None:
        """Store a validated number (`idnumber.validate_id_number`); birth date and gender follow from it."""
        for key, value in id_fields(number).items():
            setattr(self, key, value)
        if number:
            self.birth_date, self.gender = idnumber.birth_and_gender(number)

    def id_number(self) -> str:
        """The full number, for a logged reveal only."""
        return idnumber.decrypt(self.id_cipher) if self.id_cipher else ""


def insert_people(model, people: list, *, on_record, all_or_nothing: bool, user, reason: str) -> dict:
    """Insert imported people with their history rows. Another request may register one of them between the
    import's check and this insert; the database's unique constraint then refuses the batch, and
    `on_record(id_hashes) -> {id_hash: what holds it}` names those now taken. They are returned, and nothing is
    saved if `all_or_nothing`; otherwise the others are inserted. Never half a batch."""
    refused: dict = {}
    while people:
        try:
            with transaction.atomic():
                bulk_create_with_history(people, model, batch_size=500, default_user=user,
                                         default_change_reason=reason)
            return refused
        except IntegrityError:
            for person in people:  # a rolled-back batch may have given them primary keys
                person.pk, person._state.adding = None, True
            taken = on_record([p.id_hash for p in people if p.id_hash])
            if not taken:
                raise
            refused.update(taken)
            if all_or_nothing:
                return refused
            people = [p for p in people if p.id_hash not in taken]
    return refused
