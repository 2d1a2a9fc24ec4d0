# The recovery loop example (examples/zoom-recovery.sh): webhooks in with some lost, the meeting listed
# as report-due, the report pages ingested, nothing due any more, attendance recovered. The expected
# figures follow from examples/zoom-recovery/generate.py: stays 15:01:30-15:20:00 and 15:25:00-15:40:00
# (a 5 min gap, longer than the grace): 1110 + 900 s; webhooks alone saw only the first.
add_test(NAME cli.zoom_recovery.example
         COMMAND ${CMAKE_COMMAND} -E env ROLLCALL=$<TARGET_FILE:rollcall_cli>
                 bash ${PROJECT_SOURCE_DIR}/examples/zoom-recovery.sh ${CMAKE_CURRENT_BINARY_DIR}/zoom-recovery.db)
set_tests_properties(cli.zoom_recovery.example PROPERTIES
    PASS_REGULAR_EXPRESSION "\"meetings\":\\[\"zoom:81187927959\"\\].*webhooks alone: acct-dina attended_s 1110\n.*\"meeting\":\"kQx4Zr\\+1TmWc9Ab/ZyX2Lw==\",\"meeting_id\":\"81187927959\".*\"request_path\":\"/past_meetings/kQx4Zr%2B1TmWc9Ab%2FZyX2Lw%3D%3D/participants\",\"sessions\":\\[\"amal-0330\"\\].*\"stored\":2,\"duplicates\":0.*due after: 0\nrecovered: acct-dina attended_s 2010 \\(webhooks alone: 1110\\)\n\"session_status\":\"completed\".*\"agree\":1,\"differ\":0")

set(_zr ${PROJECT_SOURCE_DIR}/examples/zoom-recovery)
set(_zr_scratch ${CMAKE_CURRENT_BINARY_DIR}/cli-zoom-report-scratch)
file(MAKE_DIRECTORY ${_zr_scratch})
file(WRITE ${_zr_scratch}/not-json.json "{participants: [")
rollcall_cli_expect("cli: ingest zoom-report without --meeting is a usage error"
    EXIT 64 ARGS "ingest|--db|${_zr_scratch}/x.sqlite|--platform|zoom-report|${_zr}/report-page1.json" STDERR "missing --meeting")
rollcall_cli_expect("cli: ingest zoom-report without pages is a usage error"
    EXIT 64 ARGS "ingest|--db|${_zr_scratch}/x.sqlite|--platform|zoom-report|--meeting|U" STDERR "expected report PAGE")
rollcall_cli_expect("cli: --meeting without zoom-report is a usage error"
    EXIT 64 ARGS "ingest|--db|${_zr_scratch}/x.sqlite|--config|${_zr}/config.json|--platform|zoom|--meeting|U|${_zr}/report-page1.json"
    STDERR "--meeting goes with --platform zoom-report")
rollcall_cli_expect("cli: a malformed report page is malformed_input naming the page"
    EXIT 2 ARGS "ingest|--db|${_zr_scratch}/x.sqlite|--platform|zoom-report|--meeting|U|${_zr}/report-page1.json|${_zr_scratch}/not-json.json"
    STDERR "malformed_input: pages\\[1\\]")
rollcall_cli_expect("cli: a report page with a bad meeting id is invalid_value"
    EXIT 2 ARGS "ingest|--db|${_zr_scratch}/x.sqlite|--platform|zoom-report|--meeting|U|--meeting-id|12|${_zr}/report-page1.json"
    STDERR "invalid_value: meeting_id")
rollcall_cli_expect("cli: sessions list --delay takes a duration"
    EXIT 64 ARGS "sessions|list|--db|${_zr_scratch}/x.sqlite|--report-due|--delay|soon" STDERR "--delay takes a duration")
rollcall_cli_expect("cli: sessions list --report-due with a filter is a usage error"
    EXIT 64 ARGS "sessions|list|--db|${_zr_scratch}/x.sqlite|--report-due|--teacher|t" STDERR "--teacher does not apply")
rollcall_cli_expect("cli: sessions link refuses a look-alike Zoom host"
    EXIT 2 ARGS "sessions|link|--db|${_zr_scratch}/x.sqlite|s1|https://zoom.us.evil.com/j/81187927959"
    STDERR "invalid_value: session rooms: zoom join link .* is not a Zoom host")
