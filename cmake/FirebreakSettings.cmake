# SPDX-FileCopyrightText: 2026 The Firebreak authors
# SPDX-License-Identifier: Apache-2.0
#
# One INTERFACE target that every Firebreak target links: language level, warnings and the Qt
# string-safety definitions.

add_library(firebreak_settings INTERFACE)
target_compile_features(firebreak_settings INTERFACE cxx_std_20)
target_compile_options(firebreak_settings INTERFACE
    -Wall -Wextra -pedantic -Wnon-virtual-dtor -Woverloaded-virtual
    $<$<BOOL:${FIREBREAK_WERROR}>:-Werror>)
target_compile_definitions(firebreak_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)

if(FIREBREAK_SANITIZE)
    target_compile_options(firebreak_settings INTERFACE
        -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(firebreak_settings INTERFACE -fsanitize=address,undefined)
endif()
