#!/usr/bin/env python3
"""Writes this example's data: one Zoom lesson's signed webhooks as they arrived (some lost while the
host's endpoint was down) and the participant-report pages Zoom keeps of the same lesson.
Run from anywhere: python3 examples/zoom-recovery/generate.py (deterministic output)."""
import datetime
import hashlib
import hmac
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
secret = "example-zoom-secret-token"
S = int(datetime.datetime(2026, 3, 30, 15, 0, tzinfo=datetime.timezone.utc).timestamp())
uuid = "kQx4Zr+1TmWc9Ab/ZyX2Lw=="
meeting_id = "81187927959"


def t(rel):
    return datetime.datetime.fromtimestamp(S + rel, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def meeting():
    return {"id": meeting_id, "uuid": uuid, "host_id": "host-acct", "topic": "Quran with Amal", "type": 8, "duration": 45}


teacher = dict(account="acct-amal", name="Amal Teacher", user_id="16778240", puuid="PU-amal", j=-30, l=2730)
first = dict(account="acct-dina", name="Dina Student", user_id="16778241", puuid="PU-dina", j=90, l=1200)
again = dict(account="acct-dina", name="Dina Student", user_id="16778242", puuid="PU-dina", j=1500, l=2400)


def hook(event, rel, obj):
    body = json.dumps({"event": event, "event_ts": (S + rel) * 1000, "payload": {"account_id": "acc", "object": obj}},
                      separators=(",", ":"))
    ts = str(S + rel)
    sig = "v0=" + hmac.new(secret.encode(), ("v0:" + ts + ":" + body).encode(), hashlib.sha256).hexdigest()
    return {"platform": "zoom", "headers": {"x-zm-request-timestamp": ts, "x-zm-signature": sig}, "body": body,
            "received_at": t(rel)}


def participant(p, kind):
    obj = meeting()
    key, rel = ("join_time", p["j"]) if kind == "joined" else ("leave_time", p["l"])
    obj["participant"] = {"user_id": p["user_id"], "user_name": p["name"], "id": p["account"],
                          "participant_uuid": p["puuid"], key: t(rel), "email": ""}
    return hook("meeting.participant_" + kind, rel, obj)


def row(p):
    return {"id": p["account"], "name": p["name"], "user_id": p["user_id"], "registrant_id": "", "user_email": "",
            "join_time": t(p["j"]), "leave_time": t(p["l"]), "duration": p["l"] - p["j"], "failover": False,
            "status": "in_meeting"}


def write_json(name, value):
    with open(os.path.join(here, name), "w") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


started, ended = meeting(), meeting()
started["start_time"] = ended["start_time"] = t(-60)
ended["end_time"] = t(2760)
# What arrived: the start, both joins, the student's leave at 15:20, and the end. Lost while the
# endpoint was down (15:21-15:45): her rejoin at 15:25 and leave at 15:40, the teacher's leave.
received = [hook("meeting.started", -60, started), participant(teacher, "joined"), participant(first, "joined"),
            participant(first, "left"), hook("meeting.ended", 2760, ended)]
with open(os.path.join(here, "webhooks-received.jsonl"), "w") as f:
    for line in received:
        f.write(json.dumps(line, separators=(",", ":")) + "\n")

waiting = row(first)
waiting.update(user_id="16778239", join_time=t(60), leave_time=t(90), duration=30, status="in_waiting_room")
write_json("report-page1.json", {"next_page_token": "Tva2CuIdTgsv8wAnhyAdU3m06Y2HuLQtlh3", "page_count": 2,
                                 "page_size": 2, "total_records": 4, "participants": [row(teacher), waiting]})
write_json("report-page2.json", {"next_page_token": "", "page_count": 2, "page_size": 2, "total_records": 4,
                                 "participants": [row(first), row(again)]})
write_json("config.json", {"zoom": {"secret_token": secret}, "timezone": "Europe/Berlin"})
write_json("session.json", {"id": "amal-0330", "type": "quran", "teacher": "acct-amal", "students": ["acct-dina"],
                            "scheduled_start": t(0), "scheduled_end": t(2700), "package": "pkg-quran-2026-03",
                            "rate": "per_session", "rate_minor": 1500, "currency": "EUR",
                            "rooms": ["https://us02web.zoom.us/j/81187927959?pwd=QWxhZGRpbjpvcGVu.1"]})
