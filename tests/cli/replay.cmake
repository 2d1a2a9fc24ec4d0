# `rollcall replay`: every golden scenario agrees with its expectation through the command itself,
# and invalid files exit 2 with a message naming the problem and the field.
file(GLOB _rc_scenarios ${CMAKE_CURRENT_SOURCE_DIR}/scenarios/*.json)
foreach(_sc ${_rc_scenarios})
    get_filename_component(_name ${_sc} NAME_WE)
    add_test(NAME cli.replay.${_name} COMMAND rollcall_cli replay --check ${_sc})
    set_tests_properties(cli.replay.${_name} PROPERTIES PASS_REGULAR_EXPRESSION "\"session_status\"")
endforeach()

set(_rc_data ${CMAKE_CURRENT_SOURCE_DIR}/cli/data)
add_test(NAME cli.replay.unknown_event_type COMMAND rollcall_cli replay ${_rc_data}/replay_unknown_type.json)
set_tests_properties(cli.replay.unknown_event_type PROPERTIES WILL_FAIL ON)
add_test(NAME cli.replay.unknown_event_type_message COMMAND rollcall_cli replay ${_rc_data}/replay_unknown_type.json)
set_tests_properties(cli.replay.unknown_event_type_message PROPERTIES
    PASS_REGULAR_EXPRESSION "events\\[0\\]\\.type: unknown event type 'jion'")
add_test(NAME cli.replay.bad_timestamp_message COMMAND rollcall_cli replay ${_rc_data}/replay_bad_time.json)
set_tests_properties(cli.replay.bad_timestamp_message PROPERTIES PASS_REGULAR_EXPRESSION "events\\[0\\]\\.at: not an RFC 3339")
add_test(NAME cli.replay.not_json_message COMMAND rollcall_cli replay ${_rc_data}/replay_truncated.json)
set_tests_properties(cli.replay.not_json_message PROPERTIES PASS_REGULAR_EXPRESSION "malformed_input: not valid JSON")
add_test(NAME cli.replay.missing_file COMMAND rollcall_cli replay ${_rc_data}/does_not_exist.json)
set_tests_properties(cli.replay.missing_file PROPERTIES PASS_REGULAR_EXPRESSION "io_error: cannot open")
add_test(NAME cli.replay.usage COMMAND rollcall_cli replay)
set_tests_properties(cli.replay.usage PROPERTIES WILL_FAIL ON)

# `replay --db`: stored sessions again from their raw payloads (the agreeing and differing cases run in
# tests/unit/test_replay_stored.cpp and the Zoom recovery example); here the command's own contract.
set(_rp_scratch ${CMAKE_CURRENT_BINARY_DIR}/cli-replay-scratch)
file(MAKE_DIRECTORY ${_rp_scratch})
rollcall_cli_expect("cli: replay --db of a missing database is io_error and creates nothing"
    EXIT 2 ARGS "replay|--db|${_rp_scratch}/missing.sqlite" STDERR "io_error: no database at")
rollcall_cli_expect("cli: replay --db takes no scenario FILE"
    EXIT 64 ARGS "replay|--db|${_rp_scratch}/missing.sqlite|${_rc_data}/replay_bad_time.json" STDERR "replay --db takes no FILE")
