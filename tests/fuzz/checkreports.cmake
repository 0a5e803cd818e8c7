# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# cmake -DREPORTS=DIR -P checkreports.cmake: fails when any sanitizer report is in DIR.
# In the sanitizer build every instrumented process (the tests, and the firebreak-server and
# firebreak-cli processes they start, whose output the tests do not show) writes its
# AddressSanitizer, LeakSanitizer and UBSan reports there (log_path in CMakePresets.json), so a
# report from a child process fails the run even when its test passed. Each report is printed
# and then moved to DIR/seen, so the next run starts clean and the evidence is kept.

# Without log_path the reports of child processes go to output no test shows, and this check
# would pass having seen nothing: refuse to run outside the preset that sets it.
foreach(variable ASAN_OPTIONS UBSAN_OPTIONS)
    string(FIND "$ENV{${variable}}" "log_path=${REPORTS}/report" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "${variable} does not write reports to ${REPORTS} (log_path): "
            "run the sanitizer build's tests with ctest --preset sanitizers (or --preset fuzz)")
    endif()
endforeach()

file(GLOB reports LIST_DIRECTORIES false "${REPORTS}/report.*")
if(NOT reports)
    message(STATUS "no sanitizer reports in ${REPORTS}")
    return()
endif()
list(LENGTH reports count)
file(MAKE_DIRECTORY "${REPORTS}/seen")
string(TIMESTAMP now "%Y%m%dT%H%M%S")
foreach(report IN LISTS reports)
    file(READ "${report}" text)
    get_filename_component(name "${report}" NAME)
    message("==== ${name}\n${text}")
    file(RENAME "${report}" "${REPORTS}/seen/${now}-${name}")
endforeach()
message(FATAL_ERROR "${count} sanitizer report(s); kept in ${REPORTS}/seen")
