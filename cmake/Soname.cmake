# For the libraries the programs load with dlopen() only when they need them (libcurl,
# libsystemd, GnuTLS, GNU SASL, libidn2, libqrencode): the name to load is the SONAME a link
# against the development library would have recorded as DT_NEEDED. Debian's libcurl.so,
# for example, is a link to libcurl-gnutls.so, whose SONAME is libcurl-gnutls.so.4;
# libcurl.so.4 would be the OpenSSL flavour.

# mpop_pkg_library(<var> <name> <link libraries...>): sets <var> to lib<name>.so, the first
# of the full paths pkg-config resolved (<PREFIX>_LINK_LIBRARIES) that is called so.
function(mpop_pkg_library var name)
  foreach(candidate IN LISTS ARGN)
    get_filename_component(file_name "${candidate}" NAME)
    if(file_name STREQUAL "lib${name}.so")
      set(${var} "${candidate}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "lib${name}.so is not among the libraries pkg-config named: ${ARGN}")
endfunction()

# mpop_soname(<var> <library>): sets <var> to the SONAME in the library's dynamic section,
# read with objdump.
function(mpop_soname var library)
  set(objdump "${CMAKE_OBJDUMP}")
  if(NOT objdump)
    find_program(objdump objdump REQUIRED)
  endif()
  execute_process(COMMAND "${objdump}" -p "${library}"
                  OUTPUT_VARIABLE headers RESULT_VARIABLE status ERROR_QUIET)
  string(REGEX MATCH "\n[ \t]*SONAME[ \t]+([^ \t\n]+)" found "${headers}")
  if(NOT status EQUAL 0 OR NOT found)
    message(FATAL_ERROR "cannot read the SONAME of ${library} with ${objdump}")
  endif()
  set(${var} "${CMAKE_MATCH_1}" PARENT_SCOPE)
  message(STATUS "${library} is loaded at run time as ${CMAKE_MATCH_1}")
endfunction()

# mpop_lazy_library(<PREFIX> <name>): MPOP_<PREFIX>_LIBRARY, lib<name>.so among what
# pkg_check_modules(<PREFIX> ...) found, and MPOP_<PREFIX>_SONAME, its SONAME.
function(mpop_lazy_library prefix name)
  mpop_pkg_library(library ${name} ${${prefix}_LINK_LIBRARIES})
  mpop_soname(soname "${library}")
  set(MPOP_${prefix}_LIBRARY "${library}" PARENT_SCOPE)
  set(MPOP_${prefix}_SONAME "${soname}" PARENT_SCOPE)
endfunction()
