"""Reports' data in the one shape of a session's outcome: the exchange format's.

Before, ``Report.data`` held a shape of its own (``"snapshot": 1``: database ids, a
``workshop`` object, counts per value and per group). This rewrites every stored version in
the exchange format's workshop shape (``reports/snapshot.py``, docs/decisions.md "One
snapshot of a session's outcome"), so that it reads as before:

- ids become references (``57`` → ``"e57"``), as the platform's own record numbers them;
- the participants, known only as counts per group, become anonymous seats of their group;
  whether they agreed to publication was not kept, so it reads ``false``;
- each evaluation answer goes to a seat of its group, in the order stored;
- dots and voters per value were kept as totals only, so they become ``counts.votes`` rows
  without a group (``null``): the report adds them up as it did;
- the moderators' names move to ``moderators``.

The conversion lives here only: nothing else reads the old shape. Going back leaves the
data as it is.
"""

from django.db import migrations


def _ref(prefix: str, key) -> str | None:
    return None if key is None else f"{prefix}{key}"


def _author(item: dict) -> dict:
    return {"hidden": item["hidden"], "signed": item["signed"], "scribe": item["scribe"]}


def convert(old: dict) -> dict:
    """An old-shape report's data in the exchange format's shape."""
    seats: dict[str, list[str]] = {}
    participants = []
    for group, count in old["participants"]["groups"].items():
        for _n in range(count):
            ref = f"p{len(participants) + 1}"
            participants.append({"ref": ref, "group": group, "consent_publication": False})
            seats.setdefault(group, []).append(ref)
    evaluations = []
    for answer in old["evaluations"]:
        free = seats.get(answer.get("group"), [])
        if free:
            ref = free.pop(0)
        else:  # more answers than seats of the group: a seat of its own
            ref = f"p{len(participants) + 1}"
            participants.append(
                {"ref": ref, "group": answer.get("group") or "other", "consent_publication": False}
            )
        evaluations.append(
            {
                "participant": ref,
                "changed_view": answer["changed_view"],
                "message": answer["message"],
                "quote_consent": answer["quote_consent"],
            }
        )
    workshop = old["workshop"]
    return {
        "organisation": old["organisation"],
        "technology": old["technology"],
        "case": old["case"],
        "starts_at": workshop["starts_at"],
        "closed_at": workshop["closed_at"],
        "format": workshop["format"],
        "values_forward": workshop["values_forward"],
        "votes_per_participant": workshop["votes_per_participant"],
        "participants": participants,
        "questions": [{"text": q["text"], **_author(q)} for q in old["questions"]],
        "actors": [
            {"ref": _ref("a", a["id"]), "name": a["name"], **_author(a)} for a in old["actors"]
        ],
        "effects": [
            {
                "ref": _ref("e", e["id"]),
                "actor": _ref("a", e["actor"]),
                "polarity": e["polarity"],
                "text": e["text"],
                "merged_into": _ref("e", e["merged_into"]),
                "values": [_ref("v", v) for v in e["values"]],
                **_author(e),
            }
            for e in old["effects"]
        ],
        "values": [
            {
                "ref": _ref("v", v["id"]),
                "name": v["name"],
                "catalogue": v["catalogue"],
                "merged_into": _ref("v", v["merged_into"]),
                "chosen": v["chosen"],
            }
            for v in old["values"]
        ],
        "votes": [],
        "options": [
            {
                "value": _ref("v", o["value"]),
                "direction": o["direction"],
                "text": o["text"],
                **_author(o),
            }
            for o in old["options"]
        ],
        "evaluations": evaluations,
        "report": None,
        "counts": {
            "votes": [
                {
                    "value": _ref("v", v["id"]),
                    "group": None,
                    "consent_publication": None,
                    "dots": v["dots"],
                    "voters": v["voters"],
                }
                for v in old["values"]
                if v["dots"]
            ],
            "evaluations": [],
        },
        "moderators": {
            "moderator": workshop["moderator"],
            "co_moderator": workshop["co_moderator"],
        },
    }


def forwards(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    for report in Report.objects.filter(data__has_key="snapshot").iterator():
        report.data = convert(report.data)
        report.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
