# The snapshot flow of tests/cli/snapshot.cmake: one scratch database, several `rollcall` calls.
#   cmake -DCLI=path -DDATA=dir -DFIX=fixtures-dir -DWORK=scratch-dir -P snapshot_flow.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(DB ${WORK}/db.sqlite)
set(CFG --config ${DATA}/config.json)
set(LK ${FIX}/livekit)

# run(EXIT code [OUT regex] [ERR regex] ARGS a b c ...)
function(run)
    cmake_parse_arguments(X "" "EXIT;OUT;ERR" "ARGS" ${ARGN})
    execute_process(COMMAND ${CLI} ${X_ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    set(problem "")
    if(NOT "${rc}" STREQUAL "${X_EXIT}")
        string(APPEND problem "exit ${rc}, expected ${X_EXIT}\n")
    endif()
    if(DEFINED X_OUT AND NOT out MATCHES "${X_OUT}")
        string(APPEND problem "stdout does not match ${X_OUT}\n")
    endif()
    if(DEFINED X_ERR AND NOT err MATCHES "${X_ERR}")
        string(APPEND problem "stderr does not match ${X_ERR}\n")
    endif()
    if(problem)
        string(REPLACE ";" " " shown "${X_ARGS}")
        message(FATAL_ERROR "rollcall ${shown}\n${problem}--- stdout:\n${out}\n--- stderr:\n${err}")
    endif()
endfunction()

# alice (the teacher of the `standup` lesson, 12:00-12:45) joins by a signed webhook; her leave is lost.
file(READ ${LK}/signed/participant_joined__valid.json vec)
string(JSON auth GET "${vec}" authorization)
string(JSON now GET "${vec}" now_unix)
run(EXIT 0 ARGS ingest --db ${DB} ${CFG} --platform livekit --header "Authorization: ${auth}"
    --received-at ${now} ${LK}/participant_joined.json OUT "\"stored\":1")
run(EXIT 0 ARGS sessions create --db ${DB} --now 2025-08-13T00:00:00Z ${DATA}/session.json)
# Without a snapshot she is credited up to the scheduled end by the stale rule.
run(EXIT 0 ARGS sessions get --db ${DB} ${CFG} --now 2025-08-13T15:00:00Z standup
    OUT "\"alice@example.com\":{[^}]*\"last_leave\":\"2025-08-13T12:45:00Z\"")

# The host polls ListParticipants: at 12:10 she is listed, at 12:11 she is gone.
run(EXIT 0 ARGS ingest --db ${DB} --platform livekit-snapshot --room standup-42 --at 2025-08-13T12:10:00Z
    ${LK}/list_participants.json
    OUT "^{\"status\":\"stored\",\"event\":\"livekit-snapshot\",\"events_stored\":4,\"events_duplicate\":0,\"response\":null,\"code\":null,\"message\":null}\n$")
run(EXIT 0 ARGS ingest --db ${DB} --platform livekit-snapshot --room standup-42 --at 2025-08-13T12:11:00Z
    ${LK}/list_participants_without_alice.json OUT "\"status\":\"stored\"")
run(EXIT 0 ARGS ingest --db ${DB} --platform livekit-snapshot --room standup-42 --at 2025-08-13T12:11:00Z
    ${LK}/list_participants_without_alice.json OUT "\"status\":\"duplicate\"")
run(EXIT 0 ARGS sessions get --db ${DB} ${CFG} --now 2025-08-13T15:00:00Z standup
    OUT "\"alice@example.com\":{[^}]*\"last_leave\":\"2025-08-13T12:10:00Z\".*\"reason\":\"snapshot\".*\"snapshot_close\"")
run(EXIT 0 ARGS stats --db ${DB} OUT "^{\"payloads\":3,\"events\":7,")

# Bad input: a clear error with a code, nothing stored.
run(EXIT 2 ARGS ingest --db ${DB} --platform livekit-snapshot --room nowhere --at 2025-08-13T12:12:00Z
    ${LK}/list_participants.json ERR "not_found.*nowhere")
run(EXIT 2 ARGS ingest --db ${DB} --platform livekit-snapshot --at 2025-08-13T12:12:00Z
    ${LK}/list_participants.json ERR "invalid_argument.*room")
run(EXIT 2 ARGS ingest --db ${DB} --platform livekit-snapshot --room standup-42 --at 2025-08-13T12:12:00Z
    ${LK}/malformed_truncated.json ERR "malformed_input")
run(EXIT 2 ARGS ingest --db ${DB} --platform bbb-snapshot --at 2025-08-13T12:12:00Z
    ${FIX}/bbb/get_meeting_info_not_found.xml ERR "invalid_value.*FAILED.*notFound")
run(EXIT 64 ARGS ingest --db ${DB} --platform livekit-snapshot --room standup-42 ${LK}/list_participants.json
    ERR "needs --at")
run(EXIT 64 ARGS ingest --db ${DB} --platform livekit-snapshot --room standup-42 --at yesterday
    ${LK}/list_participants.json ERR "RFC 3339")
run(EXIT 64 ARGS ingest --db ${DB} --platform livekit-snapshot --room standup-42 --at 2025-08-13T12:12:00Z
    ${LK}/list_participants.json ${LK}/list_participants.json ERR "exactly one FILE")
run(EXIT 64 ARGS ingest --db ${DB} ${CFG} --platform livekit --room standup-42 ${LK}/participant_joined.json
    ERR "--room and --at belong to")
run(EXIT 0 ARGS stats --db ${DB} OUT "^{\"payloads\":3,\"events\":7,")
file(REMOVE_RECURSE ${WORK})
