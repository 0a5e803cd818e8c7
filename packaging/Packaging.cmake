# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# Installation layout and CPack packages (DEB, RPM, TGZ here; NSIS and DragNDrop on their
# platforms). `cmake --build build --target package` builds them.

include(GNUInstallDirs)

install(FILES ${CMAKE_CURRENT_LIST_DIR}/org.firebreak.Firebreak.desktop
    DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/org.firebreak.Firebreak.metainfo.xml
    DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/firebreak.svg
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
    RENAME org.firebreak.Firebreak.svg)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/firebreak-server.service
    DESTINATION lib/systemd/system)

set(CPACK_PACKAGE_NAME "firebreak")
set(CPACK_PACKAGE_VENDOR "The Firebreak authors")
set(CPACK_PACKAGE_CONTACT "The Firebreak authors <maintainers@firebreak.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Incident war-room: desktop client and sync server")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Firebreak")
set(CPACK_STRIP_FILES ON)
if(WIN32)
    set(CPACK_GENERATOR "NSIS;ZIP")
elseif(APPLE)
    set(CPACK_GENERATOR "DragNDrop;TGZ")
else()
    set(CPACK_GENERATOR "DEB;TGZ")
    find_program(FIREBREAK_RPMBUILD rpmbuild)
    if(FIREBREAK_RPMBUILD)
        list(APPEND CPACK_GENERATOR "RPM")
    endif()
endif()
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "admin")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "Apache-2.0")
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION /lib/systemd /lib/systemd/system)
include(CPack)
