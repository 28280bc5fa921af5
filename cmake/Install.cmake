# What `cmake --install` puts under the prefix besides the two programs (issue #9):
#
#   share/man/man1/mpop.1, mpopd.1                  manual pages
#   share/bash-completion/completions/mpop, mpopd   bash completion (loaded on demand)
#   share/zsh/vendor-completions/_mpop              zsh completion
#   share/doc/mpop/examples/mpoprc                  commented example configuration
#   share/doc/mpop/mpop-json.schema.json            the schema of --json's output
#   lib/systemd/user/mpop.service, mpop.timer,      systemd user units; the installed copies
#     mpop@.service, mpop@.timer, mpop-poll.service run <prefix>/bin/mpop
#   share/vim/vimfiles/syntax/mpoprc.vim,           vim syntax highlighting for the
#     share/vim/vimfiles/ftdetect/mpoprc.vim        configuration file
#
# The completion, unit and vim directories are cache variables (MPOP_*_DIR, relative to
# the prefix or absolute), for systems that look elsewhere: zsh from /usr/local, for
# example, searches share/zsh/site-functions, so configure with
# -DMPOP_ZSH_COMPLETION_DIR=share/zsh/site-functions there.
#
# REMOVAL. CMake has no uninstall target, but every install writes the list of the files
# it installed to install_manifest.txt in the build directory. To remove them again:
#   xargs rm -f < build/release/install_manifest.txt
# (prefix it with sudo for a system prefix; run it before the next install into another
# prefix, which overwrites the list). Directories that become empty are left behind.
# With the Debian package (cmake/Package.cmake) use `apt remove mpop-cxx` instead.

set(MPOP_BASH_COMPLETION_DIR "${CMAKE_INSTALL_DATADIR}/bash-completion/completions"
    CACHE STRING "Where bash-completion finds completions (relative to the prefix)")
set(MPOP_ZSH_COMPLETION_DIR "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions"
    CACHE STRING "A directory on zsh's fpath (relative to the prefix)")
set(MPOP_SYSTEMD_USER_UNIT_DIR "lib/systemd/user"
    CACHE STRING "Where systemd looks for user units (relative to the prefix)")
set(MPOP_VIM_DIR "${CMAKE_INSTALL_DATADIR}/vim/vimfiles"
    CACHE STRING "A directory on vim's runtimepath (relative to the prefix)")

install(FILES doc/mpop.1 doc/mpopd.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# bash-completion loads completions/NAME when NAME is first completed.
install(FILES completions/mpop.bash DESTINATION ${MPOP_BASH_COMPLETION_DIR} RENAME mpop)
install(FILES completions/mpopd.bash DESTINATION ${MPOP_BASH_COMPLETION_DIR} RENAME mpopd)
install(FILES completions/_mpop DESTINATION ${MPOP_ZSH_COMPLETION_DIR})

install(FILES examples/mpoprc DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES doc/mpop-json.schema.json DESTINATION ${CMAKE_INSTALL_DOCDIR})

install(FILES contrib/vim/syntax/mpoprc.vim DESTINATION ${MPOP_VIM_DIR}/syntax)
install(FILES contrib/vim/ftdetect/mpoprc.vim DESTINATION ${MPOP_VIM_DIR}/ftdetect)

# The units in contrib/systemd name /usr/bin/mpop. The installed copies must name the
# mpop of the prefix actually installed to, which is known only at install time (cpack
# installs with another prefix than `cmake --install`), so they are written then.
install(CODE "
  set(mpop_unit_sources \"${CMAKE_CURRENT_SOURCE_DIR}/contrib/systemd\")
  set(mpop_unit_staging \"${CMAKE_CURRENT_BINARY_DIR}/systemd-user\")
  set(mpop_bindir \"${CMAKE_INSTALL_BINDIR}\")
  set(mpop_unit_dir \"${MPOP_SYSTEMD_USER_UNIT_DIR}\")
")
install(CODE [[
  if(NOT IS_ABSOLUTE "${mpop_bindir}")
    set(mpop_bindir "${CMAKE_INSTALL_PREFIX}/${mpop_bindir}")
  endif()
  if(NOT IS_ABSOLUTE "${mpop_unit_dir}")
    set(mpop_unit_dir "${CMAKE_INSTALL_PREFIX}/${mpop_unit_dir}")
  endif()
  # One staging directory per destination, so that installations into different prefixes
  # running at the same time (tests do that) cannot swap their units.
  string(MD5 mpop_destination "$ENV{DESTDIR}${mpop_unit_dir}")
  set(mpop_unit_staging "${mpop_unit_staging}/${mpop_destination}")
  set(mpop_units)
  foreach(unit mpop.service mpop.timer mpop@.service mpop@.timer mpop-poll.service)
    file(READ "${mpop_unit_sources}/${unit}" text)
    string(REPLACE "/usr/bin/mpop " "${mpop_bindir}/mpop " text "${text}")
    file(WRITE "${mpop_unit_staging}/${unit}" "${text}")
    list(APPEND mpop_units "${mpop_unit_staging}/${unit}")
  endforeach()
  # file(INSTALL) honours DESTDIR and records the files in install_manifest.txt.
  file(INSTALL DESTINATION "${mpop_unit_dir}" TYPE FILE FILES ${mpop_units})
  file(REMOVE_RECURSE "${mpop_unit_staging}")
]])
