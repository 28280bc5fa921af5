# A Debian package built with CPack (issue #9):
#   cmake --build build/release --target package        (or: cd build/release && cpack)
# gives build/release/mpop-cxx_<version>_<arch>.deb with everything cmake/Install.cmake
# installs, under /usr.
#
# The package is not called "mpop" because Debian's mpop package exists and ships the
# same /usr/bin/mpop: ours declares Conflicts and Replaces on it (dpkg removes Debian's
# mpop when ours is installed) and Provides it, so that packages depending on mpop are
# satisfied. Library dependencies are mostly not listed here: dpkg-shlibdeps reads them
# from the binaries (CPACK_DEBIAN_PACKAGE_SHLIBDEPS), so they always match what was linked.
# The libraries loaded with dlopen() have no DT_NEEDED entry for it to read: GnuTLS, GNU
# SASL, libidn2, libqrencode, libcurl and libsystemd are named below, libsecret is
# recommended.

set(MPOP_DEB_PACKAGE_NAME "mpop-cxx" CACHE STRING "Name of the Debian package")
set(MPOP_DEB_MAINTAINER "mpop-cxx maintainers <mpop-cxx@localhost>"
    CACHE STRING "Maintainer field of the Debian package")

# A Debian package carries its licence in /usr/share/doc/PACKAGE/copyright.
set(mpop_copyright_file "${CMAKE_CURRENT_BINARY_DIR}/copyright")
file(WRITE "${mpop_copyright_file}"
"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: ${MPOP_DEB_PACKAGE_NAME}
Comment: A reimplementation in C++ of mpop ${PROJECT_VERSION} and mpopd.

Files: *
Copyright: 2026 The mpop reimplementation authors
License: GPL-3.0-or-later
 This program is free software: you can redistribute it and/or modify it under
 the terms of the GNU General Public License as published by the Free Software
 Foundation, either version 3 of the License, or (at your option) any later
 version.
 .
 On Debian systems, the complete text of the GNU General Public License version 3
 can be found in /usr/share/common-licenses/GPL-3.
")
install(FILES "${mpop_copyright_file}"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/${MPOP_DEB_PACKAGE_NAME}")

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "${MPOP_DEB_PACKAGE_NAME}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "${MPOP_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "POP3 client (mpop) and minimal POP3 server (mpopd)")
set(CPACK_PACKAGE_DESCRIPTION
"mpop downloads mail from POP3 mailboxes and delivers it to maildir folders, mbox
files, a mail delivery agent or an Exchange pickup directory. It never fetches a
delivered mail twice, pipelines its commands, filters by header, and supports TLS
(GnuTLS), SASL (GNU SASL), key rings and internationalised domain names. mpopd
serves local maildir folders to POP3 mail clients.

This is a compatible reimplementation of mpop 1.4.23: the same configuration files,
command line, UIDLs files and exit codes. Licence: GPL-3.0-or-later.")

# Everything under /usr, written through DESTDIR so that the install step sees the real
# prefix (cmake/Install.cmake writes it into the systemd units).
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_INSTALL_PREFIX "/usr")
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_NAME "${MPOP_DEB_PACKAGE_NAME}")
set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")
set(CPACK_DEBIAN_PACKAGE_SECTION "mail")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${MPOP_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

# mpop_debian_package(<var> <fallback> <library>): the Debian package that installed the
# file a development library (lib<name>.so) points to, e.g. libcurl3-gnutls for
# libcurl-gnutls.so.4.8.0; <fallback> where dpkg does not know it. Read, not written, so
# that a renamed package (Debian's 64-bit time_t transition made libcurl3t64-gnutls) is
# named as it is on the build machine.
function(mpop_debian_package var fallback library)
  set(${var} "${fallback}" PARENT_SCOPE)
  find_program(MPOP_DPKG_QUERY dpkg-query)
  if(NOT MPOP_DPKG_QUERY)
    return()
  endif()
  get_filename_component(file "${library}" REALPATH)
  execute_process(COMMAND "${MPOP_DPKG_QUERY}" -S "${file}"
                  OUTPUT_VARIABLE owner RESULT_VARIABLE status ERROR_QUIET)
  if(status EQUAL 0 AND owner MATCHES "^([^:, ]+)(:[^:, ]+)?: ")
    set(${var} "${CMAKE_MATCH_1}" PARENT_SCOPE)
  endif()
endfunction()

# Loaded with dlopen() only when a run needs them (issue 17): GnuTLS (TLS,
# src/net/gnutls_library.hpp), GNU SASL (its mechanisms, src/auth/sasl_context.hpp),
# libidn2 (host names that are not ASCII, src/net/idn.cpp), libqrencode (--authorize's QR
# code, src/client/terminal_qr.hpp), libcurl (OAuth2, --poll, --authorize,
# src/oauth2/curl_library.hpp) and libsystemd (--poll under systemd,
# src/client/poll_notify.hpp). GnuTLS at least as new as the headers built against (its
# start-up checks that); libcurl too: its options (CURLOPT_PROTOCOLS_STR) are set by number.
mpop_debian_package(mpop_gnutls_package libgnutls30 "${MPOP_GNUTLS_LIBRARY}")
mpop_debian_package(mpop_gsasl_package libgsasl18 "${MPOP_GSASL_LIBRARY}")
mpop_debian_package(mpop_idn2_package libidn2-0 "${MPOP_IDN2_LIBRARY}")
mpop_debian_package(mpop_qrencode_package libqrencode4 "${MPOP_QRENCODE_LIBRARY}")
mpop_debian_package(mpop_curl_package libcurl3-gnutls "${MPOP_CURL_LIBRARY}")
mpop_debian_package(mpop_systemd_package libsystemd0 "${MPOP_SYSTEMD_LIBRARY}")
string(CONCAT CPACK_DEBIAN_PACKAGE_DEPENDS
    "${mpop_gnutls_package} (>= ${GNUTLS_VERSION}), ${mpop_gsasl_package}, "
    "${mpop_idn2_package}, ${mpop_qrencode_package}, "
    "${mpop_curl_package} (>= ${CURL_VERSION}), ${mpop_systemd_package}")
set(CPACK_DEBIAN_PACKAGE_CONFLICTS "mpop")
set(CPACK_DEBIAN_PACKAGE_REPLACES "mpop")
set(CPACK_DEBIAN_PACKAGE_PROVIDES "mpop")
# libsecret is loaded only when the keyring is asked (src/auth/libsecret_api.hpp), so
# dpkg-shlibdeps does not see it; without it the keyring is simply not used.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libsecret-1-0")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, gnome-keyring | keepassxc, libsecret-tools")

include(CPack)
