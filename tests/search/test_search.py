"""Swedish full-text search: stemming, compounds, diacritics, phrases, filters, permissions."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from kunskapsnav.meetings import services
from kunskapsnav.meetings.models import Meeting
from kunskapsnav.search.documents import reindex_all
from kunskapsnav.search.engine import Filters, search
from kunskapsnav.search.models import SearchDocument
from kunskapsnav.search.text import key, parse
from tests.base import BaseTestCase
from tests.meetings import factories as mf


def titles(results: object) -> list[str]:
    return [str(hit.document.title) for group in results.groups for hit in group.hits]  # type: ignore[attr-defined]


def kinds(results: object) -> set[str]:
    return {group.kind for group in results.groups}  # type: ignore[attr-defined]


class KeyTests(BaseTestCase):
    def test_inflected_forms_share_a_key(self) -> None:
        self.assertEqual(key("vårdförloppet"), key("vårdförlopp"))
        self.assertEqual(key("beslutade"), key("beslut"))
        self.assertEqual(key("strategin"), key("strategi"))

    def test_diacritics_are_folded(self) -> None:
        self.assertEqual(key("Alvdalen"), key("Älvdalen"))

    def test_a_query_has_words_and_phrases(self) -> None:
        query = parse('SIP "samordnad individuell plan" SIP')
        self.assertEqual(query.words, ["sip"])
        self.assertEqual(query.phrases, [[key("samordnad"), key("individuell"), key("plan")]])


class SearchTests(BaseTestCase):
    def setUp(self) -> None:
        self.published = mf.meeting(self.lpo, dt.date(2022, 9, 15), title="LPO-möte")
        item = mf.item(self.published, "Vårdförloppet för traumatisk hjärnskada")
        services.add_decision(
            self.published,
            acting_user=None,
            item=item,
            text="att anta strategin för SIP i Älvdalen",
        )
        Meeting.objects.filter(pk=self.published.pk).update(status=Meeting.Status.PUBLICERAT)
        self.published.refresh_from_db()
        self.published.save()
        self.draft = mf.meeting(self.lpo, dt.date(2023, 2, 1), title="Utkastmöte")
        services.add_decision(
            self.draft, acting_user=None, text="att SIP-arbetet ska hemlighållas ännu"
        )

    def test_vardforloppet_finds_vardforlopp_in_an_item(self) -> None:
        results = search(AnonymousUser(), "vårdförlopp")
        self.assertIn("1. Vårdförloppet för traumatisk hjärnskada", titles(results))
        hit = results.groups[0].hits[0]
        self.assertIn("<mark>Vårdförloppet</mark>", hit.title)

    def test_beslutade_strategi_finds_the_decision(self) -> None:
        # "beslut" is not in the decision's words: decisions are found as decisions.
        results = search(AnonymousUser(), "beslutade strategi", Filters(kinds=("decision",)))
        self.assertEqual(titles(results), ["1. Vårdförloppet för traumatisk hjärnskada"])
        results = search(AnonymousUser(), "strategi Alvdalen")
        decision = next(g for g in results.groups if g.kind == "decision").hits[0]
        self.assertIn("<mark>strategin</mark>", decision.snippet)
        self.assertIn("<mark>Älvdalen</mark>", decision.snippet)

    def test_a_compound_is_found_by_its_beginning(self) -> None:
        self.assertTrue(search(AnonymousUser(), "hjärn").groups)

    def test_a_phrase_must_match_in_order(self) -> None:
        self.assertTrue(search(AnonymousUser(), '"traumatisk hjärnskada"').groups)
        self.assertFalse(search(AnonymousUser(), '"hjärnskada traumatisk"').groups)

    def test_an_unpublished_meeting_never_appears_for_anonymous_or_outsiders(self) -> None:
        for user in (AnonymousUser(), self.dave):
            results = search(user, "hemlighållas")
            self.assertEqual(results.total, 0, user)
        self.assertEqual(search(self.carol, "hemlighållas").total, 1)
        self.assertEqual(search(self.alice, "hemlighållas").total, 1)

    def test_publishing_makes_the_minutes_findable_at_once(self) -> None:
        self.draft.status = Meeting.Status.PUBLICERAT
        self.draft.save()
        self.assertEqual(search(AnonymousUser(), "hemlighållas").total, 1)

    def test_a_private_body_is_hidden_with_all_its_documents(self) -> None:
        self.lpo.is_public = False
        self.lpo.save()
        self.assertEqual(search(AnonymousUser(), "vårdförlopp").total, 0)
        self.assertGreater(search(self.carol, "vårdförlopp").total, 0)

    def test_an_attachment_is_found_and_linked_through_the_download_view(self) -> None:
        upload = SimpleUploadedFile("plan.txt", "Handlingsplan för Älvdalen".encode())
        attachment = services.add_attachment(self.draft, upload, acting_user=None)
        document = SearchDocument.objects.get(kind="attachment", object_id=attachment.pk)
        # The view checks who may read the meeting; the media path would not.
        assert document.url == reverse("meetings:attachment_download", args=[attachment.pk])

    def test_deleting_removes_the_document(self) -> None:
        self.draft.delete()
        self.assertFalse(SearchDocument.objects.filter(kind="meeting", object_id=self.draft.pk))

    def test_filters_narrow_by_kind_and_date(self) -> None:
        results = search(self.alice, "SIP", Filters(date_from=dt.date(2023, 1, 1)))
        self.assertEqual(titles(results), [str(self.draft)])
        self.assertEqual(kinds(search(self.alice, "SIP", Filters(kinds=("meeting",)))), set())

    def test_reindex_rebuilds_the_same_index(self) -> None:
        before = set(SearchDocument.objects.values_list("kind", "object_id", "terms"))
        SearchDocument.objects.all().delete()
        self.assertEqual(search(self.alice, "SIP").total, 0)
        reindex_all()
        after = set(SearchDocument.objects.values_list("kind", "object_id", "terms"))
        self.assertEqual(before, after)
        self.assertGreater(search(self.alice, "SIP").total, 0)

    def test_the_reindex_command_reports_counts(self) -> None:
        from io import StringIO

        out = StringIO()
        call_command("reindex", stdout=out)
        self.assertIn("Sökindexet är ombyggt", out.getvalue())

    def test_bodies_people_and_places_are_found(self) -> None:
        self.assertIn("LPO Barn och unga", titles(search(AnonymousUser(), "barn unga")))
        self.assertIn("Falun", titles(search(AnonymousUser(), "falu kommun")))

    def test_the_page_groups_hits_and_marks_words(self) -> None:
        response = self.client.get(reverse("search:search"), {"q": "Alvdalen"})
        self.assertContains(response, "<mark>Älvdalen</mark>", html=False)
        self.assertContains(response, 'id="kind-decision"')
        response = self.client.get(reverse("search:search"), {"q": "hemlighållas"})
        self.assertContains(response, "Inga träffar")

    def test_odd_queries_give_a_page_not_an_error(self) -> None:
        for q in ('"', "*", "AND OR NOT", "a:b", "(((", "'; DROP TABLE x; --", "ö" * 600):
            response = self.client.get(reverse("search:search"), {"q": q})
            self.assertEqual(response.status_code, 200, q)

    def test_the_page_is_a_fixed_number_of_queries(self) -> None:
        self.client.force_login(self.carol)
        url = reverse("search:search")
        self.client.get(url, {"q": "SIP"})
        with self.assertNumQueries(7) as small:
            self.client.get(url, {"q": "SIP"})
        for n in range(10):
            services.add_decision(self.draft, acting_user=None, text=f"att SIP {n} ska följas upp")
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(url, {"q": "SIP"})
