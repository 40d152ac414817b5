#!/usr/bin/env python3
"""Write the ledger.journal files of careledger's bundled demo workspace.

    python3 scripts/make-demo.py            # writes config/demo/holders/*/ledger.journal
    python3 scripts/make-demo.py --out DIR  # writes DIR/holders/*/ledger.journal instead
    python3 scripts/make-demo.py --summary  # also prints money in / out per stream and
                                            # spend per outcome, checked against plan.toml

The plan.toml files are written by hand and are not touched by this script.

Everything here is deterministic: there is no randomness, so running the script twice
gives byte-identical journals. Standard library only (tomllib, used by --summary only,
needs Python 3.11 or later).

Demo story (plan year 2026-04-01 to 2027-03-31, entries to mid-October 2026, and the
tests use "today" = 2026-10-15):
  ann    council direct payment, employs two PAs. Alerts: three payments with no
         receipt reference; direct-payment balance above 8 weeks of payments.
  ben    NHS direct payment + council direct payment + notional EHC plan (section J)
         money. Alert: short breaks (respite) spending fast, projected to overspend.
  chloe  individual service fund (third party) held by Brightways Support Ltd.
         Alerts: review due 2026-10-01 not done; one spend tagged with an outcome
         that is not in her plan (a typo).
  dev    notional personal health budget + small council direct payment. Alerts: one
         cash withdrawal (expenses:cash); one spend with no outcome tag.
"""

import argparse
import datetime as dt
import os
import sys

D = dt.date
PLAN_START = D(2026, 4, 1)
PLAN_END = D(2027, 3, 31)
TODAY = D(2026, 10, 15)
LAST_ENTRY = D(2026, 10, 14)   # nothing is recorded after this day
PENDING_FROM = D(2026, 10, 7)  # money out on or after this day is still pending (!)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

COUNCIL = "Westdale Borough Council"
ICB = "NHS Westdale Integrated Care Board"


# ----------------------------------------------------------------------------- helpers

def money(pence):
    """£1234.56 / £-12.00: no thousands separator, two decimals."""
    sign = "-" if pence < 0 else ""
    pence = abs(pence)
    return "£%s%d.%02d" % (sign, pence // 100, pence % 100)


def p(pounds):
    """'12.34' or 12 -> pence, without going through floats."""
    s = str(pounds)
    if "." in s:
        whole, frac = s.split(".")
        frac = (frac + "00")[:2]
    else:
        whole, frac = s, "00"
    return int(whole) * 100 + int(frac)


def pct(pence, percent_times_100):
    """percent of an amount in pence, rounded half up (percent given x100: 15% -> 1500)."""
    return (pence * percent_times_100 + 5000) // 10000


def long_date(d):
    return "%d %s" % (d.day, d.strftime("%B"))


def workday(d):
    """Move a Saturday or Sunday to the following Monday."""
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def weekday_before(d):
    """Move a Saturday or Sunday to the Friday before."""
    while d.weekday() >= 5:
        d -= dt.timedelta(days=1)
    return d


def every(start, step_days, until=LAST_ENTRY):
    out = []
    d = start
    while d <= until:
        out.append(d)
        d += dt.timedelta(days=step_days)
    return out


def monthly(day, first_month=4, last_month=10, year=2026):
    return [D(year, m, day) for m in range(first_month, last_month + 1)]


def weekdays_in_month(year, month, weekday, after=None, before=None):
    d = D(year, month, 1)
    out = []
    while d.month == month:
        if d.weekday() == weekday and (after is None or d >= after) and (before is None or d <= before):
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def in_ranges(d, ranges):
    return any(a <= d <= b for a, b in ranges)


class Fares:
    """A fixed cycle of amounts, so that repeated costs vary a little but deterministically."""

    def __init__(self, *amounts):
        self.amounts = [p(a) for a in amounts]
        self.i = 0

    def next(self):
        a = self.amounts[self.i % len(self.amounts)]
        self.i += 1
        return a


# ----------------------------------------------------------------------------- journal

class Txn:
    def __init__(self, date, payee, note, tags, postings, status="*", kind=1):
        self.date = date
        self.payee = payee
        self.note = note
        self.tags = tags            # [(name, value)]
        self.postings = postings    # [[account, pence or None, assertion pence or None]]
        self.status = status
        self.kind = kind            # 0 money in, 1 money out: money in sorts first on a day
        self.assert_balance = False


class Journal:
    def __init__(self, holder_id, name, headline):
        self.id = holder_id
        self.name = name
        self.headline = headline
        self.txns = []
        self.comments = []          # (after this date, comment text)
        self.seq = 0

    def receipt(self):
        self.seq += 1
        return "R-%04d" % self.seq

    def money_in(self, date, payee, note, management, stream, amount, income_account=None):
        asset = "assets:%s:%s" % (management, stream)
        t = Txn(date, payee, note, [("stream", stream)],
                [[asset, amount, None], [income_account or "income:" + stream, None, None]],
                kind=0)
        self.txns.append(t)
        return t

    def spend(self, date, payee, note, category, amount, management, stream, outcome,
              receipt="auto", status=None):
        assert date <= LAST_ENTRY, (self.id, date, note)
        tags = []
        if outcome:
            tags.append(("outcome", outcome))
        tags.append(("stream", stream))
        if receipt:
            tags.append(("receipt", receipt))
        if status is None:
            status = "!" if date >= PENDING_FROM else "*"
        t = Txn(date, payee, note, tags,
                [["expenses:" + category, amount, None],
                 ["assets:%s:%s" % (management, stream), None, None]],
                status=status)
        self.txns.append(t)
        return t

    def comment_after(self, date, text):
        self.comments.append((date, text))

    def finish(self):
        """Sort by date (money in first on a day, otherwise in the order written) and number
        the holder's own receipts R-0001, R-0002, ... in date order."""
        for t in self.txns:
            assert PLAN_START <= t.date <= LAST_ENTRY, (self.id, t.date, t.note)
        self.txns.sort(key=lambda t: (t.date, t.kind))   # stable within a day
        for t in self.txns:
            t.tags = [(k, self.receipt() if (k, v) == ("receipt", "auto") else v) for k, v in t.tags]
        return self

    def render(self):
        txns = self.txns
        # running balances, for the balance assertions and the never-below-zero check
        bal = {}
        for t in txns:
            total = 0
            for post in t.postings:
                if post[1] is not None:
                    total += post[1]
                    bal[post[0]] = bal.get(post[0], 0) + post[1]
                else:
                    bal[post[0]] = bal.get(post[0], 0) - total
            if t.assert_balance:
                t.postings[0][2] = bal[t.postings[0][0]]
            for acct, b in bal.items():
                if acct.startswith("assets:direct-payment:") and b < 0:
                    sys.exit("%s: %s below zero on %s (%s)" % (self.id, acct, t.date, money(b)))
        accounts = sorted({post[0] for t in txns for post in t.postings})
        out = ["; %s" % self.headline, "commodity £1,000.00"]
        out += ["account " + a for a in accounts]
        out.append("")
        comments = sorted(self.comments)
        for i, t in enumerate(txns):
            if i > 0:
                out.append("")
            while comments and comments[0][0] < t.date:
                out.append(comments.pop(0)[1])
                out.append("")
            out.append("%s %s %s | %s" % (t.date.isoformat(), t.status, t.payee, t.note))
            for name, value in t.tags:
                out.append("    ; %s: %s" % (name, value))
            for acct, amount, assertion in t.postings:
                if amount is None:
                    out.append("    " + acct)
                elif assertion is None:
                    out.append("    %s  %s" % (acct, money(amount)))
                else:
                    out.append("    %s  %s = %s" % (acct, money(amount), money(assertion)))
        assert not comments, comments
        return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- PA payroll

SECONDARY_THRESHOLD_WEEK = p("96.00")    # employer NI, 2026-27 (GBP 5,000 a year)
EMPLOYER_NI = 1500                        # 15%
QE_LOWER_WEEK = p("120.00")               # pension qualifying earnings lower limit, weekly


def tax_month_end(d):
    """Tax months run 6th to 5th; return the 5th that ends the tax month holding d."""
    if d.day >= 6:
        y, m = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    else:
        y, m = d.year, d.month
    return D(y, m, 5)


def pa_payroll(j, pas, stream, management="direct-payment", pension=True,
               ni_outcome=None, pension_outcome=None):
    """Weekly PA pay (week to Sunday, paid the Tuesday after), then employer NI to HMRC
    and pension to NEST by tax month. pas: dicts with name, rate, hours, first_hours,
    outcome, unpaid (set of week-ending dates), holiday (set), extra {week end: hours},
    pension (bool: enrolled)."""
    ni_by_month = {}
    pension_by_month = {}
    week_end = D(2026, 4, 5)
    while week_end + dt.timedelta(days=2) <= LAST_ENTRY:
        pay_day = week_end + dt.timedelta(days=2)
        for pa in pas:
            if week_end in pa.get("unpaid", ()):
                continue
            hours = pa["first_hours"] if week_end == D(2026, 4, 5) else pa["extra"].get(week_end, pa["hours"])
            gross = p(hours) * pa["rate"] // 100
            period = "1 to 5 April" if week_end == D(2026, 4, 5) else "week to " + long_date(week_end)
            if week_end in pa.get("holiday", ()):
                j.spend(pay_day, pa["name"], "Holiday pay, " + period, "holiday-pay", gross,
                        management, stream, pa["outcome"])
            else:
                j.spend(pay_day, pa["name"], "PA wages, %s (%s h)" % (period, hours), "pa-wages",
                        gross, management, stream, pa["outcome"])
            ni = pct(max(0, gross - SECONDARY_THRESHOLD_WEEK), EMPLOYER_NI)
            tm = tax_month_end(pay_day)
            ni_by_month[tm] = ni_by_month.get(tm, 0) + ni
            if pension and pa.get("pension"):
                pension_by_month[tm] = pension_by_month.get(tm, 0) + pct(max(0, gross - QE_LOWER_WEEK), 300)
        week_end += dt.timedelta(days=7)
    for tm, ni in sorted(ni_by_month.items()):
        due = weekday_before(D(tm.year, tm.month, 19))
        if ni and due <= LAST_ENTRY and tm < TODAY:
            j.spend(due, "HMRC", "Employer National Insurance, tax month to " + long_date(tm),
                    "employer-ni", ni, management, stream, ni_outcome)
    for tm, amount in sorted(pension_by_month.items()):
        due = weekday_before(D(tm.year, tm.month, 20))
        if amount and due <= LAST_ENTRY and tm < TODAY:
            j.spend(due, "NEST", "Employer pension contributions (3%%), tax month to %s" % long_date(tm),
                    "pension", amount, management, stream, pension_outcome)


# ----------------------------------------------------------------------------- ann

def build_ann():
    j = Journal("ann", "Ann Whitaker",
                "Ann Whitaker - careledger demo ledger, council direct payment, 2026-27 "
                "(regenerate with scripts/make-demo.py)")
    S, M = "social-care", "direct-payment"
    for n, day in enumerate(every(PLAN_START, 28)):
        t = j.money_in(day, COUNCIL, "4-weekly direct payment", M, S, p("1760.00"))
        if day == D(2026, 7, 22):
            t.assert_balance = True
        j.money_in(day, "Ann Whitaker", "Client contribution (4 weeks at £38.50)", M, S,
                   p("154.00"), "income:client-contribution")

    pas = [
        dict(name="Joanne Pritchard", rate=p("13.20"), hours=16, first_hours=12, extra={},
             outcome="stay-at-home", pension=True,
             holiday={D(2026, 5, 31), D(2026, 9, 13)}),
        # Tomasz took six weeks' unpaid leave in July and August to visit family in Poland;
        # Ann's daughter covered, so his hours were not bought elsewhere.
        dict(name="Tomasz Nowak", rate=p("13.20"), hours=8, first_hours=6, extra={},
             outcome="see-friends", pension=False,
             holiday={D(2026, 6, 21)},
             unpaid={D(2026, 7, 12), D(2026, 7, 19), D(2026, 7, 26),
                     D(2026, 8, 2), D(2026, 8, 9), D(2026, 8, 16)}),
    ]
    pa_payroll(j, pas, S, ni_outcome="stay-at-home", pension_outcome="stay-at-home")

    j.spend(D(2026, 4, 10), "Castlegate Insurance Brokers", "Employer's liability insurance, 2026-27",
            "insurance", p("118.40"), M, S, "stay-at-home", receipt="CIB-77310")
    for n, month in enumerate(range(4, 10)):
        day = workday(D(2026, month + 1, 3))
        j.spend(day, "Keystone Payroll Services", "Payroll service, %s" % D(2026, month, 1).strftime("%B"),
                "payroll", p("22.50"), M, S, "stay-at-home", receipt="KPS-%d" % (40812 + 97 * n))
    j.spend(D(2026, 5, 14), "Comfort Living Aids", "Perching stool for the kitchen", "equipment",
            p("54.99"), M, S, "stay-at-home")

    # Lunch club on Thursdays, paid monthly in arrears on the first Thursday of the month.
    for month in range(4, 10):
        thursdays = weekdays_in_month(2026, month, 3)
        pay = weekdays_in_month(2026, month + 1, 3)[0]
        receipt = None if month == 8 else "auto"        # deliberate: no receipt kept
        j.spend(pay, "Meadowbank Lunch Club", "Thursday lunches, %s (%d at £7.50)"
                % (D(2026, month, 1).strftime("%B"), len(thursdays)),
                "activities", len(thursdays) * p("7.50"), M, S, "see-friends", receipt=receipt)
    # Taxi to lunch club every other Thursday (Tomasz drives her on the others).
    fares = Fares("13.80", "14.50", "13.20", "15.60", "14.00")
    for day in every(D(2026, 4, 9), 14):
        receipt = None if day in (D(2026, 6, 4), D(2026, 9, 10)) else "auto"   # deliberate
        j.spend(day, "Dalesway Taxis", "Taxi to and from lunch club", "travel", fares.next(),
                M, S, "see-friends", receipt=receipt)
    j.spend(D(2026, 6, 11), "Dalesway Taxis", "Taxi to eye clinic and back", "travel", p("18.40"),
            M, S, "stay-at-home")
    j.spend(D(2026, 9, 19), "Westdale Community Theatre", "Matinee tickets for Ann and her PA",
            "activities", p("24.00"), M, S, "see-friends")

    j.comment_after(D(2026, 6, 30), "; checked against bank statement, 30 June")
    return j


# ----------------------------------------------------------------------------- ben

def build_ben():
    j = Journal("ben", "Ben Okafor",
                "Ben Okafor - careledger demo ledger, blended NHS, council and EHC plan budget, "
                "2026-27 (regenerate with scripts/make-demo.py)")
    DP, NO = "direct-payment", "notional"
    for day in every(PLAN_START, 28):
        j.money_in(day, ICB, "4-weekly personal health budget payment", DP, "health", p("1800.00"))
    for day in monthly(1):
        t = j.money_in(day, COUNCIL, "Monthly direct payment", DP, "social-care", p("1150.00"))
        if day == D(2026, 7, 1):
            t.assert_balance = True

    school_holidays = [(D(2026, 4, 1), D(2026, 4, 12)), (D(2026, 5, 25), D(2026, 5, 31)),
                       (D(2026, 7, 22), D(2026, 9, 6))]
    holiday_weeks = {we for we in every(D(2026, 4, 5), 7) if in_ranges(we - dt.timedelta(days=2), school_holidays)}

    # Health: agency carers (evenings and one night a week), invoiced weekly.
    week_end = D(2026, 4, 5)
    inv = 10231
    while week_end + dt.timedelta(days=1) <= LAST_ENTRY:
        hours = "6" if week_end == D(2026, 4, 5) else ("10" if week_end in holiday_weeks else "8")
        period = "1 to 5 April" if week_end == D(2026, 4, 5) else "week to " + long_date(week_end)
        j.spend(week_end + dt.timedelta(days=1), "Crestview Care Ltd",
                "Agency carers, %s (%s h at £28.40)" % (period, hours), "agency",
                p(hours) * p("28.40") // 100, DP, "health", "stay-well-at-home", receipt="CV-%d" % inv)
        inv += 7
        week_end += dt.timedelta(days=7)

    pas = [
        dict(name="Jordan Hughes", rate=p("14.00"), hours=6, first_hours=4, extra={},
             outcome="stay-well-at-home", holiday={D(2026, 8, 23)}),
    ]
    pa_payroll(j, pas, "health", pension=False, ni_outcome="stay-well-at-home")
    kemi_extra = {we: 12 for we in holiday_weeks}
    pas = [
        dict(name="Kemi Adeyemi", rate=p("13.80"), hours=8, first_hours=5, extra=kemi_extra,
             outcome="get-out-and-about", holiday={D(2026, 8, 2), D(2026, 8, 9)}),
    ]
    pa_payroll(j, pas, "social-care", pension=False, ni_outcome="get-out-and-about")
    for n, month in enumerate(range(4, 10)):
        day = workday(D(2026, month + 1, 3))
        j.spend(day, "Keystone Payroll Services", "Payroll service for two PAs, %s"
                % D(2026, month, 1).strftime("%B"), "payroll", p("18.50"), DP, "health",
                "stay-well-at-home", receipt="KPS-%d" % (40815 + 97 * n))
    j.spend(D(2026, 4, 8), "Castlegate Insurance Brokers", "Employer's liability insurance, 2026-27",
            "insurance", p("132.60"), DP, "health", "stay-well-at-home", receipt="CIB-77342")
    j.spend(D(2026, 8, 20), "Posture Plus Seating Ltd", "Specialist supportive seat, fitted at home",
            "equipment", p("2385.00"), DP, "health", "stay-well-at-home", receipt="PPS-5518")

    # Social care: short breaks at Willowbrook, invoiced after each stay.
    # Deliberate: the short-breaks allocation is too small for how often Ben goes.
    stays = [(D(2026, 4, 20), [D(2026, 4, 10), D(2026, 4, 11)]),
             (D(2026, 6, 1), [D(2026, 5, 27)]),
             (D(2026, 7, 27), [D(2026, 7, 23), D(2026, 7, 24)]),
             (D(2026, 8, 24), [D(2026, 8, 13), D(2026, 8, 14)]),
             (D(2026, 9, 28), [D(2026, 9, 18)]),
             (D(2026, 10, 12), [D(2026, 10, 9)])]
    for n, (day, nights) in enumerate(stays):
        amount = sum(p("310.00") if night.weekday() in (4, 5) else p("285.00") for night in nights)
        what = " and ".join(long_date(night) for night in nights)
        j.spend(day, "Willowbrook Short Breaks", "Overnight short break%s, %s"
                % ("s" if len(nights) > 1 else "", what), "respite", amount, DP, "social-care",
                "short-breaks", receipt="WSB-%04d" % (2214 + 31 * n))

    # Social care: days out with Kemi on Saturdays, accessible taxi.
    fares = Fares("22.00", "24.50", "19.80", "26.00", "23.40")
    for day in every(D(2026, 4, 4), 14):
        if D(2026, 8, 1) <= day <= D(2026, 8, 9):
            continue   # Kemi on holiday
        j.spend(day, "Westdale Accessible Transport", "Wheelchair taxi, Saturday outing", "travel",
                fares.next(), DP, "social-care", "get-out-and-about")
    for day in (D(2026, 7, 29), D(2026, 8, 19), D(2026, 8, 26)):
        j.spend(day, "Westdale Accessible Transport", "Wheelchair taxi, summer holiday trip", "travel",
                fares.next(), DP, "social-care", "get-out-and-about")
    for day in every(D(2026, 4, 18), 28):
        j.spend(day, "Jump Zone Westdale", "Inclusive trampoline session", "activities", p("9.50"),
                DP, "social-care", "get-out-and-about")
    for month in range(4, 11):
        day = weekdays_in_month(2026, month, 6)[1]   # second Sunday
        if day <= LAST_ENTRY:
            j.spend(day, "Westdale Aquatics Centre", "Hydrotherapy pool session", "activities",
                    p("16.00"), DP, "social-care", "get-out-and-about")
    j.spend(D(2026, 7, 27), "Sunrise Inclusive Play Scheme", "Summer scheme, 3 days from 27 July",
            "activities", p("156.00"), DP, "social-care", "get-out-and-about", receipt="SIP-0871")
    j.spend(D(2026, 8, 17), "Sunrise Inclusive Play Scheme", "Summer scheme, 3 days from 17 August",
            "activities", p("156.00"), DP, "social-care", "get-out-and-about", receipt="SIP-0934")
    for day in (D(2026, 5, 17), D(2026, 9, 27)):
        j.spend(day, "Picturehouse Westdale", "Relaxed screening, Ben and PA", "activities",
                p("15.60"), DP, "social-care", "get-out-and-about")

    # Education (EHC plan section J, notional: the council holds the money).
    terms = [(D(2026, 4, 13), D(2026, 5, 22)), (D(2026, 6, 1), D(2026, 7, 17)),
             (D(2026, 9, 7), D(2026, 10, 23))]
    n = 0
    for day in every(D(2026, 4, 15), 7):
        if in_ranges(day, terms) and day not in (D(2026, 6, 24),):   # tutor ill one week
            n += 1
            j.spend(day, "Hannah Lowe", "Specialist teacher, 1.5 h literacy and maths", "education",
                    p("72.00"), NO, "education", "learning", receipt="HL-%03d" % (40 + n))
    for n, day in enumerate((D(2026, 4, 30), D(2026, 5, 29), D(2026, 6, 30), D(2026, 7, 17), D(2026, 9, 30))):
        j.spend(day, "Oakridge Outreach Service", "Specialist education support, %s"
                % day.strftime("%B"), "education", p("320.00"), NO, "education", "learning",
                receipt="OOS-%d" % (6610 + 12 * n))
    j.spend(D(2026, 4, 15), "ClearTalk Communication Ltd", "Communication app licence for school, one year",
            "education", p("299.00"), NO, "education", "learning", receipt="CT-88412")

    j.comment_after(D(2026, 8, 31), "; reconciled with both bank statements, 31 August")
    return j


# ----------------------------------------------------------------------------- chloe

def build_chloe():
    j = Journal("chloe", "Chloe Brennan",
                "Chloe Brennan - careledger demo ledger, individual service fund held by "
                "Brightways Support Ltd, 2026-27 (regenerate with scripts/make-demo.py)")
    TP, S = "third-party", "social-care"
    hours = {4: "69", 5: "71", 6: "68", 7: "72", 8: "61", 9: "69"}
    for n, (month, h) in enumerate(sorted(hours.items())):
        name = D(2026, month, 1).strftime("%B")
        j.spend(workday(D(2026, month + 1, 5)), "Brightways Support Ltd",
                "Support hours, %s (%s h at £25.80)" % (name, h), "support-hours",
                p(h) * p("25.80") // 100, TP, S, "be-more-independent", receipt="BSL-%d" % (3120 + 41 * n),
                status="!" if month == 9 else "*")   # September's invoice not yet confirmed paid
    for n, month in enumerate(range(4, 10)):
        sessions = [d for d in weekdays_in_month(2026, month, 1)
                    if not D(2026, 8, 10) <= d <= D(2026, 8, 21)]   # family holiday
        j.spend(workday(D(2026, month + 1, 2)), "Riverside Arts Hub",
                "Tuesday day sessions, %s (%d at £42.00)" % (D(2026, month, 1).strftime("%B"), len(sessions)),
                "day-services", len(sessions) * p("42.00"), TP, S, "learn-new-skills",
                receipt="RAH-%d" % (551 + n), status="!" if month == 9 else "*")
    j.spend(D(2026, 4, 14), "Northfield College", "Independent living skills course, summer term",
            "education", p("180.00"), TP, S, "learn-new-skills", receipt="NC-260114")
    j.spend(D(2026, 9, 8), "Northfield College", "Independent living skills course, autumn term",
            "education", p("195.00"), TP, S, "learn-new-skills", receipt="NC-260977")
    j.spend(D(2026, 9, 8), "Northfield College", "Course materials and apron", "education",
            p("25.00"), TP, S, "learn-new-skills", receipt="NC-260978")
    for month in range(4, 11):
        j.spend(workday(D(2026, month, 1)), "Dale Buses", "Monthly bus pass, %s" % D(2026, month, 1).strftime("%B"),
                "travel", p("55.00"), TP, S, "be-more-independent")
    fares = Fares("11.60", "14.20", "12.80", "17.50", "13.40")
    taxis = [D(2026, 4, 24), D(2026, 5, 22), D(2026, 6, 26), D(2026, 7, 24), D(2026, 8, 28),
             D(2026, 9, 25)]
    for day in taxis:
        j.spend(day, "Ace Cars Westdale", "Taxi home from Stars social club", "travel", fares.next(),
                TP, S, "make-friends")
    # Deliberate: outcome tag typed wrong ("independant"), not an outcome in the plan.
    j.spend(D(2026, 9, 15), "Ace Cars Westdale", "Taxi to college, first week of term", "travel",
            fares.next(), TP, S, "be-more-independant")
    for month in range(4, 10):
        j.spend(weekdays_in_month(2026, month, 4)[-1], "Stars Social Club", "Monthly social club night",
                "activities", p("12.00"), TP, S, "make-friends")
        j.spend(workday(D(2026, month, 20)), "Eastbrook Leisure Centre", "Swimming, monthly pass",
                "activities", p("24.00"), TP, S, "make-friends")
    j.spend(D(2026, 5, 16), "Westdale Picture House", "Cinema with a friend", "activities",
            p("6.50"), TP, S, "make-friends")
    j.spend(D(2026, 6, 30), "Riverside Arts Hub", "Frames for the summer exhibition", "day-services",
            p("15.00"), TP, S, "learn-new-skills", receipt="RAH-560")
    j.spend(D(2026, 7, 18), "Stars Social Club", "Summer barbecue", "activities",
            p("8.00"), TP, S, "make-friends")
    j.spend(D(2026, 10, 3), "Westdale Picture House", "Cinema with a friend", "activities",
            p("6.50"), TP, S, "make-friends")
    j.spend(D(2026, 8, 5), "Coastline Coaches", "Day trip to the seaside with friends", "activities",
            p("38.00"), TP, S, "make-friends", receipt="CC-20931")

    j.comment_after(D(2026, 7, 10), "; Brightways statement for April to June received 10 July - matches")
    return j


# ----------------------------------------------------------------------------- dev

def build_dev():
    j = Journal("dev", "Dev Sharma",
                "Dev Sharma - careledger demo ledger, notional personal health budget and council "
                "direct payment, 2026-27 (regenerate with scripts/make-demo.py)")
    DP, NO = "direct-payment", "notional"
    for day in monthly(1):
        t = j.money_in(day, COUNCIL, "Monthly direct payment", DP, "social-care", p("500.00"))
        if day == D(2026, 9, 1):
            t.assert_balance = True

    # Direct payment
    hours = {4: "13", 5: "13", 6: "12", 7: "13", 8: "9", 9: "13"}
    for n, (month, h) in enumerate(sorted(hours.items())):
        j.spend(workday(D(2026, month + 1, 3)), "Pathways Recovery Support",
                "Support worker, %s (%s h at £23.50)" % (D(2026, month, 1).strftime("%B"), h),
                "support-hours", p(h) * p("23.50") // 100, DP, "social-care", "manage-day-to-day",
                receipt="PRS-%d" % (1408 + 23 * n))
    for month in range(4, 11):
        j.spend(D(2026, month, 2), "FitLife Westdale", "Gym membership, %s" % D(2026, month, 1).strftime("%B"),
                "activities", p("29.99"), DP, "social-care", "keep-active")
        j.spend(workday(D(2026, month, 1)), "Westdale Buses", "Monthly bus pass, %s" % D(2026, month, 1).strftime("%B"),
                "travel", p("62.00"), DP, "social-care", "manage-day-to-day")
    for n, day in enumerate((D(2026, 4, 20), D(2026, 6, 1), D(2026, 7, 13), D(2026, 9, 7))):
        j.spend(day, "Canal Street Studio", "Art classes, six weeks from " + long_date(day), "activities",
                p("90.00"), DP, "social-care", "connect-with-people", receipt="CSS-%d" % (301 + n))
    j.spend(D(2026, 4, 4), "Eastfield Allotment Association", "Allotment rent, 2026-27", "activities",
            p("78.00"), DP, "social-care", "keep-active")
    j.spend(D(2026, 4, 11), "Greenacre Garden Centre", "Spade, fork and hand tools", "equipment",
            p("46.50"), DP, "social-care", "keep-active")
    j.spend(D(2026, 5, 9), "Greenacre Garden Centre", "Seeds and compost", "activities",
            p("23.80"), DP, "social-care", "keep-active")
    # Deliberate: no outcome tag.
    j.spend(D(2026, 6, 13), "Kit Room Sports", "Trainers", "equipment", p("34.99"), DP,
            "social-care", None)
    # Deliberate: a cash withdrawal from the direct payment account (funders exclude cash).
    j.spend(D(2026, 8, 15), "Cash machine", "Cash for the allotment plant sale", "cash", p("40.00"), DP,
            "social-care", "keep-active", receipt="ATM-0815")

    # Notional personal health budget: the ICB pays, Dev records what he chose.
    n = 0
    for day in every(D(2026, 5, 6), 7, until=D(2026, 9, 2)):
        if day in (D(2026, 8, 12), D(2026, 8, 19)):
            continue   # therapist on leave
        n += 1
        j.spend(day, "Calm Waters Counselling", "CBT session %d of 16" % n, "therapy", p("65.00"),
                NO, "health", "stay-well-in-my-mind", receipt="CWC-%d" % (7700 + n))
    j.spend(D(2026, 10, 7), "Calm Waters Counselling", "Follow-up session after CBT", "therapy", p("65.00"),
            NO, "health", "stay-well-in-my-mind", receipt="CWC-7717")
    for n, day in enumerate(every(D(2026, 4, 9), 14)):
        j.spend(day, "Open Door Peer Network", "Peer support group", "peer-support", p("25.00"),
                NO, "health", "connect-with-people", receipt="ODP-%d" % (210 + n))

    j.comment_after(D(2026, 9, 30), "; checked against bank statement, 30 September")
    return j


# ----------------------------------------------------------------------------- summary

def summary(journals, base):
    try:
        import tomllib
    except ImportError:                                  # Python < 3.11
        tomllib = None
    days = (TODAY - PLAN_START).days
    year_days = (PLAN_END - PLAN_START).days + 1
    per_year = {"4-weekly": 13, "monthly": 12, "quarterly": 4, "yearly": 1, "one-off": 1}
    per_8_weeks = {"4-weekly": 2, "monthly": 12 * 8 / 52, "quarterly": 4 * 8 / 52, "yearly": 8 / 52,
                   "one-off": 0}
    print("today %s: %d days of %d elapsed (%.1f%%)" % (TODAY, days, year_days, 100 * days / year_days))
    for j in journals:
        plan = None
        path = os.path.join(base, "holders", j.id, "plan.toml")
        if tomllib and os.path.exists(path):
            with open(path, "rb") as f:
                plan = tomllib.load(f)
        print("\n== %s (%s): %d transactions" % (j.id, j.name, len(j.txns)))
        streams = {s["id"]: s for s in plan["streams"]} if plan else {}
        outcomes = {o["id"]: o for o in plan["outcomes"]} if plan else {}
        for sid in sorted({t.tags[[k for k, _ in t.tags].index("stream")][1] for t in j.txns}):
            tx = [t for t in j.txns if dict(t.tags)["stream"] == sid and t.date <= TODAY]
            money_in = sum(t.postings[0][1] for t in tx if t.kind == 0)
            out = sum(t.postings[0][1] for t in tx if t.kind == 1)
            line = "  stream %-12s in %10s  out %10s  balance %10s" % (sid, money(money_in), money(out),
                                                                      money(money_in - out))
            s = streams.get(sid)
            if s:
                year = per_year[s["schedule"]] * p(s["amount"])
                line += "  | %s %s, year %s, spent %.1f%%, projected %s" % (
                    s["management"], s["schedule"], money(year), 100 * out / year,
                    money(out * year_days // days))
                if s["management"] == "direct-payment":
                    limit = int(p(s["amount"]) * per_8_weeks[s["schedule"]] * s.get("surplus_threshold_weeks", 8) / 8)
                    line += ", surplus limit %s%s" % (money(limit), "  ** SURPLUS **" if money_in - out > limit else "")
            print(line)
        spent = {}
        for t in j.txns:
            if t.kind == 1 and t.date <= TODAY:
                key = (dict(t.tags).get("outcome", "(none)"), dict(t.tags)["stream"])
                spent[key] = spent.get(key, 0) + t.postings[0][1]
        for (oid, sid), amount in sorted(spent.items()):
            alloc = outcomes.get(oid, {}).get("allocation", {}).get(sid)
            projected = amount * year_days // days
            note = ""
            if alloc is not None:
                note = "allocation %s, used %.1f%%, projected %s%s" % (
                    money(p(alloc)), 100 * amount / p(alloc), money(projected),
                    "  ** PROJECTED OVERSPEND **" if projected > p(alloc) else "")
            elif oid == "(none)":
                note = "** NO OUTCOME TAG **"
            elif plan:
                note = "** NOT AN OUTCOME OF THIS PLAN **" if oid not in outcomes else "** NO ALLOCATION FROM THIS STREAM **"
            print("  outcome %-22s %-12s spent %10s  %s" % (oid, sid, money(amount), note))
        flags = []
        for t in j.txns:
            tags = dict(t.tags)
            if t.kind == 1 and "receipt" not in tags:
                flags.append("no receipt: %s %s %s" % (t.date, t.payee, money(t.postings[0][1])))
            if t.kind == 1 and "outcome" not in tags:
                flags.append("no outcome: %s %s %s" % (t.date, t.payee, money(t.postings[0][1])))
            if t.postings[0][0] == "expenses:cash":
                flags.append("cash (excluded): %s %s %s" % (t.date, t.payee, money(t.postings[0][1])))
        for r in (plan or {}).get("reviews", []):
            if r["date"] < TODAY and not r.get("done", False):
                flags.append("review overdue: %s %s" % (r["date"], r.get("note", "")))
        if plan:
            alloc_total = sum(p(v) for o in plan["outcomes"] for v in o["allocation"].values())
            year_total = sum(per_year[s["schedule"]] * p(s["amount"]) for s in plan["streams"])
            print("  plan: streams' money for the year %s, allocations %s + contingency %s = %s, agreed %s"
                  % (money(year_total), money(alloc_total), money(p(plan["budget"]["contingency"])),
                     money(alloc_total + p(plan["budget"]["contingency"])), money(p(plan["budget"]["agreed"]))))
        for f in flags:
            print("  " + f)


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "config", "demo"),
                    help="workspace folder to write into (default: config/demo in the repository)")
    ap.add_argument("--summary", action="store_true", help="print per-stream and per-outcome figures")
    args = ap.parse_args()
    journals = [b().finish() for b in (build_ann, build_ben, build_chloe, build_dev)]
    for j in journals:
        folder = os.path.join(args.out, "holders", j.id)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "ledger.journal")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(j.render())
        print("wrote %s (%d transactions)" % (os.path.relpath(path), len(j.txns)))
    if args.summary:
        summary(journals, args.out)


if __name__ == "__main__":
    main()
