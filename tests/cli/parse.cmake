# Contract tests of `rollcall parse` for LiveKit: every signed fixture vector through the command, plus
# usage errors. (BBB and Zoom vectors have their own include file.)
set(_rc_lk ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/livekit)

file(GLOB _rc_vectors ${_rc_lk}/signed/*.json)
foreach(vec ${_rc_vectors})
    get_filename_component(_name ${vec} NAME_WE)
    file(READ ${vec} _json)
    string(JSON _body GET "${_json}" body_file)
    string(JSON _key GET "${_json}" api_key)
    string(JSON _secret GET "${_json}" api_secret)
    string(JSON _auth GET "${_json}" authorization)
    string(JSON _now GET "${_json}" now_unix)
    string(JSON _expect GET "${_json}" expect)
    set(_args "parse|--platform|livekit|--header|Authorization: ${_auth}|--key|${_key}=${_secret}|--now|${_now}|${CMAKE_CURRENT_SOURCE_DIR}/fixtures/${_body}")
    if(_expect STREQUAL "valid")
        rollcall_cli_expect("cli: parse livekit ${_name}" EXIT 0 ARGS "${_args}" STDOUT "^\\[.*\\]\n$")
    else()
        set(_code ${_expect})
        if(_expect STREQUAL "expired")
            set(_code token_expired)
        elseif(_expect STREQUAL "body_mismatch")
            set(_code bad_signature)
        elseif(_expect STREQUAL "bad_signature")
            set(_code "(bad_signature|unsupported_algorithm)")
        endif()
        rollcall_cli_expect("cli: parse livekit ${_name}" EXIT 2 ARGS "${_args}" STDERR "^${_code}: " NO_STDOUT ".")
    endif()
endforeach()

# What a normalised event shows: kind, room, identity, connection, instant (RFC 3339 and ms), dedup key.
set(_lk_left "parse|--platform|livekit|--header|authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUEl0ZXN0a2V5IiwiZXhwIjoxNzU1MDg5MzEyLCJuYmYiOjE3NTUwODkwMTIsImlhdCI6MTc1NTA4OTAxMiwic2hhMjU2IjoiOGMvVlZEWC9wZTRTKzlmKzRYT0phaDFjN0JwWHhNY21DMW1MTHBhdmhkQT0ifQ.h_rtjsNxxOTBsswTN4vTbN-JSCP_l32R4YoUOHHG654|--key|APItestkey=test-secret-that-is-long-enough-0123456789|--now|1755089013")
rollcall_cli_expect("cli: parse livekit prints the normalised leave" EXIT 0
    ARGS "${_lk_left}|${_rc_lk}/participant_left.json"
    STDOUT "^\\[{\"kind\":\"leave\",\"platform\":\"livekit\",\"room\":\"standup-42\",\"room_alt\":\"RM_7dXq4pLmN2aB\",\"identity\":\"alice@example.com\",\"connection\":\"PA_Kf3mW9xRtY2q\",\"at\":\"2025-08-13T12:43:32Z\",\"at_ms\":1755089012000,\"joined_at\":\"2025-08-13T12:00:05.321Z\",\"joined_at_ms\":1755086405321,\"dedup_key\":\"EV_9tGh2LmQw7Zc\"")
rollcall_cli_expect("cli: parse livekit rejects a tampered body" EXIT 2
    ARGS "${_lk_left}|${_rc_lk}/participant_left_tampered.json" STDERR "^bad_signature: body does not match")
rollcall_cli_expect("cli: parse livekit --leeway 0 expires the leeway vector" EXIT 2
    ARGS "${_lk_left}|--now|1755089371|--leeway|0|${_rc_lk}/participant_left.json" STDERR "^token_expired: ")
rollcall_cli_expect("cli: parse livekit without Authorization is missing_signature" EXIT 2
    ARGS "parse|--platform|livekit|--key|k=s|--now|1755089013|${_rc_lk}/participant_left.json"
    STDERR "^missing_signature: ")
rollcall_cli_expect("cli: parse --no-verify says so and parses" EXIT 0
    ARGS "parse|--platform|livekit|--no-verify|${_rc_lk}/participant_joined.json"
    STDOUT "\"kind\":\"join\"" STDERR "NOT checked")
rollcall_cli_expect("cli: parse --no-verify still rejects a malformed body" EXIT 2
    ARGS "parse|--platform|livekit|--no-verify|${_rc_lk}/malformed_truncated.json"
    STDERR "malformed_input: " NO_STDOUT ".")
rollcall_cli_expect("cli: parse reports an aborted connection on stderr" EXIT 0
    ARGS "parse|--platform|livekit|--no-verify|${_rc_lk}/participant_connection_aborted.json"
    STDOUT "^\\[\\]\n$" STDERR "note: participant_connection_aborted")
rollcall_cli_expect("cli: parse --full prints the whole outcome" EXIT 0
    ARGS "parse|--platform|livekit|--no-verify|--full|${_rc_lk}/participant_connection_aborted.json"
    STDOUT "^{\"event\":\"participant_connection_aborted\",\"events\":\\[\\],\"ignored\":\\[\"participant_connection_aborted\"\\],\"notes\":\\[\"participant_connection_aborted: [^\"]*\"\\],\"response\":null}\n$")
rollcall_cli_expect("cli: parse --strict refuses an unknown event" EXIT 2
    ARGS "parse|--platform|livekit|--no-verify|--strict|${_rc_lk}/unknown_event.json" STDERR "\nunsupported_event: ")
rollcall_cli_expect("cli: parse without --platform is a usage error" EXIT 64
    ARGS "parse|${_rc_lk}/participant_joined.json" STDERR "missing --platform")
rollcall_cli_expect("cli: parse --platform link is a usage error" EXIT 64
    ARGS "parse|--platform|link|${_rc_lk}/participant_joined.json")
rollcall_cli_expect("cli: parse with a header without a colon is a usage error" EXIT 64
    ARGS "parse|--platform|livekit|--header|Authorization|${_rc_lk}/participant_joined.json")
rollcall_cli_expect("cli: parse with a bad --key is a usage error" EXIT 64
    ARGS "parse|--platform|livekit|--key|nosecret|${_rc_lk}/participant_joined.json")
rollcall_cli_expect("cli: parse without FILE is a usage error" EXIT 64 ARGS "parse|--platform|livekit")
rollcall_cli_expect("cli: parse with a bad --now is a usage error" EXIT 64
    ARGS "parse|--platform|livekit|--now|yesterday|${_rc_lk}/participant_joined.json")
rollcall_cli_expect("cli: parse of a missing file is io_error" EXIT 2
    ARGS "parse|--platform|livekit|--no-verify|${_rc_lk}/does-not-exist.json" STDERR "io_error")
