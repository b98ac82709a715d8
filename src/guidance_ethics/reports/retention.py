"""A report after its session's participants are purged (``workshops/retention.py``): the
names under contributions and the remarks that may not be quoted leave its frozen data."""

from guidance_ethics.reports.models import Report


def forget_participants(sender, workshop, **kwargs) -> None:
    """Receiver of ``workshops.retention.participants_purged``, in the purge's transaction."""
    for report in Report.objects.filter(workshop=workshop):
        report.data = _without_unquotable_remarks(_without_names(report.data))
        report.save(update_fields=["data"])


def _without_names(data):
    """The report's frozen data with every name under a contribution removed."""
    if isinstance(data, dict):
        return {
            key: (None if key == "signed" else _without_names(value)) for key, value in data.items()
        }
    if isinstance(data, list):
        return [_without_names(item) for item in data]
    return data


def _without_unquotable_remarks(data):
    if isinstance(data, dict) and isinstance(data.get("evaluations"), list):
        data = {
            **data,
            "evaluations": [
                {**item, "message": item.get("message") if item.get("quote_consent") else ""}
                for item in data["evaluations"]
            ],
        }
    return data
