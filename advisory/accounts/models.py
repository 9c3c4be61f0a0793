"""People who use the platform, their role, and their personal API tokens."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advisory.core.cpr import validate_no_cpr
from advisory.core.tokens import new_token, token_hash


class Role(models.TextChoices):
    """A person's kind of account. Only the staff roles give powers, and only administrators set them.

    The two organisation roles say that the person belongs to organisations; what they may do there follows
    from their memberships (the function coordinator in that organisation), never from the role. No
    organisation action changes a role.
    """

    ADMINISTRATOR = "administrator", _("Administrator")
    ADVISOR = "advisor", _("Advisor")
    TASKFORCE_MEMBER = "taskforce_member", _("Taskforce member (Ankestyrelsen)")
    COORDINATOR = "coordinator", _("Organisation coordinator")
    ORGANISATION_MEMBER = "organisation_member", _("Organisation member")


STAFF_ROLES = frozenset({Role.ADMINISTRATOR, Role.ADVISOR, Role.TASKFORCE_MEMBER})
ORGANISATION_ROLES = frozenset({Role.COORDINATOR, Role.ORGANISATION_MEMBER})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMINISTRATOR)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person. Everyone logs in with their e-mail address."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True, validators=[validate_no_cpr])
    last_name = models.CharField(_("last name"), max_length=150, blank=True, validators=[validate_no_cpr])
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.ORGANISATION_MEMBER)
    title = models.CharField(_("job title"), max_length=120, blank=True, validators=[validate_no_cpr])
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_no_cpr])

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # AbstractUser types it as contrib.auth's UserManager, whose create_user takes a username; ours has none.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ("first_name", "last_name", "email")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR or self.is_superuser

    @property
    def is_advisor(self) -> bool:
        return self.role == Role.ADVISOR

    @property
    def is_taskforce_member(self) -> bool:
        return self.role == Role.TASKFORCE_MEMBER

    @property
    def is_agency_staff(self) -> bool:
        """Advisors, taskforce members and administrators: the people who run programmes."""
        return self.role in STAFF_ROLES or self.is_superuser

    @property
    def is_organisation_person(self) -> bool:
        return self.role in ORGANISATION_ROLES and not self.is_superuser


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal token for scripts. Only a hash is stored; the token is shown once."""

    data_version_exempt = True  # its "last used" is written when a script uses it (advisory/core/changes.py)

    PREFIX_LENGTH = 8

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("person"))
    name = models.CharField(_("name"), max_length=100, validators=[validate_no_cpr])
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple[ApiToken, str]:
        raw, hashed = new_token()
        token = cls.objects.create(user=user, name=name, prefix=raw[: cls.PREFIX_LENGTH], token_hash=hashed)
        return token, raw

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        token = cls.objects.active().select_related("user").filter(token_hash=token_hash(raw)).first()
        if token is None or not token.user.is_active:
            return None
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
