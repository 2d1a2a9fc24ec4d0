# `rollcall report`: usage errors exit 64, rejected input exits 2 with a message naming the problem, and
# the example week renders (the positive tests build a database with the main job's own commands).
set(_rp_expect ${CMAKE_CURRENT_LIST_DIR}/support/expect_run.cmake)
set(_rp_cli $<TARGET_FILE:rollcall_cli>)
set(_rp_missing ${CMAKE_CURRENT_BINARY_DIR}/report-no-such.db)

function(_rp_case name exit)
    cmake_parse_arguments(A "" "STDOUT;STDERR" "ARGS" ${ARGN})
    string(REPLACE ";" "|" _args "${A_ARGS}")
    set(_defs -DCMD=${_rp_cli}|report|${_args} -DEXIT=${exit})
    if(A_STDOUT)
        list(APPEND _defs "-DSTDOUT=${A_STDOUT}")
    endif()
    if(A_STDERR)
        list(APPEND _defs "-DSTDERR=${A_STDERR}")
    endif()
    add_test(NAME cli.report.${name} COMMAND ${CMAKE_COMMAND} ${_defs} -P ${_rp_expect})
endfunction()

add_test(NAME cli.report.no_kind COMMAND ${CMAKE_COMMAND} -DCMD=${_rp_cli}|report -DEXIT=64
         "-DSTDERR=missing the report kind" -P ${_rp_expect})
_rp_case(unknown_kind 64 ARGS attendance --db x.db STDERR "unknown report 'attendance'")
_rp_case(missing_db_option 64 ARGS teacher STDERR "missing --db")
_rp_case(bad_format 64 ARGS teacher --db x.db --format xlsx STDERR "--format must be table, json or csv")
_rp_case(from_without_to 64 ARGS teacher --db x.db --from 2026-03-01 STDERR "--from and --to go together")
_rp_case(by_on_session 64 ARGS session --db x.db --by week STDERR "--by applies to the teacher report only")
_rp_case(session_on_teacher 64 ARGS teacher --db x.db --session s1 STDERR "--session applies to the session report only")
_rp_case(unknown_option 64 ARGS teacher --db x.db --zone UTC STDERR "unknown option --zone")
_rp_case(unknown_zone 2 ARGS teacher --db ${_rp_missing} --tz Mars/Olympus_Mons
         STDERR "config_error: time zone: unknown IANA zone 'Mars/Olympus_Mons'")
_rp_case(bad_date 2 ARGS teacher --db ${_rp_missing} --from 2026-02-30 --to 2026-03-01
         STDERR "invalid_value: not a date YYYY-MM-DD: '2026-02-30'")
_rp_case(bad_now 2 ARGS teacher --db ${_rp_missing} --now yesterday STDERR "invalid_value: not an RFC 3339")
_rp_case(missing_database 2 ARGS teacher --db ${_rp_missing} STDERR "io_error: no database at '.*report-no-such.db'")
_rp_case(missing_config 2 ARGS teacher --db ${_rp_missing} --config ${_rp_missing}.json STDERR "io_error")
