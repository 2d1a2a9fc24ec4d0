// The tracker configuration file: every section, and errors that name the offending key.
#include <doctest/doctest.h>

#include "store/rc_test_support.hpp"
#include "tracker/config.hpp"
#include "tracker/tracker.hpp"

using namespace rollcall;
using namespace rollcall::tracker;

TEST_CASE("config: a full configuration is read into verify settings, policies and zone") {
    auto cfg = parse_config(R"({
        "livekit": {"keys": {"APIwork": "secret-1", "APIold": "secret-2"}, "leeway_s": 30},
        "zoom": {"secret_token": "zoom-token", "window_s": 120},
        "bbb": {"shared_secret": "bbb-secret", "callback_url": "https://host.example.com/bbb",
                "checksum_modes": ["v3_url_body", "bearer"]},
        "timezone": "Europe/Berlin",
        "policies": {"quran": {"late_grace_s": 120}, "default": {"reconnect_grace_s": 60,
                     "rounding": {"mode": "ceil", "unit_s": 900, "min_s": 300}, "billable_basis": "student"}}
    })");
    REQUIRE(cfg.ok());
    CHECK(cfg->verify.livekit_keys.at("APIwork") == "secret-1");
    CHECK(cfg->verify.livekit_keys.size() == 2);
    CHECK(cfg->verify.livekit_leeway_s == 30);
    CHECK(cfg->verify.zoom_secret_token == "zoom-token");
    CHECK(cfg->verify.zoom_window_s == 120);
    CHECK(cfg->verify.bbb_shared_secret == "bbb-secret");
    CHECK(cfg->verify.bbb_callback_url == "https://host.example.com/bbb");
    CHECK(cfg->verify.bbb_checksum_modes ==
          (static_cast<std::uint8_t>(sources::bbb_checksum_mode::v3_url_body) |
           static_cast<std::uint8_t>(sources::bbb_checksum_mode::bearer)));
    CHECK(cfg->timezone == "Europe/Berlin");
    auto opt_in = parse_config(R"({"bbb": {"checksum_modes": ["v3_unbound"]}})");
    REQUIRE(opt_in.ok());
    CHECK(opt_in->verify.bbb_checksum_modes == static_cast<std::uint8_t>(sources::bbb_checksum_mode::v3_unbound));
    const auto& def = cfg->policies.default_policy;
    CHECK(def.reconnect_grace_s == 60);
    CHECK(def.rounding.mode == rounding_mode::ceil);
    CHECK(def.rounding.unit_s == 900);
    CHECK(def.basis == billable_basis::student);
    // A type's policy builds on the default policy, whatever the key order in the file.
    const auto& quran = cfg->policies.for_type("quran");
    CHECK(quran.late_grace_s == 120);
    CHECK(quran.reconnect_grace_s == 60);
    CHECK(quran.basis == billable_basis::student);
    CHECK(&cfg->policies.for_type("academic") == &cfg->policies.default_policy);
}

TEST_CASE("config: the storage section sets how the SQLite store is opened") {
    auto cfg = parse_config(R"({"storage": {"synchronous": "normal", "busy_timeout_ms": 2500, "wal_autocheckpoint": 500}})");
    REQUIRE(cfg.ok());
    CHECK(cfg->storage.synchronous == store::sync_mode::normal);
    CHECK(cfg->storage.busy_timeout_ms == 2500);
    CHECK(cfg->storage.wal_autocheckpoint == 500);

    // What the section sets is what the store's connection runs with.
    test::scratch_dir dir;
    auto t = tracker::tracker::open_sqlite(dir.file("db.sqlite"), *cfg, cfg->storage);
    REQUIRE(t.ok());
    auto& db = dynamic_cast<store::sqlite_store&>(t->storage());
    CHECK(db.pragma_value("synchronous").value() == 1);  // NORMAL
    CHECK(db.pragma_value("busy_timeout").value() == 2500);
    CHECK(db.pragma_value("wal_autocheckpoint").value() == 500);
    CHECK(db.pragma_value("synchronous; DROP TABLE events").err().code == errc::invalid_argument);
}

TEST_CASE("config: an empty object gives the SPEC defaults") {
    auto cfg = parse_config("{}");
    REQUIRE(cfg.ok());
    CHECK(cfg->timezone == "UTC");
    CHECK(cfg->storage.synchronous == store::sync_mode::full);
    CHECK(cfg->policies.default_policy == policy{});
    CHECK(cfg->verify.verify);
    CHECK(cfg->verify.livekit_keys.empty());
}

TEST_CASE("config: unknown keys, wrong types and bad values are config_error naming the key") {
    struct bad_case {
        const char* json;
        const char* names;
    };
    const bad_case cases[] = {
        {R"({"livekitt": {}})", "livekitt"},
        {R"({"livekit": {"key": {}}})", "livekit.key"},
        {R"({"livekit": {"keys": {"K": 5}}})", "livekit.keys.K"},
        {R"({"livekit": {"keys": []}})", "livekit.keys"},
        {R"({"zoom": {"secret": "x"}})", "zoom.secret"},
        {R"({"zoom": {"window_s": -1}})", "zoom.window_s"},
        {R"({"bbb": {"checksum_modes": ["sha1"]}})", "bbb.checksum_modes"},
        {R"({"bbb": {"checksum_modes": []}})", "bbb.checksum_modes"},
        {R"({"bbb": {"callback": "x"}})", "bbb.callback"},
        {R"({"timezone": "Mars/Olympus"})", "timezone"},
        {R"({"timezone": 3})", "timezone"},
        {R"({"policies": {"default": {"reconect_grace_s": 1}}})", "policies.default.reconect_grace_s"},
        {R"({"policies": {"quran": {"rounding": {"mode": "up"}}}})", "policies.quran.rounding.mode"},
        {R"({"policies": {"quran": {"late_grace_s": "5"}}})", "policies.quran.late_grace_s"},
        {R"({"policies": []})", "policies"},
        {R"({"storage": {"synchronous": "off"}})", "storage.synchronous"},
        {R"({"storage": {"busy_timeout_ms": -5}})", "storage.busy_timeout_ms"},
        {R"({"storage": {"wal_autocheckpoint": 0}})", "storage.wal_autocheckpoint"},
        {R"({"storage": {"journal_mode": "delete"}})", "storage.journal_mode"},
        {R"({"storage": "normal"})", "storage"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.json);
        auto cfg = parse_config(c.json);
        REQUIRE_FALSE(cfg.ok());
        CHECK(cfg.err().code == errc::config_error);
        CHECK(cfg.err().message.find(c.names) != std::string::npos);
    }
    CHECK(parse_config("not json").err().code == errc::config_error);
    CHECK(parse_config("[1]").err().code == errc::config_error);
}

TEST_CASE("config: secrets never appear in error messages") {
    auto cfg = parse_config(R"({"livekit": {"keys": {"K": "very-secret-value"}}, "bogus": 1})");
    REQUIRE_FALSE(cfg.ok());
    CHECK(cfg.err().message.find("very-secret-value") == std::string::npos);
}

TEST_CASE("config: files are read, and a missing file is io_error naming it") {
    test::scratch_dir dir;
    test::spit(dir.file("c.json"), R"({"timezone": "Asia/Karachi"})");
    auto cfg = load_config(dir.file("c.json"));
    REQUIRE(cfg.ok());
    CHECK(cfg->timezone == "Asia/Karachi");
    auto missing = load_config(dir.file("nope.json"));
    CHECK(missing.err().code == errc::io_error);
    CHECK(missing.err().message.find("nope.json") != std::string::npos);
    test::spit(dir.file("bad.json"), R"({"zoom": {"x": 1}})");
    auto bad = load_config(dir.file("bad.json"));
    CHECK(bad.err().code == errc::config_error);
    CHECK(bad.err().message.find("bad.json") != std::string::npos);
    CHECK(bad.err().message.find("zoom.x") != std::string::npos);
}

TEST_CASE("config: empty text is a config_error, not a crash") {
    CHECK(parse_config("").err().code == errc::config_error);
    CHECK(parse_config(std::string_view()).err().code == errc::config_error);
}
