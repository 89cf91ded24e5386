# SPDX-License-Identifier: MIT
# HonestDiscover.cmake: run after a test binary is built (cmake -P). Lists its
# tests with --list and writes one add_test() per test, named suite.name
# (HN_PREFIX.suite.name when honest_add_test was given a PREFIX).
execute_process(COMMAND "${HN_EXECUTABLE}" --list
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "honest: ${HN_EXECUTABLE} --list failed (${rc}): ${err}")
endif()
string(REPLACE "\n" ";" names "${out}")
set(content "")
foreach(n IN LISTS names)
  if(n STREQUAL "")
    continue()
  endif()
  set(ctest_name "${n}")
  if(NOT "${HN_PREFIX}" STREQUAL "")
    set(ctest_name "${HN_PREFIX}.${n}")
  endif()
  string(APPEND content
    "add_test([=[${ctest_name}]=] \"${HN_EXECUTABLE}\" \"--filter=${n}\" ${HN_ARGS})\n"
    "set_tests_properties([=[${ctest_name}]=] PROPERTIES WORKING_DIRECTORY \"${HN_WORKDIR}\"\n"
    "  LABELS honest FAIL_REGULAR_EXPRESSION \"(^|\\n)0 passed, 0 failed, 0 skipped\")\n")
endforeach()
file(WRITE "${HN_CTEST_FILE}.tmp" "${content}")
file(RENAME "${HN_CTEST_FILE}.tmp" "${HN_CTEST_FILE}")
