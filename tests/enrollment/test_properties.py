"""Random sequences of sign-up, nomination, approval, rejection, cancellation and capacity changes
keep the invariants: never more places taken than the capacity, no free place while people wait,
the waiting list served in order, one active enrollment per person, every state valid."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from enrollment import services
from enrollment.models import Enrollment
from enrollment.selectors import places_taken, waiting_list
from tests.enrollment_helpers import make_occasion, save_from_catalogue

S = Enrollment.Status
PEOPLE = 8


def _capacity_change(occasion, capacity):
    """The catalogue's edit page changes the places; refused (nothing saved) below the places taken."""
    try:
        return save_from_catalogue(occasion, capacity=capacity)
    except ValidationError:
        return None


@pytest.mark.django_db
def test_random_life_cycles_keep_the_invariants(demo_people, make_person, municipality):
    lulea = municipality("Luleå")
    boss = demo_people["chef.lulea@demo.se"]
    pool = [make_person(municipality=lulea, is_social_worker=True) for _ in range(PEOPLE)]

    class Occasion(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.occasion = make_occasion(capacity=2)
            self.entered_waitlist = []  # ids in the order they were put on the waiting list

        def _enrollments(self):
            return list(Enrollment.objects.filter(occasion=self.occasion))

        def _run(self, action):
            before = [e.pk for e in waiting_list(self.occasion)]
            try:
                result = action()
            except services.EnrollmentError:
                result = None
            if isinstance(result, Enrollment) and result.status == S.WAITLISTED and result.pk not in before:
                self.entered_waitlist.append(result.pk)
            # Whoever left the list by promotion must have been first in line.
            statuses = dict(Enrollment.objects.filter(pk__in=before).values_list("pk", "status"))
            promoted = [pk for pk in before if statuses[pk] in (S.PENDING, S.APPROVED)]
            remaining_before_promoted = [pk for pk in before if statuses[pk] == S.WAITLISTED]
            if promoted and remaining_before_promoted:
                assert before.index(promoted[-1]) < before.index(remaining_before_promoted[0])

        @rule(who=st.integers(0, PEOPLE - 1))
        def request(self, who):
            self._run(lambda: services.enrollment_request(self.occasion, pool[who], boss))

        @rule(who=st.integers(0, PEOPLE - 1))
        def nominate(self, who):
            self._run(lambda: services.enrollment_nominate(self.occasion, pool[who], boss))

        @precondition(lambda self: Enrollment.objects.filter(occasion=self.occasion).exists())
        @rule(index=st.integers(0, 50), action=st.sampled_from(["approve", "reject", "cancel"]))
        def decide(self, index, action):
            enrollments = self._enrollments()
            enrollment = enrollments[index % len(enrollments)]
            if action == "approve":
                self._run(lambda: services.enrollment_approve(enrollment, boss))
            elif action == "reject":
                self._run(lambda: services.enrollment_reject(enrollment, boss, "Inte nu"))
            else:
                self._run(lambda: services.enrollment_cancel(enrollment, enrollment.person))

        @rule(capacity=st.integers(1, 5))
        def change_capacity(self, capacity):
            self._run(lambda: _capacity_change(self.occasion, capacity))

        @invariant()
        def places_never_overbooked_and_never_idle(self):
            self.occasion.refresh_from_db()
            taken = places_taken(self.occasion)
            assert taken <= self.occasion.capacity
            if waiting_list(self.occasion).exists():
                assert taken == self.occasion.capacity

        @invariant()
        def waiting_list_in_order_of_arrival(self):
            waiting = [e.pk for e in waiting_list(self.occasion)]
            assert waiting == [pk for pk in self.entered_waitlist if pk in waiting]

        @invariant()
        def states_valid_and_one_active_per_person(self):
            enrollments = self._enrollments()
            assert all(e.status in S.values for e in enrollments)
            active = [e.person_id for e in enrollments if e.status in Enrollment.ACTIVE]
            assert len(active) == len(set(active))
            for e in enrollments:
                last = e.events.order_by("-at", "-pk").first()
                assert last is not None and last.to_status == e.status

    run_state_machine_as_test(
        Occasion,
        settings=settings(
            max_examples=15,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
