# Contract tests of `rollcall parse` for BigBlueButton and Zoom: every vector of the BBB checksum,
# BBB analytics-token and Zoom signature manifests through the command, the printed event form, and
# the rejections (exit 2, `<code>: message` on stderr, nothing on stdout).
set(_bz_fx ${CMAKE_CURRENT_SOURCE_DIR}/fixtures)

# --- BBB webhook checksums ---------------------------------------------------------------------------
file(READ ${_bz_fx}/bbb/checksums.json _bz_json)
string(JSON _bz_n LENGTH "${_bz_json}" vectors)
math(EXPR _bz_last "${_bz_n} - 1")
foreach(i RANGE ${_bz_last})
    string(JSON _form GET "${_bz_json}" vectors ${i} form_file)
    string(JSON _scheme GET "${_bz_json}" vectors ${i} scheme)
    string(JSON _url GET "${_bz_json}" vectors ${i} callback_url)
    string(JSON _secret GET "${_bz_json}" vectors ${i} shared_secret)
    string(JSON _received GET "${_bz_json}" vectors ${i} received_url)
    string(JSON _expect GET "${_bz_json}" vectors ${i} expect)
    string(JSON _alg GET "${_bz_json}" vectors ${i} algorithm)
    set(_mode v3)
    if(_scheme STREQUAL "v2")
        set(_mode v2)
    endif()
    set(_args "parse|--platform|bbb|--secret|${_secret}|--callback-url|${_url}|--request-url|${_received}|--bbb-checksum|${_mode}|${_bz_fx}/${_form}")
    set(_name "cli: parse bbb checksums.json #${i} ${_form} ${_scheme} ${_alg} ${_expect}")
    if(_scheme STREQUAL "v3.0-v3.3")
        # That checksum does not cover the body: refused unless the caller opts in to it.
        rollcall_cli_expect("${_name} refused by default" EXIT 2 ARGS "${_args}" STDERR "^bad_signature: " NO_STDOUT ".")
        if(_expect STREQUAL "valid")
            rollcall_cli_expect("${_name} with --bbb-checksum v3-unbound" EXIT 0 ARGS "${_args}|--bbb-checksum|v3-unbound"
                          STDOUT "^\\[.*\\]\n$")
        endif()
    elseif(NOT _expect STREQUAL "valid")
        rollcall_cli_expect("${_name}" EXIT 2 ARGS "${_args}" STDERR "^bad_signature: " NO_STDOUT ".")
    elseif(_form MATCHES "malformed")
        rollcall_cli_expect("${_name} but malformed" EXIT 2 ARGS "${_args}" STDERR "^malformed_input: .*not a JSON array"
                      NO_STDOUT ".")
    else()
        rollcall_cli_expect("${_name}" EXIT 0 ARGS "${_args}" STDOUT "^\\[{\"kind\":\"[a-z_]+\",\"platform\":\"bbb\".*\\]\n$")
    endif()
endforeach()

set(_bz_v3 "parse|--platform|bbb|--secret|mysharedsecret|--callback-url|https://lms.example.com/bbb/hook")
rollcall_cli_expect("cli: parse bbb prints the normalised join" EXIT 0
    ARGS "${_bz_v3}|--request-url|https://lms.example.com/bbb/hook?checksum=f2d6bb2ab49e51dba34f3bdfe48cb64bfd3af72d|${_bz_fx}/bbb/user-joined.v3.form"
    STDOUT "^\\[{\"kind\":\"join\",\"platform\":\"bbb\",\"room\":\"8043c8452ae9830aac14c517adff3839dbd9228f-1698771157700\",\"room_alt\":\"random-9019868\",\"identity\":\"w_uxw0dzhtvk0l\",\"connection\":\"w_uxw0dzhtvk0l\",\"at\":\"2024-02-19T22:18:57.694Z\",\"at_ms\":1708381137694,\"dedup_key\":\"bbb:user-joined:8043c8452ae9830aac14c517adff3839dbd9228f-1698771157700:w_uxw0dzhtvk0l:1708381137694\",\"display_name\":\"Mary Sue\",\"email\":\"\",\"role\":\"student\".*\\]\n$")
rollcall_cli_expect("cli: parse bbb v2 batch prints three events" EXIT 0
    ARGS "${_bz_v3}|--bbb-checksum|v2|--request-url|https://lms.example.com/bbb/hook?checksum=6cb692d9132d8176da28c4aa8a9dfdc254780ef3|${_bz_fx}/bbb/batch3.v2.form"
    STDOUT "^\\[{\"kind\":\"leave\".*},{\"kind\":\"leave\".*},{\"kind\":\"room_end\".*}\\]\n$")
rollcall_cli_expect("cli: parse bbb without a checksum is missing_signature" EXIT 2
    ARGS "${_bz_v3}|--request-url|https://lms.example.com/bbb/hook|${_bz_fx}/bbb/user-joined.v3.form"
    STDERR "^missing_signature: " NO_STDOUT ".")
rollcall_cli_expect("cli: parse bbb bearer mode accepts the shared secret" EXIT 0
    ARGS "${_bz_v3}|--bbb-checksum|bearer|--header|Authorization: Bearer mysharedsecret|${_bz_fx}/bbb/user-left.v3.form"
    STDOUT "^\\[{\"kind\":\"leave\".*\\]\n$" STDERR "note: verified by bearer")
rollcall_cli_expect("cli: parse bbb bearer mode refuses another secret" EXIT 2
    ARGS "${_bz_v3}|--bbb-checksum|bearer|--header|Authorization: Bearer guessed|${_bz_fx}/bbb/user-left.v3.form"
    STDERR "^bad_signature: " NO_STDOUT ".")
rollcall_cli_expect("cli: parse bbb rap-publish-ended v2 gives recording_ready in seconds" EXIT 0
    ARGS "parse|--platform|bbb|--secret|v2-server-secret|--callback-url|https://app.example.com/room/hook/recorded|--bbb-checksum|v2|--request-url|https://app.example.com/room/hook/recorded?checksum=2491782055645f0e333649409be0b916ea48cb7b|${_bz_fx}/bbb/rap-publish-ended.v2.form"
    STDOUT "\"kind\":\"recording_ready\".*\"at_ms\":1588007746000")

# --- BBB learning-analytics callback (JSON body, HS512 bearer token) ---------------------------------
file(READ ${_bz_fx}/bbb/analytics_callback_jwt.json _bz_json)
string(JSON _bz_n LENGTH "${_bz_json}" vectors)
math(EXPR _bz_last "${_bz_n} - 1")
foreach(i RANGE ${_bz_last})
    string(JSON _body GET "${_bz_json}" vectors ${i} body_file)
    string(JSON _secret GET "${_bz_json}" vectors ${i} shared_secret)
    string(JSON _auth GET "${_bz_json}" vectors ${i} authorization)
    string(JSON _now GET "${_bz_json}" vectors ${i} now_unix)
    string(JSON _expect GET "${_bz_json}" vectors ${i} expect)
    set(_args "parse|--platform|bbb|--secret|${_secret}|--header|Authorization: ${_auth}|--now|${_now}|${_bz_fx}/${_body}")
    set(_name "cli: parse bbb analytics_callback_jwt.json #${i} ${_expect}")
    if(_expect STREQUAL "valid")
        rollcall_cli_expect("${_name}" EXIT 0 ARGS "${_args}"
                      STDOUT "^\\[{\"kind\":\"room_start\".*\"identity\":\"student-42\",\"connection\":\"w_m3r5y9s2hwfo\".*\\]\n$")
    elseif(_expect STREQUAL "expired")
        rollcall_cli_expect("${_name}" EXIT 2 ARGS "${_args}" STDERR "^token_expired: " NO_STDOUT ".")
    else()
        rollcall_cli_expect("${_name}" EXIT 2 ARGS "${_args}" STDERR "^(bad_signature|unsupported_algorithm): " NO_STDOUT ".")
    endif()
endforeach()

# --- Zoom signatures ---------------------------------------------------------------------------------
file(READ ${_bz_fx}/zoom/signatures.json _bz_json)
string(JSON _bz_n LENGTH "${_bz_json}" vectors)
math(EXPR _bz_last "${_bz_n} - 1")
foreach(i RANGE ${_bz_last})
    string(JSON _body GET "${_bz_json}" vectors ${i} body_file)
    string(JSON _secret GET "${_bz_json}" vectors ${i} secret_token)
    string(JSON _ts GET "${_bz_json}" vectors ${i} timestamp)
    string(JSON _sig GET "${_bz_json}" vectors ${i} signature)
    string(JSON _now GET "${_bz_json}" vectors ${i} now_unix)
    string(JSON _expect GET "${_bz_json}" vectors ${i} expect)
    set(_args "parse|--platform|zoom|--secret|${_secret}|--header|X-Zm-Request-Timestamp: ${_ts}|--header|x-zm-signature: ${_sig}|--now|${_now}|${_bz_fx}/${_body}")
    set(_name "cli: parse zoom signatures.json #${i} ${_body} ${_expect}")
    if(_expect STREQUAL "valid")
        rollcall_cli_expect("${_name}" EXIT 0 ARGS "${_args}" STDOUT "^\\[.*\\]\n$")
    elseif(_expect STREQUAL "stale")
        rollcall_cli_expect("${_name}" EXIT 2 ARGS "${_args}" STDERR "^stale_timestamp: " NO_STDOUT ".")
    else()
        rollcall_cli_expect("${_name}" EXIT 2 ARGS "${_args}" STDERR "^bad_signature: " NO_STDOUT ".")
    endif()
endforeach()

set(_bz_zoom "parse|--platform|zoom|--secret|zoom_secret_token_example|--header|x-zm-request-timestamp: 1626230692|--now|1626230693")
rollcall_cli_expect("cli: parse zoom url_validation prints the response body" EXIT 0
    ARGS "${_bz_zoom}|--header|x-zm-signature: v0=6a64271252d53c2bd369e6ec9d20900419b6fcb9356961049e476d34db6c7bf1|--full|${_bz_fx}/zoom/endpoint.url_validation_signed.json"
    STDOUT "^{\"event\":\"endpoint.url_validation\",\"events\":\\[\\],.*\"response\":{\"plainToken\":\"qgg8vlvZRS6UYooatFL8Aw\",\"encryptedToken\":\"ab6193e5fc2172ba4a29511700f0cbf2aeabefa44064ef9bf89732e27aa58708\"}}\n$")
rollcall_cli_expect("cli: parse zoom prints the normalised join" EXIT 0
    ARGS "${_bz_zoom}|--header|x-zm-signature: v0=6eb0bab290f00934889b34fea30764e66ce85d4947c12c5506f7b969e252dffc|${_bz_fx}/zoom/meeting.participant_joined.json"
    STDOUT "^\\[{\"kind\":\"join\",\"platform\":\"zoom\",\"room\":\"4444AAAiAAAAAiAiAiiAii==\",\"room_alt\":\"1234567890\",\"identity\":\"349589LkJyeW\",\"connection\":\"55555AAAiAAAAAiAiAiiAii\",\"at\":\"2021-07-13T21:44:51Z\",\"at_ms\":1626212691000,\"dedup_key\":\"zoom:meeting.participant_joined:4444AAAiAAAAAiAiAiiAii==:55555AAAiAAAAAiAiAiiAii:1626212691000\".*\\]\n$")
rollcall_cli_expect("cli: parse zoom without x-zm-signature is missing_signature" EXIT 2
    ARGS "${_bz_zoom}|${_bz_fx}/zoom/meeting.started.json" STDERR "^missing_signature: .*x-zm-signature" NO_STDOUT ".")
rollcall_cli_expect("cli: parse zoom --leeway narrows the timestamp window" EXIT 2
    ARGS "${_bz_zoom}|--now|1626230703|--leeway|5|--header|x-zm-signature: v0=6a64271252d53c2bd369e6ec9d20900419b6fcb9356961049e476d34db6c7bf1|${_bz_fx}/zoom/endpoint.url_validation_signed.json"
    STDERR "^stale_timestamp: " NO_STDOUT ".")
rollcall_cli_expect("cli: parse zoom rejects a body that is not JSON" EXIT 2
    ARGS "parse|--platform|zoom|--no-verify|${_bz_fx}/zoom/malformed_not_json.txt" STDERR "\nmalformed_input: " NO_STDOUT ".")
