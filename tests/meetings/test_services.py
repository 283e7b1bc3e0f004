"""The rules of meetings, their minutes and their actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kunskapsnav.meetings import services
from kunskapsnav.meetings.models import ActionItem, Attendance, Meeting
from kunskapsnav.registry import services as registry
from kunskapsnav.registry.models import Person
from tests.base import BaseTestCase
from tests.meetings import factories as f

D = dt.date


class MeetingTestCase(BaseTestCase):
    tanja: Person
    ulrika: Person
    lotta: Person

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.tanja = registry.create_person(acting_user=None, name="Tanja Mårtensson", user=cls.bob)
        cls.ulrika = registry.create_person(
            acting_user=None, name="Ulrika Gärdsback", user=cls.carol
        )
        cls.lotta = registry.create_person(acting_user=None, name="Lotta Jansson")
        registry.appoint(cls.lpo, cls.ulrika, acting_user=None)
        registry.appoint(cls.lpo, cls.lotta, acting_user=None, role="ordforande")


class CarryOverTests(MeetingTestCase):
    def test_an_open_action_follows_the_body_to_its_next_meetings_until_closed(self) -> None:
        first = f.meeting(self.lpo, D(2022, 1, 28))
        item = f.item(first, "Övriga frågor")
        action = services.add_action(
            self.lpo,
            acting_user=None,
            meeting=first,
            item=item,
            text="Sammankalla till uppföljande möte",
            responsible_people=[self.tanja],
            due_date=D(2022, 2, 28),
        )
        second = f.meeting(self.lpo, D(2022, 3, 11))
        third = f.meeting(self.lpo, D(2022, 5, 6))
        assert list(ActionItem.objects.on_follow_up_of(first)) == []
        assert list(ActionItem.objects.on_follow_up_of(second)) == [action]
        services.close_action(action, acting_user=None, meeting=second, note="Kallat")
        action.refresh_from_db()
        assert action.closed_in == second
        assert action.closed_on == D(2022, 3, 11)
        # It stays on the list of the meeting that closed it, and leaves the later ones.
        assert list(ActionItem.objects.on_follow_up_of(second)) == [action]
        assert list(ActionItem.objects.on_follow_up_of(third)) == []

    def test_another_bodys_actions_do_not_appear(self) -> None:
        other = f.meeting(self.styrgrupp, D(2022, 1, 1))
        services.add_action(self.styrgrupp, acting_user=None, meeting=other, text="Annat")
        later = f.meeting(self.lpo, D(2022, 6, 1))
        assert list(ActionItem.objects.on_follow_up_of(later)) == []

    def test_an_action_closed_elsewhere_cannot_be_closed_at_a_meeting_of_another_body(self) -> None:
        action = services.add_action(self.lpo, acting_user=None, text="Ta fram förslag")
        foreign = f.meeting(self.styrgrupp, D(2030, 1, 1))
        with pytest.raises(ValidationError):
            services.close_action(action, acting_user=None, meeting=foreign)

    def test_my_open_actions_are_overdue_first(self) -> None:
        from kunskapsnav.meetings import queries

        later = services.add_action(
            self.lpo,
            acting_user=None,
            text="Senare",
            responsible_people=[self.tanja],
            due_date=D(2099, 1, 1),
        )
        overdue = services.add_action(
            self.lpo,
            acting_user=None,
            text="Försenad",
            responsible_people=[self.tanja],
            due_date=D(2000, 1, 1),
        )
        undated = services.add_action(
            self.lpo, acting_user=None, text="Utan datum", responsible_people=[self.tanja]
        )
        assert queries.my_open_actions(self.bob) == [overdue, later, undated]


class WorkflowTests(MeetingTestCase):
    def test_minnesanteckningar_are_approved_by_the_chair_and_then_locked(self) -> None:
        meeting = f.meeting(self.lpo, D(2022, 1, 28), chair=self.ulrika)
        item = f.item(meeting, "Mötets öppnande")
        f.held(meeting)
        services.approve_minutes(meeting, acting_user=self.carol)
        assert meeting.status == Meeting.Status.JUSTERAT
        with pytest.raises(ValidationError, match="låst"):
            services.update_item(item, acting_user=None, title="Ändrad")
        with pytest.raises(ValidationError, match="låst"):
            services.add_decision(meeting, acting_user=None, text="att ändra")

    def test_a_protokoll_needs_every_justerare(self) -> None:
        meeting = f.meeting(self.lpo, D(2022, 1, 28), document_type="protokoll")
        meeting.justerare.set([self.tanja, self.ulrika])
        f.held(meeting)
        services.approve_minutes(meeting, acting_user=self.bob)
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.GENOMFORT
        services.approve_minutes(meeting, acting_user=self.carol)
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.JUSTERAT

    def test_someone_who_is_not_a_justerare_cannot_approve(self) -> None:
        meeting = f.meeting(self.lpo, D(2022, 1, 28), document_type="protokoll")
        meeting.justerare.set([self.ulrika])
        f.held(meeting)
        with pytest.raises(PermissionDenied):
            services.approve_minutes(meeting, acting_user=self.bob)
        with pytest.raises(PermissionDenied):
            services.approve_minutes(meeting, acting_user=self.alice)

    def test_a_correction_makes_a_new_revision_that_must_be_approved_again(self) -> None:
        meeting = f.meeting(self.lpo, D(2022, 1, 28), chair=self.ulrika)
        item = f.item(meeting, "Rapport")
        f.held(meeting)
        services.approve_minutes(meeting, acting_user=self.carol)
        services.publish_minutes(meeting, acting_user=self.bob)
        with pytest.raises(ValidationError):
            services.reopen_for_correction(meeting, acting_user=self.bob, reason=" ")
        services.reopen_for_correction(meeting, acting_user=self.bob, reason="Fel datum i punkt 1")
        assert meeting.revision == 2
        assert meeting.status == Meeting.Status.GENOMFORT
        services.update_item(item, acting_user=self.bob, title="Rapport (rättad)")
        assert meeting.corrections.get().reason == "Fel datum i punkt 1"
        reasons = [h.history_change_reason for h in meeting.history.all()]
        assert "rättelse: Fel datum i punkt 1" in reasons

    def test_only_approved_minutes_are_published(self) -> None:
        meeting = f.meeting(self.lpo, D(2022, 1, 28))
        with pytest.raises(ValidationError):
            services.publish_minutes(meeting, acting_user=None)


class SchedulingTests(MeetingTestCase):
    def test_moving_a_meeting_keeps_its_uid_and_raises_the_sequence(self) -> None:
        meeting = f.meeting(self.lpo, D(2022, 6, 9))
        uid = meeting.uid
        services.move_meeting(
            meeting,
            acting_user=None,
            date=D(2022, 6, 1),
            start_time=dt.time(13),
            end_time=dt.time(16),
            reason="Förhinder den 9 juni",
        )
        meeting.refresh_from_db()
        assert (meeting.date, meeting.moved_from, meeting.uid) == (
            D(2022, 6, 1),
            D(2022, 6, 9),
            uid,
        )
        assert meeting.ical_sequence == 1

    def test_a_series_is_planned_and_retimed_from_a_date(self) -> None:
        series = services.plan_series(
            self.lpo,
            services.every_n_weeks(D(2022, 1, 28), D(2022, 12, 31), 8),
            acting_user=None,
            start_time=dt.time(13),
            end_time=dt.time(16),
        )
        assert series.meetings.count() == 7
        changed = services.retime_series(
            series,
            acting_user=None,
            start_time=dt.time(9),
            end_time=dt.time(12),
            from_date=D(2022, 3, 1),
        )
        assert changed == 6
        first = series.meetings.order_by("date").first()
        assert first is not None
        assert first.start_time == dt.time(13)

    def test_a_meeting_cannot_end_before_it_starts(self) -> None:
        with pytest.raises(ValidationError):
            f.meeting(self.lpo, D(2022, 1, 1), start_time=dt.time(12), end_time=dt.time(9))


class AgendaTests(MeetingTestCase):
    def test_items_are_numbered_and_reordered_with_their_numbers(self) -> None:
        meeting = f.meeting(self.lpo, D(2030, 1, 1))
        first = f.item(meeting, "Mötets öppnande")
        second = f.item(meeting, "Godkännande av dagordning")
        services.move_item(second, acting_user=None, up=True)
        first.refresh_from_db()
        second.refresh_from_db()
        assert (second.order, second.number, first.number) == (1, "1", "2")

    def test_an_item_added_after_the_meeting_is_marked(self) -> None:
        meeting = f.meeting(self.lpo, D(2022, 1, 1))
        f.held(meeting)
        assert f.item(meeting, "Tillägg").added_after_meeting

    def test_concurrent_edits_of_an_item_are_caught_with_the_editors_name(self) -> None:
        meeting = f.meeting(self.lpo, D(2030, 1, 1))
        item = f.item(meeting, "Rapport")
        read_by_both = item.lock_version
        services.update_item(
            item, acting_user=self.bob, expected_version=read_by_both, text="Bobs text"
        )
        with pytest.raises(services.EditConflictError, match="Bob Berg"):
            services.update_item(
                item, acting_user=self.alice, expected_version=read_by_both, text="Alice"
            )
        item.refresh_from_db()
        assert item.text == "Bobs text"

    def test_attendance_is_recorded_once_per_person_and_updated(self) -> None:
        meeting = f.meeting(self.lpo, D(2030, 1, 1))
        services.set_attendance(meeting, acting_user=None, person=self.lotta)
        services.set_attendance(
            meeting, acting_user=None, person=self.lotta, status=Attendance.Status.DEL_AV_MOTET
        )
        assert meeting.attendance.get().status == Attendance.Status.DEL_AV_MOTET
        services.set_attendance(meeting, acting_user=None, name="Ewa Welén", status="foredragande")
        assert meeting.attendance.count() == 2


class MeetingPermissionTests(MeetingTestCase):
    def test_carol_as_ledamot_cannot_change_the_meeting_and_dave_cannot_plan_one(self) -> None:
        meeting = f.meeting(self.lpo, D(2030, 1, 1))
        with pytest.raises(PermissionDenied):
            services.add_item(meeting, acting_user=self.carol, title="X")
        with pytest.raises(PermissionDenied):
            services.create_meeting(self.lpo, acting_user=self.dave, date=D(2030, 2, 1))

    def test_the_meetings_secretary_may_write_the_minutes(self) -> None:
        meeting = f.meeting(self.lpo, D(2030, 1, 1), secretary=self.ulrika)
        services.add_item(meeting, acting_user=self.carol, title="Rapport")

    def test_a_responsible_person_may_close_their_own_action(self) -> None:
        action = services.add_action(
            self.lpo, acting_user=None, text="Skicka ut", responsible_people=[self.ulrika]
        )
        services.close_action(action, acting_user=self.carol)
        with pytest.raises(PermissionDenied):
            services.reopen_action(action, acting_user=self.dave)
