"""The handover (转派) of a 10,000-customer portfolio beside the bare SQL
statements doing the same writes, measured in one run on the same data
(every run rolled back).

The portfolio is the bench account manager's with the most customers; below
10,000 (SCALE=small) it is topped up, inside the run's transaction, with
customers of his own as the generator makes them (a contact each, two
services each in turning states, an open chance on each, an open loss record
on every second one, a to-do of his on each open chance and service).
Measured: the supervisor's wizard handing everything over to another account
manager. Bare: the same writes as plain statements, knowing the data: the
customers' owner fields, the contacts' access fields, the open chances',
services' and loss records' assignee, his activities, one chatter line per
customer, and what the new owner needs to see and follow them (the chances'
and services' readers, the unassigned services' the former owner no longer
sees, his following of customers, chances and services).
Target: at most 1.5x the bare statements.
Usage: python bench/bench_handover.py DB CONFIG"""

import statistics
import sys

from common import environment, median_seconds, rolled_back, scale
from generate import bench_users

PORTFOLIO = 10_000
TARGET = 1.5

TOP_UP = """
    WITH added AS (
        INSERT INTO res_partner (
            name, complete_name, is_company, is_crm_customer, customer_code,
            user_id, crm_owner_id, crm_access_key, crm_restricted, owner_date,
            active, type, crm_state, autopost_bills, create_date, write_date,
            create_uid, write_uid)
        SELECT 'Handover customer ' || n, 'Handover customer ' || n, TRUE, TRUE,
               'KHHAND' || lpad(n::text, 7, '0'), %(source)s, %(source)s,
               %(source)s, TRUE, current_date - (n %% 400), TRUE, 'contact',
               'normal', 'always', now() - interval '4 years', now(), %(uid)s,
               %(uid)s
          FROM generate_series(1, %(missing)s) AS n
        RETURNING id, name
    ), flagged AS (
        UPDATE res_partner customer SET commercial_partner_id = customer.id
          FROM added WHERE customer.id = added.id
    )
    INSERT INTO res_partner (
        name, complete_name, parent_id, commercial_partner_id, type,
        crm_owner_id, crm_access_key, crm_restricted, active, crm_state,
        autopost_bills, create_date, write_date, create_uid, write_uid)
    SELECT 'Contact of ' || added.name, added.name || ', Contact', added.id,
           added.id, 'contact', %(source)s, %(source)s, TRUE, TRUE, 'normal',
           'always', now(), now(), %(uid)s, %(uid)s
      FROM added;

    INSERT INTO crm_lite_service (
        name, service_type_id, partner_id, request, state, user_id, assign_date,
        company_id, create_uid, write_uid, create_date, write_date)
    SELECT 'Handover service ' || c.id || '/' || k, %(service_type)s, c.id,
           'Broken chair',
           CASE (c.id + k) %% 4 WHEN 0 THEN 'new' WHEN 1 THEN 'assigned'
                WHEN 2 THEN 'handled' ELSE 'archived' END,
           CASE WHEN (c.id + k) %% 4 <> 0 THEN %(source)s END,
           CASE WHEN (c.id + k) %% 4 <> 0 THEN now() END,
           %(company)s, %(source)s, %(source)s, now(), now()
      FROM res_partner c CROSS JOIN generate_series(1, 2) AS k
     WHERE c.customer_code LIKE 'KHHAND%%';

    INSERT INTO crm_lite_chance (
        name, customer_name, partner_id, description, success_rate, state,
        user_id, assign_date, company_id, create_uid, write_uid, create_date,
        write_date)
    SELECT 'Handover chance ' || c.id, c.name, c.id, 'Needs furniture', 50,
           'assigned', %(source)s, now(), %(company)s, %(supervisor)s,
           %(supervisor)s, now(), now()
      FROM res_partner c WHERE c.customer_code LIKE 'KHHAND%%';

    INSERT INTO crm_lite_loss (
        partner_id, user_id, company_id, state, rule, risk_band, create_uid,
        write_uid, create_date, write_date)
    SELECT c.id, %(source)s, %(company)s, 'warning', 'months', 'none', %(supervisor)s,
           %(supervisor)s, now(), now()
      FROM res_partner c WHERE c.customer_code LIKE 'KHHAND%%' AND c.id %% 2 = 0;
"""

# his to-do on each open chance and service of his, as assigning left it
TODOS = """
    INSERT INTO mail_activity (
        res_model_id, res_model, res_id, res_name, activity_type_id, summary,
        user_id, date_deadline, automated, active, create_uid, create_date,
        write_uid, write_date)
    SELECT %(model_id)s, %(model)s, record.id, record.name, %(todo)s,
           'Assigned to you: ' || record.name, record.user_id, current_date,
           TRUE, TRUE, %(uid)s, now(), %(uid)s, now()
      FROM {table} record
     WHERE record.user_id = %(source)s AND record.state IN %(states)s
       AND NOT EXISTS (
            SELECT 1 FROM mail_activity activity
             WHERE activity.res_model = %(model)s AND activity.res_id = record.id
               AND activity.user_id = record.user_id)
"""

BARE = """
    WITH customers AS (
        UPDATE res_partner customer
           SET user_id = %(target)s, crm_owner_id = %(target)s,
               crm_access_key = %(target)s, owner_date = current_date,
               pool_date = NULL, previous_user_id = customer.user_id
         WHERE customer.is_crm_customer AND customer.user_id = %(source)s
        RETURNING customer.id
    ), contacts AS (
        UPDATE res_partner contact
           SET crm_owner_id = %(target)s, crm_access_key = %(target)s
          FROM customers
         WHERE contact.commercial_partner_id = customers.id
           AND contact.id != customers.id
    ), losses AS (
        UPDATE crm_lite_loss loss SET user_id = %(target)s
          FROM customers
         WHERE loss.partner_id = customers.id
           AND loss.state IN ('warning', 'delayed')
        RETURNING loss.id
    ), activities AS (
        UPDATE mail_activity activity SET user_id = %(target)s
         WHERE activity.user_id = %(source)s AND activity.active
           AND ((activity.res_model = 'res.partner'
                 AND activity.res_id IN (SELECT id FROM customers))
             OR (activity.res_model = 'crm_lite.loss'
                 AND activity.res_id IN (SELECT id FROM losses))
             OR (activity.res_model = 'crm_lite.chance'
                 AND activity.res_id IN (
                    SELECT id FROM crm_lite_chance
                     WHERE user_id = %(source)s AND state = 'assigned'))
             OR (activity.res_model = 'crm_lite.service'
                 AND activity.res_id IN (
                    SELECT id FROM crm_lite_service
                     WHERE user_id = %(source)s
                       AND state IN ('assigned', 'handled'))))
    )
    INSERT INTO mail_message (
        model, res_id, message_type, subtype_id, author_id, body, is_internal,
        date, create_uid, create_date, write_uid, write_date)
    SELECT 'res.partner', customers.id, 'notification', %(note)s, %(author)s,
           '<p>Handed over</p>', TRUE, now(), %(uid)s, now(), %(uid)s, now()
      FROM customers;
    INSERT INTO crm_lite_readers (first_user_id, second_user_id)
    SELECT DISTINCT LEAST(create_uid, %(target)s), GREATEST(create_uid, %(target)s)
      FROM crm_lite_chance WHERE user_id = %(source)s AND state = 'assigned'
    UNION SELECT %(target)s, %(target)s
    ON CONFLICT (first_user_id, second_user_id) DO NOTHING;
    UPDATE crm_lite_chance chance
       SET user_id = %(target)s, assign_date = now(), readers_id = readers.id
      FROM crm_lite_readers readers
     WHERE chance.user_id = %(source)s AND chance.state = 'assigned'
       AND readers.first_user_id = LEAST(chance.create_uid, %(target)s)
       AND readers.second_user_id = GREATEST(chance.create_uid, %(target)s);
    UPDATE crm_lite_service service
       SET user_id = %(target)s, assign_date = now(), readers_id = readers.id
      FROM crm_lite_readers readers
     WHERE service.user_id = %(source)s AND service.state IN ('assigned', 'handled')
       AND readers.first_user_id = %(target)s AND readers.second_user_id = %(target)s;
    -- his customers' services nobody is assigned: he no longer sees them
    UPDATE crm_lite_service service SET readers_id = NULL
      FROM res_partner customer
     WHERE customer.id = service.partner_id AND customer.user_id = %(target)s
       AND customer.previous_user_id = %(source)s
       AND service.user_id IS NULL AND service.create_uid = %(source)s
       AND service.readers_id IS NOT NULL;
    WITH followed AS (
        INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT 'res.partner', id, %(target_partner)s FROM res_partner
         WHERE is_crm_customer AND user_id = %(target)s
        UNION ALL
        SELECT 'crm_lite.chance', id, %(target_partner)s FROM crm_lite_chance
         WHERE user_id = %(target)s AND state = 'assigned'
        UNION ALL
        SELECT 'crm_lite.service', id, %(target_partner)s FROM crm_lite_service
         WHERE user_id = %(target)s AND state IN ('assigned', 'handled')
        ON CONFLICT (res_model, res_id, partner_id) DO NOTHING
        RETURNING id, res_model
    )
    INSERT INTO mail_followers_mail_message_subtype_rel (
        mail_followers_id, mail_message_subtype_id)
    SELECT followed.id, subtype.id
      FROM followed
      JOIN mail_message_subtype subtype
        ON subtype."default" AND (subtype.res_model IS NULL
                                  OR subtype.res_model = followed.res_model);
"""


def portfolio(env, managers, supervisor):
    """The manager with the most customers, topped up to PORTFOLIO, and the
    manager he hands over to."""
    env.cr.execute(
        """
        SELECT user_id, count(*) FROM res_partner
         WHERE is_crm_customer AND user_id = ANY(%s)
         GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1
        """,
        [managers.ids],
    )
    source_id, owned = env.cr.fetchone()
    source = managers.browse(source_id)
    if owned < PORTFOLIO:
        env.cr.execute(
            TOP_UP,
            {
                "source": source.id,
                "missing": PORTFOLIO - owned,
                "uid": env.uid,
                "supervisor": supervisor.id,
                "company": env.company.id,
                "service_type": env["crm_lite.dict"]
                .search([("type", "=", "service_type")], limit=1)
                .id,
            },
        )
        for model in ("crm_lite.chance", "crm_lite.service"):
            Model = env[model]
            records = Model.search([("name", "like", "Handover ")])
            env.add_to_compute(Model._fields["readers_id"], records)
        env.flush_all()
    todo = env.ref("mail.mail_activity_data_todo")
    for model, states in (
        ("crm_lite.chance", ("assigned",)),
        ("crm_lite.service", ("assigned", "handled")),
    ):
        env.cr.execute(
            TODOS.format(table=env[model]._table),
            {
                "model_id": env["ir.model"]._get_id(model),
                "model": model,
                "todo": todo.id,
                "uid": env.uid,
                "source": source.id,
                "states": states,
            },
        )
    env.cr.execute("ANALYZE res_partner, crm_lite_chance, crm_lite_service")
    env.cr.execute("ANALYZE crm_lite_loss, mail_activity, mail_message")
    return source, (managers - source)[0]


def main(database, config):
    name, _customers, _orders = scale()
    repeat = 5 if name == "small" else 3
    with environment(database, config) as env:
        managers, supervisor = bench_users(env)
        env.cr.execute("SAVEPOINT portfolio")
        source, target = portfolio(env, managers, supervisor)
        source_name = source.name
        counts = {}

        def handover():
            Wizard = env["crm_lite.handover.wizard"].with_user(supervisor)
            wizard = Wizard.create(
                {
                    "from_user_id": source.id,
                    "target": "user",
                    "to_user_id": target.id,
                }
            )
            counts["customers"] = wizard.customer_count
            wizard.action_handover()
            env.flush_all()

        def bare():
            env.cr.execute(
                BARE,
                {
                    "source": source.id,
                    "target": target.id,
                    "uid": supervisor.id,
                    "target_partner": target.partner_id.id,
                    "author": supervisor.partner_id.id,
                    "note": env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                },
            )

        rolled_back(env, bare)()  # warm the caches
        rolled_back(env, handover)()
        # in turns: each rolled-back run leaves dead rows behind, which slow
        # the runs after it
        runs = {"bare": [], "handover": []}
        for _ in range(repeat):
            runs["bare"].append(median_seconds(rolled_back(env, bare), 1))
            runs["handover"].append(median_seconds(rolled_back(env, handover), 1))
        timings = {name: statistics.median(values) for name, values in runs.items()}
        env.cr.rollback()
    ratio = timings["handover"] / timings["bare"]
    print(f"[bench] scale {name}, median of {repeat} runs")
    print(
        f"    handover wizard   {timings['handover'] * 1000:9.1f} ms "
        f"({counts['customers']} customers of {source_name})"
    )
    print(f"    bare statements   {timings['bare'] * 1000:9.1f} ms")
    print(f"    ratio             {ratio:9.2f}x  (target <= {TARGET:.2f}x)")
    return ratio <= TARGET


if __name__ == "__main__":
    sys.exit(0 if main(*sys.argv[1:3]) else 1)
