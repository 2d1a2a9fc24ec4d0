# Multi-step contract tests of the storage commands: each flow runs several `rollcall` calls against
# one scratch database and checks exit codes and output. Invoked by tests/cli/storage.cmake:
#   cmake -DCLI=path -DDATA=dir -DFIX=fixtures-dir -DWORK=scratch-dir -DFLOW=name -P cli_flow.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(DB ${WORK}/db.sqlite)

# run(EXIT code OUT regex [ERR regex] ARGS a b c ...): the output of the last run is in LAST_OUT.
function(run)
    cmake_parse_arguments(X "" "EXIT;OUT;ERR;STDIN" "ARGS" ${ARGN})
    if(DEFINED X_STDIN)
        execute_process(COMMAND ${CLI} ${X_ARGS} INPUT_FILE ${X_STDIN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    else()
        execute_process(COMMAND ${CLI} ${X_ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    endif()
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
    set(LAST_OUT "${out}" PARENT_SCOPE)
endfunction()

set(CFG --config ${DATA}/config.json)
set(LK ${FIX}/livekit)

if(FLOW STREQUAL "ingest_jsonl")
    run(EXIT 0 ARGS ingest --db ${DB} ${CFG} --jsonl ${DATA}/livekit_capture.jsonl
        OUT "^{\"lines\":11,\"requests\":11,\"stored\":6,\"duplicates\":1,\"rejected\":4,\"events_stored\":6,\"events_duplicate\":1,")
    foreach(code malformed_input missing_field bad_signature)
        if(NOT LAST_OUT MATCHES "\"code\":\"${code}\"")
            message(FATAL_ERROR "rejections do not list ${code}: ${LAST_OUT}")
        endif()
    endforeach()
    # Lines that are not requests at all (not JSON, no platform) are reported by ingest only.
    run(EXIT 0 ARGS stats --db ${DB}
        OUT "^{\"payloads\":6,\"events\":6,\"duplicates_skipped\":1,\"duplicate_payloads\":1,\"rejected\":2,\"rejected_payloads\":2,\"rooms\":1,\"sessions\":0,\"links\":0,\"counted_sessions\":0,\"changes\":0,\"schema_version\":5}\n$")
    # Replaying the whole capture changes nothing but the counters.
    run(EXIT 0 ARGS ingest --db ${DB} ${CFG} --jsonl ${DATA}/livekit_capture.jsonl --batch 2
        OUT "\"stored\":0,\"duplicates\":7,\"rejected\":4,\"events_stored\":0")
    run(EXIT 0 ARGS stats --db ${DB} OUT "^{\"payloads\":6,\"events\":6,")
    # stdin works too.
    run(EXIT 0 STDIN ${DATA}/livekit_capture.jsonl ARGS ingest --db ${DB} ${CFG} --jsonl - OUT "\"lines\":11")
elseif(FLOW STREQUAL "ingest_files")
    file(READ ${LK}/signed/participant_joined__valid.json vec)
    string(JSON auth GET "${vec}" authorization)
    string(JSON now GET "${vec}" now_unix)
    run(EXIT 0 ARGS ingest --db ${DB} ${CFG} --platform livekit --header "Authorization: ${auth}"
        --received-at ${now} ${LK}/participant_joined.json
        OUT "\"results\":\\[{\"status\":\"stored\",\"event\":\"participant_joined\",\"events_stored\":1,\"events_duplicate\":0,\"response\":null,\"code\":null,\"message\":null,\"rooms\":\\[{\"room\":\"standup-42\",\"room_alt\":\"RM_7dXq4pLmN2aB\"}\\]}\\]")
    run(EXIT 0 ARGS ingest --db ${DB} ${CFG} --platform livekit --header "Authorization: ${auth}"
        --received-at ${now} ${LK}/participant_joined.json OUT "\"status\":\"duplicate\"")
    # Verified against the receive time: a day later the token has expired.
    math(EXPR later "${now} + 86400")
    run(EXIT 2 ARGS ingest --db ${DB} ${CFG} --platform livekit --header "Authorization: ${auth}"
        --received-at ${later} ${LK}/participant_joined.json OUT "\"status\":\"rejected\".*\"code\":\"token_expired\"")
    run(EXIT 2 ARGS ingest --db ${DB} ${CFG} --platform livekit ${LK}/participant_joined.json
        OUT "\"code\":\"missing_signature\"")
    run(EXIT 0 ARGS stats --db ${DB} OUT "\"events\":1,.*\"rejected\":2,")
elseif(FLOW STREQUAL "sessions")
    run(EXIT 0 ARGS ingest --db ${DB} ${CFG} --jsonl ${DATA}/livekit_capture.jsonl)
    run(EXIT 0 ARGS sessions create --db ${DB} --now 2025-08-01T00:00:00Z ${DATA}/session.json
        OUT "^\\[{\"id\":\"standup\",\"type\":\"academic\",\"teacher\":\"alice@example.com\",\"students\":\\[\"bob\"\\],\"scheduled_start\":\"2025-08-13T12:00:00Z\".*\"rooms\":\\[\"standup-42\"\\],\"meetings\":\\[\\],\"status\":\"scheduled\"")
    run(EXIT 2 ARGS sessions create --db ${DB} ${DATA}/session.json ERR "already_exists")
    # An array is all or nothing: the valid first session is not kept when the second is invalid.
    run(EXIT 2 ARGS sessions create --db ${DB} ${DATA}/sessions_bad.json ERR "sessions\\[1\\]\\.scheduled_start")
    run(EXIT 0 ARGS sessions list --db ${DB} OUT "^\\[{\"id\":\"standup\".*\"updated_at\":\"[^\"]+\"}\\]\n$")
    run(EXIT 0 ARGS sessions get --db ${DB} ${CFG} --now 2025-08-13T12:30:00Z standup
        OUT "\"evaluation\":{\"session_id\":\"standup\",\"session_status\":\"ongoing\"")
    run(EXIT 0 ARGS sweep --db ${DB} ${CFG} --now 2025-08-13T12:30:00Z
        OUT "^{\"sessions_checked\":1,\"sessions_changed\":1,\"transitions\":2,\"sessions_counted\":0,\"links_timed_out\":0,\"links_expired\":0,\"changed\":\\[\"standup\"\\]}")
    run(EXIT 2 ARGS sessions act --db ${DB} --now 2025-08-13T12:31:00Z standup cancel ERR "illegal_transition")
    run(EXIT 0 ARGS sessions act --db ${DB} --now 2025-08-13T12:31:00Z standup complete
        OUT "\"status\":\"completed\",\"status_reason\":\"host_action:complete\"")
    run(EXIT 0 ARGS sessions usage --db ${DB} pkg-7 OUT "^{\"package\":\"pkg-7\",\"count\":1,\"sessions\":\\[\"standup\"\\]}")
    run(EXIT 0 ARGS sweep --db ${DB} --now 2025-08-14T00:00:00Z OUT "\"sessions_checked\":0,.*\"sessions_counted\":0")
    run(EXIT 0 ARGS sessions list --db ${DB} --status completed --teacher alice@example.com OUT "\"id\":\"standup\"")
    run(EXIT 0 ARGS sessions list --db ${DB} --open OUT "^\\[\\]\n$")
    run(EXIT 0 ARGS sessions link --db ${DB} standup extra-room OUT "\"rooms\":\\[\"extra-room\",\"standup-42\"\\]")
    run(EXIT 2 ARGS sessions get --db ${DB} nope ERR "not_found")
    run(EXIT 64 ARGS sessions act --db ${DB} standup explode ERR "cancel, mark_absent or complete")
    run(EXIT 0 ARGS stats --db ${DB} OUT "\"sessions\":1,.*\"counted_sessions\":1,")
elseif(FLOW STREQUAL "identities")
    # SPEC §11 aliases: stored normalised, listed, refused when they would merge two named people.
    run(EXIT 0 ARGS sessions create --db ${DB} --now 2025-08-01T00:00:00Z ${DATA}/session.json)
    run(EXIT 0 ARGS identities add --db ${DB} bob name "  BOB   Builder "
        OUT "^{\"alias\":{\"person\":\"bob\",\"kind\":\"name\",\"value\":\"bob builder\",\"session_id\":null},\"added\":true}\n$")
    run(EXIT 0 ARGS identities add --db ${DB} bob name "bob builder" OUT "\"added\":false")
    run(EXIT 2 ARGS identities add --db ${DB} carol name "Bob Builder" ERR "already_exists: .*'bob'")
    run(EXIT 2 ARGS identities add --db ${DB} --session standup alice@example.com identity bob ERR "already_exists")
    run(EXIT 0 ARGS identities add --db ${DB} --session standup bob email Bob@Home.example
        OUT "\"value\":\"bob@home.example\",\"session_id\":\"standup\"")
    run(EXIT 2 ARGS identities add --db ${DB} --session nope bob email x@y.example ERR "not_found")
    run(EXIT 2 ARGS identities add --db ${DB} bob shoe x ERR "invalid_value: .*kind")
    run(EXIT 64 ARGS identities add --db ${DB} bob name ERR "expected PERSON KIND VALUE")
    run(EXIT 0 ARGS identities list --db ${DB}
        OUT "^\\[{\"person\":\"bob\",\"kind\":\"name\",\"value\":\"bob builder\",\"session_id\":null},{\"person\":\"bob\",\"kind\":\"email\",\"value\":\"bob@home.example\",\"session_id\":\"standup\"}\\]\n$")
    run(EXIT 0 ARGS identities list --db ${DB} --global OUT "^\\[{\"person\":\"bob\",\"kind\":\"name\",\"value\":\"bob builder\",\"session_id\":null}\\]\n$")
    run(EXIT 0 ARGS identities remove --db ${DB} name "Bob Builder" OUT "^{\"person\":\"bob\",")
    run(EXIT 2 ARGS identities remove --db ${DB} name "Bob Builder" ERR "not_found")
    run(EXIT 0 ARGS identities list --db ${DB} --person carol OUT "^\\[\\]\n$")
elseif(FLOW STREQUAL "links")
    run(EXIT 0 ARGS links create --db ${DB} --now 2025-08-13T11:50:00Z ${DATA}/link.json
        OUT "^{\"token\":\"[A-Za-z0-9_-]+\",\"status\":\"sent\"")
    string(REGEX MATCH "\"token\":\"([A-Za-z0-9_-]+)\"" _ "${LAST_OUT}")
    set(TOKEN ${CMAKE_MATCH_1})
    string(LENGTH "${TOKEN}" len)
    if(len LESS 22)
        message(FATAL_ERROR "token too short for 128 bits: ${TOKEN}")
    endif()
    run(EXIT 0 ARGS links click --db ${DB} --now 2025-08-13T12:00:00Z ${TOKEN} OUT "\"status\":\"active\"")
    run(EXIT 0 ARGS links heartbeat --db ${DB} --now 2025-08-13T12:00:30Z ${TOKEN} OUT "\"last_heartbeat\":\"2025-08-13T12:00:30Z\"")
    run(EXIT 0 ARGS links status --db ${DB} --now 2025-08-13T12:01:00Z ${TOKEN} OUT "\"duration_s\":60,")
    # Silent past the session timeout: the sweep ends it at the last heartbeat.
    run(EXIT 0 ARGS sweep --db ${DB} --now 2025-08-13T15:00:00Z OUT "\"links_timed_out\":1")
    run(EXIT 0 ARGS links status --db ${DB} --now 2025-08-13T16:00:00Z ${TOKEN}
        OUT "\"status\":\"timeout\".*\"ended_at\":\"2025-08-13T12:00:30Z\".*\"duration_s\":30,")
    run(EXIT 2 ARGS links heartbeat --db ${DB} --now 2025-08-13T16:00:00Z ${TOKEN} ERR "link_closed")
    run(EXIT 2 ARGS links end --db ${DB} ${TOKEN} ERR "link_closed")
    run(EXIT 2 ARGS links click --db ${DB} not-a-token ERR "not_found")
    run(EXIT 0 ARGS stats --db ${DB} OUT "\"links\":1,")
    # The link report: the link sent without a session is a lesson (SPEC §6); 30 s is below
    # min_presence_s, so the lesson is absent, and at a per-session rate an absent lesson is billed.
    # (execute_process hands CSV's CRLF back as LF.)
    run(EXIT 0 ARGS links export --db ${DB} --now 2025-08-13T16:00:00Z
        OUT "^link,teacher,student,session_id,sent,clicked,ended,attended_s,status,lesson_status,package,rate,rate_minor,billable_s,amount_minor,currency\nlink:${TOKEN},alice@example.com,bob,,2025-08-13T11:50:00Z,2025-08-13T12:00:00Z,2025-08-13T12:00:30Z,30,timeout,absent,pkg-7,per_session,1500,30,1500,EUR\n$")
    run(EXIT 0 ARGS report links --db ${DB} --student bob --format json --now 2025-08-13T16:00:00Z
        OUT "^{\"report\":\"links\",\"zone\":\"UTC\",\"links\":\\[{\"link\":\"link:${TOKEN}\"")
    run(EXIT 0 ARGS report teacher --db ${DB} --teacher alice@example.com --format json --now 2025-08-13T16:00:00Z
        OUT "\"sessions\":1,.*\"absent\":1,")
    run(EXIT 64 ARGS report teacher --db ${DB} --student bob ERR "--student applies to the links report only")
    run(EXIT 64 ARGS links list --db ${DB} --format csv ERR "--format applies to links export only")
elseif(FLOW STREQUAL "feed")
    # The change feed (SPEC §8) from the command line: what the sweep and a host action changed, paged
    # with a cursor, claimed by a named reader; links listed with filters.
    run(EXIT 0 ARGS ingest --db ${DB} ${CFG} --jsonl ${DATA}/livekit_capture.jsonl)
    run(EXIT 0 ARGS sessions create --db ${DB} --now 2025-08-01T00:00:00Z ${DATA}/session.json)
    run(EXIT 0 ARGS changes --db ${DB} OUT "^{\"changes\":\\[\\],\"cursor\":0}\n$")
    run(EXIT 0 ARGS sweep --db ${DB} ${CFG} --now 2025-08-13T12:30:00Z OUT "\"transitions\":2,")
    run(EXIT 0 ARGS sessions act --db ${DB} --now 2025-08-13T12:31:00Z standup complete)
    run(EXIT 0 ARGS changes --db ${DB} --limit 2
        OUT "^{\"changes\":\\[{\"seq\":1,\"at\":\"2025-08-13T11:45:00Z\",\"type\":\"session_status\",\"session_id\":\"standup\",\"subject\":\"\",\"from\":\"scheduled\",\"to\":\"ready\",\"reason\":\"[a-z_]+\"},{\"seq\":2,[^]]*\\],\"cursor\":2}")
    run(EXIT 0 ARGS changes --db ${DB} --after 2
        OUT "\"from\":\"ongoing\",\"to\":\"completed\".*\"type\":\"participant_status\",\"session_id\":\"standup\",\"subject\":\"alice@example.com\".*\"type\":\"usage_counted\",\"session_id\":\"standup\",\"subject\":\"pkg-7\"")
    string(REGEX MATCH "\"cursor\":([0-9]+)" _ "${LAST_OUT}")
    set(LASTSEQ ${CMAKE_MATCH_1})
    math(EXPR BEYOND "${LASTSEQ} + 1")
    run(EXIT 2 ARGS changes --db ${DB} --after ${BEYOND} ERR "invalid_argument: .*beyond the newest change")
    run(EXIT 0 ARGS changes --db ${DB} --claim reports --limit 3 OUT "\"cursor\":3}")
    run(EXIT 0 ARGS changes --db ${DB} --claim reports OUT "\"cursor\":${LASTSEQ}}")
    run(EXIT 0 ARGS changes --db ${DB} --claim reports OUT "^{\"changes\":\\[\\],\"cursor\":${LASTSEQ}}")
    run(EXIT 64 ARGS changes --db ${DB} --claim reports --after 1 ERR "no --after")
    run(EXIT 64 ARGS changes --db ${DB} --after soon ERR "whole number")
    # Links: listed by teacher, status and date; each with its duration at --now.
    run(EXIT 0 ARGS links create --db ${DB} --now 2025-08-13T11:50:00Z ${DATA}/link.json)
    string(REGEX MATCH "\"token\":\"([A-Za-z0-9_-]+)\"" _ "${LAST_OUT}")
    set(TOKEN ${CMAKE_MATCH_1})
    run(EXIT 0 ARGS links click --db ${DB} --now 2025-08-13T12:00:00Z ${TOKEN})
    run(EXIT 0 ARGS links list --db ${DB} --teacher alice@example.com --now 2025-08-13T12:01:00Z
        OUT "^\\[{\"token\":\"${TOKEN}\",\"status\":\"active\".*\"duration_s\":60,")
    run(EXIT 0 ARGS links list --db ${DB} --status ended OUT "^\\[\\]\n$")
    run(EXIT 0 ARGS links list --db ${DB} --from 2025-08-13T11:51:00Z OUT "^\\[\\]\n$")
    run(EXIT 2 ARGS links list --db ${DB} --status clicked ERR "invalid_value: links.list.status")
    run(EXIT 64 ARGS links status --db ${DB} --teacher x ${TOKEN} ERR "applies to links list only")
    run(EXIT 0 ARGS changes --db ${DB} --after ${LASTSEQ} OUT "\"type\":\"link_status\",\"session_id\":\"\",\"subject\":\"${TOKEN}\",\"from\":\"sent\",\"to\":\"active\"")
elseif(FLOW STREQUAL "evaluate")
    # Stateless evaluation: the events `parse --full` printed, evaluated without a database, agree
    # with the same webhooks ingested and evaluated from storage.
    set(EVENTS "[]")
    set(i 0)
    foreach(name participant_joined participant_left)
        file(READ ${LK}/signed/${name}__valid.json vec)
        string(JSON auth GET "${vec}" authorization)
        string(JSON now GET "${vec}" now_unix)
        string(JSON key GET "${vec}" api_key)
        string(JSON secret GET "${vec}" api_secret)
        run(EXIT 0 ARGS parse --platform livekit --key ${key}=${secret}
            --header "Authorization: ${auth}" --now ${now} --full ${LK}/${name}.json OUT "\"events\":")
        string(JSON one GET "${LAST_OUT}" events 0)
        string(JSON EVENTS SET "${EVENTS}" ${i} "${one}")
        math(EXPR i "${i} + 1")
    endforeach()
    set(INPUT "{\"session\":{\"id\":\"e1\",\"type\":\"academic\"},\"now\":\"2025-08-14T00:00:00Z\"}")
    string(JSON INPUT SET "${INPUT}" events "${EVENTS}")
    file(WRITE ${WORK}/input.json "${INPUT}")
    run(EXIT 0 ARGS evaluate ${WORK}/input.json OUT "^{\"session_id\":\"e1\",\"session_status\":\"unscheduled\"")
    set(STATELESS "${LAST_OUT}")
    run(EXIT 0 STDIN ${WORK}/input.json ARGS evaluate - OUT "^{\"session_id\":\"e1\"")
    if(NOT STATELESS STREQUAL LAST_OUT)
        message(FATAL_ERROR "evaluate of a file and of stdin differ")
    endif()
    string(JSON INPUT SET "${INPUT}" events 0 kind "\"wave\"")
    file(WRITE ${WORK}/bad.json "${INPUT}")
    run(EXIT 2 ARGS evaluate ${WORK}/bad.json ERR "invalid_value: evaluate.events\\[0\\].kind")
    run(EXIT 64 ARGS evaluate ERR "expected one INPUT.json")
elseif(FLOW STREQUAL "upgrade_v1")
    # The example week as a schema 1 build stored it, opened by this build: the upgraded file must
    # answer exactly as the same week ingested afresh, and replaying the week must add nothing.
    set(WEEK ${EXAMPLES}/capture)
    set(WCFG --config ${WEEK}/config.json)
    set(NOW --now 2026-03-30T12:00:00Z)
    set(OLD ${WORK}/v1.sqlite)
    execute_process(COMMAND ${CMAKE_COMMAND} -E copy ${FIX}/store/schema-v1-week.sqlite ${OLD})  # file(COPY_FILE) needs 3.21
    run(EXIT 0 ARGS sessions create --db ${DB} --now 2026-03-20T09:00:00Z ${WEEK}/sessions.json OUT ".")
    run(EXIT 0 ARGS ingest --db ${DB} ${WCFG} --jsonl ${WEEK}/capture.jsonl --quiet OUT "\"events_stored\":85,")
    run(EXIT 0 ARGS sweep --db ${DB} ${WCFG} ${NOW} OUT "\"sessions_counted\":11,")
    run(EXIT 0 ARGS stats --db ${OLD} OUT "\"schema_version\":1}")  # read-only: no migration
    run(EXIT 0 ARGS ingest --db ${OLD} ${WCFG} --jsonl ${WEEK}/capture.jsonl --quiet
        OUT "\"stored\":0,\"duplicates\":87,\"rejected\":0,\"events_stored\":0,")
    run(EXIT 0 ARGS sweep --db ${OLD} ${WCFG} ${NOW} OUT "\"sessions_changed\":0,.*\"sessions_counted\":0,")
    foreach(db ${DB} ${OLD})
        run(EXIT 0 ARGS stats --db ${db} OUT "^{\"payloads\":85,\"events\":85,.*\"counted_sessions\":11,\"changes\":[0-9]+,\"schema_version\":5}")
    endforeach()
    # One difference is expected: a schema 1 build stored no identity keys (SPEC §11), so the parent who
    # joined with an email only is not marked `unresolved` in the old file; everything else is equal.
    set(parent "\"email\":\"parent.sato@family.example.test\",\"role\":\"other\",\"guest\":true,\"platform_role\":null,\"unresolved\":")
    foreach(report "teacher;--from;2026-03-23;--to;2026-03-29;--by;week" "session;--session;chiara-0324")
        run(EXIT 0 ARGS report ${report} --db ${DB} ${WCFG} ${NOW} --format json OUT ".")
        string(REPLACE "${parent}true" "${parent}false" fresh "${LAST_OUT}")
        run(EXIT 0 ARGS report ${report} --db ${OLD} ${WCFG} ${NOW} --format json OUT ".")
        if(NOT fresh STREQUAL LAST_OUT)
            message(FATAL_ERROR "report ${report} differs after the upgrade:\n${fresh}\n---\n${LAST_OUT}")
        endif()
    endforeach()
    # A replay of the stored payloads says exactly that of the old file, and nothing of the fresh one
    # (the whole week: LiveKit, BigBlueButton and Zoom webhooks parsed again).
    run(EXIT 0 ARGS replay --db ${DB} ${WCFG} ${NOW} --check OUT "\"agree\":12,\"differ\":0}")
    run(EXIT 1 ARGS replay --db ${OLD} ${WCFG} ${NOW} --check
        OUT "\"differences\":\\[{\"path\":\"participants.parent.sato@family.example.test.unresolved\",\"stored\":\"false\",\"replayed\":\"true\"}\\].*\"agree\":11,\"differ\":1}")
else()
    message(FATAL_ERROR "unknown flow ${FLOW}")
endif()
file(REMOVE_RECURSE ${WORK})
