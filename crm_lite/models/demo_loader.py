"""The demo as its staff made it.

An XML ``<record>`` is written by the superuser at install time: its chatter
reads "created by OdooBot, just now". The demo instead replays eighteen
months of a Shanghai furniture trader's work through the same methods the
web client calls, each step as the user who takes it (in that user's
language and time zone) and at the moment it happened: the administrator
sets up the company and its catalogue, account managers enter their
customers, record interactions and take orders, the supervisor registers
and assigns chances and services, the managers develop and handle them, and
the scheduled churn scan and pool return run as the scheduler runs them.

The moments are replayed with freezegun (one of Odoo's own requirements)
and the cursor's transaction time, and each step's tracking is posted
before the next one starts, so every message, activity and date is that of
its step. The loader runs from the post-install hook, once crm_lite's own
translations are in the database.
"""

from odoo import api, models

from .demo.story import Story


class CrmDemoLoader(models.AbstractModel):
    _name = "crm_lite.demo.loader"
    _description = "CRM Lite Demo Loader"

    @api.model
    def _install_language(self, code):
        """Install a language as Odoo's language installer does: activate
        it and load its terms for the modules already installed (the later
        ones, crm_lite included, load theirs when installed). Nothing to do
        when it is active already (``--load-language``)."""
        lang = (
            self.env["res.lang"]
            .with_context(active_test=False)
            .search([("code", "=", code)])
        )
        if lang.active:
            return
        lang.active = True
        self.env["ir.module.module"].search(
            [("state", "=", "installed")]
        )._update_translations([code])

    @api.model
    def _load_demo(self):
        Story(self.env).play()
