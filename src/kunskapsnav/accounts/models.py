"""Users log in with their e-mail address; what they may do follows from their roles.

Roles are global (systemförvaltare) or held in one body (samordnare, ordförande, ledamot,
läsare). Object permissions are stated as predicates in ``accounts/rules.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from kunskapsnav.registry.models import Person


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("is_systemforvaltare", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-postadress"), unique=True)
    full_name = models.CharField(_("namn"), max_length=200, blank=True)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    language = models.CharField(
        _("språk"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Språket som används när du är inloggad. Tomt betyder webbläsarens val."),
    )
    is_systemforvaltare = models.BooleanField(
        _("systemförvaltare"),
        default=False,
        help_text=_("Förvaltar referensdata, användare, roller och organ i hela systemet."),
    )
    is_staff = models.BooleanField(
        _("får använda administrationen"),
        default=False,
        help_text=_("Ger tillgång till administrationsgränssnittet."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("skapad"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def body_roles(self) -> dict[int, set[str]]:
        """Roles per body id, read once per user object (one query, then cached)."""
        cached: dict[int, set[str]] | None = getattr(self, "_body_roles_cache", None)
        if cached is None:
            cached = {}
            for body_id, role in BodyRole.objects.filter(user=self).values_list("body_id", "role"):
                cached.setdefault(body_id, set()).add(role)
            self._body_roles_cache = cached
        return cached

    def linked_person(self) -> Person | None:
        """The registry person this account belongs to, read once per user object."""
        if not hasattr(self, "_person_cache"):
            from kunskapsnav.registry.models import Person

            self._person_cache = Person.objects.filter(user=self).first()
        person: Person | None = self._person_cache
        return person


class BodyRole(models.Model):
    """A user's role in one body. A user may hold several roles in the same body."""

    class Role(models.TextChoices):
        SAMORDNARE = "samordnare", _("Samordnare")
        ORDFORANDE = "ordforande", _("Ordförande")
        LEDAMOT = "ledamot", _("Ledamot")
        LASARE = "lasare", _("Läsare")

    user = models.ForeignKey(
        User, verbose_name=_("användare"), on_delete=models.CASCADE, related_name="body_roles_set"
    )
    body = models.ForeignKey(
        "registry.Body", verbose_name=_("organ"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    created = models.DateTimeField(_("tilldelad"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body__name", "role"]
        verbose_name = _("roll i organ")
        verbose_name_plural = _("roller i organ")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "body", "role"], name="one_role_of_a_kind_per_body"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.body}"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal token for the JSON API. Only its SHA-256 is stored; it is shown once.

    Its scope bounds what it may do whatever its user may: a read token only reads (GET), a
    write token also changes what its user's roles allow.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Läsa")
        WRITE = "write", _("Läsa och ändra")

    user = models.ForeignKey(
        User, verbose_name=_("användare"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("namn"), max_length=100, help_text=_("Vad token används till."))
    prefix = models.CharField(_("början"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(
        _("behörighet"),
        max_length=10,
        choices=Scope.choices,
        default=Scope.READ,
        help_text=_("En token för läsning kan inte ändra något, vilka roller du än har."),
    )
    created = models.DateTimeField(_("skapad"), default=timezone.now)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API-token")
        verbose_name_plural = _("API-token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
