# Contract tests of the storage commands (ingest, stats, sessions, links, sweep): multi-step flows on
# a scratch database (tests/store/cli_flow.cmake) and single-call error contracts.
set(_rc_store ${CMAKE_CURRENT_SOURCE_DIR}/store)
foreach(_flow ingest_jsonl ingest_files sessions links feed evaluate upgrade_v1 identities)
    add_test(NAME "cli: storage flow ${_flow}"
             COMMAND ${CMAKE_COMMAND} -DCLI=$<TARGET_FILE:rollcall_cli> -DDATA=${_rc_store}/data
                     -DFIX=${CMAKE_CURRENT_SOURCE_DIR}/fixtures -DEXAMPLES=${PROJECT_SOURCE_DIR}/examples -DWORK=${CMAKE_CURRENT_BINARY_DIR}/cli-flow-${_flow}
                     -DFLOW=${_flow} -P ${_rc_store}/cli_flow.cmake)
endforeach()

set(_rc_scratch ${CMAKE_CURRENT_BINARY_DIR}/cli-storage-scratch)
file(MAKE_DIRECTORY ${_rc_scratch})
file(WRITE ${_rc_scratch}/not-a-database.sqlite "this is a text file, not SQLite\n")
rollcall_cli_expect("cli: stats of a file that is not a database is corrupt_database"
    EXIT 2 ARGS "stats|--db|${_rc_scratch}/not-a-database.sqlite" STDERR "corrupt_database")
rollcall_cli_expect("cli: stats of a missing database is io_error"
    EXIT 2 ARGS "stats|--db|${_rc_scratch}/missing.sqlite" STDERR "io_error")
rollcall_cli_expect("cli: ingest with a config that has an unknown key names it"
    EXIT 2 ARGS "ingest|--db|${_rc_scratch}/x.sqlite|--config|${_rc_store}/data/bad_config.json|--jsonl|${_rc_store}/data/livekit_capture.jsonl"
    STDERR "config_error: .*polices: unknown key")
rollcall_cli_expect("cli: ingest without --config is a usage error"
    EXIT 64 ARGS "ingest|--db|${_rc_scratch}/x.sqlite|--jsonl|${_rc_store}/data/livekit_capture.jsonl" STDERR "missing --config")
rollcall_cli_expect("cli: ingest without input is a usage error"
    EXIT 64 ARGS "ingest|--db|${_rc_scratch}/x.sqlite|--config|${_rc_store}/data/config.json" STDERR "expected BODY")
rollcall_cli_expect("cli: ingest rejects the link platform"
    EXIT 64 ARGS "ingest|--db|${_rc_scratch}/x.sqlite|--config|${_rc_store}/data/config.json|--platform|link|x" STDERR "livekit, bbb or zoom")
rollcall_cli_expect("cli: sweep with a bad --now is a usage error"
    EXIT 64 ARGS "sweep|--db|${_rc_scratch}/x.sqlite|--now|tomorrow" STDERR "--now takes")
rollcall_cli_expect("cli: sessions without a subcommand is a usage error"
    EXIT 64 ARGS "sessions" STDERR "expected a subcommand")
rollcall_cli_expect("cli: links with an unknown subcommand is a usage error"
    EXIT 64 ARGS "links|open|--db|${_rc_scratch}/x.sqlite|tok" STDERR "unknown subcommand")
