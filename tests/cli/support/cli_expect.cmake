# rollcall_cli_expect(NAME EXIT code ARGS a|b|c [STDOUT re] [STDERR re] [NO_STDOUT re])
# Adds a test that runs the built `rollcall` with ARGS ('|'-separated) and checks its exit code and
# what it prints (support/expect_run.cmake). Shared by every command's contract tests.
set(ROLLCALL_CLI_EXPECT_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/expect_run.cmake)
function(rollcall_cli_expect name)
    cmake_parse_arguments(X "" "EXIT;ARGS;STDOUT;STDERR;NO_STDOUT" "" ${ARGN})
    set(defs -DCMD=$<TARGET_FILE:rollcall_cli>|${X_ARGS} -DEXIT=${X_EXIT})
    foreach(k STDOUT STDERR NO_STDOUT)
        if(DEFINED X_${k})
            list(APPEND defs "-D${k}=${X_${k}}")
        endif()
    endforeach()
    add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} ${defs} -P ${ROLLCALL_CLI_EXPECT_SCRIPT})
endfunction()
