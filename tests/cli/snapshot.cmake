# Contract test of `rollcall ingest --platform livekit-snapshot|bbb-snapshot` (SPEC §3 step 3): a lost
# LiveKit leave closed by the next snapshot, end to end through the command line, and its bad input.
add_test(NAME "cli: snapshot flow"
         COMMAND ${CMAKE_COMMAND} -DCLI=$<TARGET_FILE:rollcall_cli> -DDATA=${CMAKE_CURRENT_SOURCE_DIR}/store/data
                 -DFIX=${CMAKE_CURRENT_SOURCE_DIR}/fixtures -DWORK=${CMAKE_CURRENT_BINARY_DIR}/cli-flow-snapshot
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/support/snapshot_flow.cmake)
