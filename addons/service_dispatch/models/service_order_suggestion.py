"""Technician suggestions for one order and their explanations in words."""

from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.service_order.tools.input_guard import (
    clean_datetime,
    clean_int,
)

from ..utils import scoring
from ..utils.timezone import zone
from ..utils.travel import home_point, partner_point
from .service_order import SUGGESTION_HORIZON_DAYS


class ServiceOrder(models.Model):
    # one file per concern of the dispatch part of the order (issue 8)
    _inherit = "service.order"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Suggestions
    # ------------------------------------------------------------------
    def action_open_dispatch_suggestions(self):
        self._check_dispatch_access()
        self._ensure_one_dispatch()
        wizard = self.env["service.dispatch.suggestion"].create({"order_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": _("Who should take %(order)s?", order=self.name),
            "res_model": "service.dispatch.suggestion",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
            "context": {"dialog_size": "extra-large"},
        }

    def get_dispatch_suggestions(self, date_from=False, date_to=False, limit=5):
        """Ranked technicians for this order, for the board (JSON and
        XML-RPC): a list of ``{"technician_id", "name", "score", "start",
        "end", "explanation", "parts"}`` (``parts``: whether his van holds
        the planned parts, see ``_get_parts_availability``), eligible
        technicians only, best first. When
        it is empty, ``get_dispatch_suggestion_report`` says why."""
        return self.get_dispatch_suggestion_report(date_from, date_to, limit)[
            "suggestions"
        ]

    def get_dispatch_suggestion_report(self, date_from=False, date_to=False, limit=5):
        """The suggestions and, for every technician left out, why:

        ``{"suggestions": [as get_dispatch_suggestions],
        "reasons": [{"technician_id", "name", "reason"}],
        "message": "" or a sentence when no technician is eligible}``
        """
        self._check_dispatch_access()
        self._ensure_one_dispatch()
        env = self.env
        date_from = clean_datetime(date_from, _("From"), env) or None
        date_to = clean_datetime(date_to, _("Until"), env) or None
        limit = clean_int(limit, _("Limit"), 0, 100, env)
        suggestions = self._compute_dispatch_suggestions(date_from, date_to)
        result, reasons = [], []
        for suggestion in suggestions:
            if not suggestion.eligible:
                reasons.append(
                    {
                        "technician_id": suggestion.technician_id,
                        "name": suggestion.name or "",
                        "reason": self._format_dispatch_explanation(suggestion),
                    }
                )
                continue
            if limit and len(result) >= limit:
                continue
            result.append(
                {
                    "technician_id": suggestion.technician_id,
                    "name": suggestion.name or "",
                    "score": suggestion.score,
                    "start": fields.Datetime.to_string(suggestion.start),
                    "end": fields.Datetime.to_string(suggestion.end),
                    "explanation": self._format_dispatch_explanation(suggestion),
                }
            )
        parts = self._get_parts_availability(
            self.env["hr.employee.public"].browse(
                [item["technician_id"] for item in result]
            )
        )
        for item in result:
            item["parts"] = parts.get((self.id, item["technician_id"])) or False
        message = ""
        if not result:
            message = (
                _("No technician can take %(order)s: see why below.", order=self.name)
                if reasons
                else _(
                    "No field technician works for %(company)s.",
                    company=self.company_id.name,
                )
            )
        return {"suggestions": result, "reasons": reasons, "message": message}

    def _get_dispatch_horizon(self, date_from=None, date_to=None):
        """(earliest, latest) for an order without a schedule."""
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        earliest = max(d for d in (now, date_from, self.window_start) if d)
        latest = date_to or self.window_end
        if latest and self.window_end:
            latest = min(latest, self.window_end)
        if not latest or latest <= earliest:
            latest = earliest + timedelta(days=SUGGESTION_HORIZON_DAYS)
        return earliest, latest

    def _compute_dispatch_suggestions(self, date_from=None, date_to=None):
        """Rank the company's field technicians for this order
        (``scoring.Suggestion`` list, best first, ineligible ones last)."""
        self.ensure_one()
        company = self.company_id
        job = self._prepare_dispatch_job(date_from, date_to)
        if job.start is not None:
            span_start = job.start - timedelta(days=1)
            span_end = job.start + job.duration + timedelta(days=1)
        else:
            span_start = job.earliest - timedelta(days=1)
            span_end = job.latest + timedelta(days=1)
        technicians = self.env["hr.employee.public"].search_fetch(
            [
                ("is_field_technician", "=", True),
                ("company_id", "=", company.id),
            ],
            [
                "name",
                "company_id",
                "resource_id",
                "resource_calendar_id",
                "home_latitude",
                "home_longitude",
            ],
            order="name, id",
        )
        if not technicians:
            return []
        candidates = self._prepare_dispatch_technicians(
            technicians, span_start, span_end
        )
        visits = self._get_dispatch_visit_counts(technicians)
        for candidate in candidates:
            candidate.site_visits, candidate.asset_visits = visits.get(
                candidate.id, (0, 0)
            )
        weights = scoring.Weights(
            travel=company.dispatch_weight_travel,
            load=company.dispatch_weight_load,
            history=company.dispatch_weight_history,
            urgency=company.dispatch_weight_urgency,
        )
        return scoring.rank(
            job,
            candidates,
            weights=weights,
            **company._get_dispatch_travel_settings(),
            day_of=self._get_dispatch_day_of(),
        )

    def _prepare_dispatch_technicians(self, technicians, start, end):
        """``scoring.Technician`` of each of ``technicians``
        (``hr.employee.public``) with their skills for this order, working
        time, breaks, time off and bookings in [start, end) (a few queries
        for all of them; visits not counted)."""
        skills = self._get_dispatch_skill_levels(technicians)
        availability = self._get_dispatch_availability(technicians, start, end)
        bookings = self._get_dispatch_bookings(technicians, start, end)
        result = []
        for tech in technicians:
            work, breaks, leaves = availability.get(tech.id, ([], [], []))
            result.append(
                scoring.Technician(
                    id=tech.id,
                    name=tech.name,
                    company_id=tech.company_id.id,
                    skills=skills.get(tech.id, {}),
                    work=work,
                    breaks=breaks,
                    leaves=leaves,
                    bookings=bookings.get(tech.id, []),
                    home=home_point(tech),
                )
            )
        return result

    @api.model
    def _get_dispatch_day_of(self):
        """A function: naive UTC moment -> the UTC start of its local day."""
        tz = self._get_dispatch_tz()

        def day_of(moment):
            local = pytz.utc.localize(moment).astimezone(tz)
            midnight = tz.localize(datetime.combine(local.date(), time.min))
            return midnight.astimezone(pytz.utc).replace(tzinfo=None)

        return day_of

    @api.model
    def _get_dispatch_tz(self, calendar=None):
        """The pytz zone dispatch reads local days and hours in: the
        context's, else the user's, else the calendar's (the company's by
        default), else UTC. The one time-zone helper of the board, the
        suggestions and the auto-dispatch wizard; the context comes from the
        client, so an unknown name is skipped, never an error."""

        def calendar_tz():
            chosen = self.env.company.resource_calendar_id
            return (chosen if calendar is None else calendar).tz

        return zone(self.env.context.get("tz"), lambda: self.env.user.tz, calendar_tz)

    def _prepare_dispatch_job(self, date_from=None, date_to=None):
        self.ensure_one()
        site = self.site_id or self.partner_id
        duration = timedelta(hours=self.duration or 1.0)
        earliest = latest = None
        if not self.date_scheduled_start:
            earliest, latest = self._get_dispatch_horizon(date_from, date_to)
        return scoring.Job(
            company_id=self.company_id.id,
            duration=duration,
            location=partner_point(site),
            required_skills={s.id: s.name for s in self.required_skill_ids},
            min_level=self.min_skill_level,
            start=self.date_scheduled_start or None,
            earliest=earliest,
            latest=latest,
            deadline=self.resolution_deadline or None,
            response_deadline=self.response_deadline or None,
            now=fields.Datetime.now(),
            priority=int(self.priority or 1),
        )

    def _get_dispatch_skill_levels(self, technicians):
        """{employee id: {skill id: (level progress, level name)}} for the
        order's required skills, one query."""
        skill_ids = self.required_skill_ids._origin.ids
        if not skill_ids:
            return {}
        employee_skills = self.env["hr.employee.skill"].search_fetch(
            [
                ("employee_id", "in", technicians.ids),
                ("skill_id", "in", skill_ids),
            ],
            ["employee_id", "skill_id", "skill_level_id"],
        )
        employee_skills.skill_level_id.fetch(["name", "level_progress"])
        result = defaultdict(dict)
        for line in employee_skills:
            result[line.employee_id.id][line.skill_id.id] = (
                line.skill_level_id.level_progress,
                line.skill_level_id.name,
            )
        return result

    def _format_dispatch_explanation(self, suggestion):
        """The suggestion in words, in the user's language and time zone."""
        tz = self._get_dispatch_tz()

        def hhmm(moment):
            return pytz.utc.localize(moment).astimezone(tz).strftime("%H:%M")

        parts = []
        for code, params in suggestion.rejections:
            parts.append(self._format_dispatch_rejection(code, params))
        facts = suggestion.facts
        for skill, level, _progress in facts.get("skills", []):
            parts.append(_("has skill %(skill)s (%(level)s)", skill=skill, level=level))
        if not suggestion.eligible:
            return ", ".join(parts)
        travel = facts.get("travel") or {}
        if travel.get("minutes") is None:
            parts.append(self._format_dispatch_unknown_travel(travel))
        elif travel.get("origin") == "job":
            parts.append(
                _(
                    "%(km)s km / ~%(minutes)s min from previous job %(ref)s",
                    km=round(travel["km"]),
                    minutes=round(travel["minutes"]),
                    ref=travel.get("ref", ""),
                )
            )
        else:
            parts.append(
                _(
                    "%(km)s km / ~%(minutes)s min from home base",
                    km=round(travel["km"]),
                    minutes=round(travel["minutes"]),
                )
            )
        free_start, free_end = facts["free"]
        parts.append(
            _("free %(start)s-%(end)s", start=hhmm(free_start), end=hhmm(free_end))
        )
        for key, label in (
            ("site_visits", _("this site")),
            ("asset_visits", _("this unit")),
        ):
            count = facts.get(key) or 0
            if count == 1:
                parts.append(_("serviced %(what)s once", what=label))
            elif count == 2:
                parts.append(_("serviced %(what)s twice", what=label))
            elif count > 2:
                parts.append(
                    _("serviced %(what)s %(count)s times", what=label, count=count)
                )
        booked = facts.get("booked_hours") or 0.0
        if booked:
            parts.append(_("%(hours)s h booked that day", hours=round(booked, 1)))
        else:
            parts.append(_("nothing booked that day"))
        for key, label in (
            ("response_slack_hours", _("the response deadline")),
            ("deadline_slack_hours", _("the resolution deadline")),
        ):
            slack = facts.get(key)
            if slack is None:
                continue
            if slack >= 0:
                parts.append(
                    _(
                        "%(hours)s h before %(deadline)s",
                        hours=round(slack, 1),
                        deadline=label,
                    )
                )
            else:
                parts.append(
                    _(
                        "misses %(deadline)s by %(hours)s h",
                        hours=round(-slack, 1),
                        deadline=label,
                    )
                )
        return ", ".join(parts)

    def _format_dispatch_unknown_travel(self, travel):
        missing = travel.get("missing")
        if missing == "site":
            return _(
                "travel unknown: the site has no coordinates (geolocate its address)"
            )
        if missing == "job":
            return _(
                "travel unknown: the previous job %(ref)s has no coordinates "
                "(geolocate its site)",
                ref=travel.get("ref") or "",
            )
        return _("travel unknown: no home base coordinates (set them on the employee)")

    def _format_dispatch_rejection(self, code, params):
        if code == "company":
            return _("works for another company")
        if code == "missing_skill":
            return _("lacks skill %(skill)s", skill=params["skill"])
        if code == "low_level":
            return _(
                "%(skill)s level %(level)s (%(progress)s%%) below the required "
                "%(required)s%%",
                skill=params["skill"],
                level=params["level"],
                progress=params["progress"],
                required=params["required"],
            )
        if code == "not_working":
            return _("not working then (outside working hours)")
        if code == "time_off":
            return _("not working then (time off)")
        if code == "overlap":
            return _("already booked on %(order)s then", order=params["ref"])
        if code == "no_slot":
            return _(
                "no free slot of %(hours)s h in the period",
                hours=round(params["hours"], 1),
            )
        if code == "too_long":
            return _(
                "the job (%(hours)s h) is longer than any of his working days "
                "in the period",
                hours=round(params["hours"], 1),
            )
        return code

    def action_dispatch_assign(self, technician_id, start=False, end=False):
        """Assign a suggested technician (and slot) with one click.

        The suggestions only propose technicians who hold the skills and work
        then: a warning here means the situation changed since they were
        computed, and the assignment is refused with the reasons (the board
        is the place for an explicit override)."""
        self._check_dispatch_access()
        self._ensure_one_dispatch()
        env = self.env
        start = clean_datetime(start, _("Start"), env) or self.date_scheduled_start
        end = clean_datetime(end, _("End"), env) or self.date_scheduled_end
        if not start or not end:
            raise UserError(_("%(order)s has no time slot to assign.", order=self.name))
        result = self.dispatch_board_move(
            technician_id,
            fields.Datetime.to_string(start),
            fields.Datetime.to_string(end),
        )
        if isinstance(result, dict):
            raise UserError(
                _(
                    "%(order)s cannot be assigned: %(reasons)s",
                    order=self.name,
                    reasons="; ".join(result["reasons"]),
                )
            )
        return result
