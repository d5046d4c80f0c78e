"""The phone's queue as the technicians: time-log arithmetic, completion,
replay order, idempotency, stale and refused actions, bad payloads."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import PNG, MobileCase

NOW = "2026-01-13 12:00:00"


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestMobileActions(MobileCase):
    def _tick_all(self, user, order):
        return [
            self.action(order, "checklist", payload={"item_id": item.id, "done": True})
            for item in order.checklist_item_ids
        ]

    # ------------------------------------------------------------ the timer
    def test_lead_travel_work_pause_finish(self):
        order = self.order
        a = self.tech_user_a
        results = self.apply(
            a,
            self.action(order, "start_travel", "2026-01-13 08:30:00"),
            self.action(order, "arrive", "2026-01-13 09:00:00"),
            self.action(order, "pause", "2026-01-13 10:00:00"),
            self.action(order, "resume", "2026-01-13 10:15:00"),
            *self._tick_all(a, order),
            self.action(order, "finish", "2026-01-13 11:00:00"),
        )
        self.assertStatuses(results, *["done"] * 7)
        self.assertEqual(order.state, "done")
        # the times are the taps, not the replay's
        self.assertEqual(order.date_started, datetime(2026, 1, 13, 9, 0))
        self.assertEqual(order.date_done, datetime(2026, 1, 13, 11, 0))
        travel = self.logs(order, self.tech_a, "travel")
        self.assertEqual(
            (travel.date_start, travel.date_end),
            (datetime(2026, 1, 13, 8, 30), datetime(2026, 1, 13, 9, 0)),
        )
        work = self.logs(order, self.tech_a, "work")
        self.assertEqual(len(work), 2, "a pause splits the work")
        self.assertAlmostEqual(sum(work.mapped("duration")), 1.75)
        pause = self.logs(order, self.tech_a, "break")
        self.assertAlmostEqual(pause.duration, 0.25)
        self.assertAlmostEqual(order.work_hours, 1.75, msg="no pause in the work")
        self.assertAlmostEqual(order.travel_hours, 0.5)
        # the crew tapped nothing: no time of his was invented
        self.assertFalse(self.logs(order, self.tech_b))
        timer = results[-1]["job"]["timer"]
        self.assertEqual(
            timer,
            {"mode": "done", "since": False, "travel_minutes": 30, "work_minutes": 105},
        )

    def test_a_short_drive_counts_its_seconds(self):
        """Parked round the corner: 40 seconds of travel are 40 seconds on
        the phone's clock, not 0:00 (whole minutes)."""
        results = self.apply(
            self.tech_user_a,
            self.action(self.order, "start_travel", "2026-01-13 08:30:00"),
            self.action(self.order, "arrive", "2026-01-13 08:30:40"),
        )
        self.assertStatuses(results, "done", "done")
        timer = results[-1]["job"]["timer"]
        self.assertEqual(timer["mode"], "work")
        self.assertAlmostEqual(timer["travel_minutes"] * 60, 40, delta=0.6)

    def test_starting_a_job_stops_the_time_left_running_elsewhere(self):
        """He forgot to pause the morning's job: travelling to the next one
        stops it, instead of refusing every tap on both as overlapping."""
        a = self.tech_user_a
        self.assertStatuses(
            self.apply(
                a,
                self.action(self.order, "start_travel", "2026-01-13 08:30:00"),
                self.action(self.order, "arrive", "2026-01-13 09:00:00"),
            ),
            "done",
            "done",
        )
        second = self._dispatched_order(
            start=datetime(2026, 1, 13, 11, 0), hours=1.0, crew=False
        )
        results = self.apply(
            a,
            self.action(second, "start_travel", "2026-01-13 10:40:00"),
            self.action(second, "arrive", "2026-01-13 11:00:00"),
        )
        self.assertStatuses(results, "done", "done")
        first_work = self.logs(self.order, self.tech_a, "work")
        self.assertEqual(first_work.date_end, datetime(2026, 1, 13, 10, 40))
        self.assertEqual(self.order.state, "in_progress", "not completed for him")
        travel = self.logs(second, self.tech_a, "travel")
        self.assertEqual(travel.date_start, datetime(2026, 1, 13, 10, 40))
        self.assertTrue(
            second.message_ids.filtered(lambda m: "was still running" in (m.body or ""))
        )
        # back on the first job: paused, not finished, and he resumes it
        day = self.env["service.order"].with_user(a).mobile_my_day("2026-01-13")
        first = next(job for job in day["jobs"] if job["id"] == self.order.id)
        self.assertEqual(first["timer"]["mode"], "paused")
        self.assertStatuses(
            self.apply(a, self.action(self.order, "resume", "2026-01-13 12:10:00")),
            "done",
        )
        self.assertEqual(
            self.logs(self.order, self.tech_a, "work")[-1].date_start,
            datetime(2026, 1, 13, 12, 10),
        )
        self.assertEqual(self.logs(second, self.tech_a, "work").date_end.hour, 12)

    def test_crew_taps_his_own_buttons(self):
        order = self.order
        results = self.apply(
            self.tech_user_b,
            self.action(order, "start_travel", "2026-01-13 08:40:00"),
            self.action(order, "arrive", "2026-01-13 09:10:00"),
        )
        self.assertStatuses(results, "done", "done")
        # the crew's arrival does not start the order: the lead's does
        self.assertEqual(order.state, "dispatched")
        self.assertEqual(results[-1]["job"]["timer"]["mode"], "work")
        self.assertEqual(results[-1]["job"]["role"], "crew")
        results = self.apply(
            self.tech_user_a,
            self.action(order, "arrive", "2026-01-13 09:20:00"),
            *self._tick_all(self.tech_user_a, order),
            self.action(order, "finish", "2026-01-13 10:50:00"),
        )
        self.assertStatuses(results, *["done"] * 4)
        self.assertEqual(order.state, "done")
        bob_work = self.logs(order, self.tech_b, "work")
        self.assertEqual(len(bob_work), 1, "the lead's start opened no second log")
        # the lead finished the job: the crew's time ends then, not at replay
        self.assertEqual(bob_work.date_end, datetime(2026, 1, 13, 10, 50))
        self.assertAlmostEqual(bob_work.duration, 100 / 60)
        self.assertAlmostEqual(self.logs(order, self.tech_a, "work").duration, 1.5)

    def test_crew_cannot_complete_nor_ask_return_visit(self):
        order = self.order
        self.apply(
            self.tech_user_a, self.action(order, "arrive", "2026-01-13 09:00:00")
        )
        results = self.apply(
            self.tech_user_b,
            self.action(order, "arrive", "2026-01-13 09:05:00"),
            self.action(order, "return_visit", payload={"reason": "parts"}),
            self.action(order, "finish", "2026-01-13 10:00:00"),
        )
        self.assertStatuses(results, "done", "refused", "done")
        self.assertIn("Only the lead technician", results[1]["message"])
        # his finish ends his own work only
        self.assertEqual(order.state, "in_progress")
        self.assertEqual(
            self.logs(order, self.tech_b).date_end, datetime(2026, 1, 13, 10, 0)
        )
        self.assertFalse(self.logs(order, self.tech_a).date_end)

    def test_times_clamped(self):
        order = self.order
        results = self.apply(
            self.tech_user_a,
            self.action(order, "start_travel", "2026-01-13 08:30:00"),
            # the phone's clock went back: not before his last event
            self.action(order, "arrive", "2026-01-13 08:00:00"),
            # and ahead: not after now + the tolerance
            self.action(order, "pause", "2026-01-13 18:00:00"),
        )
        self.assertStatuses(results, "done", "done", "done")
        travel = self.logs(order, self.tech_a, "travel")
        self.assertEqual(travel.date_end, datetime(2026, 1, 13, 8, 30))
        work = self.logs(order, self.tech_a, "work")
        self.assertEqual(work.date_end, datetime(2026, 1, 13, 12, 15))
        # no time given: the server's now
        results = self.apply(self.tech_user_a, self.action(order, "resume"))
        self.assertEqual(
            self.logs(order, self.tech_a, "work")[-1].date_start,
            datetime(2026, 1, 13, 12, 15),
            "not before the pause he took",
        )

    # ---------------------------------------------------- completion checks
    def test_completion_checks_from_the_phone(self):
        order = self.order
        order.order_type_id = self.signed_type  # as superuser, for the test
        order.checklist_item_ids = [
            (0, 0, {"name": "Isolate power", "required": True}),
        ]
        results = self.apply(
            self.tech_user_a,
            self.action(order, "arrive", "2026-01-13 09:00:00"),
            self.action(order, "finish", "2026-01-13 10:00:00"),
        )
        self.assertStatuses(results, "done", "refused")
        message = results[1]["message"]
        self.assertIn("Isolate power", message)
        self.assertIn("signature", message)
        # nothing of the refused finish was written
        self.assertEqual(order.state, "in_progress")
        self.assertFalse(self.logs(order, self.tech_a, "work").date_end)
        self.assertEqual(len(results[1]["job"]["completion_errors"]), 2)
        results = self.apply(
            self.tech_user_a,
            *self._tick_all(self.tech_user_a, order),
            self.action(
                order, "signature", payload={"image": PNG, "signed_by": "Jane Customer"}
            ),
            self.action(order, "finish", "2026-01-13 10:30:00"),
        )
        self.assertStatuses(results, *["done"] * (len(order.checklist_item_ids) + 2))
        self.assertEqual(order.state, "done")
        self.assertEqual(order.signed_by, "Jane Customer")
        self.assertEqual(order.checklist_item_ids.done_by_id, self.tech_user_a)

    # ------------------------------------------------------ replay and keys
    def test_replayed_queue_counts_once(self):
        order = self.order
        queue = [
            self.action(order, "start_travel", "2026-01-13 08:30:00"),
            self.action(order, "arrive", "2026-01-13 09:00:00"),
            self.action(
                order, "part", payload={"product_id": self.product_part.id, "qty": 2}
            ),
            self.action(
                order,
                "photo",
                payload={"name": "meter.png", "mimetype": "image/png", "data": PNG},
            ),
        ]
        first = self.apply(self.tech_user_a, *queue)
        self.assertStatuses(first, "done", "done", "done", "done")
        # the connection dropped before the answer: the phone sends it all again
        again = self.apply(self.tech_user_a, *queue)
        self.assertStatuses(again, *["duplicate"] * 4)
        self.assertEqual(len(self.logs(order, self.tech_a, "travel")), 1)
        self.assertEqual(len(self.logs(order, self.tech_a, "work")), 1)
        self.assertEqual(order.line_ids.qty_used, 2)
        self.assertEqual(order.photo_count, 1)
        self.assertEqual(again[2]["job"]["parts"][0]["qty"], 2)
        # the same key is another action for another user
        applied = self.env["service.mobile.action"].search(
            [("key", "=", queue[0]["key"])]
        )
        self.assertEqual(applied.user_id, self.tech_user_a)
        other = self.apply(self.tech_user_b, dict(queue[0]))
        self.assertStatuses(other, "done")

    def test_queue_in_order_and_refusals_do_not_stop_it(self):
        order = self.order
        results = self.apply(
            self.tech_user_a,
            # offline since the morning: arrived before he ticked
            self.action(order, "arrive", "2026-01-13 09:00:00"),
            self.action(order, "finish", "2026-01-13 09:30:00"),
            *self._tick_all(self.tech_user_a, order),
            self.action(order, "finish", "2026-01-13 10:00:00"),
        )
        self.assertStatuses(results, "done", "refused", "done", "done", "done")
        self.assertEqual(order.state, "done")
        self.assertEqual(order.date_done, datetime(2026, 1, 13, 10, 0))
        # the refused action was not recorded: it may be sent again
        keys = self.env["service.mobile.action"].search([]).mapped("key")
        self.assertNotIn(results[1]["key"], keys)
        self.assertIn(results[0]["key"], keys)

    # ---------------------------------------------------------------- stale
    def test_stale_when_rescheduled(self):
        order = self.order
        self.env.cr.flush()  # as at a commit: the phone read a saved job
        version = order._mobile_versions()[order.id]
        order.with_user(self.dispatcher).date_scheduled_start = datetime(
            2026, 1, 13, 14, 0
        )
        self.assertGreater(order._mobile_versions()[order.id], version)
        results = self.apply(
            self.tech_user_a,
            self.action(order, "start_travel", "2026-01-13 08:30:00", version=version),
        )
        self.assertStatuses(results, "stale")
        self.assertIn("changed by the office", results[0]["message"])
        self.assertFalse(order.timelog_ids, "nothing written")
        self.assertEqual(
            results[0]["job"]["version"], order._mobile_versions()[order.id]
        )
        # with the new version it goes through
        results = self.apply(self.tech_user_a, self.action(order, "start_travel"))
        self.assertStatuses(results, "done")

    def test_applied_keys_are_the_servers(self):
        """No client creates an applied action: a forged one would burn a
        key of the queue or fake the audit of a tap."""
        with self.assertRaises(AccessError):
            self.env["service.mobile.action"].with_user(self.tech_user_a).create(
                {"key": "forged", "order_id": self.order.id, "action_type": "finish"}
            )
        results = self.apply(self.tech_user_a, self.action(self.order, "arrive"))
        self.assertStatuses(results, "done")
        applied = self.env["service.mobile.action"].with_user(self.tech_user_a)
        self.assertEqual(
            applied.search([("key", "=", results[0]["key"])]).user_id, self.tech_user_a
        )

    def test_version_bumped_once_per_transaction(self):
        order = self.order
        self.env.cr.flush()  # as at a commit: nothing pending from the set-up
        stored = order.mobile_version
        dispatcher_order = order.with_user(self.dispatcher)
        dispatcher_order.date_scheduled_start = datetime(2026, 1, 13, 14, 0)
        dispatcher_order.date_scheduled_start = datetime(2026, 1, 13, 15, 0)
        self.assertEqual(order._mobile_versions()[order.id], stored + 1)
        self.env.cr.flush()  # the commit writes the pending bump
        order.invalidate_recordset(["mobile_version"])
        self.assertEqual(order.mobile_version, stored + 1)
        self.assertEqual(order._mobile_versions()[order.id], stored + 1)

    def test_stale_when_checklist_changed_or_cancelled(self):
        order = self.order
        self.env.cr.flush()  # as at a commit: the phone read a saved job
        version = order._mobile_versions()[order.id]
        item = order.checklist_item_ids[:1]
        # ticking by a colleague is no change of the order
        item.with_user(self.tech_user_b).is_done = True
        self.assertEqual(order._mobile_versions()[order.id], version)
        item.with_user(self.dispatcher).name = "Isolate power and gas"
        results = self.apply(
            self.tech_user_a,
            self.action(
                order,
                "checklist",
                payload={"item_id": item.id, "done": False},
                version=version,
            ),
        )
        self.assertStatuses(results, "stale")
        self.assertTrue(item.is_done, "nothing written")
        self.env.cr.flush()  # as at a commit: the phone read a saved job
        version = order._mobile_versions()[order.id]
        order.with_user(self.dispatcher).action_cancel()
        results = self.apply(
            self.tech_user_a, self.action(order, "start_travel", version=version)
        )
        self.assertStatuses(results, "stale")

    def test_stale_when_reassigned(self):
        order = self.order
        self.env.cr.flush()  # as at a commit: the phone read a saved job
        version = order._mobile_versions()[order.id]
        order.with_user(self.dispatcher).crew_ids = [(5, 0, 0)]
        results = self.apply(
            self.tech_user_b, self.action(order, "start_travel", version=version)
        )
        self.assertStatuses(results, "stale")
        self.assertIn("no longer yours", results[0]["message"])
        self.assertFalse(results[0]["job"])
        self.assertFalse(order.timelog_ids)

    # ------------------------------------------------------------ payloads
    def test_parts_notes_extra_work(self):
        order = self.order
        results = self.apply(
            self.tech_user_a,
            self.action(order, "arrive", "2026-01-13 09:00:00"),
            self.action(
                order, "part", payload={"product_id": self.product_part.id, "qty": 1}
            ),
            self.action(
                order, "part", payload={"product_id": self.product_part.id, "qty": 0.5}
            ),
            self.action(order, "note", payload={"resolution": "Replaced <the> fan"}),
            self.action(
                order,
                "extra_work",
                payload={"note": "The duct leaks too", "followup": True},
            ),
        )
        self.assertStatuses(results, *["done"] * 5)
        self.assertEqual(order.line_ids.qty_used, 1.5)
        self.assertEqual(results[-1]["job"]["resolution"], "Replaced <the> fan")
        self.assertNotIn("<the>", order.resolution, "escaped, not HTML")
        followup = self.env["service.order"].search([("followup_of_id", "=", order.id)])
        self.assertEqual(followup.state, "new")
        self.assertFalse(followup.technician_id)
        self.assertEqual(followup.partner_id, order.partner_id)
        self.assertIn("duct", followup.description)
        self.assertEqual(followup.activity_ids.user_id, self.dispatcher)
        self.assertIn(
            "duct", " ".join(order.message_ids.mapped("body")), "noted on the order"
        )

    def test_technician_deletes_his_own_photo(self):
        order = self.order
        photo = {"name": "blurred.png", "mimetype": "image/png", "data": PNG}
        self.assertStatuses(
            self.apply(
                self.tech_user_a,
                self.action(order, "arrive", "2026-01-13 09:00:00"),
                self.action(order, "photo", payload=photo),
            ),
            "done",
            "done",
        )
        self.assertStatuses(
            self.apply(self.tech_user_b, self.action(order, "photo", payload=photo)),
            "done",
        )
        Attachment = self.env["ir.attachment"]
        mine, bobs = Attachment.search(
            [("res_model", "=", "service.order"), ("res_id", "=", order.id)],
            order="id",
        )
        # the office's photo of the unit, another order's photo: not his
        office = Attachment.create(
            {
                "name": "unit.png",
                "datas": PNG,
                "res_model": "service.order",
                "res_id": order.id,
            }
        )
        elsewhere = Attachment.create(
            {
                "name": "other.png",
                "datas": PNG,
                "res_model": "service.order",
                "res_id": self._dispatched_order(
                    start=datetime(2026, 1, 14, 9, 0), crew=False
                ).id,
            }
        )
        results = self.apply(
            self.tech_user_a,
            self.action(order, "photo_delete", payload={"photo_id": bobs.id}),
        )
        self.assertStatuses(results, "refused")
        self.assertIn("only the files you added", results[0]["message"])
        self.assertTrue(bobs.exists())
        results = self.apply(
            self.tech_user_a,
            self.action(order, "photo_delete", payload={"photo_id": office.id}),
        )
        self.assertStatuses(results, "refused")
        # nor around the phone's action, by RPC on the attachment itself
        with self.assertRaisesRegex(UserError, "only the files you added"):
            office.with_user(self.tech_user_a).unlink()
        self.assertTrue(office.exists())
        self.assertStatuses(
            self.apply(
                self.tech_user_a,
                self.action(order, "photo_delete", payload={"photo_id": elsewhere.id}),
            ),
            "done",
        )
        self.assertTrue(elsewhere.exists())
        results = self.apply(
            self.tech_user_a,
            self.action(order, "photo_delete", payload={"photo_id": mine.id}),
        )
        self.assertStatuses(results, "done")
        self.assertFalse(mine.exists())
        self.assertEqual(
            [photo["id"] for photo in results[0]["job"]["photos"]],
            [bobs.id, office.id],
        )
        self.assertIn("deleted the photo blurred.png", order.message_ids[0].body)
        # gone already (deleted from his other phone): nothing to do
        self.assertStatuses(
            self.apply(
                self.tech_user_a,
                self.action(order, "photo_delete", payload={"photo_id": mine.id}),
            ),
            "done",
        )
        # a bad id, a closed job
        self.assertStatuses(
            self.apply(
                self.tech_user_b,
                self.action(order, "photo_delete", payload={"photo_id": "1; drop"}),
            ),
            "refused",
        )
        order.with_user(self.dispatcher).action_cancel()
        results = self.apply(
            self.tech_user_b,
            self.action(order, "photo_delete", payload={"photo_id": bobs.id}),
        )
        self.assertIn(results[0]["status"], ("refused", "stale"))
        self.assertTrue(bobs.exists())

    def test_bad_payloads_are_refused_cleanly(self):
        order = self.order
        A = self.env["service.order"].with_user(self.tech_user_a)
        with self.assertRaises(UserError):
            A.mobile_apply("not a list")
        with self.assertRaises(UserError):
            A.mobile_apply([{}] * 201)
        bad = [
            "nothing",
            {"type": "arrive", "order_id": order.id, "version": 1},
            dict(self.action(order, "teleport")),
            dict(self.action(order, "arrive"), version="1"),
            dict(self.action(order, "arrive"), order_id="x"),
            dict(self.action(order, "arrive"), at="yesterday"),
            dict(self.action(order, "arrive"), payload=[1]),
            self.action(
                order, "part", payload={"product_id": self.product_part.id, "qty": -1}
            ),
            self.action(
                order, "part", payload={"product_id": self.product_labour.id, "qty": 1}
            ),
            self.action(order, "part", payload={"product_id": 999999999, "qty": 1}),
            self.action(
                order, "photo", payload={"mimetype": "image/png", "data": "abc"}
            ),
            self.action(order, "photo", payload={"mimetype": "text/html", "data": PNG}),
            self.action(
                order, "checklist", payload={"item_id": "1; drop", "done": True}
            ),
            self.action(order, "checklist", payload={"item_id": 999999, "done": True}),
            self.action(
                order, "signature", payload={"image": "PHN2Zz4=", "signed_by": "x"}
            ),
            self.action(order, "signature", payload={"image": PNG, "signed_by": ""}),
            self.action(order, "extra_work", payload={"note": "  "}),
            self.action(order, "return_visit", payload={"reason": ""}),
            dict(self.action(order, "arrive"), order_id=999999999),
        ]
        results = A.mobile_apply(bad)
        self.assertEqual(len(results), len(bad))
        for action, result in zip(bad, results, strict=True):
            with self.subTest(action=action):
                self.assertIn(result["status"], ("refused", "stale"))
                self.assertTrue(result["message"])
        self.assertFalse(order.timelog_ids)
        self.assertFalse(order.line_ids)
        self.assertEqual(order.photo_count, 0)
        self.assertFalse(order.signature)
        self.assertFalse(self.env["service.mobile.action"].search([]))

    # -------------------------------------------------------------- access
    def test_access_limits(self):
        order = self.order
        outsider = new_test_user(
            self.env,
            "tech_out",
            groups="service_order.group_service_technician",
            name="Tech Out",
        )
        self.env["hr.employee"].create(
            {"name": "Tess Out", "user_id": outsider.id, "is_field_technician": True}
        )
        results = self.apply(outsider, self.action(order, "start_travel"))
        self.assertStatuses(results, "stale")
        self.assertFalse(results[0]["job"], "nothing of the order shown")
        self.assertFalse(order.timelog_ids)
        # the applied keys are each technician's own
        self.apply(self.tech_user_a, self.action(order, "start_travel"))
        Applied = self.env["service.mobile.action"]
        self.assertEqual(len(Applied.with_user(self.tech_user_a).search([])), 1)
        self.assertFalse(Applied.with_user(self.tech_user_b).search([]))
        with self.assertRaises(AccessError):
            Applied.with_user(self.tech_user_b).create(
                {"key": "x", "order_id": order.id, "user_id": self.tech_user_a.id}
            )
        with self.assertRaises(AccessError):
            Applied.with_user(self.tech_user_a).search([]).write({"key": "y"})
        portal = new_test_user(self.env, "portal_m", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["service.order"].with_user(portal).mobile_apply([])

    def test_other_company_order_refused(self):
        order_b = self._create_order(company_id=self.company2.id)
        results = self.apply(self.tech_user_a, self.action(order_b, "start_travel"))
        self.assertStatuses(results, "stale")
        self.assertFalse(results[0]["job"])

    def test_tolerance_window(self):
        # a log can end a few minutes ahead of the server's clock, no more
        order = self.order
        self.apply(self.tech_user_a, self.action(order, "start_travel"))
        log = self.logs(order, self.tech_a, "travel")
        self.assertEqual(log.date_start, datetime(2026, 1, 13, 12, 0))
        self.assertLessEqual(
            log.date_start, datetime(2026, 1, 13, 12, 0) + timedelta(minutes=15)
        )

    def test_replayed_queue_makes_timesheets_once(self):
        Timelog = self.env["service.order.timelog"]
        if "timesheet_id" not in Timelog._fields:
            self.skipTest("service_timesheet is not installed")
        order = self.order
        queue = [
            self.action(order, "start_travel", "2026-01-13 08:30:00"),
            self.action(order, "arrive", "2026-01-13 09:00:00"),
            *self._tick_all(self.tech_user_a, order),
            self.action(order, "finish", "2026-01-13 10:00:00"),
        ]
        self.assertStatuses(self.apply(self.tech_user_a, *queue), *["done"] * 5)
        self.assertStatuses(self.apply(self.tech_user_a, *queue), *["duplicate"] * 5)
        sheets = self.env["account.analytic.line"].search(
            [("service_order_id", "=", order.id)]
        )
        self.assertEqual(sorted(sheets.mapped("unit_amount")), [0.5, 1.0])
        self.assertEqual(order.timelog_ids.sudo().timesheet_id, sheets)
