# SPDX-License-Identifier: MIT
# HonestScan.cmake: finds the functions a test's sources double (HN_DOUBLE
# lines in the sources and the project headers they include). Shared by
# honest_add_test (HonestTest.cmake) and honest-config (HonestWrapFlags.cmake).

# honest__wrapped_symbols(OUT sources...): the functions named by HN_DOUBLE in
# the given files, so the link seam can wrap them (-Wl,--wrap=fn).
function(honest__wrapped_symbols out)
  set(symbols "")
  foreach(src IN LISTS ARGN)
    get_filename_component(path "${src}" ABSOLUTE)
    if(NOT EXISTS "${path}")
      continue()
    endif()
    if(NOT CMAKE_SCRIPT_MODE_FILE)
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${path}")
    endif()
    # Lines that are not comments or #defines, joined, so that a declaration
    # spread over several lines is found too.
    file(STRINGS "${path}" lines)
    set(code "")
    foreach(line IN LISTS lines)
      if(NOT line MATCHES "^[ \t]*(//|/\\*|\\*|#[ \t]*define)")
        string(APPEND code " ${line}")
      endif()
    endforeach()
    # HN_DOUBLE(ret, fn, ...) or HN_DOUBLE(ret, fn): ret is words and stars.
    string(REGEX MATCHALL
      "HN_DOUBLE[ \t]*\\([ \t]*[A-Za-z_][A-Za-z0-9_ \t*]*,[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*[,)]"
      calls "${code}")
    foreach(call IN LISTS calls)
      string(REGEX REPLACE ".*,[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*[,)]$" "\\1" fn "${call}")
      list(APPEND symbols "${fn}")
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES symbols)
  set(${out} "${symbols}" PARENT_SCOPE)
endfunction()

# honest__included_files(OUT dirs sources...): the sources and every header
# they include, directly or through other headers, that is found next to the
# including file ("...") or in one of dirs: the project's headers, where a
# double shared by several test files is declared. honest's own headers and
# headers found nowhere (the system's) are not read.
function(honest__included_files out dirs)
  set(queue "")
  foreach(src IN LISTS ARGN)
    get_filename_component(path "${src}" ABSOLUTE)
    list(APPEND queue "${path}")
  endforeach()
  set(seen "")
  while(queue)
    list(POP_FRONT queue path)
    # list(FIND), not IN_LIST: this runs under the policies of the project
    # that includes it, which may predate IN_LIST (CMP0057).
    list(FIND seen "${path}" at)
    if(NOT at EQUAL -1 OR NOT EXISTS "${path}" OR IS_DIRECTORY "${path}")
      continue()
    endif()
    list(APPEND seen "${path}")
    file(STRINGS "${path}" includes
      REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<][^\">]+[\">]")
    get_filename_component(here "${path}" DIRECTORY)
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*([\"<])([^\">]+)[\">].*$" "\\2"
        name "${line}")
      if(name MATCHES "^honest(\\.h$|/)")
        continue()
      endif()
      set(where ${dirs})
      if(line MATCHES "include[ \t]*\"")
        list(PREPEND where "${here}")
      endif()
      foreach(d IN LISTS where)
        if(EXISTS "${d}/${name}" AND NOT IS_DIRECTORY "${d}/${name}")
          get_filename_component(found "${d}/${name}" ABSOLUTE)
          list(APPEND queue "${found}")
          break()
        endif()
      endforeach()
    endforeach()
  endwhile()
  set(${out} "${seen}" PARENT_SCOPE)
endfunction()
