import functools
import subprocess

from odoo import fields, models
from odoo.tools.misc import find_in_path

# the analyses the report's sections summarise: each section is titled as the
# analysis's own menu
SECTION_ACTIONS = {
    "contribution": "crm_lite.action_report_contribution",
    "composition": "crm_lite.action_report_composition",
    "service": "crm_lite.action_report_service",
    "loss": "crm_lite.action_report_loss",
}


@functools.cache
def wkhtmltopdf_prints_headers():
    """Whether wkhtmltopdf prints the layout's header and footer: Odoo hands
    them over as separate pages (--header-html), which only builds with
    patched Qt print; other builds drop them with a mere warning."""
    try:
        version = subprocess.run(
            [find_in_path("wkhtmltopdf"), "--version"],
            capture_output=True,
            check=False,
            timeout=30,
        ).stdout
    except (OSError, TypeError, subprocess.SubprocessError):
        return True  # no usable wkhtmltopdf: Odoo tells so itself
    return b"patched qt" in version.lower()


class CrmManagementReport(models.TransientModel):
    """The periodic customer-management report (客户管理报告): the four
    analyses for a period (the days as the user reads them), optionally for
    one account manager."""

    _name = "crm_lite.management.report"
    _inherit = "crm_lite.period.mixin"
    _description = "Customer Management Report"

    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("crm_lite.group_account_manager").id)
        ],
    )

    def action_print(self):
        self.ensure_one()
        action = self.env.ref(
            "crm_lite.action_report_customer_management"
        ).report_action(self)
        # the dialog has done its job once the PDF is downloaded
        return dict(action, close_on_report_download=True)

    def _layout_header_in_page(self):
        """Print the company's header inside the page, where wkhtmltopdf
        would drop the external layout's."""
        return not wkhtmltopdf_prints_headers()

    def _customer_domain(self):
        domain = [("is_crm_customer", "=", True)]
        if self.user_id:
            domain.append(("user_id", "=", self.user_id.id))
        return domain

    def _report_values(self):
        """Every figure of the report, summed by PostgreSQL; amounts are the
        orders of the companies the report is printed for (the user's
        selected ones), converted by the contribution analysis into the
        current company's currency."""
        self.ensure_one()
        company = self.env.company
        manager = [("user_id", "=", self.user_id.id)] if self.user_id else []
        sales = self._period_domain("date") + manager
        Contribution = self.env["crm_lite.report.contribution"]
        top = Contribution._read_group(
            sales,
            ["partner_id"],
            ["amount:sum", "__count"],
            order="amount:sum desc",
            limit=10,
        )
        [[total, orders]] = Contribution._read_group(
            sales, [], ["amount:sum", "__count"]
        )
        composition = {
            label: self._composition_rows(field)
            for label, field in (
                (self.env._("By Level"), "customer_level_id"),
                (self.env._("By Credit Rating"), "credit_rating"),
                (self.env._("By Satisfaction"), "satisfaction"),
                (self.env._("By RFM Segment"), "rfm_segment"),
            )
        }
        Service = self.env["crm_lite.service"]
        service_scope = self._period_domain("create_date") + (
            [("user_id", "=", self.user_id.id)] if self.user_id else []
        )
        services = Service._read_group(
            service_scope, ["service_type_id"], ["__count"], order="service_type_id"
        )
        losses = self.env["crm_lite.loss"].search(
            [("state", "=", "lost")] + self._period_dates_domain("lost_date") + manager,
            order="lost_date desc",
        )
        Action = self.env["ir.actions.act_window"]
        return {
            "top_customers": top,
            "total_amount": total or 0.0,
            "order_count": orders,
            "composition": composition,
            "services": services,
            "service_count": sum(count for _type, count in services),
            "satisfaction_average": Service._satisfaction_average(service_scope),
            "losses": losses,
            "company": company,
            "companies": self.env.companies,
            "currency": Contribution._currency(),
            "titles": {
                section: Action._for_xml_id(xmlid)["name"]
                for section, xmlid in SECTION_ACTIONS.items()
            },
        }

    def _composition_rows(self, field):
        """(label, number of customers) per value of ``field``, labelled as
        the web client shows them in the report's language."""
        Partner = self.env["res.partner"]
        groups = Partner._read_group(
            self._customer_domain(), [field], ["__count"], order=field
        )
        if Partner._fields[field].type == "selection":
            labels = dict(Partner._fields[field]._description_selection(self.env))
        else:
            labels = {value: value.display_name for value, _count in groups if value}
        not_set = self.env._("Not set")
        return [(labels.get(value, not_set), count) for value, count in groups]
