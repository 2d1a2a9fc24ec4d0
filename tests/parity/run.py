#!/usr/bin/python3
"""The parity test (issue 10): one flow -- the example week ingested, swept, acted on, linked, reported,
its change feed read, a session evaluated statelessly -- run through the command line, the C ABI, Node
and PHP, each through its own interface. Every answer must be byte-identical JSON (or CSV) across the
four, and every JSON answer must validate against its schema in docs/schemas/.

usage: tests/parity/run.py BUILD_DIR NODE_ADDON    (BUILD_DIR holds rollcall and capi/librollcall.so)
Prints one line per check and `parity: N passed, M failed`; exits 1 on any failure."""
import datetime
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import jsonschema

here = pathlib.Path(__file__).resolve().parent
repo = here.parent.parent
build = pathlib.Path(sys.argv[1]).resolve()
addon = pathlib.Path(sys.argv[2]).resolve()
flow = json.loads((here / "flow.json").read_text())
config = repo / flow["config"]
capture = [json.loads(line) for line in (repo / flow["capture"]).read_text().splitlines() if line.strip()]
work = pathlib.Path(tempfile.mkdtemp(prefix="rollcall-parity-"))
passed, failed = [], []


def check(ok, what, detail=""):
    (passed if ok else failed).append(what)
    print(("ok     " if ok else "FAILED ") + what + ("" if ok or not detail else "\n       " + detail))


def rfc3339(ms):
    t = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + (f".{ms % 1000:03d}" if ms % 1000 else "") + "Z"


def received_ms(line):
    return int(datetime.datetime.fromisoformat(line["received_at"].replace("Z", "+00:00")).timestamp() * 1000)


# ---- the command line: each step is a `rollcall` invocation ------------------------------------
def cli_flow(out):
    db = str(work / "cli.sqlite")
    cli = str(build / "rollcall")
    cfg = ["--config", str(config)]
    token = None

    def run(*args, stdin=None):
        r = subprocess.run([cli, *args], capture_output=True, text=True, input=stdin)
        if r.returncode != 0:
            raise RuntimeError(f"rollcall {' '.join(args)}: exit {r.returncode}: {r.stderr}")
        return r.stdout[:-1] if r.stdout.endswith("\n") and not r.stdout.endswith("\n\n") else r.stdout

    def text_file(name, value):
        path = work / name
        path.write_text(json.dumps(value, ensure_ascii=False))
        return str(path)

    for step in flow["steps"]:
        p = json.loads(json.dumps(step.get("params", {})).replace("$token", token or "$token"))
        now = ["--now", rfc3339(p["now"])] if isinstance(p.get("now"), int) else []
        m, name = step["method"], step["name"]
        if m == "sessions.create":
            answer = run("sessions", "create", "--db", db, *now, text_file("sessions.json", p["sessions"]))
        elif m == "ingest":
            results = []
            for i, line in enumerate(capture):
                body = work / f"body-{i}"
                body.write_bytes(line["body"].encode())
                headers = [a for k, v in line["headers"].items() for a in ("--header", f"{k}: {v}")]
                url = ["--request-url", line["request_url"]] if "request_url" in line else []
                got = run("ingest", "--db", db, *cfg, "--platform", line["platform"], *headers, *url,
                          "--received-at", rfc3339(received_ms(line)), str(body))
                inner = json.loads(got)["results"][0]
                results.append(json.dumps(inner, ensure_ascii=False, separators=(",", ":")))
            answer = "[" + ",".join(results) + "]"
        elif m == "sweep":
            answer = run("sweep", "--db", db, *cfg, *now)
        elif m == "sessions.act":
            charge = ["--chargeable"] if p.get("chargeable") else []
            answer = run("sessions", "act", "--db", db, *cfg, *now, *charge, p["id"], p["action"])
        elif m == "sessions.link":
            answer = run("sessions", "link", "--db", db, p["id"], *p["rooms"])
        elif m == "sessions.get":
            answer = run("sessions", "get", "--db", db, *cfg, *now, p["id"])
        elif m == "sessions.list" and p.get("report_due"):
            answer = run("sessions", "list", "--db", db, "--report-due", "--delay", f"{p['delay_s']}s", *now)
        elif m == "sessions.list":
            answer = run("sessions", "list", "--db", db, "--teacher", p["teacher"])
        elif m == "ingest.zoom_report":
            pages = []
            for i, page in enumerate(p["pages"]):
                path = work / f"zoom-page-{i}.json"
                path.write_bytes(page.encode())
                pages.append(str(path))
            answer = run("ingest", "--db", db, "--platform", "zoom-report", "--meeting", p["meeting"],
                         "--received-at", rfc3339(p["received_at"]), *now, *pages)
        elif m == "sessions.replay":
            answer = run("replay", "--db", db, *cfg, *now, "--session", p["id"], "--check")
        elif m == "packages.usage":
            answer = run("sessions", "usage", "--db", db, p["package"])
        elif m == "links.create":
            answer = run("links", "create", "--db", db, *cfg, *now, text_file("link.json", p["link"]))
            token = json.loads(answer)["token"]
        elif m in ("links.click", "links.heartbeat", "links.end", "links.get"):
            verb = "status" if m == "links.get" else m.split(".")[1]
            answer = run("links", verb, "--db", db, *cfg, *now, p["token"])
        elif m == "links.list":
            answer = run("links", "list", "--db", db, *cfg, *now, "--teacher", p["teacher"])
        elif m.startswith("reports."):
            args = ["report", m.split(".")[1], "--db", db, *cfg, *now, "--format", p.get("format", "json")]
            for key, flag in (("session", "--session"), ("teacher", "--teacher"), ("timezone", "--tz"),
                              ("from", "--from"), ("to", "--to"), ("period", "--by"), ("student", "--student"),
                              ("status", "--status")):
                if key in p:
                    args += [flag, p[key]]
            answer = run(*args)
            if p.get("format") == "csv":
                answer += "\n"  # the CSV text ends with its own newline
        elif m == "stats":
            answer = run("stats", "--db", db)
        elif m == "changes":
            answer = run("changes", "--db", db, "--after", str(p["after"]), "--limit", str(p["limit"]))
        elif m == "evaluate":
            answer = run("evaluate", text_file("evaluate.json", p))
        elif m == "ingest.snapshot":
            body = work / "snapshot-body"
            body.write_bytes(p["body"].encode())
            answer = run("ingest", "--db", db, "--platform", p["platform"] + "-snapshot", "--room", p["room"],
                         "--at", rfc3339(p["at"]), str(body))
        elif m in ("identities.add", "identities.remove"):
            scope = ["--session", p["session_id"]] if "session_id" in p else []
            person = [p["person"]] if m == "identities.add" else []
            answer = run("identities", m.split(".")[1], "--db", db, *scope, *person, p["kind"], p["value"])
        elif m == "identities.list":
            answer = run("identities", "list", "--db", db)
        else:
            raise RuntimeError(f"the CLI driver has no step for {m}")
        (out / f"{name}.txt").write_text(answer)


# ---- the C ABI: a small C99 program over librollcall ------------------------------------------
def c_flow(out):
    exe = work / "parity_c"
    subprocess.run(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-o", str(exe), str(here / "driver.c"),
                    f"-I{repo / 'capi/include'}", f"-L{build / 'capi'}", "-lrollcall",
                    f"-Wl,-rpath,{build / 'capi'}"], check=True)
    with open(work / "requests.txt", "wb") as f:
        for line in capture:
            headers = "".join(f"{k}: {v}\n" for k, v in line["headers"].items()).encode()
            body, url = line["body"].encode(), line.get("request_url", "").encode()
            f.write(f"{line['platform']} {received_ms(line)} {len(headers)} {len(body)} {len(url)}\n".encode())
            f.write(headers + body + url)
    lines = []
    for step in flow["steps"]:
        p, m = step.get("params", {}), step["method"]
        now = str(p.get("now", -(2 ** 63)))
        dash = lambda v: "-" if v is None else str(v)
        if m == "ingest":
            fields = ["ingest"]
        elif m == "sweep":
            fields = ["sweep", now]
        elif m == "sessions.get":
            fields = ["get", p["id"], now]
        elif m == "links.create":
            fields = ["link_create", json.dumps(p["link"]), now]
        elif m == "links.get":
            fields = ["link_get", now]
        elif m.startswith("reports.") and m != "reports.links":  # the links report has no C function: `call`
            kind = m.split(".")[1]
            fields = ["report", kind, dash(p.get("session") or p.get("teacher")), "1" if p.get("format") == "csv" else "0",
                      dash(p.get("timezone")), dash(p.get("from")), dash(p.get("to")), dash(p.get("period")), now]
        elif m == "evaluate":
            fields = ["evaluate", json.dumps(p, ensure_ascii=False)]
        else:
            fields = ["call", m, json.dumps(p, ensure_ascii=False)]
        lines.append("\t".join([step["name"], *fields]))
    (work / "steps.txt").write_text("\n".join(lines) + "\n")
    subprocess.run([str(exe), str(work / "c.sqlite"), str(config), str(work / "requests.txt"), str(work / "steps.txt"),
                    str(out)], check=True)


def node_flow(out):
    env = dict(os.environ, ROLLCALL_NODE_ADDON=str(addon))
    subprocess.run(["node", str(here / "driver.mjs"), str(work / "node.sqlite"), str(config), str(repo / flow["capture"]),
                    str(here / "flow.json"), str(out)], check=True, env=env)


def php_flow(out):
    env = dict(os.environ, ROLLCALL_LIBRARY=str(build / "capi/librollcall.so"),
               ROLLCALL_FFI_HEADER=str(build / "capi/rollcall_ffi.h"))
    subprocess.run(["php", "-d", "ffi.enable=1", "-d", "error_reporting=-1", str(here / "driver.php"),
                    str(work / "php.sqlite"), str(config), str(repo / flow["capture"]), str(here / "flow.json"), str(out)],
                   check=True, env=env)


def schema_validator():
    store = {}
    for f in (repo / "docs/schemas").glob("*.schema.json"):
        s = json.loads(f.read_text())
        store[s["$id"]] = s
    def validator(name):
        schema = store[f"https://rollcall.invalid/schemas/{name}.schema.json"]
        resolver = jsonschema.RefResolver.from_schema(schema, store=store)
        return jsonschema.Draft202012Validator(schema, resolver=resolver)
    return validator


try:
    outputs = {}
    for iface, fn in (("cli", cli_flow), ("c", c_flow), ("node", node_flow), ("php", php_flow)):
        d = work / iface
        d.mkdir()
        try:
            fn(d)
            check(True, f"{iface}: the whole flow ran")
        except Exception as e:  # noqa: BLE001 - any failure of a driver is a failed check, reported
            check(False, f"{iface}: the whole flow ran", str(e))
        outputs[iface] = d
    tokens = {}
    validator = schema_validator()
    for step in flow["steps"]:
        name = step["name"]
        texts = {}
        for iface, d in outputs.items():
            f = d / f"{name}.txt"
            texts[iface] = f.read_text() if f.exists() else None
        # Link tokens are random per database: compare everything else.
        for iface, t in texts.items():
            if t is not None and name == "link_create":
                tokens[iface] = json.loads(t)["token"]
            if t is not None and iface in tokens:
                texts[iface] = t.replace(tokens[iface], "<token>")
        reference = texts["cli"]
        for iface in ("c", "node", "php"):
            same = reference is not None and texts[iface] == reference
            detail = "" if same else f"cli: {str(reference)[:300]}\n       {iface}: {str(texts[iface])[:300]}"
            check(same, f"{name}: {iface} answers byte for byte as the command line", detail)
        schema = step.get("schema")
        if schema and reference is not None:
            docs = json.loads(reference)
            v = validator(schema)
            errors = [e for item in (docs if name == "ingest" else [docs]) for e in v.iter_errors(item)]
            check(not errors, f"{name}: the answer validates against docs/schemas/{schema}.schema.json",
                  "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:3]))
finally:
    shutil.rmtree(work, ignore_errors=True)

print(f"parity: {len(passed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
