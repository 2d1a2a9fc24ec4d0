# Runs one command and checks its exit code, stdout and stderr; used by the CLI contract tests because
# add_test's PASS_REGULAR_EXPRESSION alone ignores the exit code.
#   cmake -DCMD="prog|arg|arg" -DEXIT=2 [-DSTDOUT=regex] [-DSTDERR=regex] [-DNO_STDOUT=regex] -P expect_run.cmake
# Arguments are separated by '|' so that they can carry spaces and ';'.
string(REPLACE ";" "\\;" _cmd "${CMD}")
string(REPLACE "|" ";" _cmd "${_cmd}")
execute_process(COMMAND ${_cmd} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
set(_fail "")
if(NOT "${_rc}" STREQUAL "${EXIT}")
    string(APPEND _fail "exit code ${_rc}, expected ${EXIT}\n")
endif()
if(DEFINED STDOUT AND NOT _out MATCHES "${STDOUT}")
    string(APPEND _fail "stdout does not match: ${STDOUT}\n")
endif()
if(DEFINED STDERR AND NOT _err MATCHES "${STDERR}")
    string(APPEND _fail "stderr does not match: ${STDERR}\n")
endif()
if(DEFINED NO_STDOUT AND _out MATCHES "${NO_STDOUT}")
    string(APPEND _fail "stdout must not match: ${NO_STDOUT}\n")
endif()
if(_fail)
    message(FATAL_ERROR "${_fail}--- stdout:\n${_out}\n--- stderr:\n${_err}")
endif()
