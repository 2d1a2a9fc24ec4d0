# Installs the build into a fresh prefix, then builds examples/c against it twice: with CMake
# (find_package(rollcall), target rollcall::rollcall) and with pkg-config, and runs both programs.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
    endif()
    set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(f include/rollcall.h ${LIBDIR}/pkgconfig/rollcall.pc ${LIBDIR}/cmake/rollcall/rollcallConfig.cmake)
    if(NOT EXISTS ${prefix}/${f})
        message(FATAL_ERROR "not installed: ${f}")
    endif()
endforeach()
file(GLOB sonames ${prefix}/${LIBDIR}/librollcall.so.*)
if(NOT sonames)
    message(FATAL_ERROR "no versioned librollcall.so.N installed in ${prefix}/${LIBDIR}")
endif()

# CMake consumer.
run(${CMAKE_COMMAND} -S ${EXAMPLE_DIR} -B ${WORK_DIR}/cmake-build -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_C_COMPILER=${C_COMPILER} "-DCMAKE_C_FLAGS=${EXTRA_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${EXTRA_FLAGS}")
run(${CMAKE_COMMAND} --build ${WORK_DIR}/cmake-build)
run(${WORK_DIR}/cmake-build/rollcall_example)
if(NOT last_output MATCHES "student-1")
    message(FATAL_ERROR "the example's report does not list the student:\n${last_output}")
endif()
message(STATUS "cmake consumer: ${last_output}")

# pkg-config consumer.
set(ENV{PKG_CONFIG_PATH} ${prefix}/${LIBDIR}/pkgconfig)
run(pkg-config --cflags --libs rollcall)
string(STRIP "${last_output}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
separate_arguments(extra UNIX_COMMAND "${EXTRA_FLAGS}")
run(${C_COMPILER} -std=c99 -Wall -Wextra -pedantic -Werror ${extra} ${EXAMPLE_DIR}/main.c ${flags}
    -Wl,-rpath,${prefix}/${LIBDIR} -o ${WORK_DIR}/pkgconfig_example)
run(${WORK_DIR}/pkgconfig_example --replay ${EXAMPLE_DIR}/../../tests/scenarios/01_a_90_minute_one_to_one_lesson.json)
if(NOT last_output MATCHES "\"session_status\":\"completed\"")
    message(FATAL_ERROR "the example's replay is not the expected result:\n${last_output}")
endif()
message(STATUS "pkg-config consumer: ${last_output}")
