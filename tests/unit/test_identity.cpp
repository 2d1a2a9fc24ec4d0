// SPEC §11: how a person is recognised: the host's own id, the alias table, the fallbacks.
#include <doctest/doctest.h>

#include "identity/normalise.hpp"
#include "rollcall/evaluate.hpp"
#include "rollcall/result_json.hpp"
#include "sources/bbb.hpp"
#include "sources/livekit.hpp"
#include "sources/zoom.hpp"
#include "support/files.hpp"

using namespace rollcall;

namespace {

// "é" precomposed (NFC) and as e + combining acute (NFD).
const std::string e_nfc = "\xC3\xA9";
const std::string e_nfd = "e\xCC\x81";

event person_event(event_kind kind, std::string identity, std::string connection, std::int64_t at_s) {
    event e;
    e.kind = kind;
    e.source = platform::zoom;
    e.room = "room";
    e.identity = std::move(identity);
    e.connection = std::move(connection);
    e.at = from_unix_s(at_s);
    e.dedup_key = std::string(to_string(kind)) + e.connection + std::to_string(at_s);
    return e;
}

}  // namespace

TEST_CASE("identity: display names are NFC, case-folded and whitespace-collapsed (utf8proc)") {
    CHECK(identity::display_name("Ren" + e_nfc + " Dupont") == identity::display_name("REN" + e_nfd + " dupont"));
    CHECK(identity::display_name("Ren" + e_nfd) == "ren" + e_nfc);  // composed, not merely lowered
    CHECK(identity::display_name("  Jill \t  Chill\n") == "jill chill");
    CHECK(identity::display_name("Jill\xC2\xA0\xC2\xA0" "Chill") == "jill chill");  // no-break spaces collapse
    CHECK(identity::display_name("Stra\xC3\x9F" "e") == "strasse");                 // full case folding
    CHECK(identity::display_name("\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91") == identity::display_name("\xCF\x83\xCE\xBF\xCF\x86\xCE\xB9\xCE\xB1"));
    CHECK(identity::display_name("   ").empty());
    // Not UTF-8: kept byte for byte (ASCII lowered), never rejected on the wire.
    CHECK(identity::display_name("AB\xFF  C") == "ab\xFF c");
    CHECK(identity::key_value(key_kind::name, "AB\xFF").err().code == errc::invalid_value);
    CHECK(identity::key_value(key_kind::email, "  Dina@Example.ORG ").value() == "dina@example.org");
    CHECK(identity::key_value(key_kind::zoom_user_id, "  ").err().code == errc::invalid_argument);
}

TEST_CASE("identity: Zoom rule 1 is customer_key; then registrant_id, email, participant_user_id, name (unresolved)") {
    sources::zoom::person_fields p{"reg", "puid", "id", "ck", "A@B.example", "  Jill   Chill "};
    event e;
    sources::zoom::identity_into(p, e);
    CHECK(e.identity == "ck");
    CHECK_FALSE(e.unresolved);
    CHECK(e.keys.empty());
    p.customer_key = " ";
    sources::zoom::identity_into(p, e);
    CHECK(e.identity == "reg");
    CHECK(e.unresolved);
    CHECK(e.keys == "zoom_registrant_id=reg\nemail=a@b.example\nzoom_user_id=puid\nname=jill chill\n");
    p.registrant_id = "";
    CHECK(sources::zoom::identity_of(p) == "a@b.example");
    p.email = "";
    CHECK(sources::zoom::identity_of(p) == "puid");
    p.participant_user_id = "";
    CHECK(sources::zoom::identity_of(p) == "id");  // the older webhooks' name for the same user id
    p.id = "";
    CHECK(sources::zoom::identity_of(p) == "name:jill chill");
    p.name = "";
    CHECK(sources::zoom::identity_of(p).empty());
}

TEST_CASE("identity: BBB rule 1 is the external user id; without it the normalised name, unresolved") {
    event e;
    identity::identify_bbb("host-42", "w_abc", "Dina", e);
    CHECK(e.identity == "host-42");
    CHECK_FALSE(e.unresolved);
    identity::identify_bbb("", "w_abc", " DINA  Ö ", e);
    CHECK(e.identity == "name:dina \xC3\xB6");
    CHECK(e.unresolved);
    CHECK(e.keys == "bbb_user_id=w_abc\nname=dina \xC3\xB6\n");
    identity::identify_bbb("", "w_abc", "", e);
    CHECK(e.identity == "w_abc");
}

TEST_CASE("identity: aliases rename only fallbacks, the session's roster first, then the global table") {
    event guest = person_event(event_kind::join, "dina@example.org", "c1", 100);
    guest.unresolved = true;
    append_key(guest.keys, key_kind::email, "dina@example.org");
    append_key(guest.keys, key_kind::name, "dina");
    event host_id = person_event(event_kind::join, "st-7", "c2", 100);
    alias_table global, session;
    CHECK(resolve_identity(guest, {}).identity == "dina@example.org");
    CHECK(resolve_identity(guest, {}).unresolved);
    global.add(key_kind::name, "dina", "st-global");
    CHECK(resolve_identity(guest, {&session, &global}).identity == "st-global");
    CHECK_FALSE(resolve_identity(guest, {&session, &global}).unresolved);
    session.add(key_kind::email, "dina@example.org", "st-dina");
    CHECK(resolve_identity(guest, {&session, &global}).identity == "st-dina");
    // The fallback identity itself is a key too (kind identity).
    alias_table by_identity;
    by_identity.add(key_kind::identity, "dina@example.org", "st-x");
    CHECK(resolve_identity(guest, {nullptr, &by_identity}).identity == "st-x");
    // Rule 1 stands whatever the table says.
    global.add(key_kind::identity, "st-7", "someone-else");
    CHECK(resolve_identity(host_id, {&session, &global}).identity == "st-7");
    // An event stored before identities were kept (no keys, not marked) keeps its identity.
    event old = person_event(event_kind::join, "dina@example.org", "c3", 100);
    CHECK(resolve_identity(old, {&session, &global}).identity == "dina@example.org");
}

TEST_CASE("identity: evaluation applies aliases, reports fallbacks as unresolved and keeps the platform role") {
    session_spec spec;
    spec.id = "s";
    spec.type = "lesson";
    spec.teacher = "t-1";
    spec.students = {"st-dina"};
    spec.scheduled_start = from_unix_s(0);
    spec.scheduled_end = from_unix_s(3600);
    std::vector<event> events;
    event t_join = person_event(event_kind::join, "t-1", "ct", 0);
    t_join.who = role::teacher;  // the platform's host
    events.push_back(t_join);
    events.push_back(person_event(event_kind::leave, "t-1", "ct", 3600));
    for (auto kind : {event_kind::join, event_kind::leave}) {
        event e = person_event(kind, "name:dina", "cd", kind == event_kind::join ? 60 : 3500);
        e.unresolved = true;
        append_key(e.keys, key_kind::name, "dina");
        events.push_back(e);
    }
    const policy pol;
    const instant now = from_unix_s(7200);
    auto before = evaluate_session(spec, events, pol, now);
    REQUIRE(before.find("name:dina") != nullptr);
    CHECK(before.find("name:dina")->unresolved);
    CHECK(before.find("st-dina")->status == attendance_status::absent);
    CHECK(before.status == session_status::absent);
    CHECK(before.find("t-1")->platform_role == role::teacher);
    CHECK_FALSE(before.find("t-1")->unresolved);
    const std::string json = session_result_json(before);
    CHECK(json.find(R"("unresolved":true)") != std::string::npos);
    CHECK(json.find(R"("platform_role":"teacher")") != std::string::npos);

    alias_table roster;
    roster.add(key_kind::name, "dina", "st-dina");
    auto after = evaluate_session(spec, events, pol, now, std::nullopt, {}, {&roster, nullptr});
    CHECK(after.find("name:dina") == nullptr);
    CHECK(after.find("st-dina")->status != attendance_status::absent);
    CHECK_FALSE(after.find("st-dina")->unresolved);
    CHECK(after.status == session_status::completed);
    CHECK(after.billing.billable_s > 0);
    CHECK(session_result_json(after).find(R"("unresolved":true)") == std::string::npos);
}

TEST_CASE("identity: LiveKit's role hint comes from the configured attribute, else the metadata JSON") {
    std::string body = rollcall::test::fixture("livekit/participant_joined.json");  // metadata {"role":"host"}
    sources::verify_config config;
    config.verify = false;
    sources::parse_outcome out;
    REQUIRE(sources::livekit::parse_body(config, body, out).ok());
    REQUIRE(out.events.size() == 1);
    CHECK(out.events[0].who == role::other);  // nothing configured: no hint
    CHECK_FALSE(out.events[0].unresolved);    // the LiveKit identity is the host's own id
    config.livekit_role_attribute = "role";
    REQUIRE(sources::livekit::parse_body(config, body, out).ok());
    CHECK(out.events[0].who == role::teacher);  // metadata {"role":"host"}
    // An attribute of that name wins over the metadata.
    const auto at = body.find(R"("attributes":{"team":"eng"})");
    REQUIRE(at != std::string::npos);
    body.replace(at, 27, R"("attributes":{"team":"eng","role":"Viewer"})");
    REQUIRE(sources::livekit::parse_body(config, body, out).ok());
    CHECK(out.events[0].who == role::student);
    config.livekit_role_attribute = "team";  // "eng" is no role
    REQUIRE(sources::livekit::parse_body(config, body, out).ok());
    CHECK(out.events[0].who == role::other);
}
