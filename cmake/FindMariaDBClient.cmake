# FindMariaDBClient: MariaDB Connector/C (Debian: libmariadb-dev), the client library of the MySQL/MariaDB
# store. Debian ships a pkg-config file (libmariadb) but no CMake package, so this module turns the
# pkg-config answer (or a plain header/library search when pkg-config is absent) into the imported
# target MariaDB::Client.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
    pkg_check_modules(PC_MARIADB QUIET libmariadb)
endif()
find_path(MARIADB_CLIENT_INCLUDE_DIR NAMES mysql.h HINTS ${PC_MARIADB_INCLUDE_DIRS} PATH_SUFFIXES mariadb)
find_library(MARIADB_CLIENT_LIBRARY NAMES mariadb HINTS ${PC_MARIADB_LIBRARY_DIRS})
set(MariaDBClient_VERSION ${PC_MARIADB_VERSION})

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(MariaDBClient REQUIRED_VARS MARIADB_CLIENT_LIBRARY MARIADB_CLIENT_INCLUDE_DIR
                                  VERSION_VAR MariaDBClient_VERSION)
if(MariaDBClient_FOUND AND NOT TARGET MariaDB::Client)
    add_library(MariaDB::Client UNKNOWN IMPORTED)
    set_target_properties(MariaDB::Client PROPERTIES IMPORTED_LOCATION "${MARIADB_CLIENT_LIBRARY}"
                          INTERFACE_INCLUDE_DIRECTORIES "${MARIADB_CLIENT_INCLUDE_DIR}")
endif()
mark_as_advanced(MARIADB_CLIENT_INCLUDE_DIR MARIADB_CLIENT_LIBRARY)
