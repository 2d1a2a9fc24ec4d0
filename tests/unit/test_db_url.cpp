// Database URLs of the server stores (store/db_url.hpp): every part decoded, bad URLs refused with
// invalid_argument and a message that never holds the password.
#include <doctest/doctest.h>

#include "store/db_url.hpp"

using namespace rollcall;
using store::parse_db_url;

TEST_CASE("db_url: every part of a full URL, percent-decoded") {
    auto u = parse_db_url("MySQL://rc%40app:p%3Aw%2Fd%25@db.example.org:3307/att%20db?socket=/run/my%20sql.sock&table_prefix=rc_");
    REQUIRE(u.ok());
    CHECK(u->scheme == "mysql");
    CHECK(u->user == "rc@app");
    CHECK(u->password == "p:w/d%");
    CHECK(u->has_password);
    CHECK(u->host == "db.example.org");
    REQUIRE(u->port);
    CHECK(*u->port == 3307);
    CHECK(u->database == "att db");
    REQUIRE(u->params.size() == 2);
    REQUIRE(u->param("socket"));
    CHECK(*u->param("socket") == "/run/my sql.sock");
    CHECK(*u->param("table_prefix") == "rc_");
    CHECK(u->param("missing") == nullptr);
    CHECK(store::redacted(*u) == "mysql://rc@app:***@db.example.org:3307/att db");
}

TEST_CASE("db_url: optional parts may be absent") {
    auto u = parse_db_url("mariadb://localhost/rollcall");
    REQUIRE(u.ok());
    CHECK(u->scheme == "mariadb");
    CHECK(u->user.empty());
    CHECK_FALSE(u->has_password);
    CHECK_FALSE(u->port);
    CHECK(u->database == "rollcall");
    CHECK(u->params.empty());

    auto empty_pw = parse_db_url("mysql://me:@h/d/");
    REQUIRE(empty_pw.ok());
    CHECK(empty_pw->user == "me");
    CHECK(empty_pw->has_password);
    CHECK(empty_pw->password.empty());
    CHECK(empty_pw->database == "d");

    auto no_db = parse_db_url("postgresql://h:5432");
    REQUIRE(no_db.ok());
    CHECK(no_db->database.empty());
    CHECK(*no_db->port == 5432);

    auto v6 = parse_db_url("mysql://u:secret@[::1]:3306/d");
    REQUIRE(v6.ok());
    CHECK(v6->host == "::1");
    CHECK(store::redacted(*v6) == "mysql://u:***@[::1]:3306/d");

    auto plus = parse_db_url("mysql://u:a+b@h/d?socket=/tmp/a+b");
    REQUIRE(plus.ok());
    CHECK(plus->password == "a+b");  // '+' is not a space in a URL's user info or here
    CHECK(*plus->param("socket") == "/tmp/a+b");
}

TEST_CASE("db_url: bad URLs are invalid_argument and never quote the password") {
    const char* const secret = "S3cr3tPa55";
    const std::string bad[] = {
        "",
        "not a url S3cr3tPa55",
        "localhost/db",                                  // no scheme
        "mysql:/db",                                     // no authority
        "mysql://u:S3cr3tPa55@h/db#frag",                // fragment
        "mysql://u:S3cr3tPa55%zz@h/db",                  // bad escape in the password
        "mysql://u%G1:S3cr3tPa55@h/db",                  // bad escape in the user
        "mysql://u:S3cr3tPa55%4@h/db",                   // truncated escape
        "mysql://u:S3cr3tPa55@h:0/db",                   // port out of range
        "mysql://u:S3cr3tPa55@h:65536/db",
        "mysql://u:S3cr3tPa55@h:99999999999999999999/db",
        "mysql://u:S3cr3tPa55@h/db/more",                // two path segments
        "mysql://u:S3cr3tPa55@h/db?socket=a&socket=b",   // parameter twice
        "mysql://u:S3cr3tPa55@h/db?=x",                  // parameter without a name
        "mysql://u:S3cr3t Pa55@h/db",                    // a space: not a URL
    };
    for (const auto& text : bad) {
        CAPTURE(text);
        auto u = parse_db_url(text);
        REQUIRE_FALSE(u.ok());
        CHECK(u.err().code == errc::invalid_argument);
        CHECK(u.err().message.find(secret) == std::string::npos);
        CHECK(u.err().message.find("S3cr3t") == std::string::npos);
        CHECK(u.err().message.rfind("database URL: ", 0) == 0);
    }
}
