# SPDX-License-Identifier: MIT
# HonestTest.cmake: honest_add_test(NAME SOURCES ... LINK ...) builds a test
# binary, adds the linker wraps its doubles need, and registers each of its
# tests with CTest by name (discovered from the binary's --list after a build).

if(NOT DEFINED HN_DISCOVER_SCRIPT)
  set(HN_DISCOVER_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/HonestDiscover.cmake")
endif()

# honest__wrapped_symbols(OUT sources...): the functions named by HN_DOUBLE in
# the given sources, so the link seam can wrap them (-Wl,--wrap=fn).
function(honest__wrapped_symbols out)
  set(symbols "")
  foreach(src IN LISTS ARGN)
    get_filename_component(path "${src}" ABSOLUTE)
    if(NOT EXISTS "${path}")
      continue()
    endif()
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${path}")
    file(STRINGS "${path}" lines REGEX "HN_DOUBLE[ \t]*\\(")
    foreach(line IN LISTS lines)
      if(line MATCHES "^[ \t]*(//|/\\*|\\*|#[ \t]*define)")
        continue()
      endif()
      string(REGEX MATCHALL "HN_DOUBLE[ \t]*\\([^,]+,[ \t]*[A-Za-z_][A-Za-z0-9_]*" calls "${line}")
      foreach(call IN LISTS calls)
        string(REGEX REPLACE ".*,[ \t]*([A-Za-z_][A-Za-z0-9_]*)$" "\\1" fn "${call}")
        list(APPEND symbols "${fn}")
      endforeach()
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES symbols)
  set(${out} "${symbols}" PARENT_SCOPE)
endfunction()

# honest_add_test(NAME SOURCES src... [LINK lib...] [NO_DISCOVER]
#                 [ARGS arg...])
# ARGS are passed to every discovered CTest entry (for example --fixtures=DIR).
function(honest_add_test name)
  cmake_parse_arguments(HN "NO_DISCOVER" "" "SOURCES;LINK;ARGS" ${ARGN})
  if(NOT HN_SOURCES)
    message(FATAL_ERROR "honest_add_test(${name}): SOURCES is required")
  endif()
  add_executable(${name} ${HN_SOURCES})
  if(TARGET honest::honest)
    target_link_libraries(${name} PRIVATE honest::honest ${HN_LINK})
  else()
    target_link_libraries(${name} PRIVATE honest ${HN_LINK})
  endif()
  honest__wrapped_symbols(wraps ${HN_SOURCES})
  foreach(fn IN LISTS wraps)
    target_link_options(${name} PRIVATE "LINKER:--wrap=${fn}")
  endforeach()
  # Keep doubles' definitions visible to shared libraries the test loads.
  target_link_options(${name} PRIVATE "LINKER:--export-dynamic")
  if(HN_NO_DISCOVER)
    return()
  endif()
  set(list_file "${CMAKE_CURRENT_BINARY_DIR}/${name}_tests.cmake")
  set(include_file "${CMAKE_CURRENT_BINARY_DIR}/${name}_include.cmake")
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND "${CMAKE_COMMAND}"
            -D "HN_EXECUTABLE=$<TARGET_FILE:${name}>"
            -D "HN_CTEST_FILE=${list_file}"
            -D "HN_ARGS=${HN_ARGS}"
            -D "HN_WORKDIR=${CMAKE_CURRENT_BINARY_DIR}"
            -P "${HN_DISCOVER_SCRIPT}"
    VERBATIM)
  file(WRITE "${include_file}"
    "if(EXISTS \"${list_file}\")\n"
    "  include(\"${list_file}\")\n"
    "else()\n"
    "  add_test(${name}_NOT_BUILT ${name}_NOT_BUILT)\n"
    "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${include_file}")
endfunction()
