# `rollcall report`: usage errors exit 64, rejected input exits 2 with a message naming the problem, and
# the example week renders (the positive tests build a database with the main job's own commands).
set(_rp_cli $<TARGET_FILE:rollcall_cli>)
set(_rp_missing ${CMAKE_CURRENT_BINARY_DIR}/report-no-such.db)

# _rp_case(name exit ARGS a b c [STDOUT re] [STDERR re]): test cli.report.<name> runs `rollcall report a b c`.
function(_rp_case name exit)
    cmake_parse_arguments(A "" "STDOUT;STDERR" "ARGS" ${ARGN})
    string(REPLACE ";" "|" _args "report;${A_ARGS}")
    set(_checks)
    foreach(k STDOUT STDERR)
        if(A_${k})
            list(APPEND _checks ${k} "${A_${k}}")
        endif()
    endforeach()
    rollcall_cli_expect(cli.report.${name} EXIT ${exit} ARGS "${_args}" ${_checks})
endfunction()

rollcall_cli_expect(cli.report.no_kind EXIT 64 ARGS "report" STDERR "missing the report kind")
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

# The main job itself (examples/main-job.sh) builds the example week's database for the tests below.
set(_rp_db ${CMAKE_CURRENT_BINARY_DIR}/report-week.db)
set(_rp_config ${PROJECT_SOURCE_DIR}/examples/capture/config.json)
add_test(NAME cli.report.main_job
         COMMAND ${CMAKE_COMMAND} -E env ROLLCALL=${_rp_cli} bash ${PROJECT_SOURCE_DIR}/examples/main-job.sh ${_rp_db})
set_tests_properties(cli.report.main_job PROPERTIES FIXTURES_SETUP rp_week
    PASS_REGULAR_EXPRESSION "t-chiara +2026-W13 +3 +3 +0 +0 +0 +9 +7 +77.8.*parent.sato@family.example.test +Parent of Hana +other +true")
add_test(NAME cli.report.main_job_csv
         COMMAND ${CMAKE_COMMAND} -E env ROLLCALL=${_rp_cli} FORMAT=csv SESSION=bruno-0328
                 bash ${PROJECT_SOURCE_DIR}/examples/main-job.sh ${_rp_db}-csv)
set_tests_properties(cli.report.main_job_csv PROPERTIES
    PASS_REGULAR_EXPRESSION "\\*,2026-W13,12,10,1,1,0,21,16,76.2,.*bruno-0328,academic,completed,2026-03-28T15:00:00\\+01:00,2026-03-28T16:00:00\\+01:00,st-goran,Goran Petrović,,student,false,.*,partial,")

function(_rp_week name)
    cmake_parse_arguments(A "" "EXIT;STDOUT;STDERR" "ARGS" ${ARGN})
    _rp_case(${name} ${A_EXIT} ARGS ${A_ARGS} --db ${_rp_db} --config ${_rp_config} --now 2026-03-30T12:00:00Z
             STDOUT "${A_STDOUT}" STDERR "${A_STDERR}")
    set_tests_properties(cli.report.${name} PROPERTIES FIXTURES_REQUIRED rp_week)
endfunction()
_rp_week(week_trends_json EXIT 0 ARGS trends --from 2026-03-23 --to 2026-03-29 --format json
         STDOUT "^\\{\"report\":\"trends\",\"zone\":\"Europe/Berlin\",\"from\":\"2026-03-23\",\"to\":\"2026-03-29\",\"by\":\"day\".*\"period\":\"2026-03-29\",\"first\":\"2026-03-29\",\"last\":\"2026-03-29\",\"start\":\"2026-03-29T00:00:00\\+01:00\",\"end\":\"2026-03-30T00:00:00\\+02:00\"")
_rp_week(week_teacher_by_day EXIT 0 ARGS teacher --teacher t-bruno --by day --format csv --tz UTC
         STDOUT "t-bruno,2026-03-27,1,0,1,0,0,2,0,0,0,0,20,0,0,EUR,0\r\n")
_rp_week(week_teacher_sessions_csv EXIT 0 ARGS session --teacher t-amal --format csv
         STDOUT "^session_id,session_type,session_status,scheduled_start,.*\r\namal-0326,quran,cancelled,")
_rp_week(week_session_json EXIT 0 ARGS session --session amal-0326 --format json
         STDOUT "\"status\":\"cancelled\",\"status_reason\":\"teacher_absent\"")
_rp_week(week_unknown_session EXIT 2 ARGS session --session nope STDERR "not_found: .*nope")

# The committed capture is exactly what its seeded generator writes (checked where Node is installed).
find_program(ROLLCALL_NODE node)
if(ROLLCALL_NODE)
    set(_rp_gen ${CMAKE_CURRENT_BINARY_DIR}/capture-regenerated)
    set(_rp_cap ${PROJECT_SOURCE_DIR}/examples/capture)
    file(MAKE_DIRECTORY ${_rp_gen})
    add_test(NAME cli.report.capture_regenerate COMMAND ${ROLLCALL_NODE} ${_rp_cap}/generate.mjs ${_rp_gen})
    set_tests_properties(cli.report.capture_regenerate PROPERTIES FIXTURES_SETUP rp_regen)
    foreach(_f capture.jsonl sessions.json)
        add_test(NAME cli.report.capture_up_to_date.${_f}
                 COMMAND ${CMAKE_COMMAND} -E compare_files ${_rp_gen}/${_f} ${_rp_cap}/${_f})
        set_tests_properties(cli.report.capture_up_to_date.${_f} PROPERTIES FIXTURES_REQUIRED rp_regen)
    endforeach()
endif()
