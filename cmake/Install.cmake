# What `cmake --install` puts where, and the .deb CPack builds from it. Paths follow
# GNUInstallDirs (with --prefix /usr: /usr/sbin, /usr/lib/<multiarch>, /usr/share/man, ...).

install(TARGETS xgw_cli xgwd RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR})

# libxgw: the shared library, its headers (the ABI structs included) and two ways to find it.
install(TARGETS xgw xgw_abi EXPORT xgwTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/loader/include/xgw ${CMAKE_SOURCE_DIR}/bpf/include/xgw
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")
set(XGW_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/xgw)
install(EXPORT xgwTargets NAMESPACE xgw:: DESTINATION ${XGW_CMAKE_DIR})
include(CMakePackageConfigHelpers)
configure_package_config_file(${CMAKE_SOURCE_DIR}/packaging/xgwConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/xgwConfig.cmake INSTALL_DESTINATION ${XGW_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/xgwConfigVersion.cmake
                                 COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/xgwConfig.cmake ${CMAKE_BINARY_DIR}/xgwConfigVersion.cmake
        DESTINATION ${XGW_CMAKE_DIR})
file(RELATIVE_PATH XGW_PC_TO_PREFIX /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
configure_file(${CMAKE_SOURCE_DIR}/packaging/xgw.pc.in ${CMAKE_BINARY_DIR}/xgw.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/xgw.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The BPF objects, for bpftool and inspection: libxgw carries the same programs in its
# skeletons and loads them from there, so no path ties the installed tools to the build tree.
install(FILES ${CMAKE_BINARY_DIR}/bpf/xgw_xdp.bpf.o ${CMAKE_BINARY_DIR}/bpf/xgw_tc.bpf.o
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/xgw/bpf)

# Man pages, made from the docs (one source): doc, name, section, summary.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(XGW_MAN_PAGES
    "cli.md|xgw|8|a gateway whose fast path runs in the kernel as eBPF"
    "xgwd.md|xgwd|8|the xgw daemon: interfaces, addresses, expiry, log, metrics"
    "rules.md|xgw-rules|5|the xgw firewall rule language"
    "config.md|xgw.conf|5|the box configuration that xgw apply makes true")
set(XGW_MAN_OUTPUTS)
foreach(page ${XGW_MAN_PAGES})
  string(REPLACE "|" ";" fields "${page}")
  list(GET fields 0 doc)
  list(GET fields 1 name)
  list(GET fields 2 section)
  list(GET fields 3 summary)
  set(out ${CMAKE_BINARY_DIR}/man/${name}.${section})
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/scripts/md2man.py
            ${CMAKE_SOURCE_DIR}/docs/${doc} ${out} ${name} ${section} "${summary}"
    DEPENDS ${CMAKE_SOURCE_DIR}/docs/${doc} ${CMAKE_SOURCE_DIR}/scripts/md2man.py
    COMMENT "man page ${name}(${section})" VERBATIM)
  install(FILES ${out} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
  list(APPEND XGW_MAN_OUTPUTS ${out})
endforeach()
add_custom_target(man ALL DEPENDS ${XGW_MAN_OUTPUTS})

install(FILES ${CMAKE_SOURCE_DIR}/packaging/bash-completion/xgw
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/bash-completion/xgw
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME xgwd)

# The unit names the binaries by their installed path, which --prefix (or CPack) decides at
# install time: so it is made then.
install(CODE "
  set(XGW_SBINDIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_SBINDIR}\")
  configure_file(${CMAKE_SOURCE_DIR}/packaging/systemd/xgwd.service.in
                 ${CMAKE_BINARY_DIR}/install/xgwd.service @ONLY)
  file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/lib/systemd/system\" TYPE FILE
       FILES ${CMAKE_BINARY_DIR}/install/xgwd.service)")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME xgw)
set(CPACK_PACKAGE_CONTACT "xgw maintainers <xgw@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "gateway toolkit whose fast path runs in the kernel as eBPF")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
include(CPack)
