"""Who may open every page of Kunskapsnav: the access policy, as a matrix, checked URL by URL.

``POLICY`` below is the policy. Each row names a URL pattern (by its name, under the
``[namespace]`` it follows), the method tried, the object the URL names and what each user gets:

* ``anon`` is a visitor who is not logged in; alice is systemförvaltare, bob samordnare and
  carol ledamot of the public LPO Barn och unga, dave has no role, erin is ordförande of the
  non-public Styrgrupp välfärdsteknik (``tests.base``, ``tests.security.base``).
* The method: ``get`` a GET; ``post`` an empty POST; ``form`` both, with the same outcomes. A
  URL with only ``post`` rows must answer a GET with 405 (after the login, if it needs one), a
  URL with only ``get`` rows must answer a POST with 405.
* The object: an attribute of the test case whose key (``pk``, ``code``, a signed ``token``…)
  goes into the URL (``matrix.url_of``), ``-`` for none; ``,name=value`` gives a parameter as
  it is and ``?query`` adds a query string.
* The outcomes: ``ok`` 200 for a GET, and for an empty POST that it was taken up (200 with the
  form's errors, 302 done, or 400); ``302`` a redirect by design; ``login`` a redirect to the
  login page; ``403`` refused (the user sees the object but may not do this); ``404`` not found
  (the user may not know that the object exists); ``405`` the wrong method.

Beside the status, every answer is read for the secrets of ``base.SECRETS`` (unpublished minutes,
everything of the styrgrupp): none may reach a user who may not read it, and every refused
request must leave the database as it was.

Every URL pattern of the project must have a row, and every row must name a pattern that exists:
a new page cannot be added without saying who may open it. The admin is for staff only (one
row covers all of its URLs); the API's URLs are covered operation by operation in
``test_permission_matrix_api``.
"""

from __future__ import annotations

import copy
from typing import Any
from unittest import mock

from django.db import transaction
from django.urls import reverse

from kunskapsnav.api.api import api
from kunskapsnav.meetings import exports
from tests.security.api_matrix import API_PATHS, openapi_schema
from tests.security.base import BODY_NAMED_TO_BOB, HIDDEN_BODY, USERS, MatrixTestCase
from tests.security.matrix import (
    ADMIN_WILDCARD,
    METHODS,
    OUTCOMES,
    Pattern,
    Row,
    admin_url,
    api_path,
    parse_policy,
    url_of,
    walk,
)

# fmt: off
POLICY = """
# pattern                           method object              anon  alice bob   carol dave  erin
[core]
start                               get  -                     ok    ok    ok    ok    ok    ok
region_list                         get  -                     ok    ok    ok    ok    ok    ok
region_detail                       get  dalarna               ok    ok    ok    ok    ok    ok
programme_area_list                 get  -                     ok    ok    ok    ok    ok    ok
glossary                            get  -                     ok    ok    ok    ok    ok    ok
set_language                        post -                     ok    ok    ok    ok    ok    ok
# History is for logged-in users who may see the object. One they may not see is refused with
# 403 rather than hidden with 404 (as tests/core/test_audit.py asserts), unlike the pages.
history                             get  lpo                   login ok    ok    ok    ok    ok
history                             get  styrgrupp             login ok    403   403   403   ok
history                             get  per                   login ok    ok    ok    ok    ok
history                             get  dalarna               login ok    ok    ok    ok    ok
history                             get  published             login ok    ok    ok    ok    ok
history                             get  held                  login ok    ok    ok    403   403
history                             get  hidden_published      login ok    403   403   403   ok
history                             get  hidden_version        login ok    403   403   403   ok
history                             get  draft_action          login ok    ok    ok    403   403
history                             get  hidden_grant          login ok    403   403   403   ok
history                             get  hidden_questionnaire  login ok    403   403   403   ok
history                             get  questionnaire_round   login ok    ok    403   403   403
history                             get  hidden_implementation login ok    403   403   403   ok
health                              get  -                     ok    ok    ok    ok    ok    ok

[registry]
# A public body is read by all, the styrgrupp by alice and erin only (404 to others); a body
# is changed by alice and its samordnare. Erin, ordförande, sees the styrgrupp but may not
# change it (403). Seats, memberships, nominations and uppdragsbeskrivningar go with their body.
body_list                           get  -                     ok    ok    ok    ok    ok    ok
body_export                         get  -                     ok    ok    ok    ok    ok    ok
body_create                         form -                     login ok    ok    403   403   403
body_detail                         get  lpo                   ok    ok    ok    ok    ok    ok
body_detail                         get  styrgrupp             404   ok    404   404   404   ok
body_edit                           form lpo                   login ok    ok    403   403   403
body_edit                           form styrgrupp             login ok    404   404   404   403
body_close                          form lpo                   login ok    ok    403   403   403
body_close                          form styrgrupp             login ok    404   404   404   403
seat_add                            form lpo                   login ok    ok    403   403   403
seat_add                            form styrgrupp             login ok    404   404   404   403
appoint                             form lpo                   login ok    ok    403   403   403
appoint                             form styrgrupp             login ok    404   404   404   403
commission_version_add              form lpo                   login ok    ok    403   403   403
commission_version_add              form styrgrupp             login ok    404   404   404   403
seat_edit                           form lpo_seat              login ok    ok    403   403   403
seat_edit                           form hidden_seat           login ok    404   404   404   403
seat_fill                           form lpo_seat              login ok    ok    403   403   403
seat_fill                           form hidden_seat           login ok    404   404   404   403
nomination_request                  form lpo_seat              login ok    ok    403   403   403
nomination_request                  form hidden_seat           login ok    404   404   404   403
membership_end                      form lpo_membership        login ok    ok    403   403   403
membership_end                      form hidden_membership     login ok    404   404   404   403
# Bob's LPO nominates to the styrgrupp's seat, and the API lets him name the candidate
# (record_nomination), but these pages first ask to see the seat's body: 404 to bob.
nomination_record                   form lpo_nomination        login ok    ok    403   403   403
nomination_record                   form hidden_nomination     login ok    404   404   404   403
nomination_decide                   form lpo_nomination        login ok    ok    403   403   403
nomination_decide                   form hidden_nomination     login ok    404   404   404   403
nomination_withdraw                 post lpo_nomination        login ok    ok    403   403   403
nomination_withdraw                 post hidden_nomination     login ok    404   404   404   403
commission_version_approve          form lpo_version           login ok    ok    403   403   403
commission_version_approve          form hidden_version        login ok    404   404   404   403
commission_attachment               get  lpo_version           ok    ok    ok    ok    ok    ok
commission_attachment               get  hidden_version        404   ok    404   404   404   ok
person_search                       get  -                     ok    ok    ok    ok    ok    ok
person_detail                       get  per                   ok    ok    ok    ok    ok    ok
person_edit                         form per                   login ok    ok    403   403   403
# The organisation chart starts at a region.
org_chart                           get  -                     302   302   302   302   302   302
org_chart_region                    get  dalarna               ok    ok    ok    ok    ok    ok
vacancy_list                        get  -                     ok    ok    ok    ok    ok    ok
vacancy_export                      get  -                     ok    ok    ok    ok    ok    ok

[meetings]
# A published meeting of a public body is public; an unpublished one (held, planned) is for
# the body's members. A meeting is changed by the body's samordnare and by its secretary (erin
# is the styrgrupp's); its minutes are approved by their approvers (bob), not by alice.
calendar                            get  -                     ok    ok    ok    ok    ok    ok
meeting_create                      form lpo                   login ok    ok    403   403   403
meeting_create                      form styrgrupp             login ok    404   404   404   403
series_plan                         form lpo                   login ok    ok    403   403   403
series_plan                         form styrgrupp             login ok    404   404   404   403
meeting_detail                      get  published             ok    ok    ok    ok    ok    ok
meeting_detail                      get  held                  404   ok    ok    ok    404   404
meeting_detail                      get  planned               404   ok    ok    ok    404   404
meeting_detail                      get  hidden_published      404   ok    404   404   404   ok
meeting_edit                        form planned               login ok    ok    403   404   404
meeting_edit                        form hidden_planned        login ok    404   404   404   ok
meeting_move                        form planned               login ok    ok    403   404   404
meeting_move                        form hidden_planned        login ok    404   404   404   ok
meeting_cancel                      form planned               login ok    ok    403   404   404
meeting_cancel                      form hidden_planned        login ok    404   404   404   ok
meeting_reopen                      form published             login ok    ok    403   403   403
meeting_reopen                      form hidden_published      login ok    404   404   404   ok
meeting_transition                  post planned               login ok    ok    403   404   404
meeting_transition                  post held,step=justera     login 403   ok    403   404   404
meeting_transition                  post hidden_planned        login ok    404   404   404   ok
item_add                            post planned               login ok    ok    403   404   404
item_add                            post hidden_planned        login ok    404   404   404   ok
attendance_set                      post planned               login ok    ok    403   404   404
attendance_set                      post hidden_planned        login ok    404   404   404   ok
attachment_add                      post planned               login ok    ok    403   404   404
attachment_add                      post hidden_planned        login ok    404   404   404   ok
item_edit                           form planned_item          login ok    ok    403   404   404
item_edit                           form hidden_item           login ok    404   404   404   ok
item_text                           post planned_item          login ok    ok    403   404   404
item_text                           post hidden_item           login ok    404   404   404   ok
item_move                           post planned_item          login ok    ok    403   404   404
item_move                           post hidden_item           login ok    404   404   404   ok
item_strike                         post planned_item          login ok    ok    403   404   404
item_strike                         post hidden_item           login ok    404   404   404   ok
item_delete                         post planned_item          login ok    ok    403   404   404
item_delete                         post hidden_item           login ok    404   404   404   ok
decision_add                        post planned_item          login ok    ok    403   404   404
decision_add                        post hidden_item           login ok    404   404   404   ok
action_add                          post planned_item          login ok    ok    403   404   404
action_add                          post hidden_item           login ok    404   404   404   ok
attendance_remove                   post planned_attendance    login ok    ok    403   404   404
attendance_remove                   post hidden_attendance     login ok    404   404   404   ok
decision_delete                     post planned_decision      login ok    ok    403   404   404
decision_delete                     post hidden_decision       login ok    404   404   404   ok
action_list                         get  -                     ok    ok    ok    ok    ok    ok
# An action on public record is read by all; it is changed or closed by the body's samordnare
# and those responsible for it.
action_detail                       get  public_action         ok    ok    ok    ok    ok    ok
action_detail                       post public_action         403   ok    ok    403   403   403
action_detail                       get  draft_action          404   ok    ok    ok    404   404
action_detail                       post draft_action          404   ok    ok    403   404   404
action_detail                       get  hidden_action         404   ok    404   404   404   ok
action_detail                       post hidden_action         404   ok    404   404   404   403
action_close                        post public_action         login ok    ok    403   403   403
action_close                        post draft_action          login ok    ok    403   404   404
action_close                        post hidden_action         login ok    404   404   404   403
attachment_download                 get  public_attachment     ok    ok    ok    ok    ok    ok
attachment_download                 get  draft_attachment      404   ok    ok    ok    404   404
attachment_download                 get  hidden_attachment     404   ok    404   404   404   ok

[meetings_export]
minutes_docx                        get  published             ok    ok    ok    ok    ok    ok
minutes_docx                        get  held                  404   ok    ok    ok    404   404
minutes_docx                        get  hidden_published      404   ok    404   404   404   ok
minutes_pdf                         get  published             ok    ok    ok    ok    ok    ok
minutes_pdf                         get  hidden_published      404   ok    404   404   404   ok
kallelse_docx                       get  planned               404   ok    ok    ok    404   404
kallelse_docx                       get  hidden_planned        404   ok    404   404   404   ok
kallelse_pdf                        get  planned               404   ok    ok    ok    404   404
kallelse_pdf                        get  hidden_planned        404   ok    404   404   404   ok
# A calendar feed's address carries a signed token: whoever holds the address reads the feed.
calendar_feed                       get  lpo                   ok    ok    ok    ok    ok    ok
calendar_feed                       get  styrgrupp             ok    ok    ok    ok    ok    ok
calendar_export                     get  -                     ok    ok    ok    ok    ok    ok
action_export                       get  -                     ok    ok    ok    ok    ok    ok

[minutes]
# Importing minutes is for alice and samordnare; an import is its uploader's (and alice's).
start                               form -                     login ok    ok    403   403   403
batch_detail                        get  batch                 login ok    ok    404   404   404
review                              form document              login ok    ok    404   404   404
discard                             post document              login ok    ok    404   404   404

[guidance]
kunskapsstod_list                   get  -                     ok    ok    ok    ok    ok    ok
kunskapsstod_export                 get  -                     ok    ok    ok    ok    ok    ok
kunskapsstod_detail                 get  stod                  ok    ok    ok    ok    ok    ok
# A remiss round is registered by alice; a remiss is run by its coordinating body's samordnare
# (bob for the LPO's, no one but alice for the styrgrupp's), and a contribution is given by the
# asked body's samordnare (bob, for the LPO asked by the styrgrupp, who therefore sees that
# remiss). The remissvar's drafts (the Word file) are for those who work on it.
round_create                        form stod                  login ok    403   403   403   403
round_assign                        form remiss_round          login ok    ok    403   403   403
body_remiss_inbox                   get  lpo                   ok    ok    ok    ok    ok    ok
body_remiss_inbox                   get  styrgrupp             404   ok    404   404   404   ok
remiss_detail                       get  assignment            ok    ok    ok    ok    ok    ok
remiss_detail                       get  hidden_assignment     404   ok    ok    404   404   ok
remiss_deadline                     form assignment            login ok    ok    403   403   403
remiss_deadline                     form hidden_assignment     login ok    403   404   404   403
contribution_request                form assignment            login ok    ok    403   403   403
contribution_request                form hidden_assignment     login ok    403   404   404   403
section_add                         post assignment            login ok    ok    403   403   403
section_add                         post hidden_assignment     login ok    403   404   404   403
remiss_approve                      form assignment            login ok    ok    403   403   403
remiss_approve                      form hidden_assignment     login ok    403   404   404   403
remiss_reopen                       post assignment            login ok    ok    403   403   403
remiss_reopen                       post hidden_assignment     login ok    403   404   404   403
remiss_sent                         form assignment            login ok    ok    403   403   403
remiss_sent                         form hidden_assignment     login ok    403   404   404   403
remiss_docx                         get  assignment            403   ok    ok    403   403   403
remiss_docx                         get  hidden_assignment     404   ok    ok    404   404   403
contribution_submit                 form contribution          login ok    ok    403   403   403
contribution_submit                 form hidden_contribution   login ok    ok    404   404   403
contribution_withdraw               post contribution          login ok    ok    403   403   403
contribution_withdraw               post hidden_contribution   login ok    403   404   404   403
section_save                        post section               login ok    ok    403   403   403
section_save                        post hidden_section        login ok    403   404   404   403
section_move                        post section               login ok    ok    403   403   403
section_move                        post hidden_section        login ok    403   404   404   403
section_delete                      post section               login ok    ok    403   403   403
section_delete                      post hidden_section        login ok    403   404   404   403
# An införande is read by those who see its responsible body and run by that body's
# samordnare; its recommendations and indicators belong to the national kunskapsstöd (alice).
# The gap analysis page takes the assessments as POSTs and is not behind the login: 403 to anon.
implementation_list                 get  -                     ok    ok    ok    ok    ok    ok
implementation_export               get  -                     ok    ok    ok    ok    ok    ok
implementation_create               form -                     login ok    ok    403   403   403
implementation_detail               get  lpo_implementation    ok    ok    ok    ok    ok    ok
implementation_detail               get  hidden_implementation 404   ok    404   404   404   ok
implementation_edit                 form lpo_implementation    login ok    ok    403   403   403
implementation_edit                 form hidden_implementation login ok    404   404   404   403
implementation_status               form lpo_implementation    login ok    ok    403   403   403
implementation_status               form hidden_implementation login ok    404   404   404   403
implementation_event_add            form lpo_implementation    login ok    ok    403   403   403
implementation_event_add            form hidden_implementation login ok    404   404   404   403
implementation_unit_add             form lpo_implementation    login ok    ok    403   403   403
implementation_unit_add             form hidden_implementation login ok    404   404   404   403
implementation_unit_remove          form unit                  login ok    ok    403   403   403
implementation_unit_remove          form hidden_unit           login ok    404   404   404   403
implementation_recommendation_add   form lpo_implementation    login ok    403   403   403   403
implementation_recommendation_add   form hidden_implementation login ok    404   404   404   403
implementation_recommendation_edit  form lpo_implementation    login ok    403   403   403   403
implementation_recommendation_edit  form hidden_implementation login ok    404   404   404   403
implementation_recommendation_move  post lpo_implementation    login ok    403   403   403   403
implementation_recommendation_move  post hidden_implementation login ok    404   404   404   403
gap_analysis                        get  lpo_implementation    ok    ok    ok    ok    ok    ok
gap_analysis                        post lpo_implementation    403   ok    ok    403   403   403
gap_analysis                        get  hidden_implementation 404   ok    404   404   404   ok
gap_analysis                        post hidden_implementation 404   ok    404   404   404   403
gap_assessment_cell                 form lpo_implementation    403   ok    ok    403   403   403
gap_assessment_cell                 form hidden_implementation 404   ok    404   404   404   403
gap_export                          get  lpo_implementation    ok    ok    ok    ok    ok    ok
gap_export                          get  hidden_implementation 404   ok    404   404   404   ok
gap_import                          form lpo_implementation    login ok    ok    403   403   403
gap_import                          form hidden_implementation login ok    404   404   404   403
implementation_finding_add          form lpo_implementation    login ok    ok    403   403   403
implementation_finding_add          form hidden_implementation login ok    404   404   404   403
implementation_plan_create          post lpo_implementation    login ok    ok    403   403   403
implementation_plan_create          post hidden_implementation login ok    404   404   404   403
implementation_plan_approve         form lpo_implementation    login ok    ok    403   403   403
implementation_plan_approve         form hidden_implementation login ok    404   404   404   403
implementation_plan_action_add      form lpo_implementation    login ok    ok    403   403   403
implementation_plan_action_add      form hidden_implementation login ok    404   404   404   403
implementation_indicator_add        form lpo_implementation    login ok    403   403   403   403
implementation_indicator_add        form hidden_implementation login ok    404   404   404   403
implementation_measurement_add      form lpo_implementation    login ok    ok    403   403   403
implementation_measurement_add      form hidden_implementation login ok    404   404   404   403
implementation_measurement_import   form lpo_implementation    login ok    ok    403   403   403
implementation_measurement_import   form hidden_implementation login ok    404   404   404   403

[followup]
matrix                              get  -                     ok    ok    ok    ok    ok    ok
body_dashboard                      get  lpo                   ok    ok    ok    ok    ok    ok
body_dashboard                      get  styrgrupp             404   ok    404   404   404   ok
my_bodies                           get  -                     login ok    ok    ok    ok    ok
region_dashboard                    get  dalarna               ok    ok    ok    ok    ok    ok
matrix_export                       get  -                     ok    ok    ok    ok    ok    ok
# A grant is read by those who see its body and kept by the body's samordnare.
grant_list                          get  -                     ok    ok    ok    ok    ok    ok
grant_list_export                   get  -                     ok    ok    ok    ok    ok    ok
grant_create                        form -                     login ok    ok    403   403   403
grant_detail                        get  grant                 ok    ok    ok    ok    ok    ok
grant_detail                        get  hidden_grant          404   ok    404   404   404   ok
grant_edit                          form grant                 login ok    ok    403   403   403
grant_edit                          form hidden_grant          login ok    404   404   404   403
grant_requisition                   form grant                 login ok    ok    403   403   403
grant_requisition                   form hidden_grant          login ok    404   404   404   403
grant_report                        form grant                 login ok    ok    403   403   403
grant_report                        form hidden_grant          login ok    404   404   404   403
grant_repayment                     form grant                 login ok    ok    403   403   403
grant_repayment                     form hidden_grant          login ok    404   404   404   403
grant_export                        get  grant                 ok    ok    ok    ok    ok    ok
grant_export                        get  hidden_grant          404   ok    404   404   404   ok
allocation_create                   form grant                 login ok    ok    403   403   403
allocation_create                   form hidden_grant          login ok    404   404   404   403
allocation_edit                     form allocation            login ok    ok    403   403   403
allocation_edit                     form hidden_allocation     login ok    404   404   404   403
allocation_delete                   post allocation            login ok    ok    403   403   403
allocation_delete                   post hidden_allocation     login ok    404   404   404   403
spending_create                     form allocation            login ok    ok    403   403   403
spending_create                     form hidden_allocation     login ok    404   404   404   403
spending_edit                       form spending              login ok    ok    403   403   403
spending_edit                       form hidden_spending       login ok    404   404   404   403
spending_delete                     post spending              login ok    ok    403   403   403
spending_delete                     post hidden_spending       login ok    404   404   404   403
# A questionnaire is run by its body's samordnare and read by its ordförande too (carol, a
# ledamot, does not see the LPO's). Only carol is a recipient (round_answer_mine sends her on to
# her answer page); an answer link and a poll's code are the permission to answer or vote.
questionnaire_list                  get  -                     login ok    ok    ok    ok    ok
questionnaire_create                form -                     login ok    ok    403   403   403
questionnaire_detail                get  questionnaire         404   ok    ok    404   404   404
questionnaire_detail                get  hidden_questionnaire  404   ok    404   404   404   ok
questionnaire_edit                  form questionnaire         login ok    ok    404   404   404
questionnaire_edit                  form hidden_questionnaire  login ok    404   404   404   403
question_add                        form questionnaire         login ok    ok    404   404   404
question_add                        form hidden_questionnaire  login ok    404   404   404   403
question_edit                       form question              login ok    ok    404   404   404
question_edit                       form hidden_question       login ok    404   404   404   403
question_delete                     post question              login ok    ok    404   404   404
question_delete                     post hidden_question       login ok    404   404   404   403
question_move                       post question              login ok    ok    404   404   404
question_move                       post hidden_question       login ok    404   404   404   403
round_create                        form questionnaire         login ok    ok    404   404   404
round_create                        form hidden_questionnaire  login ok    404   404   404   403
questionnaire_compare               get  questionnaire         404   ok    ok    404   404   404
questionnaire_compare               get  hidden_questionnaire  404   ok    404   404   404   ok
questionnaire_export                get  questionnaire         404   ok    ok    404   404   404
questionnaire_export                get  hidden_questionnaire  404   ok    404   404   404   ok
round_detail                        get  questionnaire_round   404   ok    ok    404   404   404
round_detail                        get  hidden_round          404   ok    404   404   404   ok
round_add_recipients                post questionnaire_round   login ok    ok    404   404   404
round_add_recipients                post hidden_round          login ok    404   404   404   403
round_send                          post questionnaire_round   login ok    ok    404   404   404
round_send                          post hidden_round          login ok    404   404   404   403
round_remind                        post questionnaire_round   login ok    ok    404   404   404
round_remind                        post hidden_round          login ok    404   404   404   403
round_close                         post questionnaire_round   login ok    ok    404   404   404
round_close                         post hidden_round          login ok    404   404   404   403
round_deadline                      post questionnaire_round   login ok    ok    404   404   404
round_deadline                      post hidden_round          login ok    404   404   404   403
round_results                       get  questionnaire_round   404   ok    ok    404   404   404
round_results                       get  hidden_round          404   ok    404   404   404   ok
round_export                        get  questionnaire_round   404   ok    ok    404   404   404
round_export                        get  hidden_round          404   ok    404   404   404   ok
round_answer_mine                   get  questionnaire_round   login 404   404   302   404   404
round_answer_mine                   get  hidden_round          login 404   404   404   404   404
recipient_remove                    post recipient             login ok    ok    404   404   404
recipient_remove                    post hidden_recipient      login ok    404   404   404   403
recipient_renew                     post recipient             login ok    ok    404   404   404
recipient_renew                     post hidden_recipient      login ok    404   404   404   403
answer                              form recipient             ok    ok    ok    ok    ok    ok
answer                              form hidden_recipient      ok    ok    ok    ok    ok    ok
poll_create                         form planned               login ok    ok    403   404   404
poll_create                         form hidden_planned        login ok    404   404   404   ok
poll_detail                         get  poll                  ok    ok    ok    ok    ok    ok
poll_detail                         get  hidden_poll           404   ok    404   404   404   ok
poll_close                          post poll                  login ok    ok    403   403   403
poll_close                          post hidden_poll           login ok    404   404   404   ok
poll_join                           form -                     ok    ok    ok    ok    ok    ok
poll_vote                           form poll                  ok    ok    ok    ok    ok    ok
poll_vote                           form hidden_poll           ok    ok    ok    ok    ok    ok

[search]
search                              get  -                     ok    ok    ok    ok    ok    ok
search                              get  -?q=larm              ok    ok    ok    ok    ok    ok
search                              get  -?q=utkastet          ok    ok    ok    ok    ok    ok

[portal]
# The portal shows public things only, the same to everyone (it asks as an anonymous visitor).
start                               get  -                     ok    ok    ok    ok    ok    ok
# A group of bodies: a region by its code, or a level (bodies without a region); one without
# public bodies does not exist, like an unknown key.
group                               get  -,key=20              ok    ok    ok    ok    ok    ok
group                               get  -,key=niva-nationell  404   404   404   404   404   404
group                               get  -,key=okand           404   404   404   404   404   404
body_detail                         get  lpo                   ok    ok    ok    ok    ok    ok
body_detail                         get  styrgrupp             404   404   404   404   404   404
body_rss                            form lpo                   ok    ok    ok    ok    ok    ok
body_rss                            form styrgrupp             404   404   404   404   404   404
body_atom                           form lpo                   ok    ok    ok    ok    ok    ok
body_atom                           form styrgrupp             404   404   404   404   404   404
body_calendar                       get  lpo                   ok    ok    ok    ok    ok    ok
body_calendar                       get  styrgrupp             404   404   404   404   404   404
meeting_detail                      get  published             ok    ok    ok    ok    ok    ok
meeting_detail                      get  held                  404   404   404   404   404   404
meeting_detail                      get  hidden_published      404   404   404   404   404   404
kunskapsstod_list                   get  -                     ok    ok    ok    ok    ok    ok
matrix                              get  -                     ok    ok    ok    ok    ok    ok

[accounts]
# A token is revoked by its owner only (404 to everyone else, alice too).
login                               get  -                     ok    302   302   302   302   302
login                               post -                     ok    ok    ok    ok    ok    ok
logout                              post -                     ok    ok    ok    ok    ok    ok
profile                             form -                     login ok    ok    ok    ok    ok
revoke_token                        post bob_token             login 404   ok    404   404   404

[api]
# The API's documentation is public; the API itself is in test_permission_matrix_api.
openapi-json                        form -                     ok    ok    ok    ok    ok    ok
openapi-view                        form -                     ok    ok    ok    ok    ok    ok
api-root                            form -                     404   404   404   404   404   404
unknown_path                        form -,rest=okand          404   404   404   404   404   404

[admin]
# The admin is for staff only. Its login page sends staff on to the index; logging out is a
# POST, and sends those who are not staff back to the index. One row covers every other URL.
login                               get  -                     ok    302   ok    ok    ok    ok
login                               post -                     ok    ok    ok    ok    ok    ok
logout                              get  -                     302   405   302   302   302   302
logout                              post -                     ok    ok    ok    ok    ok    ok
*                                   get  -                     login staff login login login login
"""
# fmt: on

ROWS = parse_policy(POLICY, METHODS, OUTCOMES)

#: Pages that take a secret in their address (a signed calendar feed or answer link, a poll's
#: code shown in the meeting): holding the address is the permission, so they show what it names
#: to whoever holds it, and are not read for secrets.
CAPABILITIES = frozenset({"meetings_export:calendar_feed", "followup:answer", "followup:poll_vote"})


def _login_url(pattern: Pattern) -> str:
    return reverse("admin:login" if pattern.is_admin else "accounts:login")


class PageMatrixTests(MatrixTestCase):
    """One test per namespace, one sub-test per row: a failure names the row and the users."""

    patterns: dict[str, Pattern]

    def setUp(self) -> None:
        super().setUp()
        self.patterns = {p.key: p for p in walk()}
        # Time is spent on permissions, not on drawing: a PDF is not rendered (the check comes
        # before it) and the OpenAPI document is made once, not once a request.
        pdf = mock.patch.object(exports, "render_pdf", return_value=b"%PDF-1.7")
        schema = mock.patch.object(api, "get_openapi_schema", return_value=openapi_schema())
        for patch in (pdf, schema):
            patch.start()
            self.addCleanup(patch.stop)

    def request(self, user: str, method: str, url: str) -> tuple[Any, str]:
        """The answer to ``user`` and its readable text; whatever it did is undone, and the
        client keeps its session and cookies (a logout or a language switch is undone too)."""
        client = self.clients[user]
        cookies = copy.deepcopy(client.cookies)
        with transaction.atomic():
            response = client.get(url) if method == "get" else client.post(url, {})
            text = self.readable(response) if response.status_code in (200, 400) else ""
            transaction.set_rollback(True)
        client.cookies = cookies
        return response, text

    def outcome(self, response: Any, method: str, login_url: str) -> str:
        status: int = response.status_code
        if status == 302 and response["Location"].startswith(login_url):
            return "login"
        if method == "post" and status in (200, 302, 400):
            return "ok"
        return "ok" if status == 200 else str(status)

    def attempt(self, row: Row, pattern: Pattern, url: str, method: str) -> None:
        """``method`` on ``url`` as every user: the outcomes of ``row``, no secret shown to
        anyone who may not read it, nothing changed by a refused request or a GET."""
        found = {}
        for user in USERS:
            response, text = self.request(user, method, url)
            found[user] = self.outcome(response, method, _login_url(pattern))
            what = f"{method.upper()} {url} ({row.key}) as {user}"
            if text and row.key not in CAPABILITIES:
                allowed = {HIDDEN_BODY} if (row.key, user) in BODY_NAMED_TO_BOB else set()
                self.assert_no_secrets(user, text, what, allowed)
            if row.expected(user) not in ("ok", "302", "staff"):
                self.assert_unchanged(what)
        wrong = [
            f"{user} expected {row.expected(user)}, got {got}"
            for user, got in found.items()
            if got != row.expected(user)
            and not (row.expected(user) == "staff" and got not in ("login", "500"))
        ]
        assert not wrong, f"{method.upper()} {url} ({row.label}): " + "; ".join(wrong)

    def check(self, row: Row, pattern: Pattern, url: str) -> None:
        methods = ["get", "post"] if row.method == "form" else [row.method]
        for method in methods:
            self.attempt(row, pattern, url, method)
        tried = {r.method for r in ROWS if r.key == row.key and r.target == row.target}
        if tried == {"post"}:
            # Only POST: a GET is refused as a method, after the login if the page needs one.
            for user in USERS:
                response, _text = self.request(user, "get", url)
                expected = "login" if row.expected(user) == "login" else "405"
                got = self.outcome(response, "get", _login_url(pattern))
                assert got == expected, f"GET {url} as {user}: expected {expected}, got {got}"
        elif tried == {"get"}:
            response, _text = self.request("alice", "post", url)
            assert response.status_code == 405, f"POST {url}: {response.status_code}"

    def check_namespace(self, namespace: str) -> None:
        rows = [row for row in ROWS if row.key.split(":")[0] == namespace]
        assert rows, namespace
        for row in rows:
            if row.key == ADMIN_WILDCARD:
                continue
            with self.subTest(row.label):
                pattern = self.patterns[row.key]
                self.check(row, pattern, url_of(self, pattern, row.target))

    def check_admin(self) -> None:
        (row,) = (row for row in ROWS if row.key == ADMIN_WILDCARD)
        named = {r.key for r in ROWS}
        for pattern in self.patterns.values():
            if pattern.is_admin and pattern.key not in named:
                with self.subTest(pattern.key):
                    url = admin_url(self, pattern)
                    self.attempt(row, pattern, url, "get")

    def test_core(self) -> None:
        self.check_namespace("core")

    def test_registry(self) -> None:
        self.check_namespace("registry")

    def test_meetings(self) -> None:
        self.check_namespace("meetings")

    def test_meetings_export(self) -> None:
        self.check_namespace("meetings_export")

    def test_minutes(self) -> None:
        self.check_namespace("minutes")

    def test_guidance(self) -> None:
        self.check_namespace("guidance")

    def test_followup(self) -> None:
        self.check_namespace("followup")

    def test_search(self) -> None:
        self.check_namespace("search")

    def test_portal(self) -> None:
        self.check_namespace("portal")

    def test_accounts(self) -> None:
        self.check_namespace("accounts")

    def test_api(self) -> None:
        self.check_namespace("api")

    def test_admin(self) -> None:
        self.check_namespace("admin")
        self.check_admin()

    def test_every_url_pattern_has_a_row_and_every_row_a_pattern(self) -> None:
        keys = {row.key for row in ROWS}
        missing = [
            p.route
            for p in self.patterns.values()
            if p.key not in keys
            and not (p.is_admin and ADMIN_WILDCARD in keys)
            and not (p.is_api and api_path(p.route) in API_PATHS)
            # The OpenID Connect login, there only when it is configured (not in tests).
            and not p.route.startswith("oidc/")
        ]
        assert not missing, f"URL patterns without a row in POLICY: {missing}"
        stale = sorted(keys - set(self.patterns) - {ADMIN_WILDCARD})
        assert not stale, f"rows in POLICY for patterns that do not exist: {stale}"
        assert any(p.is_admin for p in self.patterns.values())

    def test_every_row_is_checked_by_a_test(self) -> None:
        namespaces = {row.key.split(":")[0] for row in ROWS}
        tests = {name.removeprefix("test_") for name in dir(self) if name.startswith("test_")}
        assert namespaces <= tests, sorted(namespaces - tests)
