"""Who municipalities tells what: the project leaders, about agreements that expire or stay unsigned."""

from core.outbox import Mail


def agreement_reminder(agreement, threshold, leaders, today):
    """One reminder per project leader; the key carries the date the threshold is counted from, so an
    agreement that is extended or sent again is reminded about again."""
    since = agreement.ends_on if threshold == "expiring" else agreement.sent_on
    context = {
        "agreement": agreement,
        "threshold": threshold,
        "days_left": (agreement.ends_on - today).days,
        "days_since_sent": (today - agreement.sent_on).days if agreement.sent_on else None,
    }
    key = f"agreement-reminder:{agreement.pk}:{threshold}:{since.isoformat()}"
    return [
        Mail(
            key=f"{key}:{leader.pk}",
            to=leader.email,
            template=f"municipalities/email/agreement_{threshold}",
            context=context,
        )
        for leader in leaders
    ]
