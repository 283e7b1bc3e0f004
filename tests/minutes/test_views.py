"""Importing minutes through the pages: upload, review, apply; many files in the background."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kunskapsnav.accounts.models import BodyRole
from kunskapsnav.meetings.models import Meeting
from kunskapsnav.minutes.models import ImportDocument
from kunskapsnav.registry.demo import load_demo
from kunskapsnav.registry.models import Body
from tests.base import BaseTestCase

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def seed(name: str) -> bytes:
    return next(SEEDS.glob(f"{name}*.txt")).read_bytes()


class ImportPageTests(BaseTestCase):
    lchnv: Body

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_demo()
        cls.lchnv = Body.objects.get(short_name="LCHNV")
        BodyRole.objects.create(user=cls.bob, body=cls.lchnv, role=BodyRole.Role.SAMORDNARE)

    def test_bob_imports_lchnvs_minutes_through_the_review(self) -> None:
        self.client.force_login(self.bob)
        upload = SimpleUploadedFile("lchnv-2022-01-28.txt", seed("002"))
        response = self.client.post(reverse("minutes:start"), {"files": [upload]})
        document = ImportDocument.objects.get()
        assert response["Location"] == document.get_absolute_url()
        page = self.client.get(document.get_absolute_url())
        self.assertContains(page, "Länsnätverket för förvaltningschefer")
        self.assertContains(page, "Tomas Ahlin")
        assert not Meeting.objects.filter(source_hash=document.sha256).exists()
        # A change made in the review is kept (as HTMX does it, on change).
        saved = self.client.post(
            document.get_absolute_url(),
            {
                "body": self.lchnv.pk,
                "date": "2022-01-28",
                "place": "Teams (digitalt)",
                "approved": "on",
            },
            HTTP_HX_REQUEST="true",
        )
        assert saved.status_code == 200
        document.refresh_from_db()
        assert document.review["place"] == "Teams (digitalt)"
        done = self.client.post(
            document.get_absolute_url(),
            {
                "body": self.lchnv.pk,
                "date": "2022-01-28",
                "place": "Teams (digitalt)",
                "apply": "1",
            },
        )
        meeting = Meeting.objects.get(source_hash=document.sha256)
        assert done["Location"] == meeting.get_absolute_url()
        assert meeting.items.count() == 18
        assert meeting.place == "Teams (digitalt)"
        assert meeting.status == Meeting.Status.GENOMFORT  # "already approved" was unticked

    def test_the_same_file_twice_is_refused_with_a_link_to_the_meeting(self) -> None:
        self.client.force_login(self.bob)
        self.client.post(
            reverse("minutes:start"), {"files": [SimpleUploadedFile("a.txt", seed("002"))]}
        )
        document = ImportDocument.objects.get()
        self.client.post(
            document.get_absolute_url(), {"body": self.lchnv.pk, "date": "2022-01-28", "apply": "1"}
        )
        again = self.client.post(
            reverse("minutes:start"), {"files": [SimpleUploadedFile("b.txt", seed("002"))]}
        )
        meeting = Meeting.objects.get(source_hash=document.sha256)
        assert again["Location"] == meeting.get_absolute_url()
        assert ImportDocument.objects.count() == 1

    def test_a_zip_of_minutes_is_read_in_the_background_into_the_queue(self) -> None:
        self.client.force_login(self.alice)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("002.txt", seed("002"))
            archive.writestr("003.txt", seed("003"))
            archive.writestr("ignored.exe", b"MZ")
        upload = SimpleUploadedFile("protokoll.zip", buffer.getvalue())
        response = self.client.post(reverse("minutes:start"), {"files": [upload]})
        batch_page = self.client.get(response["Location"])
        self.assertContains(batch_page, "2 av 2 dokument tolkade")
        statuses = set(ImportDocument.objects.values_list("status", flat=True))
        assert statuses == {ImportDocument.Status.PARSED}
        progress = self.client.get(response["Location"], HTTP_HX_REQUEST="true")
        assert "<html" not in progress.content.decode()

    def test_an_unreadable_file_is_refused_with_a_message(self) -> None:
        self.client.force_login(self.bob)
        response = self.client.post(
            reverse("minutes:start"),
            {"files": [SimpleUploadedFile("virus.exe", b"MZ")]},
            follow=True,
        )
        self.assertContains(response, "bara txt, PDF, Word")
        assert not ImportDocument.objects.exists()

    def test_carol_and_dave_may_not_import(self) -> None:
        for user in (self.carol, self.dave):
            self.client.force_login(user)
            assert self.client.get(reverse("minutes:start")).status_code == 403

    def test_a_document_is_seen_only_by_its_uploader_and_the_systemforvaltare(self) -> None:
        self.client.force_login(self.bob)
        self.client.post(
            reverse("minutes:start"), {"files": [SimpleUploadedFile("a.txt", seed("003"))]}
        )
        document = ImportDocument.objects.get()
        BodyRole.objects.create(user=self.dave, body=self.lchnv, role=BodyRole.Role.SAMORDNARE)
        self.client.force_login(self.dave)
        assert self.client.get(document.get_absolute_url()).status_code == 404
        self.client.force_login(self.alice)
        assert self.client.get(document.get_absolute_url()).status_code == 200
